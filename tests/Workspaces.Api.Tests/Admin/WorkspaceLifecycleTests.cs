using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Admin;

// Contract §3: listing (cursor pagination, oldest first), getting, renaming, suspending/activating and deleting
// workspaces; §1: a suspended workspace's tokens get 403, a deleted workspace's tokens are revoked (401).
public sealed class WorkspaceLifecycleTests : ApiTest
{
    private const string WorkspacesPath = "/v1/admin/workspaces";
    private HttpClient _admin = null!;

    [SetUp]
    public void CreateAdminClient() => _admin = Client(AdminToken());

    [TearDown]
    public void DisposeAdminClient() => _admin.Dispose();

    [Test]
    public async Task Listing_pages_through_all_workspaces_oldest_first()
    {
        string[] created = ["ws-one", "ws-two", "ws-three", "ws-four", "ws-five"];
        foreach (var id in created)
        {
            await CreateWorkspaceAsync(id);
        }

        var first = await GetPageAsync("?limit=2");
        var second = await GetPageAsync($"?limit=2&cursor={Uri.EscapeDataString(Cursor(first))}");
        var third = await GetPageAsync($"?limit=2&cursor={Uri.EscapeDataString(Cursor(second))}");

        Assert.That(Ids(first), Has.Count.EqualTo(2));
        Assert.That(Ids(second), Has.Count.EqualTo(2));
        Assert.That(Ids(third), Has.Count.EqualTo(1));
        Assert.That(third["nextCursor"], Is.Null, "the last page has no next cursor");
        Assert.That(Ids(first).Concat(Ids(second)).Concat(Ids(third)), Is.EqualTo(created), "every workspace, once, in creation order");
    }

    [TestCase("0")]
    [TestCase("201")]
    public async Task Limit_outside_1_to_200_is_400(string limit)
    {
        using var response = await _admin.GetAsync($"{WorkspacesPath}?limit={limit}");

        await AssertValidationProblemAsync(response, "limit");
    }

