using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Workspaces.Api.Tenancy;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Auth;

// Whether a workspace token (by its jti) is still live: stored, for that workspace, not revoked.
// The token's workspace comes with it in the same query and goes to the WorkspaceStore.
// Cached while ControlPlaneChangeFeed keeps up, which is how a revocation on another instance reaches this one.
public sealed class TokenRevocations(IMemoryCache cache, IServiceScopeFactory scopes, WorkspaceStore workspaces, ControlPlaneChangeFeed changes)
{
    public async ValueTask<bool> IsLiveAsync(string tokenId, string workspaceId, CancellationToken cancellationToken)
    {
        if (!changes.TryRead(cache, CacheKey(tokenId), out string? owner))
        {
            await using var scope = scopes.CreateAsyncScope();
            var control = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
            var workspace = await control.Tokens.AsNoTracking()
                .Where(t => t.Id == tokenId && t.RevokedAt == null)
                .Join(
                    control.Workspaces.Where(w => w.Status != WorkspaceStatus.Provisioning),
                    t => t.WorkspaceId,
                    w => w.Id,
                    (t, w) => new WorkspaceInfo(w.Id, w.SchemaName, w.Status, w.Server, w.MovingTo))
                .FirstOrDefaultAsync(cancellationToken);
            if (workspace is not null)
            {
                workspaces.Remember(workspace);
            }

            owner = workspace?.Id;
            cache.Set(CacheKey(tokenId), owner, changes.CacheEntry());
        }

        return owner == workspaceId;
    }

    // A revocation made on this instance takes effect here at once.
    public void Forget(string tokenId) => cache.Remove(CacheKey(tokenId));

    private static (string, string) CacheKey(string tokenId) => ("token", tokenId);
}
