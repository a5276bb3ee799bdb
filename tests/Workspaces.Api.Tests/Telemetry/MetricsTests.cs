using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Workspaces.Api.Telemetry;

namespace Workspaces.Api.Tests.Telemetry;

// /metrics on an instance with Telemetry:Prometheus:Enabled, labelling at most two workspaces by name.
public sealed class MetricsTests : ApiTest
{
    private Testing.ApiFactory _api = null!;

    [SetUp]
    public void StartMeteredInstance() => _api = new Testing.ApiFactory(settings: new Dictionary<string, string>
    {
        ["Telemetry:Prometheus:Enabled"] = "true",
        ["Telemetry:WorkspaceLabels"] = "2",
    });

    [TearDown]
    public async Task StopMeteredInstanceAsync() => await _api.DisposeAsync();

    [Test]
    public async Task Metrics_are_for_admin_tokens_only()
    {
        await CreateWorkspaceAsync("met-1");
        using var anonymous = Client(api: _api);
        using var workspace = Client(await CreateTokenAsync("met-1"), _api);

        using var refused = await anonymous.GetAsync(TelemetrySetup.MetricsPath);
        using var forbidden = await workspace.GetAsync(TelemetrySetup.MetricsPath);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_scrape_holds_every_instrument_and_promtool_accepts_it()
    {
        var clients = new List<HttpClient>();
        foreach (var ws in new[] { "met-1", "met-2", "met-3" })
        {
            await CreateWorkspaceAsync(ws);
            var client = Client(await CreateTokenAsync(ws), _api);
            clients.Add(client);
            using var created = await UpsertAsync(client, ws, new { userId = "u1" });
            using var updated = await UpsertAsync(client, ws, new { userId = "u1", traits = new { plan = "pro" } });
            using var invalid = await UpsertAsync(client, ws, new { });
        }

        using var conflicting = await UpsertAsync(clients[0], "met-1", new { userId = "u2", email = "a@example.com" });
        using var conflict = await UpsertAsync(clients[0], "met-1", new { userId = "u1", email = "a@example.com" });
        Assert.That(conflict.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        clients.ForEach(c => c.Dispose());

        var text = await ScrapeUntilAsync("outcome=\"conflict\"");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Match(Series("http_server_request_duration_seconds_count", "http_response_status_code=\"201\"", "http_route=\"/v{version:apiVersion}/workspaces/{workspaceId}/people/upsert\"")));
            Assert.That(text, Does.Match(Series("workspaces_upserts_total", "entity=\"person\"", "outcome=\"created\"")));
            Assert.That(text, Does.Match(Series("workspaces_upserts_total", "entity=\"person\"", "outcome=\"updated\"")));
            Assert.That(text, Does.Match(Series("workspaces_upserts_total", "entity=\"person\"", "outcome=\"invalid\"")));
            Assert.That(text, Does.Match(Series("workspaces_control_plane_cache_lookups_total", "cache=\"workspace\"", "result=\"hit\"")));
            Assert.That(text, Does.Match(Series("workspaces_control_plane_cache_lookups_total", "cache=\"token\"", "result=\"miss\"")));
            Assert.That(text, Does.Contain("workspaces_control_plane_change_poll_lag_seconds"));
            Assert.That(text, Does.Match(Series("db_client_connections", "db_client_connection_pool_name=\"people-0\"", "db_client_connection_state=\"used\"")), "Npgsql's pool use");
            Assert.That(text, Does.Match(Series("workspaces_workspace_requests_total", "workspace=\"met-1\"")));
            Assert.That(text, Does.Match(Series("workspaces_workspace_requests_total", "workspace=\"met-2\"")));
            Assert.That(text, Does.Match(Series("workspaces_workspace_requests_total", "workspace=\"other\"")), "the third workspace is past the limit of two");
            Assert.That(text, Does.Not.Contain("workspace=\"met-3\""));
        });

