using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Fuzz;

// Contract §4: malformed JSON, wrong types, invalid UTF-8, lone surrogates, NUL anywhere in a body, path or query →
// 400, never stored altered, never a 5xx. A seeded run of generated requests over every route, sent byte for byte to a
// real Kestrel server (TestServer would skip Kestrel's own parsing). Rounds of valid requests (which may change
// things) alternate with rounds of hostile ones, and the database is dumped around each hostile round: it must not
// change. Rerun a failure with WORKSPACES_FUZZ_SEED=<seed>; WORKSPACES_FUZZ_REQUESTS sets the count.
public sealed class HostileInputFuzzTests : ApiTest
{
    private const int ValidPerRound = 10;
    private const int HostilePerRound = 40;

    [Test]
    [CancelAfter(180_000)]
    public async Task Generated_requests_on_every_route_never_get_a_5xx_and_refused_ones_change_nothing(CancellationToken cancellationToken)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WORKSPACES_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        var total = int.TryParse(Environment.GetEnvironmentVariable("WORKSPACES_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        TestContext.Progress.WriteLine($"fuzz: seed {seed}, {total} requests (rerun with WORKSPACES_FUZZ_SEED={seed})");

        await using var api = new ApiFactory(settings: new Dictionary<string, string>
        {
            ["RateLimit:PermitsPerSecond"] = "1000000",
            ["RateLimit:Burst"] = "1000000",
        });
        api.UseKestrel(0);
        api.StartServer();
        var address = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var server = new IPEndPoint(IPAddress.Loopback, address.Port);

        await CreateWorkspaceAsync(FuzzState.Ws, api);
        var state = new FuzzState(AdminToken(api), await CreateTokenAsync(FuzzState.Ws), await CreateTokenAsync(FuzzState.Ws, "people:read"));
        var requests = new FuzzRequests(new Random(seed), state);

        var failures = new List<string>();
        var byStatus = new SortedDictionary<int, int>();
        var byClass = new SortedDictionary<string, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        while (sent < total && failures.Count < 20)
        {
            for (var i = 0; i < ValidPerRound && sent < total; i++, sent++)
            {
                var request = requests.Valid();
                var response = await SendAsync(server, request, sent, failures, byStatus, byClass, cancellationToken);
                state.Learn(request, response);
            }

            var before = await DumpAsync();
            var round = new List<string>();
            for (var i = 0; i < HostilePerRound && sent < total; i++, sent++)
            {
                var request = requests.Hostile();
                round.Add(request.ToString());
                await SendAsync(server, request, sent, failures, byStatus, byClass, cancellationToken);
            }

            if (await DumpAsync() is var after && after != before)
            {
                failures.Add($"refused requests #{sent - round.Count}-#{sent - 1} changed the database:\n  {string.Join("\n  ", round)}\nbefore:\n{before}\nafter:\n{after}");
            }
        }

        var fiveXx = byStatus.Where(p => p.Key >= 500).Sum(p => p.Value);
        TestContext.Progress.WriteLine(
            $"fuzz: seed {seed}: {sent} requests in {clock.Elapsed.TotalSeconds:F1} s; 5xx: {fiveXx}; by status: {string.Join(", ", byStatus.Select(p => $"{p.Key}={p.Value}"))}");
        TestContext.Progress.WriteLine($"fuzz: by class: {string.Join(", ", byClass.Select(p => $"{p.Key}={p.Value}"))}");
        Assert.That(failures, Is.Empty, $"seed {seed} (WORKSPACES_FUZZ_SEED={seed} reruns it):\n{string.Join("\n\n", failures)}");
        Assert.That(sent, Is.EqualTo(total));
    }

    private static async Task<RawResponse> SendAsync(
        IPEndPoint server, FuzzRequest request, int index, List<string> failures, SortedDictionary<int, int> byStatus,
        SortedDictionary<string, int> byClass, CancellationToken cancellationToken)
    {
        var response = await RawHttp.SendAsync(server, request.ToBytes(), cancellationToken);
        byStatus[response.Status] = byStatus.GetValueOrDefault(response.Status) + 1;
        byClass[request.Class] = byClass.GetValueOrDefault(request.Class) + 1;
        if (Violation(request, response) is { } violation)
        {
            failures.Add($"#{index} {request}\n  → {response.Status} {response.ContentType} {Clip(response.BodyText)}\n  {violation}");
        }

        foreach (var difference in await DocumentDifferencesAsync(request, response))
        {
            failures.Add($"#{index} {request}\n  → {response.Status} {response.ContentType} {Clip(response.BodyText)}\n  {difference}");
        }

        return response;
    }

    // Every answer the application wrote must be one the OpenAPI document lists (Kestrel's own empty refusals are not
    // the application's); a valid request it accepted must be one the document allows.
    private static async Task<List<string>> DocumentDifferencesAsync(FuzzRequest request, RawResponse response)
    {
        var target = Encoding.Latin1.GetString(request.Target);
        var query = target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[q..] : string.Empty;
        var path = target[..(target.Length - query.Length)];
        if (!OpenApiContract.Describes(path) || (request.Expect == Expect.RefusedByKestrel && response.Body.Length == 0))
        {
            return [];
        }

        var contentType = request.Headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var sent = new SentRequest(
            request.Method, path, query, contentType is null ? null : Encoding.Latin1.GetString(contentType).Split(';')[0].Trim(),
            request.Body is null ? null : Encoding.UTF8.GetString(request.Body));
        var received = new ReceivedResponse(
            response.Status, response.ContentType?.Split(';')[0].Trim(), name => response.Headers.ContainsKey(name.ToLowerInvariant()), response.BodyText);
        return (await OpenApiContract.ServedAsync()).CheckExchange(sent, received);
    }

    private static string? Violation(FuzzRequest request, RawResponse response)
    {
        if (response.Status >= 500)
        {
            return "a 5xx";
        }

        if (request.Expect != Expect.Anything && response.Status is < 400 or >= 500)
        {
            return "a hostile request was not refused";
        }

        if (response.Status < 400 || (request.Expect == Expect.RefusedByKestrel && response.Body.Length == 0))
        {
            return null;
        }

        if (response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
        {
            return "a 4xx that is not application/problem+json";
        }

        try
        {
            var problem = JsonNode.Parse(response.Body)!.AsObject();
            return problem["status"]?.GetValue<int>() == response.Status && problem["title"] is not null && problem["type"] is not null
                ? null
                : "a problem without type, title and the response's status";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return $"a problem body that does not parse: {e.Message}";
        }
    }

    // Every control-plane row and every person, company and membership (traits included) of every workspace, in a stable order.
    private static async Task<string> DumpAsync()
    {
        var tables = new List<(string Table, string OrderBy)> { ("control.workspaces", "\"Id\""), ("control.tokens", "\"Id\""), ("control.changes", "\"Seq\"") };
        foreach (var schema in await Database.WorkspaceSchemasAsync())
        {
            tables.AddRange([($"\"{schema}\".people", "\"Seq\""), ($"\"{schema}\".companies", "\"Seq\""), ($"\"{schema}\".memberships", "\"Seq\"")]);
        }

        var dump = new List<string>();
        foreach (var (table, orderBy) in tables)
        {
            dump.Add($"{table} {await Database.RowsAsync(table, orderBy)}");
        }

        return string.Join('\n', dump);
    }

    private static string Clip(string text) => text.Length > 400 ? text[..400] + "..." : text;
}
