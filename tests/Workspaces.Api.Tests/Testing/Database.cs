using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Npgsql;
using Respawn;
using Workspaces.Data.SqlServer;

namespace Workspaces.Api.Tests.Testing;

// Direct SQL against the test database: to check what the API wrote, and to reset between tests. The SQL is
// written for both engines ($1, $2 ... become @p1, @p2 ... on SQL Server); what only one engine can say is asked
// through TestEngine or kept in a test marked PostgreSqlOnly.
public static partial class Database
{
    private static Respawner? _respawner;

    public static async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.Add(TestEngine.IsSqlServer
                ? new SqlParameter($"@p{i + 1}", parameters[i])
                : new NpgsqlParameter { Value = parameters[i] });
        }

        var result = await command.ExecuteScalarAsync();
        return result switch
        {
            null or DBNull => default,
            DateTimeOffset time when typeof(T) == typeof(DateTime) => (T)(object)time.UtcDateTime, // SQL Server's datetimeoffset
            _ => (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public static Task<string?> SchemaOfAsync(string workspaceId) =>
        ScalarAsync<string>("SELECT \"SchemaName\" FROM control.workspaces WHERE \"Id\" = $1", workspaceId);

    public static Task<long> CountPeopleAsync(string schema, string where = "1 = 1", params object[] parameters) =>
        ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".people WHERE {where}", parameters);

    // A people row's mark of its last write: PostgreSQL's transaction id (any write changes it); on SQL Server the
    // version and updatedAt, which every write of the service moves.
    public static string RowWrites => TestEngine.IsSqlServer ? "concat(\"Version\", '|', \"UpdatedAt\")" : "xmin::text";

    // Every row of the table, in order, as one JSON array: equal before and after means nothing in it changed.
    public static async Task<string> RowsAsync(string table, string orderBy) => (await ScalarAsync<string>(TestEngine.IsSqlServer
        ? $"SELECT (SELECT * FROM {table} ORDER BY {orderBy} FOR JSON PATH, INCLUDE_NULL_VALUES)"
        : $"SELECT json_agg(t ORDER BY {orderBy})::text FROM {table} t")) ?? "[]";

    public static Task<List<string>> WorkspaceSchemasAsync() => LinesAsync(TestEngine.IsSqlServer
        ? "SELECT name FROM sys.schemas WHERE name LIKE 'ws[_]%' ORDER BY 1"
        : "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ws\\_%' ORDER BY 1");

    // The first column of every row, as text. The SQL may be several statements on one connection: the rows are those
    // of the ones that return rows.
    public static async Task<List<string>> LinesAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        do
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        while (await reader.NextResultAsync());

        return lines;
    }

    // Respawn resets the control plane (not its migration history); workspace schemas made by tests are dropped.
    public static async Task ResetAsync()
    {
        await using var connection = await OpenAsync();
        foreach (var schema in await WorkspaceSchemasAsync())
        {
            await using var drop = Command(
                TestEngine.IsSqlServer ? SqlServerSchemas.Drop(schema, ["people", "__EFMigrationsHistory"]) : $"DROP SCHEMA \"{schema}\" CASCADE",
                connection);
            await drop.ExecuteNonQueryAsync();
        }

        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = TestEngine.IsSqlServer ? DbAdapter.SqlServer : DbAdapter.Postgres,
            SchemasToInclude = ["control"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
        await _respawner.ResetAsync(connection);
    }

    private static async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = TestEngine.IsSqlServer ? new SqlConnection(ApiFactory.ConnectionString) : new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static DbCommand Command(string sql, DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = TestEngine.IsSqlServer ? PositionalParameter().Replace(sql, "@p$1") : sql;
        return command;
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex PositionalParameter();
}
