using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Servers;

// Contract §5: `migrate` covers every server, with progress; a server that fails is named (exit code non-zero) after
// the others were migrated, and a rerun finishes the rest. The real CLI, as a child process.
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

}
