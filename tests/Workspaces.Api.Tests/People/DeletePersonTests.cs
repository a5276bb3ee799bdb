using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.People;

// Contract §2 "Read and delete": DELETE answers 204 or 404; the person, their userId and email are gone for good
// (the keys can be used again, for a new person with a new id).
public sealed class DeletePersonTests : WorkspaceTest
{
    private const string PeoplePath = $"/v1/workspaces/{Ws}/people";

    [Test]
    public async Task Delete_answers_204_and_the_person_is_gone()
    {
        var ada = await CreateAsync(new { userId = "u1", email = "ada@example.com" });
        var bob = await CreateAsync(new { userId = "u2" });

        using var response = await WsClient.DeleteAsync($"{PeoplePath}/{Id(ada)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        using var fetched = await WsClient.GetAsync($"{PeoplePath}/{Id(ada)}");
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(fetched.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Id\" = $1", Id(ada)), Is.Zero);
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Id\" = $1", Id(bob)), Is.EqualTo(1), "only that person is deleted");
    }

    [Test]
    public async Task A_deleted_person_is_no_longer_found_by_lookup_or_listing()
    {
        var ada = await CreateAsync(new { userId = "u1", email = "ada@example.com" });
        var bob = await CreateAsync(new { userId = "u2" });

        using (var deleted = await WsClient.DeleteAsync($"{PeoplePath}/{Id(ada)}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(await DataAsync("?userId=u1"), Is.Empty);
        Assert.That(await DataAsync("?email=ada@example.com"), Is.Empty);
        Assert.That((await DataAsync(string.Empty)).Select(p => p!["id"]!.GetValue<string>()), Is.EqualTo(new[] { Id(bob) }));
    }

    [Test]
    public async Task Deleting_twice_answers_404_the_second_time()
    {
        var ada = await CreateAsync(new { userId = "u1" });
        using (var first = await WsClient.DeleteAsync($"{PeoplePath}/{Id(ada)}"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var second = await WsClient.DeleteAsync($"{PeoplePath}/{Id(ada)}");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(second.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("prs_0000000000000000000000000000000")]
    [TestCase("not-an-id")]
    public async Task Deleting_an_unknown_id_is_404_and_deletes_nothing(string id)
    {
        await CreateAsync(new { userId = "u1" });

        using var response = await WsClient.DeleteAsync($"{PeoplePath}/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
    }

    [Test]
    public async Task After_delete_the_same_userId_and_email_create_a_new_person_with_a_new_id()
    {
        var ada = await CreateAsync(new { userId = "u1", email = "ada@example.com", traits = new { plan = "pro" } });
        using (var deleted = await WsClient.DeleteAsync($"{PeoplePath}/{Id(ada)}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "ada@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var again = await BodyAsync(response);
        Assert.That(Id(again), Is.Not.EqualTo(Id(ada)), "ids are never reused");
        Assert.That(again["traits"]!.AsObject(), Is.Empty, "nothing of the deleted person comes back");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
        using var old = await WsClient.GetAsync($"{PeoplePath}/{Id(ada)}");
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task After_delete_the_email_alone_can_be_claimed_by_another_userId()
    {
        var ada = await CreateAsync(new { userId = "u1", email = "ada@example.com" });
        using (var deleted = await WsClient.DeleteAsync($"{PeoplePath}/{Id(ada)}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u2", email = "ada@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "before the delete this was an identity conflict");
    }

    [Test]
    public async Task Delete_with_a_read_only_token_is_403_and_the_person_stays()
    {
        var ada = await CreateAsync(new { userId = "u1" });
        using var reader = Client(await CreateTokenAsync(Ws, Scopes.PeopleRead));

        using var response = await reader.DeleteAsync($"{PeoplePath}/{Id(ada)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Id\" = $1", Id(ada)), Is.EqualTo(1));
    }

    [Test]
    public async Task Delete_with_a_write_only_token_is_allowed()
    {
        var ada = await CreateAsync(new { userId = "u1" });
        using var writer = Client(await CreateTokenAsync(Ws, Scopes.PeopleWrite));

        using var response = await writer.DeleteAsync($"{PeoplePath}/{Id(ada)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task Delete_through_another_workspace_is_404_and_the_person_stays()
    {
        var ada = await CreateAsync(new { userId = "u1" });
        using var otherClient = await WorkspaceClientAsync("acme2");

        using var response = await otherClient.DeleteAsync($"/v1/workspaces/acme2/people/{Id(ada)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Id\" = $1", Id(ada)), Is.EqualTo(1));
    }

    private async Task<JsonObject> CreateAsync(object body)
    {
        using var response = await UpsertAsync(WsClient, Ws, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private async Task<JsonArray> DataAsync(string query)
    {
        using var response = await WsClient.GetAsync(PeoplePath + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await BodyAsync(response))["data"]!.AsArray();
    }

    private static string Id(JsonObject person) => person["id"]!.GetValue<string>();
}
