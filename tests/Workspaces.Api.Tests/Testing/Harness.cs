using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests;

// Starts the API once for the whole run (migrating the test database) and resets state before each test.
[SetUpFixture]
public sealed class Harness
{
    public static Testing.ApiFactory Api { get; private set; } = null!;

    [OneTimeSetUp]
    public static async Task StartAsync()
    {
        Api = new Testing.ApiFactory();
        Api.CreateClient().Dispose(); // starts the host: migrations run before it serves
        await Testing.Database.ResetAsync();
    }

    [OneTimeTearDown]
    public static async Task StopAsync()
    {
        TestContext.Progress.WriteLine(
            $"OpenAPI conformance: {Testing.OpenApiContract.ResponsesChecked} responses and {Testing.OpenApiContract.RequestsChecked} accepted requests checked against /openapi/v1.json");
        await Testing.Database.ResetAsync();
        await Api.DisposeAsync();
    }
}

public abstract class ApiTest
{
    protected static Testing.ApiFactory Api => Harness.Api;

    [SetUp]
    public async Task ResetStateAsync()
    {
        await Testing.Database.ResetAsync();
        // Cached workspaces and tokens must not outlive the rows they describe.
        ((MemoryCache)Api.Services.GetRequiredService<IMemoryCache>()).Clear();
    }

    [TearDown]
    public void AssertExchangesMatchDocument() =>
        Assert.That(Testing.ConformanceHandler.TakeViolations(TestContext.CurrentContext.Test.ID), Is.Empty, "responses or accepted requests that differ from /openapi/v1.json");

    // Every exchange is checked against the OpenAPI document; what differs fails the test (AssertExchangesMatchDocument).
    protected static HttpClient Client(string? token = null, Testing.ApiFactory? api = null)
    {
        var client = (api ?? Api).CreateDefaultClient(new Testing.ConformanceHandler(TestContext.CurrentContext.Test.ID));
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected static string AdminToken(Testing.ApiFactory? api = null) =>
        (api ?? Api).Services.GetRequiredService<TokenMinter>().MintAdminToken(TimeSpan.FromMinutes(10));

    protected static async Task<string> CreateWorkspaceAsync(string id, Testing.ApiFactory? api = null)
    {
        using var admin = Client(AdminToken(api), api);
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { id, name = $"Workspace {id}" });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return id;
    }

    protected static async Task<string> CreateTokenAsync(string workspaceId, params string[] scopes)
    {
        using var admin = Client(AdminToken());
        using var response = await admin.PostAsJsonAsync(
            $"/v1/admin/workspaces/{workspaceId}/tokens",
            new { name = "test", scopes = scopes.Length > 0 ? scopes : [Scopes.PeopleRead, Scopes.PeopleWrite] });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    /// <returns>A client holding a read+write token for a new workspace.</returns>
    protected static async Task<HttpClient> WorkspaceClientAsync(string workspaceId)
    {
        await CreateWorkspaceAsync(workspaceId);
        return Client(await CreateTokenAsync(workspaceId));
    }

    protected static Task<HttpResponseMessage> UpsertAsync(HttpClient client, string workspaceId, object body, string query = "") =>
        client.PostAsJsonAsync($"/v1/workspaces/{workspaceId}/people/upsert{query}", body);

    // Contract: a change made on one instance reaches every other instance within 5 seconds.
    protected static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(5);

    // Repeats an upsert through `client` until it is answered `expected`, within PropagationBound of `since`;
    // until then only 200 (or `meanwhile`) is allowed.
    protected static async Task AssertUpsertAnsweredWithinBoundAsync(
        HttpClient client, string workspaceId, HttpStatusCode expected, Stopwatch since, HttpStatusCode meanwhile = HttpStatusCode.OK)
    {
        HttpStatusCode last;
        do
        {
            using var response = await UpsertAsync(client, workspaceId, new { userId = "u1" });
            last = response.StatusCode;
            if (last == expected)
            {
                break;
            }

            Assert.That(last, Is.AnyOf(HttpStatusCode.OK, meanwhile), "until the change arrives the workspace is served as before");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        while (since.Elapsed < PropagationBound);

        Assert.That(last, Is.EqualTo(expected), $"the other instance still served the request {since.Elapsed} after the change");
        Assert.That(since.Elapsed, Is.LessThanOrEqualTo(PropagationBound));
    }

    protected static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <returns>The problem, read once (a test server's response body can be read only once).</returns>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo((int)status));
        Assert.That(problem["title"], Is.Not.Null);
        return problem;
    }

    protected static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]?.AsObject().ContainsKey(field), Is.True, $"errors.{field}");
    }
}

// A test with one workspace ("acme"), a read+write client for it and the name of its schema.
public abstract class WorkspaceTest : ApiTest
{
    protected const string Ws = "acme";

    protected HttpClient WsClient { get; private set; } = null!;

    protected string Schema { get; private set; } = null!;

    [SetUp]
    public async Task CreateAcmeAsync()
    {
        WsClient = await WorkspaceClientAsync(Ws);
        Schema = (await Testing.Database.SchemaOfAsync(Ws))!;
    }

    [TearDown]
    public void DisposeWsClient() => WsClient.Dispose();
}
