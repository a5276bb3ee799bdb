using System.Net;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.People;

// Contract §2 "Identity resolution", one rule per test, through real HTTP and checked in the workspace's schema.
public sealed class UpsertIdentityTests : WorkspaceTest
{

    [Test]
    public async Task Upsert_of_a_new_userId_creates_a_person_with_201_and_Location()
    {
        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { plan = "pro" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var person = await BodyAsync(response);
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/v1/workspaces/{Ws}/people/{person["id"]}"));
        Assert.That(person["id"]!.GetValue<string>(), Does.StartWith("prs_"));
        Assert.That(person["traits"]!["plan"]!.GetValue<string>(), Is.EqualTo("pro"));
        Assert.That(person["lastSeenAt"], Is.Null);
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));

        using var fetched = await WsClient.GetAsync(response.Headers.Location);
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Upsert_of_an_existing_userId_updates_that_person_and_sets_the_given_email()
    {
        var created = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "old@example.com" }));

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "new@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var person = await BodyAsync(response);
        Assert.That(person["id"]!.GetValue<string>(), Is.EqualTo(created["id"]!.GetValue<string>()));
        Assert.That(person["email"]!.GetValue<string>(), Is.EqualTo("new@example.com"));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
    }

    [Test]
    public async Task Upsert_with_userId_of_an_email_only_person_attaches_the_userId()
    {
        var created = await BodyAsync(await UpsertAsync(WsClient, Ws, new { email = "ada@example.com" }));

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "ada@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var person = await BodyAsync(response);
        Assert.That(person["id"]!.GetValue<string>(), Is.EqualTo(created["id"]!.GetValue<string>()));
        Assert.That(person["userId"]!.GetValue<string>(), Is.EqualTo("u1"));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
    }

    [Test]
    public async Task Upsert_with_userId_and_email_owned_by_different_people_is_a_conflict_naming_both()
    {
        var a = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1" }));
        var b = await BodyAsync(await UpsertAsync(WsClient, Ws, new { email = "ada@example.com", traits = new { n = 1 } }));

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "ada@example.com", traits = new { n = 2 } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await BodyAsync(response);
        Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("identity-conflict"));
        Assert.That(problem.ToJsonString(), Does.Contain(a["id"]!.GetValue<string>()).And.Contain(b["id"]!.GetValue<string>()));
        Assert.That(await Database.CountPeopleAsync(Schema, $"{Traits.Text("n")} = '1' AND \"UserId\" IS NULL"), Is.EqualTo(1), "nothing changed");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(2));
    }

    [Test]
    public async Task Upsert_with_an_email_owned_by_a_different_userId_is_a_conflict()
    {
        var b = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "ada@example.com" }));

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u2", email = "ada@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await BodyAsync(response)).ToJsonString(), Does.Contain(b["id"]!.GetValue<string>()));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'u2'"), Is.Zero);
    }

    [Test]
    public async Task Upsert_by_email_alone_updates_the_person_with_that_email()
    {
        var created = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "ada@example.com" }));

        using var response = await UpsertAsync(WsClient, Ws, new { email = "ADA@example.com", traits = new { plan = "pro" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var person = await BodyAsync(response);
        Assert.That(person["id"]!.GetValue<string>(), Is.EqualTo(created["id"]!.GetValue<string>()));
        Assert.That(person["userId"]!.GetValue<string>(), Is.EqualTo("u1"));
    }

    [Test]
    public async Task Upsert_with_updateOnly_does_not_create_and_answers_404()
    {
        using var response = await UpsertAsync(WsClient, Ws, new { userId = "nobody" }, "?updateOnly=true");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task Upsert_with_updateOnly_updates_an_existing_person()
    {
        await UpsertAsync(WsClient, Ws, new { userId = "u1" });

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { a = 1 } }, "?updateOnly=true");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Email_is_trimmed_and_lower_cased()
    {
        var person = await BodyAsync(await UpsertAsync(WsClient, Ws, new { email = "  Ada.Lovelace@Example.COM " }));

        Assert.That(person["email"]!.GetValue<string>(), Is.EqualTo("ada.lovelace@example.com"));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Email\" = 'ada.lovelace@example.com'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Traits_merge_shallowly_and_null_removes_a_key()
    {
        await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { plan = "free", seats = 3, nested = new { a = 1, b = 2 } } });

        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { plan = "pro", seats = (int?)null, nested = new { c = 3 } } });

        var person = await BodyAsync(response);
        Assert.That(person["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro","nested":{"c":3}}"""));
        using var stored = await WsClient.GetAsync($"/v1/workspaces/{Ws}/people/{person["id"]}");
        var storedTraits = (await BodyAsync(stored))["traits"]!.AsObject();
        Assert.That(storedTraits.ContainsKey("seats"), Is.False);
        Assert.That(storedTraits["plan"]!.GetValue<string>(), Is.EqualTo("pro"));
    }

    [Test]
    public async Task UpdatedAt_changes_only_when_something_changed()
    {
        var created = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { plan = "pro" } }));
        await Task.Delay(20);

        var same = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { plan = "pro" } }));
        await Task.Delay(20);
        var changed = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { plan = "team" } }));

        Assert.That(same["updatedAt"]!.GetValue<string>(), Is.EqualTo(created["updatedAt"]!.GetValue<string>()));
        Assert.That(changed["updatedAt"]!.GetValue<string>(), Is.Not.EqualTo(created["updatedAt"]!.GetValue<string>()));
        Assert.That(changed["createdAt"]!.GetValue<string>(), Is.EqualTo(created["createdAt"]!.GetValue<string>()));
    }

    // README, "Decisions": an upsert that changes nothing writes nothing (the row keeps its transaction id, xmin, on
    // PostgreSQL; on SQL Server, which has no such column, its version and updatedAt, which every write moves).
    [TestCase("""{"userId":"u1"}""")]
    [TestCase("""{"email":"ada@example.com"}""")]
    [TestCase("""{"userId":"u1","email":"ada@example.com"}""")]
    public async Task An_upsert_that_changes_nothing_writes_nothing(string key)
    {
        var person = JsonNode.Parse(key)!.AsObject();
        person["traits"] = new JsonObject { ["plan"] = "pro" };
        person["lastSeenAt"] = "2026-11-23T10:00:00.000Z";
        await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "ada@example.com", traits = new { plan = "pro" }, lastSeenAt = "2026-11-23T10:00:00.000Z" });
        var before = await Database.ScalarAsync<string>($"SELECT {Database.RowWrites} FROM \"{Schema}\".people");

        person["lastSeenAt"] = "2026-11-22T10:00:00.000Z";
        using var response = await UpsertAsync(WsClient, Ws, person);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await BodyAsync(response))["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro"}"""));
        Assert.That(await Database.ScalarAsync<string>($"SELECT {Database.RowWrites} FROM \"{Schema}\".people"), Is.EqualTo(before));
    }

    [Test]
    public async Task LastSeenAt_only_moves_forward()
    {
        await UpsertAsync(WsClient, Ws, new { userId = "u1", lastSeenAt = "2026-11-23T10:00:00.000Z" });

        var earlier = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", lastSeenAt = "2026-11-22T10:00:00.000Z" }));
        Assert.That(earlier["lastSeenAt"]!.GetValue<string>(), Is.EqualTo("2026-11-23T10:00:00.000Z"));

        var later = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", lastSeenAt = "2026-11-24T08:30:00.123+01:00" }));
        Assert.That(later["lastSeenAt"]!.GetValue<string>(), Is.EqualTo("2026-11-24T07:30:00.123Z"));
    }

    [Test]
    public async Task Times_are_ISO_8601_UTC_with_milliseconds()
    {
        var person = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1" }));

        Assert.That(person["createdAt"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
    }
}
