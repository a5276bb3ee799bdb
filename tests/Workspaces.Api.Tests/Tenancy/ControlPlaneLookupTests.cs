using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Tenancy;

// With thousands of workspaces, what a request costs the control plane matters: a request that misses the caches
// reads the token and its workspace in one query, and cached ones stay cached (ControlPlaneChangeFeed drops them when
// they change), so a token used every few seconds costs no query at all.
public sealed class ControlPlaneLookupTests : CommandLogTest
{
    [Test]
    public async Task A_request_missing_every_cache_queries_the_control_plane_once()
    {
        ((MemoryCache)LoggedApi.Services.GetRequiredService<IMemoryCache>()).Clear();
        Logs.Clear();

        await UpsertCreatedOrOkAsync();

        Assert.That(LookupQueries(), Has.Count.EqualTo(1), string.Join("\n", LookupQueries()));
    }

    [Test]
    public async Task A_token_used_again_seconds_later_queries_the_control_plane_no_more()
    {
        await UpsertCreatedOrOkAsync();
        await Task.Delay(TimeSpan.FromSeconds(6)); // longer than the 2 s and 5 s expiries these caches used to have
        Assert.That(Logs.Entries.Any(e => e.Message.Contains("control.changes", StringComparison.Ordinal)), Is.True, "changes are being polled");
        Logs.Clear();

        await UpsertCreatedOrOkAsync();

        Assert.That(LookupQueries(), Is.Empty, string.Join("\n", LookupQueries()));
    }

    private async Task UpsertCreatedOrOkAsync()
    {
        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1" });
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    // Control-plane commands other than the background poll of control.changes.
    private List<string> LookupQueries() => Commands(text => Unbracketed(text) is var sql
        && sql.Contains("control.", StringComparison.Ordinal) && !sql.Contains("control.changes", StringComparison.Ordinal));
}
