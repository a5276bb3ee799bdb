using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Api.Tests.Companies;

// Small helpers the company fixtures share: paths and the calls they make most.
internal static class CompanyRoutes
{
    public static string CompaniesPath(string ws) => $"/v1/workspaces/{ws}/companies";

    public static async Task<JsonObject> UpsertCompanyAsync(HttpClient client, string ws, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync($"{CompaniesPath(ws)}/upsert", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> UpsertPersonAsync(HttpClient client, string ws, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync($"/v1/workspaces/{ws}/people/upsert", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();
}
