using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Data.Tokens;

public sealed class TokenMinter(AuthSettings settings, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    // jti is the stored token id: the only handle revocation needs.
    public string MintWorkspaceToken(WorkspaceToken token) => Mint(
        [
            new Claim(JwtRegisteredClaimNames.Jti, token.Id),
            new Claim(JwtRegisteredClaimNames.Sub, token.Id),
            new Claim(AuthSettings.WorkspaceClaim, token.WorkspaceId),
            new Claim(AuthSettings.ScopeClaim, token.Scopes),
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
                new Claim(AuthSettings.ScopeClaim, Scopes.WorkspacesAdmin),
            ],
            now,
            now + lifetime);
    }

    private string Mint(Claim[] claims, DateTimeOffset issuedAt, DateTimeOffset? expiresAt) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt?.UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
}
