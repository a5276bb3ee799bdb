using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.OpenApi;

// The check every test client makes (ConformanceHandler) must catch a real difference: here the served document is
// altered the way a drift would alter it, a real exchange is made, and the difference must be reported.
public sealed class OpenApiConformanceTests : WorkspaceTest
{
    private const string Upsert = "/v1/workspaces/{workspaceId}/people/upsert";

    [Test]
    public async Task A_status_the_document_does_not_list_is_reported()
    {
        var found = await UpsertThroughAsync(document => Responses(document).Remove("201"));

        Assert.That(found, Has.Some.Contains("status 201 is not documented"));
    }

    [Test]
    public async Task A_body_that_does_not_match_its_schema_is_reported()
    {
        var found = await UpsertThroughAsync(document =>
            SchemaOf(document, "PersonResponse")["properties"]!["email"] = new JsonObject { ["type"] = "integer" });

        Assert.That(found, Has.Some.Contains("/email type"));
    }

    [Test]
    public async Task A_missing_documented_header_is_reported()
    {
        var found = await UpsertThroughAsync(document =>
            Responses(document)["201"]!["headers"]!["X-Never-Sent"] = new JsonObject { ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });

        Assert.That(found, Has.Some.Contains("the documented header X-Never-Sent is missing"));
    }

    [Test]
    public async Task An_accepted_request_the_document_does_not_allow_is_reported()
    {
        var found = await UpsertThroughAsync(document => SchemaOf(document, "UpsertPersonRequest")["properties"]!.AsObject().Remove("traits"));

        Assert.That(found, Has.Some.Contains("request POST").And.Contains("traits"));
    }

    [Test]
    public async Task A_refused_request_is_not_held_to_the_request_schema()
    {
        var found = await UpsertThroughAsync(document => SchemaOf(document, "UpsertPersonRequest")["properties"]!.AsObject().Remove("traits"), new { traits = new { plan = "pro" } });

        Assert.That(found, Is.Empty, "a 400 for a bad request is checked as a response only");
    }

    [Test]
    public async Task The_served_document_matches_a_created_and_a_refused_upsert()
    {
        var found = await UpsertThroughAsync(_ => { });

        Assert.That(found, Is.Empty);
    }

    // One upsert (a 201 for a new person, unless body says otherwise) through a client checked against the altered document.
    private async Task<IReadOnlyCollection<string>> UpsertThroughAsync(Action<JsonObject> alter, object? body = null)
    {
        using var plain = Api.CreateClient();
        var document = JsonNode.Parse(await plain.GetStringAsync("/openapi/v1.json"))!.AsObject();
        alter(document);
        var testId = $"{TestContext.CurrentContext.Test.ID}/altered";
        using var client = Api.CreateDefaultClient(new ConformanceHandler(testId) { Contract = new OpenApiContract(document) });
        client.DefaultRequestHeaders.Authorization = WsClient.DefaultRequestHeaders.Authorization;

        using var response = await client.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/upsert", body ?? new { userId = "u1", traits = new { plan = "pro" } });

        Assert.That(response.StatusCode, Is.EqualTo(body is null ? HttpStatusCode.Created : HttpStatusCode.BadRequest));
        return ConformanceHandler.TakeViolations(testId);
    }

    private static JsonObject Responses(JsonObject document) => document["paths"]![Upsert]!["post"]!["responses"]!.AsObject();

    private static JsonObject SchemaOf(JsonObject document, string name) => document["components"]!["schemas"]![name]!.AsObject();
}
