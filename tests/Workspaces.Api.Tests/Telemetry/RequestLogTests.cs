using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspaces.Api.Telemetry;

namespace Workspaces.Api.Tests.Telemetry;

// One line per request, on an instance of its own whose request lines are captured.
public sealed class RequestLogTests : ApiTest
{
    [Test]
    public async Task Each_request_is_one_line_with_method_route_status_duration_workspace_and_trace_id()
    {
        var logs = new Testing.CapturedLogs(LogLevel.Information);
        await using var api = new Testing.ApiFactory(services => services.AddSingleton<ILoggerProvider>(logs));
        await CreateWorkspaceAsync("logged");
        using var client = Client(await CreateTokenAsync("logged"), api);

        using var response = await client.GetAsync("/v1/workspaces/logged/people/nobody?email=query.person%40example.com");
        var traceId = (await AssertProblemAsync(response, HttpStatusCode.NotFound))["traceId"]!.GetValue<string>();

        // The line is written once the pipeline is done, which may be just after the client has the response.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!logs.Entries.Any(e => e.Category == RequestLog.Category) && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        var lines = logs.Entries.Where(e => e.Category == RequestLog.Category).Select(e => e.Message).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Match(
            $$"""^GET /v\{version:apiVersion\}/workspaces/\{workspaceId\}/people/\{id\} answered 404 in \d+\.\d ms, workspace logged, trace {{traceId}}$"""));
    }
}
