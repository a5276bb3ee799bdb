using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.OpenApi;

// Contract §4: what the served document must say beyond being valid — scopes, parameters, descriptions, which request
// members are required, servers from configuration.
public sealed partial class OpenApiDocumentTests : ApiTest
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Test]
    public async Task Every_operation_has_a_summary_a_description_and_the_bearer_scheme_with_its_scope()
    {
        var document = await DocumentAsync();

        Assert.That(document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
        Assert.Multiple(() =>
        {
            foreach (var (path, method, operation) in Operations(document))
            {
                var scope = path.StartsWith("/v1/admin/", StringComparison.Ordinal) ? "workspaces:admin" : method == "get" ? "people:read" : "people:write";
                Assert.That(operation["summary"]?.GetValue<string>(), Is.Not.Empty, $"{method} {path} summary");
                Assert.That(operation["description"]?.GetValue<string>(), Does.Contain($"scope `{scope}`"), $"{method} {path} description");
                Assert.That(operation["security"]?.ToJsonString(), Is.EqualTo($$"""[{"bearer":["{{scope}}"]}]"""), $"{method} {path} security");
            }
        });
    }

    [Test]
    public async Task Every_path_parameter_is_declared_and_every_parameter_and_schema_member_is_described()
    {
        var document = await DocumentAsync();

        Assert.Multiple(() =>
        {
            foreach (var (path, method, operation) in Operations(document))
            {
                var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                foreach (var name in PathParameter().Matches(path).Select(m => m.Groups[1].Value))
                {
                    Assert.That(parameters.Any(p => (string?)p["name"] == name && (string?)p["in"] == "path"), $"{method} {path} declares {{{name}}}");
                }

                Assert.That(parameters.Where(p => string.IsNullOrEmpty((string?)p["description"])).Select(p => (string?)p["name"]), Is.Empty, $"{method} {path}");
            }

            foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
            {
                Assert.That((string?)schema!["description"], Is.Not.Empty, name);
                foreach (var (member, memberSchema) in schema["properties"]?.AsObject() ?? [])
                {
                    Assert.That((string?)memberSchema!["description"], Is.Not.Empty, $"{name}.{member}");
                }
            }
        });
    }

    [TestCase("UpsertPersonRequest", new string[0])]
    [TestCase("BatchUpsertRequest", new[] { "people" })]
    [TestCase("UpsertCompanyRequest", new[] { "companyId" })]
    [TestCase("CompanyEntryRequest", new[] { "companyId" })]
    [TestCase("PutMemberRequest", new string[0])]
    [TestCase("CreateWorkspaceRequest", new[] { "name" })]
    [TestCase("UpdateWorkspaceRequest", new string[0])]
    [TestCase("CreateTokenRequest", new[] { "name", "scopes" })]
    public async Task Only_the_members_a_request_must_have_are_required(string schema, string[] required)
    {
        var document = await DocumentAsync();

        var found = document["components"]!["schemas"]![schema]!["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [];

        Assert.That(found, Is.EquivalentTo(required));
    }

    [Test]
    public async Task Servers_come_from_configuration_never_from_the_request_host()
    {
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Host = "attacker.example:8443";
        var configured = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        await using var unconfigured = new ApiFactory(settings: new Dictionary<string, string> { ["OpenApi:ServerUrl"] = "" });
        using var other = unconfigured.CreateClient();
        other.DefaultRequestHeaders.Host = "attacker.example:8443";
        var absent = JsonNode.Parse(await other.GetStringAsync("/openapi/v1.json"))!;

        Assert.That(configured["servers"]!.ToJsonString(), Is.EqualTo("""[{"url":"http://127.0.0.1:5080"}]"""), "appsettings.Development.json's OpenApi:ServerUrl");
        Assert.That(absent["servers"]?.AsArray() ?? [], Is.Empty);
    }

    [Test]
    public async Task Health_endpoints_stay_out_of_the_v1_document()
    {
        var document = await DocumentAsync();

        Assert.That(document["paths"]!.AsObject().Select(p => p.Key), Has.All.StartsWith("/v1/"));
    }

    private static async Task<JsonObject> DocumentAsync()
    {
        using var client = Api.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select (path.Key, method.Key, method.Value!.AsObject());

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();
}
