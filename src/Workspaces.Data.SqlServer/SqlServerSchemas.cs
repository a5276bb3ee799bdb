using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer;

// Provisioning DDL. Creating a schema is EF's migration (it sends CREATE SCHEMA alone in its batch, as SQL Server
// requires, inside EXEC). Dropping one: SQL Server has no DROP SCHEMA ... CASCADE, so its tables go first, then the
// schema, in one batch; the caller runs it inside the transaction that deletes the workspace's row (SQL Server DDL
// is transactional), so the row and the schema go together or not at all.
public static class SqlServerSchemas
{
    /// <param name="tables">The workspace schema's tables (every table of the people model, and the migration history).</param>
    public static string Drop(string schemaName, IEnumerable<string> tables)
    {
        var schema = Quote(WorkspaceSchemaName.EnsureValid(schemaName));
        return string.Concat(tables.Select(t => $"DROP TABLE IF EXISTS {schema}.{Quote(t)};\n")) + $"DROP SCHEMA IF EXISTS {schema};";
    }

    // The tables a workspace schema holds, from the people model, so a table added by a later migration is dropped too;
    // tables no foreign key refers to (memberships) first, since a referenced table cannot be dropped before them.
    public static IEnumerable<string> TablesOf(IModel peopleModel, string historyTable) =>
        peopleModel.GetRelationalModel().Tables.OrderBy(t => t.ReferencingForeignKeyConstraints.Any()).Select(t => t.Name).Append(historyTable);

    // Names here are validated workspace schema names or model table names; ] is escaped all the same.
    private static string Quote(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";
}
