using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Isolation;

// Contract §1: a workspace's people live in its own schema; one workspace's token can neither read nor write another's,
// and the same customer keys in two workspaces are two different people. Checked over HTTP and then in SQL.
public sealed class WorkspaceIsolationTests : ApiTest
{
    // Hex-only ids, so "the schema name does not contain the id" is a real check against ws_<32 hex>.
    private const string A = "c0ffee0a";
    private const string B = "c0ffee0b";

    private HttpClient _a = null!;
    private HttpClient _b = null!;
    private string _schemaA = null!;
    private string _schemaB = null!;

    [SetUp]
    public async Task CreateWorkspacesAsync()
    {
        _a = await WorkspaceClientAsync(A);
        _b = await WorkspaceClientAsync(B);
        _schemaA = (await Database.SchemaOfAsync(A))!;
        _schemaB = (await Database.SchemaOfAsync(B))!;
    }

    [TearDown]
    public void DisposeClients()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Test]
    public async Task A_person_upserted_through_A_is_not_visible_through_B()
    {
        var id = (await CreatedAsync(_a, A, new { userId = "u1", email = "alpha@example.com" }))["id"]!.GetValue<string>();

        using (var own = await _a.GetAsync($"/v1/workspaces/{A}/people/{id}"))
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), "A reads its own person");
        }

        using (var inB = await _b.GetAsync($"/v1/workspaces/{B}/people/{id}"))
        {
            var body = await inB.Content.ReadAsStringAsync();
            Assert.That(inB.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), body);
            Assert.That(inB.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body, Does.Not.Contain("alpha@example.com"));
        }

        using var inA = await _b.GetAsync($"/v1/workspaces/{A}/people/{id}");
        var refusal = await inA.Content.ReadAsStringAsync();
        Assert.That(inA.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), refusal);
        Assert.That(inA.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(refusal, Does.Not.Contain("alpha@example.com"));
    }

    [Test]
    public async Task B_token_cannot_write_into_A()
    {
        var person = await CreatedAsync(_a, A, new { userId = "u1", email = "alpha@example.com", traits = new { owner = "a" } });
        var before = await RowsAsync(_schemaA);

        using var response = await UpsertAsync(_b, A, new { userId = "u1", email = "alpha@example.com", traits = new { owner = "b" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await RowsAsync(_schemaA), Is.EqualTo(before), "A's row is unchanged");
        Assert.That(
            await Database.CountPeopleAsync(_schemaA, $"\"Id\" = $1 AND {Traits.Text("owner")} = 'a'", person["id"]!.GetValue<string>()),
            Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(_schemaA), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(_schemaB), Is.Zero, "nothing landed in B's schema either");
    }

    [Test]
    public async Task The_same_userId_in_A_and_in_B_is_two_distinct_people()
    {
        var inA = await CreatedAsync(_a, A, new { userId = "shared", email = "marker-a@example.com", traits = new { ws = "a" } });
        var inB = await CreatedAsync(_b, B, new { userId = "shared", email = "marker-b@example.com", traits = new { ws = "b" } });
        var idA = inA["id"]!.GetValue<string>();
        var idB = inB["id"]!.GetValue<string>();

        Assert.That(idB, Is.Not.EqualTo(idA));

        // A's schema holds exactly A's row, and nothing of B's.
        Assert.That(await Database.CountPeopleAsync(_schemaA), Is.EqualTo(1));
        Assert.That(
            await Database.CountPeopleAsync(_schemaA, $"\"Id\" = $1 AND \"UserId\" = 'shared' AND \"Email\" = $2 AND {Traits.Text("ws")} = 'a'", idA, "marker-a@example.com"),
            Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(_schemaA, "\"Id\" = $1 OR \"Email\" = $2", idB, "marker-b@example.com"), Is.Zero);

        // And vice versa.
        Assert.That(await Database.CountPeopleAsync(_schemaB), Is.EqualTo(1));
        Assert.That(
            await Database.CountPeopleAsync(_schemaB, $"\"Id\" = $1 AND \"UserId\" = 'shared' AND \"Email\" = $2 AND {Traits.Text("ws")} = 'b'", idB, "marker-b@example.com"),
            Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(_schemaB, "\"Id\" = $1 OR \"Email\" = $2", idA, "marker-a@example.com"), Is.Zero);

        // Updating in one workspace leaves the other's person alone.
        using var update = await UpsertAsync(_a, A, new { userId = "shared", traits = new { ws = "a2" } });
        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Database.CountPeopleAsync(_schemaB, $"{Traits.Text("ws")} = 'b'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_company_of_A_is_invisible_to_B_even_with_the_same_companyId()
    {
        using var created = await _a.PostAsJsonAsync($"/v1/workspaces/{A}/companies/upsert", new { companyId = "acme-42", traits = new { ws = "a" } });
        var idA = (await BodyAsync(created))["id"]!.GetValue<string>();

        using (var byId = await _b.GetAsync($"/v1/workspaces/{B}/companies/{idA}"))
        {
            Assert.That(byId.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "B does not find A's company by its id");
        }

        using (var lookup = await _b.GetAsync($"/v1/workspaces/{B}/companies?companyId=acme-42"))
        {
            Assert.That((await BodyAsync(lookup))["data"]!.AsArray(), Is.Empty, "B does not find A's company by its companyId");
        }

        using var inB = await _b.PostAsJsonAsync($"/v1/workspaces/{B}/companies/upsert", new { companyId = "acme-42", traits = new { ws = "b" } });
        Assert.That(inB.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the same companyId in B is another company");
        Assert.That((await BodyAsync(inB))["id"]!.GetValue<string>(), Is.Not.EqualTo(idA));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{_schemaA}\".companies WHERE {Traits.Text("ws")} = 'a'"), Is.EqualTo(1));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{_schemaB}\".companies WHERE \"Id\" = $1", idA), Is.Zero);
    }

    [Test]
    public void Schema_names_differ_are_opaque_and_do_not_contain_the_workspace_id()
    {
        Assert.That(_schemaA, Does.Match("^ws_[0-9a-f]{32}$"));
        Assert.That(_schemaB, Does.Match("^ws_[0-9a-f]{32}$"));
        Assert.That(_schemaB, Is.Not.EqualTo(_schemaA));
        Assert.That(_schemaA, Does.Not.Contain(A).And.Not.Contain(B));
        Assert.That(_schemaB, Does.Not.Contain(A).And.Not.Contain(B));
    }

    private static async Task<JsonObject> CreatedAsync(HttpClient client, string workspaceId, object body)
    {
        using var response = await UpsertAsync(client, workspaceId, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    // Every row of a schema's people: equal before and after means nothing changed.
    private static Task<string> RowsAsync(string schema) => Database.RowsAsync($"\"{schema}\".people", "\"Seq\"");
}
