using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer.Tests;

// The SQL Server models, offline: what the migrations hold and what the columns compare by.
public sealed class SqlServerModelTests
{
    [Test]
    public void Control_plane_model_has_no_changes_missing_from_its_SQL_Server_migrations()
    {
        using var control = Offline.ControlPlane();
        Assert.That(control.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public void People_model_has_no_changes_missing_from_its_SQL_Server_migrations()
    {
        using var people = Offline.People(WorkspaceSchemaName.New());
        Assert.That(people.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public void All_workspaces_and_all_partitions_share_one_model()
    {
        var engine = Offline.Engine(partitions: 4);
        var models = Enumerable.Range(0, 4).Select(partition =>
        {
            var options = new DbContextOptionsBuilder<PeopleDbContext>();
            engine.ConfigurePeople(options, partition);
            using var people = new PeopleDbContext(options.Options).InSchema(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
            return people.Model;
        }).Distinct().ToList();

        Assert.That(models, Has.Count.EqualTo(1));
    }

    [Test]
    public void Every_external_id_compares_case_sensitively()
    {
        using var people = Offline.People(WorkspaceSchemaName.New());
        using var control = Offline.ControlPlane();

        string?[] collations =
        [
            Collation<Person>(people, nameof(Person.Id)),
            Collation<Person>(people, nameof(Person.UserId)),
            Collation<Person>(people, nameof(Person.Email)),
            Collation<Workspace>(control, nameof(Workspace.Id)),
            Collation<Workspace>(control, nameof(Workspace.SchemaName)),
            Collation<WorkspaceToken>(control, nameof(WorkspaceToken.Id)),
            Collation<WorkspaceToken>(control, nameof(WorkspaceToken.WorkspaceId)),
            Collation<ControlPlaneChange>(control, nameof(ControlPlaneChange.Key)),
        ];

        Assert.That(collations, Has.All.EqualTo("Latin1_General_100_BIN2"));
    }

    [Test]
    public void Traits_are_unbounded_text_checked_to_be_a_JSON_object()
    {
        using var people = Offline.People(WorkspaceSchemaName.New());
        var person = DesignModel(people).FindEntityType(typeof(Person))!;

        Assert.That(person.FindProperty(nameof(Person.Traits))!.GetColumnType(), Is.EqualTo("nvarchar(max)"));
        Assert.That(person.GetCheckConstraints().Select(c => c.Sql), Is.EqualTo(new[] { "ISJSON([Traits], OBJECT) = 1" }));
    }

    [Test]
    public void Unique_indexes_on_nullable_keys_ignore_the_people_without_that_key()
    {
        using var people = Offline.People(WorkspaceSchemaName.New());
        var indexes = DesignModel(people).FindEntityType(typeof(Person))!.GetIndexes().ToDictionary(i => i.Properties.Single().Name);

        Assert.That(indexes[nameof(Person.UserId)].GetFilter(), Is.EqualTo("[UserId] IS NOT NULL"));
        Assert.That(indexes[nameof(Person.Email)].GetFilter(), Is.EqualTo("[Email] IS NOT NULL"));
        Assert.That(indexes.Values, Has.All.Property(nameof(IIndex.IsUnique)).True);
    }

    private static string? Collation<T>(DbContext context, string property) =>
        DesignModel(context).FindEntityType(typeof(T))!.FindProperty(property)!.GetCollation();

    // The runtime model leaves out what only migrations need (collations, check constraints).
    private static IModel DesignModel(DbContext context) => context.GetService<IDesignTimeModel>().Model;
}
