using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Workspaces.Data.People;

namespace Workspaces.Data.PostgreSql;

// Moving a workspace between servers, PostgreSQL's way: its tables held against writes with a SHARE lock (reads go on),
// and each table streamed from one server to the other with binary COPY, its identity sequence then set past the copy.
internal static class PostgreSqlWorkspaceCopy
{
    public static async Task LockAgainstWritesAsync(PeopleDbContext db, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            var sql = $"LOCK TABLE {Name(db.SchemaName, table)} IN SHARE MODE";
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    // Both contexts are in transactions (which bind their connections, multiplexing or not).
    public static async Task CopyTableAsync(PeopleDbContext source, PeopleDbContext target, ITable table, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        var from = (NpgsqlConnection)source.Database.GetDbConnection();
        var to = (NpgsqlConnection)target.Database.GetDbConnection();
        await using (var reader = await from.BeginRawBinaryCopyAsync($"COPY {Name(source.SchemaName, table.Name)} ({columns}) TO STDOUT (FORMAT BINARY)", cancellationToken))
        await using (var writer = await to.BeginRawBinaryCopyAsync($"COPY {Name(target.SchemaName, table.Name)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await reader.CopyToAsync(writer, cancellationToken);
        }

        // Identity columns were copied as they were; their sequences must go on from there, not from 1. (The column
        // argument of pg_get_serial_sequence is taken literally, unquoted.)
        foreach (var column in table.Columns.Where(c => c.PropertyMappings.Any(m => m.Property.ValueGenerated == ValueGenerated.OnAdd && m.Property.IsPrimaryKey())))
        {
            var name = Name(target.SchemaName, table.Name);
            var sql = $"SELECT setval(pg_get_serial_sequence('{name}', '{column.Name}'), max({Quote(column.Name)})) FROM {name} HAVING count(*) > 0";
            await target.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    // Schema names are validated (ws_ and hex digits); table and column names come from the model.
    private static string Name(string schema, string table) => $"{Quote(schema)}.{Quote(table)}";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
