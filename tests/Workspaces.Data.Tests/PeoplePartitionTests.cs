using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Workspaces.Data.People;
using Npgsql;
using Workspaces.Data.PostgreSql;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Tests;

// Offline: how workspaces are spread over partitions of the connection pool (PostgreSqlEngine.PartitionOf).
public sealed class PeoplePartitionTests
{
    private PostgreSqlEngine _engine = null!;

    [SetUp]
    public void CreateEngine() => _engine = new PostgreSqlEngine(Options(4));

    [TearDown]
    public void DisposeEngine() => _engine.Dispose();

    [Test]
    public void Workspaces_spread_evenly_and_always_land_in_the_same_partition()
    {
        var names = Enumerable.Range(0, 4000).Select(_ => WorkspaceSchemaName.New()).ToList();

        var counts = names.GroupBy(_engine.PartitionOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(counts.Keys, Is.EquivalentTo(new[] { 0, 1, 2, 3 }));
        Assert.That(counts.Values, Has.All.InRange(800, 1200));
        using var otherInstance = new PostgreSqlEngine(Options(4));
        Assert.That(names.Select(otherInstance.PartitionOf), Is.EqualTo(names.Select(_engine.PartitionOf)), "every instance agrees");
    }

    [Test]
    public void Every_partition_shares_one_model_so_queries_compile_once()
    {
        var pools = new PeopleContextPools(_engine, [], NullLoggerFactory.Instance);
        var byPartition = Enumerable.Range(0, 200).Select(_ => WorkspaceSchemaName.New())
            .GroupBy(_engine.PartitionOf).Select(g => g.First()).ToList();
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
        Assert.That(PartitionPool(_engine), Has.Property(nameof(NpgsqlConnectionStringBuilder.MinPoolSize)).EqualTo(2)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.MaxPoolSize)).EqualTo(2)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.ConnectionLifetime)).EqualTo(3600));

        using var given = new PostgreSqlEngine(Options(4, "Minimum Pool Size=1;Maximum Pool Size=40;Connection Lifetime=60"));
        Assert.That(PartitionPool(given), Has.Property(nameof(NpgsqlConnectionStringBuilder.MinPoolSize)).EqualTo(1)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.MaxPoolSize)).EqualTo(10)
            .And.Property(nameof(NpgsqlConnectionStringBuilder.ConnectionLifetime)).EqualTo(60));

        using var tooMany = new PostgreSqlEngine(Options(4, "Minimum Pool Size=5"));
        Assert.That(PartitionPool(tooMany).MinPoolSize, Is.EqualTo(2), "a minimum above a partition's share is capped");
    }

    [Test]
    public void A_name_that_is_not_a_workspace_schema_has_no_partition()
    {
        Assert.That(() => _engine.PartitionOf("public"), Throws.InvalidOperationException);
    }

    [TestCase("0")]
    [TestCase("65")]
    public void Partition_count_out_of_range_is_refused(string partitions)
    {
        var services = new ServiceCollection().AddSingleton(Configuration(partitions));
        services.AddWorkspacesData(options => new PostgreSqlEngine(options));
        using var provider = services.BuildServiceProvider();
        Assert.That(() => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value, Throws.TypeOf<OptionsValidationException>());
    }

    private static NpgsqlConnectionStringBuilder PartitionPool(PostgreSqlEngine engine)
    {
        using var people = new PeopleContextPools(engine, [], NullLoggerFactory.Instance)
            .Create(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
        return new NpgsqlConnectionStringBuilder(people.Database.GetConnectionString());
    }

    private static DatabaseOptions Options(int partitions, string pool = "") =>
        new() { ConnectionString = "Host=localhost;Database=offline;" + pool, PeoplePartitions = partitions };

    private static IConfiguration Configuration(string partitions) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workspaces"] = "Host=localhost;Database=offline",
            ["Database:PeoplePartitions"] = partitions,
        })
        .Build();
}
