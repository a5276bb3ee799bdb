using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.PostgreSql;

// The service on PostgreSQL: Npgsql data sources (one for the control plane, one per partition of workspaces),
// SQLSTATE classification (PostgreSqlErrors), the people statements (PostgreSqlPeopleStatements) and schema DDL.
public sealed class PostgreSqlEngine : IDatabaseEngine
{
    private const string MigrationsAssembly = "Workspaces.Data.PostgreSql";
    private const string HistoryTable = "__EFMigrationsHistory";

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource[] _peoplePartitions;

    public PostgreSqlEngine(DatabaseOptions options)
    {
        var connectionString = options.ConnectionString
            ?? throw new InvalidOperationException("ConnectionStrings:Workspaces is not configured.");

        // The control plane (and provisioning) has a pool of its own; every partition of workspaces has another.
        // Their connection strings are identical, so EF builds one model and one query cache for all of them.
        _dataSource = Pool(PostgreSqlPools.WithDefaults(connectionString, 1, keepWarm: false), "control");
        var partitionString = PostgreSqlPools.WithDefaults(connectionString, options.PeoplePartitions, keepWarm: true);
        _peoplePartitions = [.. Enumerable.Range(0, options.PeoplePartitions).Select(p => Pool(partitionString, $"people-{p}"))];
    }

    public int PeoplePartitions => _peoplePartitions.Length;

    // The name labels the pool's metrics (db.client.connection.pool.name); the connection string would name every
    // partition alike, and the server with it.
    private static NpgsqlDataSource Pool(string connectionString, string name) => new NpgsqlDataSourceBuilder(connectionString) { Name = name }.Build();

    // A backend loads the catalog entries of every schema it touches, so each workspace goes to one partition: with
    // thousands of workspaces a backend then warms 1/N of them (docs/performance.md). Schema names end in random hex
    // digits (WorkspaceSchemaName), so this spreads workspaces evenly.
    public int PartitionOf(string schemaName) =>
        int.Parse(WorkspaceSchemaName.EnsureValid(schemaName).AsSpan(^4), System.Globalization.NumberStyles.HexNumber) % PeoplePartitions;

    public void ConfigureControlPlane(DbContextOptionsBuilder options) =>
        Configure(options.UseNpgsql(_dataSource, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, ControlPlaneDbContext.Schema)));

    // Each workspace schema keeps its own history table, inside the schema (rewritten like every other command).
    public void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null) =>
        Configure(options.UseNpgsql(partition is { } p ? _peoplePartitions[p] : _dataSource, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, WorkspaceSchemaName.Placeholder)));

    public bool IsUniqueViolation(Exception exception) => PostgreSqlErrors.IsUniqueViolation(exception);

    public bool IsTransient(Exception exception) => PostgreSqlErrors.IsTransient(exception);

    public bool IsMissingSchema(Exception exception) => PostgreSqlErrors.IsMissingSchema(exception);

    public bool IsUnavailable(Exception exception) => PostgreSqlErrors.IsUnavailable(exception);

    public bool IsForeignKeyViolation(Exception exception) => PostgreSqlErrors.IsForeignKeyViolation(exception);

    public Task<List<Person>> CandidatesAsync(
        PeopleDbContext db, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> emails, CancellationToken cancellationToken) =>
        PostgreSqlPeopleLookups.CandidatesAsync(db, userIds, emails, cancellationToken);

    public Task WriteAsync(PeopleDbContext db, PeopleChanges changes, CancellationToken cancellationToken) =>
        PostgreSqlPeopleStatements.WriteAsync(db, changes, cancellationToken);

    public Task<OneKeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, OneKeyUpsert upsert, CancellationToken cancellationToken) =>
        PostgreSqlOneKeyUpsert.UpsertOnKeyAsync(db, upsert, cancellationToken);

    // PostgreSQL DDL is transactional: inside the caller's transaction, the drop commits or rolls back with it.
    public Task DropSchemaAsync(DbContext db, string schemaName, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(DropSchemaSql(schemaName), cancellationToken);

    // The name is validated (ws_ and hex digits only) and quoted.
    private static string DropSchemaSql(string schemaName) => $"DROP SCHEMA IF EXISTS \"{WorkspaceSchemaName.EnsureValid(schemaName)}\" CASCADE";

    // The engine's model details (the JSON column type, the database clock); and a failed command, save or query is
    // usually an expected one (a lost race that DatabaseRetry repeats, a taken key answered 409), so EF logs those at
    // Debug; what is not handled reaches the host's exception handling, which logs it as an error.
    private static void Configure(DbContextOptionsBuilder options) => options
        .ReplaceService<IModelCustomizer, PostgreSqlModelCustomizer>()
        .ConfigureWarnings(warnings => warnings.Log(
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
