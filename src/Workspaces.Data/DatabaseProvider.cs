using Microsoft.EntityFrameworkCore;
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

    public DatabaseProvider(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? PostgreSql;
        if (provider != PostgreSql)
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use '{PostgreSql}'.");
        }

        var connectionString = configuration.GetConnectionString("Workspaces")
            ?? throw new InvalidOperationException("ConnectionStrings:Workspaces is not configured.");
        // One data source, so one connection pool, for the control plane and every workspace.
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public void ConfigureControlPlane(DbContextOptionsBuilder options) =>
        options.UseNpgsql(_dataSource, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, ControlPlaneDbContext.Schema));

    // Each workspace schema keeps its own history table, inside the schema (rewritten like every other command).
    public void ConfigurePeople(DbContextOptionsBuilder options) =>
        options.UseNpgsql(_dataSource, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable(HistoryTable, WorkspaceSchemaName.Placeholder));

    public void Dispose() => _dataSource.Dispose();
}
