using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Workspaces.Data.Companies;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;
using Workspaces.Data.SqlServer.People;

namespace Workspaces.Data.SqlServer;

// The service on SQL Server 2022 (compatibility level 160) or Azure SQL: SqlClient pools (one for the control plane,
// one per partition of workspaces), error numbers (SqlServerErrors), the model's SQL Server details (SqlServerModel),
// the people statements in T-SQL (SqlServerPeopleSql) and the schema DDL (SqlServerSchemas).
public sealed class SqlServerEngine : IDatabaseEngine
{
    private const string MigrationsAssembly = "Workspaces.Data.SqlServer";
    private const string HistoryTable = "__EFMigrationsHistory";

    // SQL Server 2022: ISJSON(x, OBJECT) in the traits check needs it; EF then emits nothing a 2022 server lacks.
    public const int MinimumCompatibilityLevel = 160;

    private readonly string _controlPlane;

    // Per server: the connection string for provisioning and migrations, and one per partition of its workspaces.
    private readonly Dictionary<string, (string Direct, string[] Partitions)> _servers = [];

    public SqlServerEngine(DatabaseOptions options)
    {
        var connectionString = options.ConnectionString
            ?? throw new InvalidOperationException("ConnectionStrings:Workspaces is not configured.");
        _controlPlane = SqlServerConnections.ControlPlane(connectionString);
        foreach (var (server, serverString) in options.WorkspaceServers())
        {
            var direct = server == DatabaseOptions.DefaultServer ? _controlPlane : SqlServerConnections.Direct(serverString, server);
            _servers[server] = (direct, [.. Enumerable.Range(0, options.PeoplePartitions)
                .Select(p => SqlServerConnections.Partition(serverString, options.PeoplePartitions, p, server))]);
        }

        Servers = [.. options.WorkspaceServers().Select(s => s.Key)];
    }

    public IReadOnlyList<string> Servers { get; }

    public int PeoplePartitions => _servers[DatabaseOptions.DefaultServer].Partitions.Length;

    // Schema names end in random hex digits (WorkspaceSchemaName), so this spreads workspaces evenly.
    public int PartitionOf(string schemaName) =>
        int.Parse(WorkspaceSchemaName.EnsureValid(schemaName).AsSpan(^4), System.Globalization.NumberStyles.HexNumber) % PeoplePartitions;

    public void ConfigureControlPlane(DbContextOptionsBuilder options) =>
        Configure(options.UseSqlServer(_controlPlane, sql => sql
            .UseCompatibilityLevel(MinimumCompatibilityLevel)
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, ControlPlaneDbContext.Schema)));

    // Each workspace schema keeps its own history table, inside the schema (rewritten like every other command).
    public void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null, string server = DatabaseOptions.DefaultServer) =>
        Configure(options.UseSqlServer(partition is { } p ? Server(server).Partitions[p] : Server(server).Direct, sql => sql
            .UseCompatibilityLevel(MinimumCompatibilityLevel)
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, WorkspaceSchemaName.Placeholder)));

    private (string Direct, string[] Partitions) Server(string server) =>
        _servers.TryGetValue(server, out var strings) ? strings : throw new InvalidOperationException($"No database server '{server}' is configured (Database:Servers).");

    public bool IsUniqueViolation(Exception exception) => SqlServerErrors.IsUniqueViolation(exception);

    public bool IsTransient(Exception exception) => SqlServerErrors.IsTransient(exception);

    public bool IsMissingSchema(Exception exception) => SqlServerErrors.IsMissingSchema(exception);

    public bool IsUnavailable(Exception exception) => SqlServerErrors.IsUnavailable(exception);

    public bool IsForeignKeyViolation(Exception exception) => SqlServerErrors.IsForeignKeyViolation(exception);

    public Task<List<Person>> CandidatesAsync(
        PeopleDbContext db, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> emails, CancellationToken cancellationToken) =>
        SqlServerPeopleStatements.CandidatesAsync(db, userIds, emails, cancellationToken);

    public Task WriteAsync(PeopleDbContext db, PeopleChanges changes, CancellationToken cancellationToken) =>
        SqlServerPeopleStatements.WriteAsync(db, changes, cancellationToken);

    public Task<KeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, KeyUpsert upsert, CancellationToken cancellationToken) =>
        SqlServerPeopleStatements.UpsertOnKeyAsync(db, upsert, cancellationToken);

    // Not in T-SQL yet: a person's companies take the usual path (CompanyJoins) (docs/data-layer.md).
    public Task<KeyJoinResult?> UpsertOnKeyWithCompaniesAsync(
        PeopleDbContext db, KeyUpsert upsert, IReadOnlyList<CompanyJoinEntry> companies, CancellationToken cancellationToken) =>
        Task.FromResult<KeyJoinResult?>(null);

    public Task LockAgainstWritesAsync(PeopleDbContext db, IEnumerable<string> tables, CancellationToken cancellationToken) =>
        SqlServerWorkspaceCopy.LockAgainstWritesAsync(db, tables, cancellationToken);

    public Task CopyTableAsync(PeopleDbContext source, PeopleDbContext target, Microsoft.EntityFrameworkCore.Metadata.ITable table, CancellationToken cancellationToken) =>
        SqlServerWorkspaceCopy.CopyTableAsync(source, target, table, cancellationToken);

    // Inside the caller's transaction when it has one (deleting a workspace): SQL Server DDL is transactional.
    public Task DropSchemaAsync(DbContext db, string schemaName, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(SqlServerSchemas.Drop(schemaName, WorkspaceTables()), cancellationToken);

    // Every table the people model (at its latest migration) puts in a workspace schema, and the migration history.
    private string[] WorkspaceTables()
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        ConfigurePeople(options);
        using var people = new PeopleDbContext(options.Options);
        return [.. SqlServerSchemas.TablesOf(people.Model, HistoryTable)];
    }

    // The model's SQL Server details; and a failed command, save or query is usually an expected one (a lost race
    // that DatabaseRetry repeats, a taken key answered 409), so EF logs those at Debug.
    private static void Configure(DbContextOptionsBuilder options) => options
        .ReplaceService<IModelCustomizer, SqlServerModel>()
        .ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));

    // SqlClient's pools are process-wide, keyed by connection string: nothing to release here.
    public void Dispose()
    {
    }
}
