using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Data.Tokens;

// Workspace tokens, signed with the ring's signing key (its kid in the header). Admin tokens only for Development:
// elsewhere the API refuses admin tokens signed with the service's keys.
public sealed class TokenMinter(IOptions<AuthOptions> options, SigningKeyRing keys, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    // jti is the stored token id: the only handle revocation needs.
    public string MintWorkspaceToken(WorkspaceToken token) => Mint(
        [
            new Claim(JwtRegisteredClaimNames.Jti, token.Id),
            new Claim(JwtRegisteredClaimNames.Sub, token.Id),
            new Claim(TokenClaims.Workspace, token.WorkspaceId),
            new Claim(TokenClaims.Scope, token.Scopes),
        ],
        token.CreatedAt,
        token.ExpiresAt);

    public string MintAdminToken(TimeSpan lifetime, string subject = "admin")
    {
        var now = time.GetUtcNow();
        return Mint(
            [
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(JwtRegisteredClaimNames.Sub, subject),
                new Claim(TokenClaims.Scope, Scopes.WorkspacesAdmin),
            ],
            now,
            now + lifetime);
    }

    private string Mint(Claim[] claims, DateTimeOffset issuedAt, DateTimeOffset? expiresAt) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt?.UtcDateTime,
            SigningCredentials = keys.Signing,
        });
}
