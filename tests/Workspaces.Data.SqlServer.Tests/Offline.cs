using Microsoft.EntityFrameworkCore;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer.Tests;

// SQL Server contexts that never reach a server: the connection string names one that does not exist.
internal static class Offline
{
    public const string ConnectionString = "Server=offline.invalid;Database=workspaces;Trust Server Certificate=true";

    public static SqlServerEngine Engine(int partitions = 4) => new(new DatabaseOptions { Provider = DatabaseOptions.SqlServer, ConnectionString = ConnectionString, PeoplePartitions = partitions });

    public static ControlPlaneDbContext ControlPlane(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<ControlPlaneDbContext>();
        Engine().ConfigureControlPlane(options);
        return new ControlPlaneDbContext(options.AddInterceptors(interceptors).Options);
    }

    public static PeopleDbContext People(string schema, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        Engine().ConfigurePeople(options);
        return new PeopleDbContext(options.AddInterceptors([new WorkspaceSchemaInterceptor(), .. interceptors]).Options)
            .InSchema(new FixedWorkspaceSchema(schema));
    }
}
