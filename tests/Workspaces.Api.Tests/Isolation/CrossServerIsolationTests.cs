using System.Net;
using Workspaces.Api.Tests.Servers;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Isolation;

// Contract §1 across database servers: a workspace on one server and a workspace on another are isolated as two on one
// server are; a token of one can reach nothing of the other, and each schema exists only on its own server.
public sealed class CrossServerIsolationTests : ServersTest
{
    private const string A = "c0ffee1a";
    private const string B = "c0ffee1b";

    [Test]
    public async Task Workspaces_on_different_servers_see_only_their_own_people()
    {
        using var a = await WorkspaceOnAsync(A, "default");
        using var b = await WorkspaceOnAsync(B, SecondServer.Name);
        using var createdA = await UpsertAsync(a, A, new { userId = "same", email = "same@example.com", traits = new { side = "a" } });
        using var createdB = await UpsertAsync(b, B, new { userId = "same", email = "same@example.com", traits = new { side = "b" } });
        var idA = (await BodyAsync(createdA))["id"]!.GetValue<string>();
        var idB = (await BodyAsync(createdB))["id"]!.GetValue<string>();

        Assert.That(createdB.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the same keys on the other server are another person");
        Assert.That(idB, Is.Not.EqualTo(idA));
        using (var aReadsB = await a.GetAsync($"/v1/workspaces/{B}/people/{idB}"))
        {
            await AssertProblemAsync(aReadsB, HttpStatusCode.Forbidden);
        }

        using (var bWritesA = await UpsertAsync(b, A, new { userId = "intruder" }))
        {
            await AssertProblemAsync(bWritesA, HttpStatusCode.Forbidden);
        }

        using (var bLooksForA = await b.GetAsync($"/v1/workspaces/{B}/people/{idA}"))
        {
            await AssertProblemAsync(bLooksForA, HttpStatusCode.NotFound);
        }

        var (schemaA, schemaB) = ((await Database.SchemaOfAsync(A))!, (await Database.SchemaOfAsync(B))!);
        Assert.That(await Database.WorkspaceSchemasAsync(), Is.EqualTo(new[] { schemaA }), "only A's schema on the control plane's server");
        Assert.That(await SecondServer.HasSchemaAsync(schemaB), Is.True);
        Assert.That(await SecondServer.HasSchemaAsync(schemaA), Is.False);
        Assert.That(await Database.CountPeopleAsync(schemaA, "\"Traits\"::text LIKE '%\"a\"%'"), Is.EqualTo(1));
        Assert.That(await SecondServer.ScalarAsync<long>($"SELECT count(*) FROM \"{schemaB}\".people WHERE \"Traits\"::text LIKE '%\"b\"%'"), Is.EqualTo(1));
    }
}
