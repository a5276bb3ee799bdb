using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data;

// Let `dotnet ef migrations add` build an engine's two models offline (no database is contacted); each engine's
// project derives both with an engine configured for design time.
public abstract class DesignTimeControlPlaneFactory(Func<IDatabaseEngine> engine) : IDesignTimeDbContextFactory<ControlPlaneDbContext>
{
    public ControlPlaneDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ControlPlaneDbContext>();
        engine().ConfigureControlPlane(options);
        return new ControlPlaneDbContext(options.Options);
    }
}

public abstract class DesignTimePeopleFactory(Func<IDatabaseEngine> engine) : IDesignTimeDbContextFactory<PeopleDbContext>
{
    public PeopleDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        engine().ConfigurePeople(options);
        return new PeopleDbContext(options.Options).InSchema(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
    }
}
