using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer;

// SQL Server 2022 (compatibility level 160) or Azure SQL: the engine behind Database:Provider=SqlServer.
public sealed class SqlServerEngine(string connectionString, int partitions)
{
    public const string Name = "SqlServer";
    private const string MigrationsAssembly = "Workspaces.Data.SqlServer";
    private const string HistoryTable = "__EFMigrationsHistory";

    private readonly string _controlPlane = SqlServerConnections.ControlPlane(connectionString);
    private readonly string[] _partitions = [.. Enumerable.Range(0, partitions).Select(p => SqlServerConnections.Partition(connectionString, partitions, p))];

    public void ConfigureControlPlane(DbContextOptionsBuilder options) =>
        Customized(options.UseSqlServer(_controlPlane, sql => sql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, ControlPlaneDbContext.Schema)));

    // Each workspace schema keeps its own history table, inside the schema (rewritten like every other command).
    public void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null) =>
        Customized(options.UseSqlServer(partition is { } p ? _partitions[p] : _controlPlane, sql => sql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, WorkspaceSchemaName.Placeholder)));

    private static void Customized(DbContextOptionsBuilder options) => options.ReplaceService<IModelCustomizer, SqlServerModel>();
}
