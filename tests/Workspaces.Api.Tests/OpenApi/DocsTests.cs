using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.OpenApi;

// The repository stands alone: its docs link nothing outside it, and the API reference covers every documented route.
public sealed partial class DocsTests : ApiTest
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(ContractTools.Folder, "..", ".."));

    [Test]
    public async Task The_api_reference_names_every_operation_of_the_openapi_document()
    {
        using var client = Api.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var reference = await File.ReadAllTextAsync(Path.Combine(Root, "docs", "api.md"));

        var missing = from path in document["paths"]!.AsObject()
                      from method in path.Value!.AsObject()
                      let route = $"{method.Key.ToUpperInvariant()} {path.Key}"
                      where !reference.Contains(route, StringComparison.Ordinal)
                      select route;

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void The_readme_and_docs_link_only_files_inside_the_repository()
    {
        var markdown = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md"));

        var outside = from file in markdown
                      from link in Link().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)
                      where !link.StartsWith('#')
                      let target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, link.Split('#')[0]))
                      where link.Contains("://", StringComparison.Ordinal) || !target.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                          || !(File.Exists(target) || Directory.Exists(target))
                      select $"{Path.GetFileName(file)}: {link}";

        Assert.That(outside, Is.Empty);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
