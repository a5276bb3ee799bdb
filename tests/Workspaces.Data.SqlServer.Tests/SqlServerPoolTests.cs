using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer.Tests;

// Offline: the SqlClient pools the SQL Server engine sets up, one per partition of workspaces and one for the control plane.
public sealed class SqlServerPoolTests
{
    [Test]
    public void Each_partition_has_a_pool_of_its_own_sharing_out_the_maximum()
    {
        using var engine = Offline.Engine(partitions: 4);
        var pools = Enumerable.Range(0, 4).Select(p => Pool(engine, p)).ToList();

        Assert.That(pools.Select(p => p.ConnectionString).Distinct().Count(), Is.EqualTo(4), "SqlClient pools by connection string");
        Assert.That(pools, Has.All.Property(nameof(SqlConnectionStringBuilder.MaxPoolSize)).EqualTo(2)
            .And.All.Property(nameof(SqlConnectionStringBuilder.LoadBalanceTimeout)).EqualTo(3600));
        Assert.That(Pool(engine, null).ApplicationName, Is.EqualTo("Workspaces (control)"));
        Assert.That(pools[3].ApplicationName, Is.EqualTo("Workspaces (people 3)"));
    }

    [Test]
    public void What_the_connection_string_says_wins()
    {
        using var engine = new SqlServerEngine(new DatabaseOptions
        {
            Provider = DatabaseOptions.SqlServer,
            ConnectionString = Offline.ConnectionString + ";Max Pool Size=40;Load Balance Timeout=60;Application Name=api-eu",
            PeoplePartitions = 4,
        });

        Assert.That(Pool(engine, 0), Has.Property(nameof(SqlConnectionStringBuilder.MaxPoolSize)).EqualTo(10)
            .And.Property(nameof(SqlConnectionStringBuilder.LoadBalanceTimeout)).EqualTo(60)
            .And.Property(nameof(SqlConnectionStringBuilder.ApplicationName)).EqualTo("api-eu (people 0)"));
    }

    [Test]
    public void Workspaces_spread_evenly_over_the_partitions_and_always_land_in_the_same_one()
    {
        using var engine = Offline.Engine(partitions: 4);
        var names = Enumerable.Range(0, 4000).Select(_ => WorkspaceSchemaName.New()).ToList();

        var counts = names.GroupBy(engine.PartitionOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(counts.Keys, Is.EquivalentTo(new[] { 0, 1, 2, 3 }));
        Assert.That(counts.Values, Has.All.InRange(800, 1200));
        using var other = Offline.Engine(partitions: 4);
        Assert.That(names.Select(other.PartitionOf), Is.EqualTo(names.Select(engine.PartitionOf)));
        Assert.That(() => engine.PartitionOf("control"), Throws.InvalidOperationException);
    }

    private static SqlConnectionStringBuilder Pool(SqlServerEngine engine, int? partition)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        engine.ConfigurePeople(options, partition);
        using var people = new PeopleDbContext(options.Options);
        return new SqlConnectionStringBuilder(people.Database.GetConnectionString());
    }
}
