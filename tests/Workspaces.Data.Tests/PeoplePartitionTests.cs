using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Workspaces.Data.People;
using Npgsql;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Tests;

// Offline: how workspaces are spread over partitions of the connection pool (DatabaseProvider.PartitionOf).
public sealed class PeoplePartitionTests
{
    private DatabaseProvider _provider = null!;

    [SetUp]
    public void CreateProvider() => _provider = new DatabaseProvider(Configuration("4"));

    [TearDown]
    public void DisposeProvider() => _provider.Dispose();

    [Test]
    public void Workspaces_spread_evenly_and_always_land_in_the_same_partition()
    {
        var names = Enumerable.Range(0, 4000).Select(_ => WorkspaceSchemaName.New()).ToList();

        var counts = names.GroupBy(_provider.PartitionOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(counts.Keys, Is.EquivalentTo(new[] { 0, 1, 2, 3 }));
        Assert.That(counts.Values, Has.All.InRange(800, 1200));
        using var otherInstance = new DatabaseProvider(Configuration("4"));
        Assert.That(names.Select(otherInstance.PartitionOf), Is.EqualTo(names.Select(_provider.PartitionOf)), "every instance agrees");
    }

    [Test]
    public void Every_partition_shares_one_model_so_queries_compile_once()
    {
        var pools = new PeopleContextPools(_provider, [], NullLoggerFactory.Instance);
        var byPartition = Enumerable.Range(0, 200).Select(_ => WorkspaceSchemaName.New())
            .GroupBy(_provider.PartitionOf).Select(g => g.First()).ToList();
        Assert.That(byPartition, Has.Count.EqualTo(4));

        var models = byPartition.Select(name =>
        {
            using var people = pools.Create(new FixedWorkspaceSchema(name));
            Assert.That(people.SchemaName, Is.EqualTo(name));
            return people.Model;
        }).Distinct().ToList();

        Assert.That(models, Has.Count.EqualTo(1));
    }

    [Test]
    public void Partition_pools_keep_their_connections_for_an_hour_unless_the_connection_string_says_otherwise()
    {
        Assert.That(PartitionPool(_provider), Has.Property(nameof(NpgsqlConnectionStringBuilder.MinPoolSize)).EqualTo(2)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.MaxPoolSize)).EqualTo(2)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.ConnectionLifetime)).EqualTo(3600));

        using var given = new DatabaseProvider(Configuration("4", "Minimum Pool Size=1;Maximum Pool Size=40;Connection Lifetime=60"));
        Assert.That(PartitionPool(given), Has.Property(nameof(NpgsqlConnectionStringBuilder.MinPoolSize)).EqualTo(1)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.MaxPoolSize)).EqualTo(10)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.ConnectionLifetime)).EqualTo(60));

        using var tooMany = new DatabaseProvider(Configuration("4", "Minimum Pool Size=5"));
        Assert.That(PartitionPool(tooMany).MinPoolSize, Is.EqualTo(2), "a minimum above a partition's share is capped");
    }

    [Test]
    public void A_name_that_is_not_a_workspace_schema_has_no_partition()
    {
        Assert.That(() => _provider.PartitionOf("public"), Throws.InvalidOperationException);
    }

    [TestCase("0")]
    [TestCase("65")]
    public void Partition_count_out_of_range_is_refused(string partitions)
    {
        Assert.That(() => new DatabaseProvider(Configuration(partitions)).Dispose(), Throws.InvalidOperationException);
    }

    private static NpgsqlConnectionStringBuilder PartitionPool(DatabaseProvider provider)
    {
        using var people = new PeopleContextPools(provider, [], NullLoggerFactory.Instance)
            .Create(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
        return new NpgsqlConnectionStringBuilder(people.Database.GetConnectionString());
    }

    private static IConfiguration Configuration(string partitions, string pool = "") => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workspaces"] = "Host=localhost;Database=offline;" + pool,
            ["Database:PeoplePartitions"] = partitions,
        })
        .Build();
}
