using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Workspaces.Data.People;

namespace Workspaces.Data.SqlServer;

// Moving a workspace between servers, SQL Server's way: its tables held against writes by shared table locks kept to
// the end of the transaction (reads go on), and each table read on one server and written to the other by SqlBulkCopy,
// identity values kept (the identity then goes on past the largest copied).
internal static class SqlServerWorkspaceCopy
{
    public static async Task LockAgainstWritesAsync(PeopleDbContext db, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            var sql = $"SELECT TOP (0) 1 FROM {Name(db.SchemaName, table)} WITH (TABLOCK, HOLDLOCK)";
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    // Both contexts are in transactions.
    public static async Task CopyTableAsync(PeopleDbContext source, PeopleDbContext target, ITable table, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Select(c => c.Name).ToList();
        await using var read = source.Database.GetDbConnection().CreateCommand();
        read.Transaction = source.Database.CurrentTransaction?.GetDbTransaction();
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Name(source.SchemaName, table.Name)}";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);

        using var bulk = new SqlBulkCopy(
            (SqlConnection)target.Database.GetDbConnection(), SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.CheckConstraints,
            (SqlTransaction?)target.Database.CurrentTransaction?.GetDbTransaction())
        {
            DestinationTableName = Name(target.SchemaName, table.Name),
            BulkCopyTimeout = 0,
        };
        foreach (var column in columns)
        {
            bulk.ColumnMappings.Add(column, column);
        }

        await bulk.WriteToServerAsync(reader, cancellationToken);
    }

    private static string Name(string schema, string table) => $"{Quote(schema)}.{Quote(table)}";

    private static string Quote(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";
}
