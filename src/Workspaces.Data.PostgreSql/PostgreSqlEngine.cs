using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using Workspaces.Data.Companies;
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
    private readonly Dictionary<string, ServerPools> _servers = [];

    // A server's pool for provisioning and migrations, and one per partition of its workspaces.
    private sealed record ServerPools(NpgsqlDataSource Direct, NpgsqlDataSource[] Partitions);

    public PostgreSqlEngine(DatabaseOptions options)
    {
        var connectionString = options.ConnectionString
            ?? throw new InvalidOperationException("ConnectionStrings:Workspaces is not configured.");

        // The control plane (and provisioning on its server) has a pool of its own; every partition of workspaces on
        // every server has another. EF builds one model for all of them (it does not depend on the connection).
        _dataSource = Pool(PostgreSqlPools.WithDefaults(connectionString, 1, keepWarm: false), "control");
        foreach (var (server, serverString) in options.WorkspaceServers())
        {
            // The default server keeps its pools' names of before, so one server's metrics read as they did.
            var prefix = server == DatabaseOptions.DefaultServer ? "" : $"{server}-";
            var direct = server == DatabaseOptions.DefaultServer
                ? _dataSource
                : Pool(PostgreSqlPools.WithDefaults(serverString, 1, keepWarm: false), $"{prefix}direct");
            var partitionString = PostgreSqlPools.WithDefaults(serverString, options.PeoplePartitions, keepWarm: true);
            _servers[server] = new ServerPools(
                direct, [.. Enumerable.Range(0, options.PeoplePartitions).Select(p => Pool(partitionString, $"{prefix}people-{p}"))]);
        }

        Servers = [.. options.WorkspaceServers().Select(s => s.Key)];
    }

    public IReadOnlyList<string> Servers { get; }

    public int PeoplePartitions => _servers[DatabaseOptions.DefaultServer].Partitions.Length;

    // The name labels the pool's metrics (db.client.connection.pool.name); the connection string would name every
    // partition alike, and the server with it. A command's span ends when its result is read, so the event marking its
    // first response tells little and is one more allocation per command.
    private static NpgsqlDataSource Pool(string connectionString, string name) =>
        new NpgsqlDataSourceBuilder(connectionString) { Name = name }.ConfigureTracing(tracing => tracing.EnableFirstResponseEvent(false)).Build();

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
    public void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null, string server = DatabaseOptions.DefaultServer) =>
        Configure(options.UseNpgsql(partition is { } p ? Server(server).Partitions[p] : Server(server).Direct, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, WorkspaceSchemaName.Placeholder)));

    private ServerPools Server(string server) =>
        _servers.TryGetValue(server, out var pools) ? pools : throw new InvalidOperationException($"No database server '{server}' is configured (Database:Servers).");

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

    public Task<KeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, KeyUpsert upsert, CancellationToken cancellationToken) =>
        PostgreSqlKeyUpsert.UpsertOnKeyAsync(db, upsert, cancellationToken);

    public Task<KeyJoinResult?> UpsertOnKeyWithCompaniesAsync(
        PeopleDbContext db, KeyUpsert upsert, IReadOnlyList<CompanyJoinEntry> companies, CancellationToken cancellationToken) =>
        PostgreSqlCompanyJoins.UpsertOnKeyAsync(db, upsert, companies, cancellationToken);

    public Task LockAgainstWritesAsync(PeopleDbContext db, IEnumerable<string> tables, CancellationToken cancellationToken) =>
        PostgreSqlWorkspaceCopy.LockAgainstWritesAsync(db, tables, cancellationToken);

    public Task CopyTableAsync(PeopleDbContext source, PeopleDbContext target, Microsoft.EntityFrameworkCore.Metadata.ITable table, CancellationToken cancellationToken) =>
        PostgreSqlWorkspaceCopy.CopyTableAsync(source, target, table, cancellationToken);

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
        foreach (var pools in _servers.Values)
        {
            if (pools.Direct != _dataSource)
            {
                pools.Direct.Dispose();
            }

            foreach (var partition in pools.Partitions)
            {
                partition.Dispose();
            }
        }
    }
}
