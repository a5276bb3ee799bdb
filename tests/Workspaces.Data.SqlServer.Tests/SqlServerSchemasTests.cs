using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer.Tests;

// Deleting a workspace on SQL Server: no DROP SCHEMA ... CASCADE there, so its tables go first, then the schema.
public sealed class SqlServerSchemasTests
{
    [Test]
    public void Every_table_the_people_model_puts_in_a_schema_is_dropped_before_the_schema()
    {
        var schema = WorkspaceSchemaName.New();
        using var people = Offline.People(schema);

        var drop = SqlServerSchemas.Drop(schema, SqlServerSchemas.TablesOf(people.Model, "__EFMigrationsHistory"));

        Assert.That(drop.Split('\n'), Is.EqualTo(new[]
        {
            $"DROP TABLE IF EXISTS [{schema}].[memberships];",
            $"DROP TABLE IF EXISTS [{schema}].[companies];",
            $"DROP TABLE IF EXISTS [{schema}].[people];",
            $"DROP TABLE IF EXISTS [{schema}].[__EFMigrationsHistory];",
            $"DROP SCHEMA IF EXISTS [{schema}];",
        }));
        Assert.That(TSql.Parse(drop).Errors, Is.Empty);
    }

    [TestCase("control")]
    [TestCase("ws_0123456789abcdef0123456789abcdef]; DROP SCHEMA control; --")]
    [TestCase(WorkspaceSchemaName.Placeholder)]
    public void Only_a_workspace_schema_can_be_dropped(string name) =>
        Assert.That(() => SqlServerSchemas.Drop(name, ["people"]), Throws.InvalidOperationException);
}
