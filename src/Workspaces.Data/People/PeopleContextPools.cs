using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.People;

// Pooled PeopleDbContexts, one pool per partition of the connection pool (DatabaseProvider.PartitionOf): a context
// for a workspace always comes from, and connects through, that workspace's partition.
// Pooled because building a context's internal services per request cost more CPU than the query it runs.
public sealed class PeopleContextPools
{
    private readonly DatabaseProvider _provider;
    private readonly PooledDbContextFactory<PeopleDbContext>[] _pools;

    public PeopleContextPools(DatabaseProvider provider, IEnumerable<IInterceptor> interceptors, ILoggerFactory loggerFactory)
    {
        _provider = provider;
        var shared = interceptors.ToArray();
        _pools = [.. Enumerable.Range(0, provider.PeoplePartitions)
            .Select(partition => new PooledDbContextFactory<PeopleDbContext>(Options(provider, shared, loggerFactory, partition)))];
    }

    // Without a partition: the control plane's pool, which provisioning uses for its own contexts.
    public static DbContextOptions<PeopleDbContext> Options(
        DatabaseProvider provider, IEnumerable<IInterceptor> interceptors, ILoggerFactory loggerFactory, int? partition = null)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        provider.ConfigurePeople(options, partition);
        return options.AddInterceptors(interceptors).UseLoggerFactory(loggerFactory).Options;
    }

    public PeopleDbContext Create(IWorkspaceSchema workspace) =>
        _pools[_provider.PartitionOf(workspace.Name)].CreateDbContext().InSchema(workspace);
}