        var (exitCode, output) = await PromtoolCheckAsync(text);
        Assert.That(exitCode, Is.Zero, $"promtool check metrics:\n{output}");
    }

    [Test]
    public async Task An_upsert_that_changes_nothing_is_counted_as_unchanged_not_updated()
    {
        await CreateWorkspaceAsync("met-1");
        using var client = Client(await CreateTokenAsync("met-1"), _api);
        object[] upserts =
        [
            new { userId = "u1", traits = new { plan = "free" } }, // created (one key: the engine's statement)
            new { userId = "u1", traits = new { plan = "free" } }, // unchanged
            new { userId = "u1", traits = new { plan = "pro" } }, // updated
            new { userId = "u1", email = "u1@example.com" }, // updated (two keys: decided in C#)
            new { userId = "u1", email = "u1@example.com" }, // unchanged
        ];
        foreach (var upsert in upserts)
        {
            using var response = await UpsertAsync(client, "met-1", upsert);
            Assert.That((int)response.StatusCode, Is.EqualTo(201).Or.EqualTo(200));
        }

        using var batch = await client.PostAsJsonAsync("/v1/workspaces/met-1/people/batch", new
        {
            people = new object[] { new { userId = "u1", email = "u1@example.com" }, new { userId = "u2" } },
        });
        Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var text = await ScrapeUntilAsync("outcome=\"unchanged\"");

        Assert.Multiple(() =>
        {
            Assert.That(Value(text, "workspaces_upserts_total", "entity=\"person\"", "outcome=\"created\""), Is.EqualTo(2));
            Assert.That(Value(text, "workspaces_upserts_total", "entity=\"person\"", "outcome=\"updated\""), Is.EqualTo(2));
            Assert.That(Value(text, "workspaces_upserts_total", "entity=\"person\"", "outcome=\"unchanged\""), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Company_upserts_are_counted_under_entity_company()
    {
        await CreateWorkspaceAsync("met-2");
        using var client = Client(await CreateTokenAsync("met-2"), _api);
        (object Body, string Query)[] upserts =
        [
            (new { companyId = "c1", traits = new { plan = "free" } }, ""), // created
            (new { companyId = "c1", traits = new { plan = "free" } }, ""), // unchanged
            (new { companyId = "c1", traits = new { plan = "pro" } }, ""), // updated
            (new { companyId = "c2" }, "?updateOnly=true"), // not_found
            (new { companyId = " " }, ""), // invalid
        ];
        foreach (var (body, query) in upserts)
        {
            using var response = await client.PostAsJsonAsync($"/v1/workspaces/met-2/companies/upsert{query}", body);
            Assert.That((int)response.StatusCode, Is.AnyOf(200, 201, 400, 404));
        }

        var text = await ScrapeUntilAsync("entity=\"company\"");

        Assert.Multiple(() =>
        {
            foreach (var outcome in new[] { "created", "unchanged", "updated", "not_found", "invalid" })
            {
                Assert.That(Value(text, "workspaces_upserts_total", "entity=\"company\"", $"outcome=\"{outcome}\""), Is.EqualTo(1), outcome);
            }
        });
    }

    private static double Value(string text, string name, params string[] labels)
    {
        var line = System.Text.RegularExpressions.Regex.Match(text, Series(name, labels) + "[^\\n]*").Value;
        Assert.That(line, Is.Not.Empty, $"no {name} with {string.Join(", ", labels)}");
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    // A line of the named series holding every label, in any order.
    private static string Series(string name, params string[] labels) =>
        "(?m)^" + System.Text.RegularExpressions.Regex.Escape(name) + @"\{" +
        string.Concat(labels.Select(l => "(?=[^\\n]*" + System.Text.RegularExpressions.Regex.Escape(l) + ")"));

    private async Task<string> ScrapeUntilAsync(string expected)
    {
        using var admin = Client(AdminToken(_api), _api);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await admin.GetAsync(TelemetrySetup.MetricsPath);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            if (text.Contains(expected, StringComparison.Ordinal) && text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal))
            {
                return text;
            }

            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), $"no {expected} in:\n{text}");
            await Task.Delay(200);
        }
    }

    // Prometheus's own checker (Debian package prometheus; infra/test.sh installs it). Never skipped: without it the test fails.
    private static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string text)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"promtool is not installed (apt-get install prometheus; infra/test.sh does it): {e.Message}");
            throw;
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(text);
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
    }
}
