using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.Testing;

// Bad tokens, built the way an attacker or a broken client would.
public static class Tokens
{
    public const string Garbage = "not-a-jwt";

    public static string Forged(string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), new SymmetricSecurityKey(Encoding.UTF8.GetBytes("an-attacker-key-that-is-long-enough-0123456789")), Settings.Issuer, Settings.Audience, null);

    public static string Expired(string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), Settings.SigningKey, Settings.Issuer, Settings.Audience, DateTime.UtcNow.AddHours(-1));

    public static string WithIssuer(string issuer, string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), Settings.SigningKey, issuer, Settings.Audience, null);

    public static string WithAudience(string audience, string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), Settings.SigningKey, Settings.Issuer, audience, null);

    public static string AlgNone(string workspaceId, string tokenId)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{Settings.Issuer}}","aud":"{{Settings.Audience}}","jti":"{{tokenId}}","workspace":"{{workspaceId}}","scope":"{{Scopes.PeopleRead}} {{Scopes.PeopleWrite}} {{Scopes.WorkspacesAdmin}}"}""");
        return $"{header}.{payload}.";
    }

    private static AuthSettings Settings => Harness.Api.Services.GetRequiredService<AuthSettings>();

    private static Claim[] Claims(string workspaceId, string tokenId) =>
    [
        new(JwtRegisteredClaimNames.Jti, tokenId),
        new(AuthSettings.WorkspaceClaim, workspaceId),
        new(AuthSettings.ScopeClaim, $"{Scopes.PeopleRead} {Scopes.PeopleWrite}"),
    ];

    private static string Sign(Claim[] claims, SecurityKey key, string issuer, string audience, DateTime? expires)
    {
        var now = expires is null ? DateTime.UtcNow : expires.Value.AddHours(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
