using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Schemas;

namespace Workspaces.Data;

// The one place that knows which database engine the service runs on.
public sealed class DatabaseProvider : IDisposable
{
    public const string PostgreSql = "PostgreSQL";
    private const string MigrationsAssembly = "Workspaces.Data.PostgreSql";
    private const string HistoryTable = "__EFMigrationsHistory";

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource[] _peoplePartitions;

    public DatabaseProvider(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? PostgreSql;
        if (provider != PostgreSql)
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use '{PostgreSql}'.");
        }

        var connectionString = configuration.GetConnectionString("Workspaces")
            ?? throw new InvalidOperationException("ConnectionStrings:Workspaces is not configured.");
        var partitions = configuration.GetValue("Database:PeoplePartitions", DefaultPeoplePartitions);
        if (partitions is < 1 or > 64)
        {
            throw new InvalidOperationException("Database:PeoplePartitions must be between 1 and 64.");
        }

        // The control plane (and provisioning) has a pool of its own; every partition of workspaces has another.
        // Their connection strings are identical, so EF builds one model and one query cache for all of them.
        _dataSource = NpgsqlDataSource.Create(WithPoolDefaults(connectionString, 1, keepWarm: false));
        var partitionString = WithPoolDefaults(connectionString, partitions, keepWarm: true);
        _peoplePartitions = [.. Enumerable.Range(0, partitions).Select(_ => NpgsqlDataSource.Create(partitionString))];
    }

    // A PostgreSQL backend loads the catalog entries of every schema it touches; its first query on a schema costs
    // about 4x a warm one (infra/bench/cold_catalog.sh). Sending each workspace to one partition of the pool, by its schema name,
    // means a backend touches 1/N of the schemas, so with thousands of workspaces each one's entries are warm on a
    // few backends instead of being loaded, and held, by all of them.
    public const int DefaultPeoplePartitions = 4;

    public int PeoplePartitions => _peoplePartitions.Length;

    // Schema names end in random hex digits (WorkspaceSchemaName), so this spreads workspaces evenly.
    public int PartitionOf(string schemaName) =>
        int.Parse(WorkspaceSchemaName.EnsureValid(schemaName).AsSpan(^4), System.Globalization.NumberStyles.HexNumber) % PeoplePartitions;

    // Defaults the connection string may override. Few connections: on the 2-core bench machine 2 backends per
    // partition served one workspace as fast as 8 did, with a lower p99, and many workspaces 1.5x as fast, because each
    // backend has fewer schemas to warm and fewer processes compete for the cores (docs/performance.md). Size it to
    // the database server's cores. A new backend needs minutes to warm the catalog entries of its partition's schemas
    // (at 10,000 workspaces, each time the pool replaced its backends throughput halved for a minute and a half), so a
    // partition's connections are kept (minimum = maximum: not closed when idle) and recycled hourly, not every 5 min.
    // Hot statements are prepared automatically; the pool does not reset sessions it hands back out. Multiplexing
    // lets concurrent requests share connections and network writes outside transactions (nothing here keeps
    // session state; every command names its schema), which cut CPU per upsert by a fifth in infra/bench.
    // The maximum pool size (given or default) is shared out among the partitions.
    private static string WithPoolDefaults(string connectionString, int partitions, bool keepWarm)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size"))
        {
            builder.MaxPoolSize = 8;
        }

        builder.MaxPoolSize = Math.Max(2, builder.MaxPoolSize / partitions);

        if (!given.ContainsKey("Connection Lifetime"))
        {
            builder.ConnectionLifetime = 3600;
        }

        if (keepWarm && !given.ContainsKey("Minimum Pool Size") && !given.ContainsKey("Min Pool Size"))
        {
            builder.MinPoolSize = builder.MaxPoolSize;
        }

        // A given minimum applies to each pool too, so it cannot exceed a partition's share.
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);

        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Multiplexing"))
        {
            builder.Multiplexing = true;
        }

        return builder.ConnectionString;
    }

    public void ConfigureControlPlane(DbContextOptionsBuilder options) =>
        QuietExpectedFailures(options.UseNpgsql(_dataSource, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, ControlPlaneDbContext.Schema)));

    // Each workspace schema keeps its own history table, inside the schema (rewritten like every other command).
    // Without a partition: the control plane's pool, for provisioning.
    public void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null) =>
        QuietExpectedFailures(options.UseNpgsql(partition is { } p ? _peoplePartitions[p] : _dataSource, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, WorkspaceSchemaName.Placeholder)));

    // A failed command, save or query is usually an expected one: a lost unique-key race that DatabaseRetry repeats,
    // or a taken key the caller answers 409 for. What is not handled reaches the host's exception handling, which
    // logs it as an error; so EF itself logs these at Debug.
    private static void QuietExpectedFailures(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));

    public void Dispose()
    {
        _dataSource.Dispose();
        foreach (var partition in _peoplePartitions)
        {
            partition.Dispose();
        }
    }
}
