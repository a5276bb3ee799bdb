using System.Collections.Concurrent;

namespace Workspaces.Api.Tests.Testing;

// Sits in every test client (ApiTest.Client): checks each exchange against the served OpenAPI document and records what
// differs for the test that made the client, which ApiTest fails in its TearDown.
public sealed class ConformanceHandler(string testId) : DelegatingHandler
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Violations = new();

    // The document to check against: the served one, unless a test swaps in an altered copy to prove differences are caught.
    public OpenApiContract? Contract { get; init; }

    public static IReadOnlyCollection<string> TakeViolations(string testId) =>
        Violations.TryRemove(testId, out var found) ? found : [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        if (!OpenApiContract.Describes(uri.AbsolutePath))
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var contract = Contract ?? await OpenApiContract.ServedAsync();
        var found = contract.CheckExchange(
            new(request.Method.Method, uri.AbsolutePath, uri.Query, request.Content?.Headers.ContentType?.MediaType, requestBody),
            new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                name => response.Headers.Contains(name) || response.Content.Headers.Contains(name), await response.Content.ReadAsStringAsync(cancellationToken)));
        foreach (var violation in found)
        {
            Violations.GetOrAdd(testId, _ => new()).Enqueue(violation);
        }

        return response;
    }
}
