using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer;

// Lets `dotnet ef migrations add` build the SQL Server models offline; no server is contacted.
internal static class DesignTime
{
    public static SqlServerEngine Engine() => new(new DatabaseOptions { Provider = DatabaseOptions.SqlServer, ConnectionString = "Server=design-time;Database=workspaces;Trust Server Certificate=true", PeoplePartitions = 1 });
}

internal sealed class ControlPlaneDesignTimeFactory : IDesignTimeDbContextFactory<ControlPlaneDbContext>
{
    public ControlPlaneDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ControlPlaneDbContext>();
        DesignTime.Engine().ConfigureControlPlane(options);
        return new ControlPlaneDbContext(options.Options);
    }
}

internal sealed class PeopleDesignTimeFactory : IDesignTimeDbContextFactory<PeopleDbContext>
{
    public PeopleDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        DesignTime.Engine().ConfigurePeople(options);
        return new PeopleDbContext(options.Options).InSchema(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
    }
}
