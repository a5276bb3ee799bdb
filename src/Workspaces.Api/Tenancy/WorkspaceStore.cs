using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Tenancy;

// Server comes with the cached workspace, so routing a request to its database server costs no lookup. MovingTo: a move
// to that server is copying it (WorkspaceMover), so its writes are refused meanwhile.
public sealed record WorkspaceInfo(string Id, string SchemaName, WorkspaceStatus Status, string Server, string? MovingTo = null)
{
    public bool Moving => MovingTo is not null;
}

// The tenant store: workspace id → workspace, from the control plane, cached while ControlPlaneChangeFeed keeps up.
public sealed class WorkspaceStore(IMemoryCache cache, IServiceScopeFactory scopes, ControlPlaneChangeFeed changes)
{
    public async ValueTask<WorkspaceInfo?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (changes.TryRead(cache, CacheKey(id), out WorkspaceInfo? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var control = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
        var workspace = await control.Workspaces.AsNoTracking()
            .Where(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning)
            .Select(w => new WorkspaceInfo(w.Id, w.SchemaName, w.Status, w.Server, w.MovingTo))
            .FirstOrDefaultAsync(cancellationToken);
        cache.Set(CacheKey(id), workspace, changes.CacheEntry());
        return workspace;
    }

    // A workspace read elsewhere (TokenRevocations reads it with the token), so that
    // a request missing both caches costs one control-plane query, not two.
    public void Remember(WorkspaceInfo workspace) => cache.Set(CacheKey(workspace.Id), workspace, changes.CacheEntry());

    // Changes made on this instance take effect here at once; ControlPlaneChangeFeed brings other instances' changes.
    public void Forget(string id) => cache.Remove(CacheKey(id));

    private static (string, string) CacheKey(string id) => ("workspace", id);
}
