using Workspaces.Api.Tests.Testing;
using static Workspaces.Api.Tests.Companies.CompanyRoutes;

namespace Workspaces.Api.Tests.Companies;

// The CLI reads a workspace's companies from its schema: `company list --workspace <id>`.
public sealed class CompanyCliTests : WorkspaceTest
{
    [Test]
    public async Task Company_list_prints_each_company_oldest_first_with_its_companyId_and_memberCount()
    {
        var first = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "acme-42" }));
        await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "acme-42" }, new { companyId = "Globex" } } });
        await UpsertPersonAsync(WsClient, Ws, new { userId = "bob", companies = new[] { new { companyId = "acme-42" } } });
        var second = (await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=Globex"))["data"]![0]!["id"]!.GetValue<string>();

        var output = await Cli.RunAsync("company", "list", "--workspace", Ws);

        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { $"{first}\tacme-42\t2", $"{second}\tGlobex\t1" }));
    }

    [Test]
    public async Task Company_list_of_an_unknown_workspace_fails_and_says_so()
    {
        var error = await Cli.RunFailingAsync("company", "list", "--workspace", "no-such-workspace");

        Assert.That(error, Does.Contain("No workspace 'no-such-workspace'"));
    }
}
