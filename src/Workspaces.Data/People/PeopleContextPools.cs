using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.People;

// Pooled PeopleDbContexts, one pool per partition of the connection pool (IDatabaseEngine.PartitionOf): a context
// for a workspace always comes from, and connects through, that workspace's partition.
// Pooled because building a context's internal services per request cost more CPU than the query it runs.
public sealed class PeopleContextPools
{
    private readonly IDatabaseEngine _engine;
    private readonly PooledDbContextFactory<PeopleDbContext>[] _pools;

    public PeopleContextPools(IDatabaseEngine engine, IEnumerable<IInterceptor> interceptors, ILoggerFactory loggerFactory)
    {
        _engine = engine;
        var shared = interceptors.ToArray();
        _pools = [.. Enumerable.Range(0, engine.PeoplePartitions)
            .Select(partition => new PooledDbContextFactory<PeopleDbContext>(Options(engine, shared, loggerFactory, partition)))];
    }

    // Without a partition: the control plane's pool, which provisioning uses for its own contexts.
    public static DbContextOptions<PeopleDbContext> Options(
        IDatabaseEngine engine, IEnumerable<IInterceptor> interceptors, ILoggerFactory loggerFactory, int? partition = null)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        engine.ConfigurePeople(options, partition);
        return options.AddInterceptors(interceptors).UseLoggerFactory(loggerFactory).Options;
    }

    public PeopleDbContext Create(IWorkspaceSchema workspace) =>
        _pools[_engine.PartitionOf(workspace.Name)].CreateDbContext().InSchema(workspace);
}
