using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Tenancy;

// With thousands of workspaces the caches of workspaces (5 s) and token liveness (2 s) mostly miss, so what a
// request costs the control plane then matters: one query reads the token and its workspace together.
public sealed class ControlPlaneLookupTests : ApiTest
{
    private const string Ws = "acme";
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    [Test]
    public async Task A_request_missing_every_cache_queries_the_control_plane_once()
    {
        var logs = new CapturedLogs(LogLevel.Information);
        await using var api = new ApiFactory(
            services => services.AddSingleton<ILoggerProvider>(logs),
            new Dictionary<string, string> { [$"Logging:LogLevel:{CommandCategory}"] = "Information" });
        await CreateWorkspaceAsync(Ws, api);
        using var client = Client(await CreateTokenAsync(Ws), api);
        ((MemoryCache)api.Services.GetRequiredService<IMemoryCache>()).Clear();
        logs.Clear();

        using var response = await UpsertAsync(client, Ws, new { userId = "u1" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var controlPlaneQueries = logs.Entries.Where(e => e.Category == CommandCategory && e.Message.Contains("control.", StringComparison.Ordinal));
        Assert.That(controlPlaneQueries.Count(), Is.EqualTo(1), string.Join("\n", controlPlaneQueries.Select(e => e.Message)));
    }
}
