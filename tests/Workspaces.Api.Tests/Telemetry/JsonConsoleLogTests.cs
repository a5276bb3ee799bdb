using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Workspaces.Api.Telemetry;

namespace Workspaces.Api.Tests.Telemetry;

// Logging:Console:FormatterName=json makes standard output one JSON object per line: the real API (its built
// Workspaces.Api.dll) runs as a child process and its request line is read back from its console.
public sealed class JsonConsoleLogTests : ApiTest
{
    [Test]
    public async Task The_console_writes_one_JSON_object_per_line_when_configured()
    {
        var port = Testing.Ports.Free();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Workspaces.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = Testing.TestEngine.Provider;
        start.Environment["ConnectionStrings__Workspaces"] = Testing.ApiFactory.ConnectionString;
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["Logging__LogLevel__Default"] = "Information";

        using var api = Process.Start(start)!;
        var lines = new List<string>();
        var reading = ReadLinesAsync(api.StandardOutput, lines);
        var errors = api.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilLiveAsync(http, api);
            using var response = await http.GetAsync("/v1/workspaces/json-logged/people/nobody");
            var traceId = (await AssertProblemAsync(response, HttpStatusCode.Unauthorized))["traceId"]!.GetValue<string>();

            var request = await WaitForAsync(lines, l => l.Contains(traceId, StringComparison.Ordinal));
            var entry = JsonNode.Parse(request)!.AsObject();
            var state = entry["State"]!.AsObject();
            Assert.Multiple(() =>
            {
                Assert.That(entry["Category"]!.GetValue<string>(), Is.EqualTo(RequestLog.Category));
                Assert.That(entry["LogLevel"]!.GetValue<string>(), Is.EqualTo("Information"));
                Assert.That(state["Method"]!.GetValue<string>(), Is.EqualTo("GET"));
                Assert.That(state["Route"]!.GetValue<string>(), Is.EqualTo("/v{version:apiVersion}/workspaces/{workspaceId}/people/{id}"));
                Assert.That(state["StatusCode"]!.GetValue<int>(), Is.EqualTo(401));
                Assert.That(state["WorkspaceId"]!.GetValue<string>(), Is.EqualTo("json-logged"));
                Assert.That(state["TraceId"]!.GetValue<string>(), Is.EqualTo(traceId));
            });
            lock (lines)
            {
                Assert.That(lines, Is.Not.Empty);
                Assert.That(lines.Where(l => !IsJsonObject(l)), Is.Empty, "every line of standard output is a JSON object");
            }
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            await reading;
            TestContext.Out.WriteLine(await errors);
        }
    }

    private static bool IsJsonObject(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static async Task ReadLinesAsync(StreamReader output, List<string> lines)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static async Task WaitUntilLiveAsync(HttpClient http, Process api)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.That(api.HasExited, Is.False, "the API exited at start-up");
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the API did not start");
            try
            {
                using var live = await http.GetAsync("/health/live");
                if (live.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }
    }

    private static async Task<string> WaitForAsync(List<string> lines, Func<string, bool> match)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            lock (lines)
            {
                if (lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), $"no such line in:\n{string.Join('\n', lines)}");
            }

            await Task.Delay(50);
        }
    }
}
