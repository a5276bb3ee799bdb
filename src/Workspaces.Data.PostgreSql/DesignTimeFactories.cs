using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.PostgreSql;

// Lets `dotnet ef migrations add` build the models offline; no database is contacted.
internal static class DesignTime
{
    public static PostgreSqlEngine Engine() => new(new DatabaseOptions { ConnectionString = "Host=localhost;Database=design_time" });
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
