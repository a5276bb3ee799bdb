using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Servers;

// Contract §5 and §4: a server that is down makes only its workspaces answer 503 with Retry-After; the others keep
// answering; /health/ready names it; once it is back its workspaces answer again, with every acknowledged write.
public sealed class ServerFailureTests : ServersTest
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(5);

    [TearDown]
    public async Task RestartSecondServerAsync()
    {
        if (await SecondServerIsDownAsync())
        {
            await SecondServer.StartAsync();
        }
    }

    [Test]
    public async Task With_one_server_down_only_its_workspaces_answer_503_and_they_recover_with_every_acknowledged_write()
    {
        using var up = await WorkspaceOnAsync("stays-up", "default");
        using var down = await WorkspaceOnAsync("goes-down", SecondServer.Name);
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var write = await UpsertAsync(down, "goes-down", new { userId = $"u{i}", traits = new { n = i } });
            Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Created), await write.Content.ReadAsStringAsync());
            acknowledged.Add((await BodyAsync(write))["id"]!.GetValue<string>());
        }

        await SecondServer.StopAsync();

        using (var refused = await UpsertAsync(down, "goes-down", new { userId = "while-down" }))
        {
            await AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null, "Retry-After");
        }

        using (var read = await down.GetAsync($"/v1/workspaces/goes-down/people/{acknowledged[0]}"))
        {
            await AssertProblemAsync(read, HttpStatusCode.ServiceUnavailable);
            Assert.That(read.Headers.RetryAfter, Is.Not.Null, "Retry-After");
        }

        using (var other = await UpsertAsync(up, "stays-up", new { userId = "u1" }))
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the other server's workspace keeps answering");
        }

        var health = await ReadyAsync();
        Assert.That(health["servers"]![SecondServer.Name]!.GetValue<string>(), Is.EqualTo("Unhealthy"), health.ToJsonString());
        Assert.That(health["servers"]!["default"]!.GetValue<string>(), Is.EqualTo("Healthy"), health.ToJsonString());

        await SecondServer.StartAsync();
        var since = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var retry = await UpsertAsync(down, "goes-down", new { userId = "after" });
            status = retry.StatusCode;
            if (status != HttpStatusCode.Created)
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await retry.Content.ReadAsStringAsync());
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
        while (status != HttpStatusCode.Created && since.Elapsed < RecoveryBound);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), $"still refused {since.Elapsed} after the server came back");
        foreach (var id in acknowledged)
        {
            using var read = await down.GetAsync($"/v1/workspaces/goes-down/people/{id}");
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"acknowledged person {id}");
        }

        Assert.That((await ReadyAsync())["servers"]![SecondServer.Name]!.GetValue<string>(), Is.EqualTo("Healthy"));
    }

    private async Task<JsonObject> ReadyAsync()
    {
        using var client = Client(api: TwoServers);
        using var response = await client.GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a workspace server down degrades readiness; the instance still serves the others");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    internal static async Task<bool> SecondServerIsDownAsync()
    {
        try
        {
            await SecondServer.ScalarAsync<int>("SELECT 1");
            return false;
        }
        catch (Npgsql.NpgsqlException)
        {
            return true;
        }
    }
}
