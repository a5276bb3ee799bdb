using System.Net;
using System.Net.Http.Json;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Servers;

// Contract §5: each workspace lives on one server, recorded in the control plane and shown to admins; a new one goes to
// the server with the fewest workspaces unless the admin names one; every query of a workspace goes to its server.
public sealed class PlacementTests : ServersTest
{
    [Test]
    public async Task New_workspaces_go_to_the_server_with_the_fewest_workspaces()
    {
        var servers = new List<string>();
        foreach (var id in new[] { "pl-1", "pl-2", "pl-3", "pl-4" })
        {
            servers.Add((await CreateOnAsync(id))["server"]!.GetValue<string>());
        }

        Assert.That(servers, Is.EqualTo(new[] { "default", SecondServer.Name, "default", SecondServer.Name }));
    }

    [Test]
    public async Task A_workspace_named_onto_a_server_has_its_schema_there_and_only_there()
    {
        var created = await CreateOnAsync("on-db2", SecondServer.Name);
        var schema = (await Database.SchemaOfAsync("on-db2"))!;

        Assert.That(created["server"]!.GetValue<string>(), Is.EqualTo(SecondServer.Name));
        Assert.That(await SecondServer.HasSchemaAsync(schema), Is.True, "on db2");
        Assert.That(await Database.WorkspaceSchemasAsync(), Does.Not.Contain(schema), "not on the control plane's server");
    }

    [Test]
    public async Task An_unknown_server_is_refused_with_400_and_nothing_is_created()
    {
        using var admin = Client(AdminToken(TwoServers), TwoServers);
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { id = "nowhere", name = "Nowhere", server = "db9" });

        await AssertValidationProblemAsync(response, "server");
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.workspaces"), Is.Zero);
    }

    [Test]
    public async Task The_server_is_shown_to_admins_in_get_and_list()
    {
        await CreateOnAsync("shown", SecondServer.Name);
        using var admin = Client(AdminToken(TwoServers), TwoServers);

        var one = await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/v1/admin/workspaces/shown");
        var list = await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/v1/admin/workspaces");

        Assert.That(one!["server"]!.GetValue<string>(), Is.EqualTo(SecondServer.Name));
        Assert.That(list!["data"]![0]!["server"]!.GetValue<string>(), Is.EqualTo(SecondServer.Name));
    }

    [Test]
    public async Task People_of_a_workspace_are_written_and_read_on_its_server()
    {
        using var client = await WorkspaceOnAsync("people-db2", SecondServer.Name);
        var schema = (await Database.SchemaOfAsync("people-db2"))!;

        using var upsert = await UpsertAsync(client, "people-db2", new { userId = "u1", email = "u1@example.com" });
        Assert.That(upsert.StatusCode, Is.EqualTo(HttpStatusCode.Created), await upsert.Content.ReadAsStringAsync());
        var id = (await BodyAsync(upsert))["id"]!.GetValue<string>();
        using var read = await client.GetAsync($"/v1/workspaces/people-db2/people/{id}");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SecondServer.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".people WHERE \"UserId\" = 'u1'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Deleting_a_workspace_drops_its_schema_on_its_server()
    {
        await CreateOnAsync("gone", SecondServer.Name);
        var schema = (await Database.SchemaOfAsync("gone"))!;
        using var admin = Client(AdminToken(TwoServers), TwoServers);

        using var response = await admin.DeleteAsync("/v1/admin/workspaces/gone");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await SecondServer.HasSchemaAsync(schema), Is.False);
    }
}
