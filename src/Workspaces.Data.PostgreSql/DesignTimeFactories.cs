using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.PostgreSql;

// Lets `dotnet ef migrations add` build the models offline; no database is contacted.
internal static class DesignTime
{
    public static DatabaseProvider Provider() => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workspaces"] = "Host=localhost;Database=design_time",
        })
        .Build());
}

internal sealed class ControlPlaneDesignTimeFactory : IDesignTimeDbContextFactory<ControlPlaneDbContext>
{
    public ControlPlaneDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ControlPlaneDbContext>();
        DesignTime.Provider().ConfigureControlPlane(options);
        return new ControlPlaneDbContext(options.Options);
    }
}

internal sealed class PeopleDesignTimeFactory : IDesignTimeDbContextFactory<PeopleDbContext>
{
    public PeopleDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        DesignTime.Provider().ConfigurePeople(options);
        return new PeopleDbContext(options.Options).InSchema(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
    }
}
