using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Admin;

// The CLI changes workspaces and tokens through the same WorkspaceAdmin as the admin endpoints, so an API instance
// that is already running (and has the workspace and token cached) refuses what the CLI suspended, revoked or deleted
// within the contract's 5 seconds.
public sealed class CliChangesTests : WorkspaceTest
{
    [SetUp]
    public async Task WarmTheRunningApiAsync()
    {
        using var warm = await UpsertAsync(WsClient, Ws, new { userId = "u1" });
        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Created), await warm.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_workspace_suspended_through_the_cli_is_refused_by_a_running_api_within_5_seconds()
    {
        Assert.That(await Cli.RunAsync("workspace", "suspend", Ws), Does.Contain("suspended"));

        await AssertUpsertAnsweredWithinBoundAsync(WsClient, Ws, HttpStatusCode.Forbidden, Stopwatch.StartNew());
    }

    [Test]
    public async Task A_token_revoked_through_the_cli_is_refused_by_a_running_api_within_5_seconds()
    {
        var tokenId = await Database.ScalarAsync<string>("SELECT \"Id\" FROM control.tokens WHERE \"WorkspaceId\" = $1", Ws);

        Assert.That(await Cli.RunAsync("token", "revoke", tokenId!), Does.Contain("revoked"));

        await AssertUpsertAnsweredWithinBoundAsync(WsClient, Ws, HttpStatusCode.Unauthorized, Stopwatch.StartNew());
    }

    [Test]
    public async Task A_workspace_deleted_through_the_cli_is_refused_by_a_running_api_within_5_seconds()
    {
        Assert.That(await Cli.RunAsync("workspace", "delete", Ws), Does.Contain("deleted"));

        // Until the change arrives the instance may still find the workspace cached, but not its schema: 404.
        await AssertUpsertAnsweredWithinBoundAsync(WsClient, Ws, HttpStatusCode.Unauthorized, Stopwatch.StartNew(), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_cli_refuses_a_token_name_with_a_control_character_like_the_api()
    {
        using var admin = Client(AdminToken());
        using var viaApi = await admin.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/tokens", new { name = "web\u0007app", scopes = new[] { "people:read" } });
        await AssertValidationProblemAsync(viaApi, "name");

        var failed = await Cli.RunFailingAsync("token", "create", "--workspace", Ws, "--name", "web\u0007app");
        Assert.That(failed, Does.Contain("name: "));
    }
}
