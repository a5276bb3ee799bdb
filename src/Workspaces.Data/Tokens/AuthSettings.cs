using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Workspaces.Data.Tokens;

// Issuer, audience and signing key shared by workspace tokens (signed by the service) and admin tokens.
public sealed record AuthSettings(string Issuer, string Audience, SymmetricSecurityKey SigningKey)
{
    public const string WorkspaceClaim = "workspace";
    public const string ScopeClaim = "scope";
    private const string DevelopmentKeyPrefix = "dev-only-";

    public static AuthSettings From(IConfiguration configuration, bool isDevelopment)
    {
        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(key) || Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be set to a secret of at least 32 bytes.");
        }

        if (!isDevelopment && key.StartsWith(DevelopmentKeyPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The development signing key may only be used in Development; set Auth:SigningKey.");
        }

        return new AuthSettings(
            configuration["Auth:Issuer"] ?? throw new InvalidOperationException("Auth:Issuer is not configured."),
            configuration["Auth:Audience"] ?? throw new InvalidOperationException("Auth:Audience is not configured."),
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)));
    }
}
