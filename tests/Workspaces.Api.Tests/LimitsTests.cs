using System.Net;
using System.Net.Http.Json;
using System.Text;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests;

// Contract §4: body size, content type, unknown routes and versions, wrong methods and the per-token rate limit
// all answer with an application/problem+json body and write nothing.
public sealed class LimitsTests : ApiTest
{
    private const string Ws = "acme";
    private const string UpsertPath = $"/v1/workspaces/{Ws}/people/upsert";
    private const string ProblemJson = "application/problem+json";

    [Test]
    public async Task Upsert_body_over_1_MiB_is_413_problem_and_writes_nothing()
    {
        using var client = await WorkspaceClientAsync(Ws);
        var padding = new string('x', 1024 * 1024);
        using var content = new StringContent($$$"""{"userId":"big","traits":{"padding":"{{{padding}}}"}}""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(UpsertPath, content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Ws))!), Is.Zero);
    }

    [Test]
    public async Task Wrong_content_type_is_415_problem_and_writes_nothing()
    {
        using var client = await WorkspaceClientAsync(Ws);
        using var content = new StringContent("""{"userId":"u1"}""", Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync(UpsertPath, content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Ws))!), Is.Zero);
    }

    [Test]
    public async Task Unknown_route_is_404_problem()
    {
        using var client = Client(AdminToken());

        using var response = await client.GetAsync("/v1/nope");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Unsupported_api_version_is_a_400_or_404_problem_and_writes_nothing()
    {
        using var client = await WorkspaceClientAsync(Ws);

        using var response = await client.PostAsJsonAsync($"/v2/workspaces/{Ws}/people/upsert", new { userId = "u1" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest).Or.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(ProblemJson));
        Assert.That((await BodyAsync(response))["status"]!.GetValue<int>(), Is.EqualTo((int)response.StatusCode));
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Ws))!), Is.Zero);
    }

    [Test]
    public async Task Method_not_allowed_is_405_problem()
    {
        using var client = await WorkspaceClientAsync(Ws);
        using var content = JsonContent.Create(new { userId = "u1" });

        using var response = await client.PutAsync(UpsertPath, content);

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Ws))!), Is.Zero);
    }

    [Test]
    public async Task Rate_limit_is_per_token_429_with_Retry_After()
    {
        await CreateWorkspaceAsync(Ws);
        var busy = await CreateTokenAsync(Ws);
        var quiet = await CreateTokenAsync(Ws);
        await using var limited = new ApiFactory(settings: new Dictionary<string, string>
        {
            ["RateLimit:PermitsPerSecond"] = "1",
            ["RateLimit:Burst"] = "2",
        });
        using var busyClient = Client(busy, limited);
        using var quietClient = Client(quiet, limited);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        try
        {
            for (var i = 0; i < 6 && rejected is null; i++)
            {
                var response = await UpsertAsync(busyClient, Ws, new { userId = $"u{i}" });
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    rejected = response;
                }
                else
                {
                    response.Dispose();
                }
            }

            Assert.That(rejected, Is.Not.Null, $"no 429 among {string.Join(", ", statuses)}");
            Assert.That(rejected!.Headers.RetryAfter, Is.Not.Null, "Retry-After");
            Assert.That(rejected.Headers.RetryAfter!.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
            await AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
        }
        finally
        {
            rejected?.Dispose();
        }

        using var other = await UpsertAsync(quietClient, Ws, new { userId = "quiet" });
        Assert.That(other.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "another token has its own bucket");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());
    }
}
