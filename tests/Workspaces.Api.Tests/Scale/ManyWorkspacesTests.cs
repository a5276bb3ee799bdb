using System.Net;
using System.Net.Http.Json;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Scale;

// One EF model serves every workspace: past EF's ~100-model cache, each write must still land in its own schema only.
public sealed class ManyWorkspacesTests : ApiTest
{
    private const int Workspaces = 150;

    [Test]
    public async Task Upserts_into_150_workspaces_each_land_only_in_their_own_schema()
    {
        var ids = Enumerable.Range(0, Workspaces).Select(i => $"scale-{i:D3}").ToArray();
        var tokens = new Dictionary<string, string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
        {
            await CreateWorkspaceAsync(id);
            var token = await CreateTokenAsync(id);
            lock (tokens)
            {
                tokens[id] = token;
            }
        });

        // The same userId everywhere, with a marker that says which workspace wrote it.
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, cancellationToken) =>
        {
            using var client = Client(tokens[id]);
            using var response = await client.PostAsJsonAsync($"/v1/workspaces/{id}/people/upsert", new { userId = "same-user", email = $"{id}@example.com" }, cancellationToken);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });

        Assert.That(await Database.WorkspaceSchemasAsync(), Has.Count.EqualTo(Workspaces));
        foreach (var id in ids)
        {
            var schema = (await Database.SchemaOfAsync(id))!;
            Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(1), id);
            Assert.That(await Database.CountPeopleAsync(schema, "\"Email\" = $1", $"{id}@example.com"), Is.EqualTo(1), id);
        }
    }
}
