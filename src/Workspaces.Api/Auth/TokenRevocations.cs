using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Auth;

// Whether a workspace token (by its jti) is still live: stored, for that workspace, not revoked.
public sealed class TokenRevocations(IMemoryCache cache, IServiceScopeFactory scopes)
{
    // A revocation on another instance takes effect here within this time (the contract allows 5 s).
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> IsLiveAsync(string tokenId, string workspaceId, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(CacheKey(tokenId), out string? owner))
        {
            await using var scope = scopes.CreateAsyncScope();
            var control = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
            owner = await control.Tokens.AsNoTracking()
                .Where(t => t.Id == tokenId && t.RevokedAt == null)
                .Select(t => t.WorkspaceId)
                .FirstOrDefaultAsync(cancellationToken);
            cache.Set(CacheKey(tokenId), owner, MaxStaleness);
        }

        return owner == workspaceId;
    }

    // A revocation made on this instance takes effect here at once.
    public void Forget(string tokenId) => cache.Remove(CacheKey(tokenId));

    private static (string, string) CacheKey(string tokenId) => ("token", tokenId);
}
