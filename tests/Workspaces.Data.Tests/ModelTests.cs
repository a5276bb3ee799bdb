using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Workspaces.Data;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.PostgreSql;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Tests;

// Offline checks of the EF models and their migrations; no database is contacted.
public sealed class ModelTests
{
    private PostgreSqlEngine _engine = null!;

    [SetUp]
    public void CreateEngine() => _engine = new PostgreSqlEngine(new DatabaseOptions { ConnectionString = "Host=localhost;Database=offline" });

    [TearDown]
    public void DisposeEngine() => _engine.Dispose();

    [Test]
    public void Control_plane_model_has_no_changes_missing_from_its_migrations()
    {
        using var control = ControlPlane();
        Assert.That(control.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public void People_model_has_no_changes_missing_from_its_migrations()
    {
        using var people = People(WorkspaceSchemaName.New());
        Assert.That(people.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public void All_workspaces_share_one_model()
    {
        using var a = People(WorkspaceSchemaName.New());
        using var b = People(WorkspaceSchemaName.New());
        Assert.That(a.Model, Is.SameAs(b.Model));
    }

    [Test]
    public void People_model_and_migration_use_the_placeholder_schema_only()
    {
        using var people = People(WorkspaceSchemaName.New());
        Assert.That(people.Model.GetDefaultSchema(), Is.EqualTo(WorkspaceSchemaName.Placeholder));
        var script = people.Database.GenerateCreateScript();
        Assert.That(script, Does.Contain($"\"{WorkspaceSchemaName.Placeholder}\".people"));
        Assert.That(script, Does.Not.Contain("public."));
    }

    [Test]
    public void A_pooled_context_forgets_its_workspace_when_returned()
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        _engine.ConfigurePeople(options);
        var pool = new PooledDbContextFactory<PeopleDbContext>(options.Options);
        var schema = WorkspaceSchemaName.New();

        var first = pool.CreateDbContext().InSchema(new FixedWorkspaceSchema(schema));
        Assert.That(first.SchemaName, Is.EqualTo(schema));
        first.Dispose();

        using var second = pool.CreateDbContext();
        Assert.That(second, Is.SameAs(first), "the pool hands the same instance out again");
        Assert.That(() => second.SchemaName, Throws.InvalidOperationException);
    }

    private ControlPlaneDbContext ControlPlane()
    {
        var options = new DbContextOptionsBuilder<ControlPlaneDbContext>();
        _engine.ConfigureControlPlane(options);
        return new ControlPlaneDbContext(options.Options);
    }

    private PeopleDbContext People(string schema)
    {
        var options = new DbContextOptionsBuilder<PeopleDbContext>();
        _engine.ConfigurePeople(options);
        return new PeopleDbContext(options.Options).InSchema(new FixedWorkspaceSchema(schema));
    }
}
