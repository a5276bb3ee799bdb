using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.OpenApi;

// Contract §4: the served document passes Redocly's recommended lint, and a client generated from it by an established
// generator compiles under tsc --strict without edits and runs the README's flow against a live server.
public sealed class OpenApiToolsTests : ApiTest
{
    [Test]
    public async Task The_served_document_passes_the_recommended_lint_with_no_errors_or_warnings()
    {
        var document = Path.Combine(Path.GetTempPath(), $"workspaces-openapi-{Guid.NewGuid():N}.json");
        using (var client = Api.CreateClient())
        {
            await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));
        }

        var lint = await ContractTools.RunAsync("redocly", "lint", document, "--config", "redocly.yaml", "--format", "json");
        File.Delete(document);

        var totals = JsonNode.Parse(lint.Output)!["totals"]!;
        Assert.Multiple(() =>
        {
            Assert.That(totals["errors"]!.GetValue<int>(), Is.Zero, lint.ToString());
            Assert.That(totals["warnings"]!.GetValue<int>(), Is.Zero, lint.ToString());
            Assert.That(lint.ExitCode, Is.Zero, lint.ToString());
        });
    }

    [Test]
    public async Task A_typescript_client_generated_from_the_document_compiles_strictly_and_runs_the_readme_flow()
    {
        await using var api = new ApiFactory();
        api.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        api.StartServer();
        var baseUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var generated = await ContractTools.RunAsync("openapi-typescript", $"{baseUrl}/openapi/v1.json", "-o", "generated/api.d.ts");
        Assert.That(generated.ExitCode, Is.Zero, generated.ToString());
        var compiled = await ContractTools.RunAsync("tsc", "-p", ".");
        Assert.That(compiled.ExitCode, Is.Zero, compiled.ToString());
        var flow = await ContractTools.RunProcessAsync("node", "dist/flow.js", baseUrl, AdminToken(api), "ts-flow");

        Assert.That(flow.ExitCode, Is.Zero, flow.ToString());
        Assert.That(JsonNode.Parse(flow.Output)!["ok"]!.GetValue<bool>(), Is.True, flow.ToString());
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync("ts-flow"))!), Is.EqualTo(2), "the batch's two people stay; the first was deleted");
    }
}
