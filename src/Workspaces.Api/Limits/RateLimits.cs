using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.JsonWebTokens;
using Workspaces.Api.Errors;

namespace Workspaces.Api.Limits;

// A token bucket per bearer token (its jti): RateLimit:PermitsPerSecond (default 1000) refilled every second,
// up to RateLimit:Burst (default 2000). Requests without a valid token are refused by auth before they cost anything.
public static class RateLimits
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var perSecond = configuration.GetValue("RateLimit:PermitsPerSecond", 1000);
            var burst = configuration.GetValue("RateLimit:Burst", 2000);
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.FindFirst(JwtRegisteredClaimNames.Jti)?.Value is { } tokenId
                    ? RateLimitPartition.GetTokenBucketLimiter(tokenId, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Problem(
                    StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", $"This token's rate limit is {perSecond} requests/s (burst {burst}).")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
