using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer.Tests;

// The DDL SQL Server gets, reviewed as files in the repository (Golden/). A change to a model or a migration shows
// up as a diff there. After an intended change, rewrite them: UPDATE_GOLDEN=1 dotnet test tests/Workspaces.Data.SqlServer.Tests
public sealed class GoldenScriptTests
{
    private static readonly string Directory = typeof(GoldenScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GoldenDirectory").Value!;

    [Test]
    public void Control_plane_create_script_is_the_reviewed_one()
    {
        using var control = Offline.ControlPlane();
        AssertGolden("control-plane.create.sql", control.Database.GenerateCreateScript());
    }

    [Test]
    public void People_create_script_is_the_reviewed_one()
    {
        using var people = Offline.People(WorkspaceSchemaName.New());
        AssertGolden("people.create.sql", people.Database.GenerateCreateScript());
    }

    [Test]
    public void Control_plane_idempotent_migration_script_is_the_reviewed_one()
    {
        using var control = Offline.ControlPlane();
        AssertGolden("control-plane.migrations.sql", IdempotentScript(control));
    }

    [Test]
    public void People_idempotent_migration_script_is_the_reviewed_one()
    {
        using var people = Offline.People(WorkspaceSchemaName.New());
        AssertGolden("people.migrations.sql", IdempotentScript(people));
    }

    [TestCase("control-plane.create.sql")]
    [TestCase("people.create.sql")]
    [TestCase("control-plane.migrations.sql")]
    [TestCase("people.migrations.sql")]
    public void Golden_script_parses_as_TSql_160(string file)
    {
        var parsed = TSql.Parse(File.ReadAllText(Path.Combine(Directory, file)));
        Assert.That(parsed.Errors, Is.Empty);
        Assert.That(parsed.ExecBodies, Is.Positive, "CREATE SCHEMA is sent alone, inside EXEC");
    }

    private static string IdempotentScript(DbContext context) =>
        context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    private static void AssertGolden(string file, string actual)
    {
        var path = Path.Combine(Directory, file);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.That(File.Exists(path), Is.True, $"{path} is missing: run the tests once with UPDATE_GOLDEN=1 and review it");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(path).ReplaceLineEndings("\n")),
            $"{file} differs from what the SQL Server model now generates; if intended, rerun with UPDATE_GOLDEN=1 and review the diff");
    }
}
