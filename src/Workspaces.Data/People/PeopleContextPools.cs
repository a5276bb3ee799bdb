using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.People;

// Pooled PeopleDbContexts, one pool per partition of each server's connection pools (IDatabaseEngine.PartitionOf): a
// context for a workspace always comes from, and connects through, that workspace's partition on its server.
// Pooled because building a context's internal services per request cost more CPU than the query it runs.
public sealed class PeopleContextPools
{
    private readonly IDatabaseEngine _engine;
    private readonly Dictionary<string, PooledDbContextFactory<PeopleDbContext>[]> _pools = [];
    private readonly Dictionary<string, DbContextOptions<PeopleDbContext>> _direct = [];

    public PeopleContextPools(IDatabaseEngine engine, IEnumerable<IInterceptor> interceptors, ILoggerFactory loggerFactory)
    {
        _engine = engine;
        var shared = interceptors.ToArray();
        foreach (var server in engine.Servers)
        {
            _pools[server] = [.. Enumerable.Range(0, engine.PeoplePartitions)
                .Select(partition => new PooledDbContextFactory<PeopleDbContext>(Options(engine, shared, loggerFactory, partition, server)))];
            _direct[server] = Options(engine, shared, loggerFactory, partition: null, server);
        }
    }

    // Without a partition: the server's pool for provisioning and migrations (on the default server, the control plane's).
    public static DbContextOptions<PeopleDbContext> Options(
        IDatabaseEngine engine, IEnumerable<IInterceptor> interceptors, ILoggerFactory loggerFactory, int? partition = null,
        string server = DatabaseOptions.DefaultServer)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        engine.ConfigurePeople(options, partition, server);
        return options.AddInterceptors(interceptors).UseLoggerFactory(loggerFactory).Options;
    }

    public PeopleDbContext Create(IWorkspaceSchema workspace) =>
        PoolsOf(workspace.Server)[_engine.PartitionOf(workspace.Name)].CreateDbContext().InSchema(workspace);

    // An unpooled context on the workspace's server, outside the partitions: for provisioning, migrations and moves.
    public PeopleDbContext CreateDirect(IWorkspaceSchema workspace) =>
        new PeopleDbContext(_direct.TryGetValue(workspace.Server, out var options) ? options : throw UnknownServer(workspace.Server)).InSchema(workspace);

    // Runs EF's connection check on the server. Its command names no schema, but every command of a PeopleDbContext
    // needs one set (WorkspaceSchemaInterceptor): a fresh name that exists nowhere.
    public async Task<bool> CanConnectAsync(string server, CancellationToken cancellationToken)
    {
        await using var db = CreateDirect(new FixedWorkspaceSchema(WorkspaceSchemaName.New(), server));
        return await db.Database.CanConnectAsync(cancellationToken);
    }

    private PooledDbContextFactory<PeopleDbContext>[] PoolsOf(string server) =>
        _pools.TryGetValue(server, out var pools) ? pools : throw UnknownServer(server);

    // A workspace recorded on a server this instance is not configured with: a deployment error, not the caller's.
    private static InvalidOperationException UnknownServer(string server) =>
        new($"Workspace placed on database server '{server}', which is not configured (Database:Servers).");
}
