using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Servers;

// Contract §5: `migrate` covers every server, with progress; a server that fails is named (exit code non-zero) after
// the others were migrated, and a rerun finishes the rest. The real CLI, as a child process; and the API's start-up
// migrations, which go on past a server that is down and serve the others.
public sealed class MigrateAcrossServersTests : ServersTest
{
    [TearDown]
    public async Task RestartSecondServerAsync()
    {
        if (await ServerFailureTests.SecondServerIsDownAsync())
        {
            await SecondServer.StartAsync();
        }
    }

    [Test]
    public async Task Migrate_goes_on_past_a_server_that_is_down_names_it_and_a_rerun_finishes_the_rest()
    {
        await CreateOnAsync("mig-up", "default");
        await CreateOnAsync("mig-down", SecondServer.Name);
        await Database.ScalarAsync<int>("UPDATE control.workspaces SET \"SchemaMigration\" = NULL");
        await SecondServer.StopAsync();

        var (progress, failure) = await Cli.RunFailingWithAsync(SecondServer.Settings, "migrate");

        Assert.That(failure, Does.Contain(SecondServer.Name), "the failed server is named");
        Assert.That(progress, Does.Contain("server default: workspace mig-up: migrated"));
        Assert.That(await MigratedAsync("mig-up"), Is.True, "the server that is up was migrated");
        Assert.That(await MigratedAsync("mig-down"), Is.False);

        await SecondServer.StartAsync();
        var rerun = await Cli.RunWithAsync(SecondServer.Settings, "migrate");

        Assert.That(rerun, Does.Contain($"server {SecondServer.Name}: workspace mig-down: migrated"));
        Assert.That(rerun, Does.Not.Contain("workspace mig-up"), "what was done is not done again");
        Assert.That(await MigratedAsync("mig-down"), Is.True);
    }

    private static async Task<bool> MigratedAsync(string id) =>
        await Database.ScalarAsync<string>("SELECT \"SchemaMigration\" FROM control.workspaces WHERE \"Id\" = $1", id) is not null;

    [Test]
    public async Task The_api_starts_with_a_server_down_serves_the_others_and_names_it()
    {
        await CreateOnAsync("start-up", "default");
        await CreateOnAsync("start-down", SecondServer.Name);
        await Database.ScalarAsync<int>("UPDATE control.workspaces SET \"SchemaMigration\" = NULL");
        await SecondServer.StopAsync();
        var logs = new CapturedLogs(LogLevel.Error);

        await using var api = new ApiFactory(services => services.AddSingleton<ILoggerProvider>(logs), SecondServer.Settings);
        using var client = Client(await CreateTokenAsync("start-up"), api);
        using var upsert = await UpsertAsync(client, "start-up", new { userId = "u1" });
        using var anonymous = Client(api: api);
        using var health = await anonymous.GetAsync("/health/ready");

        Assert.That(upsert.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the control plane's server's workspace is served");
        Assert.That(await MigratedAsync("start-up"), Is.True);
        Assert.That(await MigratedAsync("start-down"), Is.False);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await health.Content.ReadFromJsonAsync<JsonObject>())!["servers"]![SecondServer.Name]!.GetValue<string>(), Is.EqualTo("Unhealthy"));
        Assert.That(logs.Entries.Select(e => e.Message), Has.Some.Contains($"unreachable database server(s) {SecondServer.Name}"));
    }
}
