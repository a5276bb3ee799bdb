using System.Diagnostics;
using Npgsql;

namespace Workspaces.Api.Tests.Testing;

// The second PostgreSQL cluster that infra/test.sh starts for the several-servers tests (WORKSPACES_TEST_SERVER2),
// configured as Database:Servers:db2 by the APIs those tests start; they stop and restart it with infra/postgres.sh.
public static class SecondServer
{
    public const string Name = "db2";

    public static string ConnectionString => Environment.GetEnvironmentVariable("WORKSPACES_TEST_SERVER2")
        ?? throw new InvalidOperationException("WORKSPACES_TEST_SERVER2 is not set: run the tests with infra/test.sh.");

    // The settings of an API (or the CLI, as environment variables) that places workspaces on both servers.
    public static Dictionary<string, string> Settings => new() { [$"Database:Servers:{Name}"] = ConnectionString };

    public static async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    public static async Task<bool> HasSchemaAsync(string schema) =>
        await ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema) == 1;

    // Test workspaces' schemas on this server; the control plane (on the first) is reset by Database.ResetAsync.
    public static async Task DropWorkspaceSchemasAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var schemas = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ws\\_%'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                schemas.Add(reader.GetString(0));
            }
        }

        foreach (var schema in schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public static Task StopAsync() => PostgresShAsync("stop", DataDirectory);

    // On the same port, so the connection string stays valid; were the port taken meanwhile, the test fails saying so.
    public static async Task StartAsync()
    {
        var started = await PostgresShAsync("start", DataDirectory, new NpgsqlConnectionStringBuilder(ConnectionString).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(started.Trim(), Is.EqualTo(ConnectionString), "the second server came back on another port (its own was taken meanwhile)");
    }

    private static string DataDirectory => Environment.GetEnvironmentVariable("WORKSPACES_TEST_SERVER2_DATA")
        ?? throw new InvalidOperationException("WORKSPACES_TEST_SERVER2_DATA is not set: run the tests with infra/test.sh.");

    /// <returns>Standard output: postgres.sh start prints the connection string.</returns>
    private static async Task<string> PostgresShAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("WORKSPACES_TEST_POSTGRES_SH")
            ?? throw new InvalidOperationException("WORKSPACES_TEST_POSTGRES_SH is not set: run the tests with infra/test.sh."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PG_FAST"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"postgres.sh {string.Join(' ', args)}: {await stderr}{await stdout}");
        return await stdout;
    }
}
