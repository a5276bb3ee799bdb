using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        Sign(Claims(workspaceId, tokenId), SigningKey, Settings.Issuer, Settings.Audience, DateTime.UtcNow.AddHours(-1));

    public static string WithIssuer(string issuer, string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), SigningKey, issuer, Settings.Audience, null);

    public static string WithAudience(string audience, string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), SigningKey, Settings.Issuer, audience, null);

    public static string AlgNone(string workspaceId, string tokenId)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{Settings.Issuer}}","aud":"{{Settings.Audience}}","jti":"{{tokenId}}","workspace":"{{workspaceId}}","scope":"{{Scopes.PeopleRead}} {{Scopes.PeopleWrite}} {{Scopes.WorkspacesAdmin}}"}""");
        return $"{header}.{payload}.";
    }

    // A workspace token of the first version: no kid, signed by the legacy key Auth:SigningKey.
    public static string WithoutKeyId(string workspaceId, string tokenId, Testing.ApiFactory? api = null)
    {
        var legacy = (SymmetricSecurityKey)(api ?? Harness.Api).Services.GetRequiredService<SigningKeyRing>().Find(null)!;
        return Sign(Claims(workspaceId, tokenId), new SymmetricSecurityKey(legacy.Key), Settings.Issuer, Settings.Audience, null);
    }

    // A workspace token signed (RS256) with the given PEM private key under the given kid, as Auth:SigningKeys would sign it.
    public static string SignedBy(string keyId, string privateKeyPem, string workspaceId, string tokenId)
    {
        var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        return Sign(Claims(workspaceId, tokenId), new RsaSecurityKey(rsa) { KeyId = keyId }, Settings.Issuer, Settings.Audience, null);
    }

    // A workspace token signed HS256 with the given bytes under the given kid.
    public static string SignedWithSecret(string keyId, byte[] secret, string workspaceId, string tokenId) =>
        Sign(Claims(workspaceId, tokenId), new SymmetricSecurityKey(secret) { KeyId = keyId }, Settings.Issuer, Settings.Audience, null);

    // An admin token signed with the service's key: lifetime null is a token without exp.
    public static string Admin(TimeSpan? lifetime, Testing.ApiFactory? api = null, bool withIssuedAt = true)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Settings.Issuer,
            Audience = Settings.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, "admin"), new Claim(TokenClaims.Scope, Scopes.WorkspacesAdmin)]),
            IssuedAt = withIssuedAt ? now : null,
            NotBefore = withIssuedAt ? null : now,
            Expires = now + lifetime,
            SigningCredentials = (api ?? Harness.Api).Services.GetRequiredService<SigningKeyRing>().Signing,
        });
    }

    private static AuthOptions Settings => Harness.Api.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

    private static SecurityKey SigningKey => Harness.Api.Services.GetRequiredService<SigningKeyRing>().Signing.Key;

    private static Claim[] Claims(string workspaceId, string tokenId) =>
    [
        new(JwtRegisteredClaimNames.Jti, tokenId),
        new(TokenClaims.Workspace, workspaceId),
        new(TokenClaims.Scope, $"{Scopes.PeopleRead} {Scopes.PeopleWrite}"),
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
            SigningCredentials = new SigningCredentials(key, key is RsaSecurityKey ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.HmacSha256),
        });
    }
}
