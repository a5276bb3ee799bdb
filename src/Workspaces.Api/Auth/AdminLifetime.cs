using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Workspaces.Api.Auth;

// Admin tokens must expire, soon: exp is required, and exp - iat (exp - nbf when the token has no iat) must not exceed
// Auth:Admin:MaxLifetime. A token with neither iat nor nbf has no lifetime to check and is refused.
internal static class AdminLifetime
{
    /// <returns>Why the token is refused, or null.</returns>
    public static string? Refusal(SecurityToken token, TimeSpan maxLifetime)
    {
        if (token is not JsonWebToken jwt || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var expires))
        {
            return "An admin token must carry exp.";
        }

        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var start) && !jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Nbf, out start))
        {
            return "An admin token must carry iat or nbf.";
        }

        return TimeSpan.FromSeconds(expires - start) > maxLifetime ? $"An admin token may live at most {maxLifetime}." : null;
    }
}
