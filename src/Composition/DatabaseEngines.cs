using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.PostgreSql;
using Workspaces.Data.SqlServer;

namespace Workspaces;

// The one place that knows which database engines exist and reads Database:Provider. Compiled into each host
// (the API and the CLI), which reference every engine's project; Workspaces.Data references none.
internal static class DatabaseEngines
{
    public static IServiceCollection AddWorkspacesDatabase(this IServiceCollection services) => services.AddWorkspacesData(Create);

    private static IDatabaseEngine Create(DatabaseOptions options) => options.Provider switch
    {
        DatabaseOptions.PostgreSql => new PostgreSqlEngine(options),
        DatabaseOptions.SqlServer => new SqlServerEngine(options),
        _ => throw new InvalidOperationException(
            $"Database:Provider '{options.Provider}' is not supported; use '{DatabaseOptions.PostgreSql}' or '{DatabaseOptions.SqlServer}'."),
    };
}