    [Test]
    public async Task Tampered_cursor_is_400_never_followed()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateWorkspaceAsync($"ws-{i}x");
        }

        var cursor = Cursor(await GetPageAsync("?limit=1"));
        var chars = cursor.ToCharArray();
        chars[1] = chars[1] == 'A' ? 'B' : 'A';

        using var response = await _admin.GetAsync($"{WorkspacesPath}?limit=1&cursor={Uri.EscapeDataString(new string(chars))}");

        await AssertValidationProblemAsync(response, "cursor");
    }

    [Test]
    public async Task Get_answers_id_name_status_and_createdAt()
    {
        await CreateWorkspaceAsync("acme");

        using var response = await _admin.GetAsync($"{WorkspacesPath}/acme");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await BodyAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo("acme"));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("Workspace acme"));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(body["createdAt"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
        });
    }

    [Test]
    public async Task Get_of_an_unknown_workspace_is_404_problem()
    {
        using var response = await _admin.GetAsync($"{WorkspacesPath}/nobody");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Rename_is_200_and_persisted()
    {
        await CreateWorkspaceAsync("acme");

        using (var response = await _admin.PatchAsJsonAsync($"{WorkspacesPath}/acme", new { name = "Acme Renamed" }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var body = await BodyAsync(response);
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("Acme Renamed"));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("active"));
        }

        using (var get = await _admin.GetAsync($"{WorkspacesPath}/acme"))
        {
            Assert.That((await BodyAsync(get))["name"]!.GetValue<string>(), Is.EqualTo("Acme Renamed"));
        }

        Assert.That(await Database.ScalarAsync<string>("SELECT \"Name\" FROM control.workspaces WHERE \"Id\" = $1", "acme"), Is.EqualTo("Acme Renamed"));
    }

    [Test]
    public async Task Suspended_workspace_refuses_its_tokens_with_403_at_once_and_writes_nothing_until_activated()
    {
        using var client = await WorkspaceClientAsync("acme");
        var schema = (await Database.SchemaOfAsync("acme"))!;
        using (var warm = await UpsertAsync(client, "acme", new { userId = "before" }))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the workspace is cached as active on this instance");
        }

        using (var suspend = await _admin.PatchAsJsonAsync($"{WorkspacesPath}/acme", new { status = "suspended" }))
        {
            Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.OK), await suspend.Content.ReadAsStringAsync());
            Assert.That((await BodyAsync(suspend))["status"]!.GetValue<string>(), Is.EqualTo("suspended"));
        }

        using (var refused = await UpsertAsync(client, "acme", new { userId = "during" }))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        Assert.That(await Database.CountPeopleAsync(schema, "\"UserId\" = $1", "during"), Is.Zero);
        Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(1));

        using (var activate = await _admin.PatchAsJsonAsync($"{WorkspacesPath}/acme", new { status = "active" }))
        {
            Assert.That(activate.StatusCode, Is.EqualTo(HttpStatusCode.OK), await activate.Content.ReadAsStringAsync());
            Assert.That((await BodyAsync(activate))["status"]!.GetValue<string>(), Is.EqualTo("active"));
        }

        using (var accepted = await UpsertAsync(client, "acme", new { userId = "after" }))
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
        }

        Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(2));
    }

    [TestCase("deleted")]
    [TestCase("Active")]
    [TestCase("")]
    public async Task Patch_with_an_invalid_status_is_400_and_changes_nothing(string status)
    {
        await CreateWorkspaceAsync("acme");

        using var response = await _admin.PatchAsJsonAsync($"{WorkspacesPath}/acme", new { status });

        await AssertValidationProblemAsync(response, "status");
        Assert.That(await Database.ScalarAsync<string>("SELECT \"Status\" FROM control.workspaces WHERE \"Id\" = $1", "acme"), Is.EqualTo("Active"));
    }

    [Test]
    public async Task Patch_of_an_unknown_workspace_is_404()
    {
        using var response = await _admin.PatchAsJsonAsync($"{WorkspacesPath}/nobody", new { name = "Nobody" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_drops_the_schema_and_the_row_revokes_its_tokens_and_is_404_afterwards()
    {
        using var client = await WorkspaceClientAsync("acme");
        var schema = (await Database.SchemaOfAsync("acme"))!;
        using (var warm = await UpsertAsync(client, "acme", new { userId = "u1" }))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the token and workspace are cached on this instance");
        }

        using (var delete = await _admin.DeleteAsync($"{WorkspacesPath}/acme"))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await delete.Content.ReadAsStringAsync());
        }

        Assert.That(await Database.WorkspaceSchemasAsync(), Does.Not.Contain(schema), "the schema is dropped");
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.workspaces WHERE \"Id\" = $1", "acme"), Is.Zero, "the control row is gone");
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens WHERE \"WorkspaceId\" = $1 AND \"RevokedAt\" IS NULL", "acme"), Is.Zero);

        using (var revoked = await UpsertAsync(client, "acme", new { userId = "u2" }))
        {
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await revoked.Content.ReadAsStringAsync());
            Assert.That(revoked.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        }

        using (var get = await _admin.GetAsync($"{WorkspacesPath}/acme"))
        {
            await AssertProblemAsync(get, HttpStatusCode.NotFound);
        }

        using (var again = await _admin.DeleteAsync($"{WorkspacesPath}/acme"))
        {
            await AssertProblemAsync(again, HttpStatusCode.NotFound);
        }
    }

    [Test]
    public async Task Deleting_one_workspace_leaves_another_workspace_intact()
    {
        using var a = await WorkspaceClientAsync("ws-a");
        using var b = await WorkspaceClientAsync("ws-b");
        var schemaB = (await Database.SchemaOfAsync("ws-b"))!;
        foreach (var userId in new[] { "b1", "b2" })
        {
            using var created = await UpsertAsync(b, "ws-b", new { userId });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using (var delete = await _admin.DeleteAsync($"{WorkspacesPath}/ws-a"))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(await Database.WorkspaceSchemasAsync(), Is.EqualTo(new[] { schemaB }));
        Assert.That(await Database.CountPeopleAsync(schemaB), Is.EqualTo(2));
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens WHERE \"WorkspaceId\" = $1 AND \"RevokedAt\" IS NULL", "ws-b"), Is.EqualTo(1));
        using (var get = await _admin.GetAsync($"{WorkspacesPath}/ws-b"))
        {
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var stillWorks = await UpsertAsync(b, "ws-b", new { userId = "b3" });
        Assert.That(stillWorks.StatusCode, Is.EqualTo(HttpStatusCode.Created), await stillWorks.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> GetPageAsync(string query)
    {
        using var response = await _admin.GetAsync($"{WorkspacesPath}{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private static List<string> Ids(JsonObject page) => [.. page["data"]!.AsArray().Select(w => w!["id"]!.GetValue<string>())];

    private static string Cursor(JsonObject page) => page["nextCursor"]!.GetValue<string>();
}
