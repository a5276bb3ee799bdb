using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Workspaces.Api.Tests.Testing;

// Sits in every test client (ApiTest.Client): checks each exchange against the served OpenAPI document and records what
// differs for the test that made the client, which ApiTest fails in its TearDown. The document is fetched once.
public sealed class ConformanceHandler(string testId) : DelegatingHandler
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Violations = new();
    private static Task<OpenApiContract>? _contract;
    private static int _responses;
    private static int _requests;

    public static int ResponsesChecked => _responses;

    public static int RequestsChecked => _requests;

    // The document to check against: the served one, unless a test swaps in an altered copy to prove differences are caught.
    public OpenApiContract? Contract { get; init; }

    public static IReadOnlyCollection<string> TakeViolations(string testId) =>
        Violations.TryRemove(testId, out var found) ? found : [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (path.StartsWith("/health/", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal))
        {
            return response; // served beside the API, not part of the v1 document
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var contract = Contract ?? await LoadAsync();
        var method = request.Method.Method;
        var found = contract.CheckResponse(
            method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            name => response.Headers.Contains(name) || response.Content.Headers.Contains(name), body);
        Interlocked.Increment(ref _responses);

        if (response.IsSuccessStatusCode && !HasInvalidBatchItem(method, path, body))
        {
            found.AddRange(contract.CheckRequest(method, path, request.RequestUri.Query, request.Content?.Headers.ContentType?.MediaType, requestBody));
            Interlocked.Increment(ref _requests);
        }

        foreach (var violation in found)
        {
            Violations.GetOrAdd(testId, _ => new()).Enqueue(violation);
        }

        return response;
    }

    // A batch answers 200 even when items were refused as invalid (each gets its own 400): such a request was not sent as
    // valid, so only its response is checked.
    private static bool HasInvalidBatchItem(string method, string path, string body) =>
        method == "POST" && path.EndsWith("/people/batch", StringComparison.Ordinal)
        && JsonNode.Parse(body)?["results"]?.AsArray().Any(r => r?["status"]?.GetValue<int>() == 400) == true;

    private static Task<OpenApiContract> LoadAsync()
    {
        return LazyInitializer.EnsureInitialized(ref _contract, async () =>
        {
            using var client = Harness.Api.CreateClient();
            return await OpenApiContract.LoadAsync(client);
        });
    }
}
