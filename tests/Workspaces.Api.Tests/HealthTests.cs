using System.Net;
using System.Text.Json.Nodes;

namespace Workspaces.Api.Tests;

public sealed class HealthTests : ApiTest
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_endpoints_answer_200_without_a_token(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task OpenApi_document_describes_the_v1_routes_and_not_health()
    {
        using var client = Client();
        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Does.Contain("/v1/workspaces/{workspaceId}/people/upsert"));
        Assert.That(paths, Does.Contain("/v1/admin/workspaces"));
        Assert.That(paths, Has.None.StartsWith("/health"));
    }

    [Test]
    public async Task Unknown_api_version_is_a_problem_not_an_empty_404()
    {
        using var client = Client();
        using var response = await client.GetAsync("/v2/workspaces/acme/people/prs_x");

        Assert.That((int)response.StatusCode, Is.EqualTo(400).Or.EqualTo(404));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }
}
