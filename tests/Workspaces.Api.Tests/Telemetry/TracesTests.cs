using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Workspaces.Api.Telemetry;

namespace Workspaces.Api.Tests.Telemetry;

// Spans of the API's requests, read with OpenTelemetry's in-memory exporter on an instance of their own.
public sealed class TracesTests : ApiTest
{
    private const string Ws = "traced";
    private readonly LockedList _spans = [];
    private Testing.ApiFactory _traced = null!;

    [SetUp]
    public void StartTracedInstance() =>
        _traced = new Testing.ApiFactory(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));

    [TearDown]
    public async Task StopTracedInstanceAsync() => await _traced.DisposeAsync();

    [Test]
    public async Task Every_span_of_a_workspace_request_carries_the_workspace_id()
    {
        await CreateWorkspaceAsync(Ws);
        using var client = Client(await CreateTokenAsync(Ws), _traced);

        using var response = await UpsertAsync(client, Ws, new { userId = "u1", email = "traced@example.com" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var trace = await RequestTraceAsync("POST");
        Assert.That(trace.Select(s => s.Source.Name), Does.Contain("Npgsql"), "the upsert's database commands are spans of its trace");
        Assert.That(trace, Has.All.Matches<Activity>(s => (string?)s.GetTagItem(WorkspaceSpans.Tag) == Ws), "every span names the workspace");
    }

    [Test]
    public async Task The_problem_traceId_is_the_trace_id_of_the_request_span()
    {
        await CreateWorkspaceAsync(Ws);
        using var client = Client(await CreateTokenAsync(Ws), _traced);

        using var response = await client.GetAsync($"/v1/workspaces/{Ws}/people/nobody");
        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);

        var server = (await RequestTraceAsync("GET")).Single(s => s.Kind == ActivityKind.Server);
        Assert.That(problem["traceId"]!.GetValue<string>(), Is.EqualTo(server.TraceId.ToHexString()));
    }

    // The exporter adds from whichever thread ends a span.
    private sealed class LockedList : System.Collections.ObjectModel.Collection<Activity>
    {
        protected override void InsertItem(int index, Activity item)
        {
            lock (this)
            {
                base.InsertItem(index, item);
            }
        }
    }

    // The spans of the one request with this method, once its server span has ended (it ends after the response is sent).
    private async Task<List<Activity>> RequestTraceAsync(string method)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            lock (_spans)
            {
                if (_spans.SingleOrDefault(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.request.method") == method) is { } server)
                {
                    return [.. _spans.Where(s => s.TraceId == server.TraceId)];
                }
            }

            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the request's server span never ended");
            await Task.Delay(50);
        }
    }
}
