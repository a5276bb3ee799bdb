using Npgsql;
using Respawn;

namespace Workspaces.Api.Tests.Testing;

// Direct SQL against the test database: to check what the API wrote, and to reset between tests.
public static class Database
{
    private static Respawner? _respawner;

    public static async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<string?> SchemaOfAsync(string workspaceId) =>
        ScalarAsync<string>("SELECT \"SchemaName\" FROM control.workspaces WHERE \"Id\" = $1", workspaceId);

    public static Task<long> CountPeopleAsync(string schema, string where = "true", params object[] parameters) =>
        ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".people WHERE {where}", parameters);

    public static Task<List<string>> WorkspaceSchemasAsync() =>
        LinesAsync("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ws\\_%' ORDER BY 1");

    // The first column of every row, as text. The SQL may be several statements on one connection: the rows are those
    // of the ones that return rows.
    public static async Task<List<string>> LinesAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
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
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        foreach (var schema in await WorkspaceSchemasAsync())
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["control"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
        await _respawner.ResetAsync(connection);
    }
}
