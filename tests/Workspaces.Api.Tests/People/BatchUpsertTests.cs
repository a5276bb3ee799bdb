using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.People;

// Contract §2 "Batch": 1-1000 items, body at most 5 MiB, items apply in order and each on its own;
// the answer is 200 with per-item results and counts, checked in the workspace's schema.
public sealed class BatchUpsertTests : WorkspaceTest
{
    private const string BatchPath = $"/v1/workspaces/{Ws}/people/batch";

    [Test]
    public async Task Items_are_applied_in_order_with_an_index_and_a_status_each()
    {
        using var response = await BatchAsync(
            new { userId = "u1", traits = new { plan = "free" } },
            new { userId = "u2", email = "b@example.com" },
            new { userId = "u1", traits = new { plan = "pro" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await BodyAsync(response);
        var results = Results(body);
        Assert.That(results.Select(r => r["index"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 201, 200 }));
        Assert.That(results[0]["person"]!["traits"]!["plan"]!.GetValue<string>(), Is.EqualTo("free"), "each item answers its own state");
        Assert.That(results[2]["person"]!["traits"]!["plan"]!.GetValue<string>(), Is.EqualTo("pro"));
        Assert.That(Id(results[2]["person"]), Is.EqualTo(Id(results[0]["person"])));
        Assert.That(results.Any(r => r.AsObject().ContainsKey("problem") && r["problem"] is not null), Is.False);
        Assert.That(Counts(body), Is.EqualTo((2, 1, 0)));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(2));
        Assert.That(await Database.CountPeopleAsync(Schema, $"\"UserId\" = 'u1' AND {Traits.Text("plan")} = 'pro'"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_email_a_person_gives_up_can_go_to_a_new_person_later_in_the_same_batch()
    {
        using (var first = await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "a@example.com" }))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var response = await BatchAsync(
            new { userId = "u1", email = "b@example.com" },
            new { email = "a@example.com", traits = new { anonymous = true } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await BodyAsync(response);
        Assert.That(Results(body).Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 200, 201 }));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(2));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'u1' AND \"Email\" = 'b@example.com'"), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" IS NULL AND \"Email\" = 'a@example.com'"), Is.EqualTo(1));
    }

    [Test]
    public async Task People_created_by_one_batch_are_listed_oldest_first_in_item_order()
    {
        var userIds = Enumerable.Range(0, 20).Select(i => $"u{i:D2}").Reverse().ToArray();
        using var response = await BatchAsync([.. userIds.Select(userId => (object)new { userId })]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var list = await WsClient.GetAsync($"/v1/workspaces/{Ws}/people?limit=200");
        var listed = (await BodyAsync(list))["data"]!.AsArray().Select(p => p!["userId"]!.GetValue<string>());

        Assert.That(listed, Is.EqualTo(userIds));
    }

    [Test]
    public async Task One_invalid_and_one_conflicting_item_fail_alone_and_the_others_are_written()
    {
        var a = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "owner" }));
        var b = await BodyAsync(await UpsertAsync(WsClient, Ws, new { email = "taken@example.com", traits = new { n = 1 } }));

        using var response = await BatchAsync(
            new { userId = "ok1" },
            new { userId = "bad1", email = "not-an-email" },
            new { userId = "owner", email = "taken@example.com", traits = new { n = 2 } },
            new { email = "ok2@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await BodyAsync(response);
        var results = Results(body);
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 400, 409, 201 }));

        var invalid = results[1]["problem"]!;
        Assert.That(invalid["status"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(invalid["type"]!.GetValue<string>(), Does.EndWith("validation"));
        Assert.That(results[1]["person"], Is.Null);

        var conflict = results[2]["problem"]!;
        Assert.That(conflict["status"]!.GetValue<int>(), Is.EqualTo(409));
        Assert.That(conflict["type"]!.GetValue<string>(), Does.EndWith("identity-conflict"));
        Assert.That(conflict.ToJsonString(), Does.Contain(Id(a)).And.Contain(Id(b)));

        Assert.That(Counts(body), Is.EqualTo((2, 0, 2)));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'ok1'"), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Email\" = 'ok2@example.com'"), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'bad1'"), Is.Zero, "the invalid item wrote nothing");
        Assert.That(await Database.CountPeopleAsync(Schema, $"\"Email\" = 'taken@example.com' AND \"UserId\" IS NULL AND {Traits.Text("n")} = '1'"),
            Is.EqualTo(1), "the conflicting item changed nothing");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(4));
        Assert.That(ErrorFields(invalid), Does.Contain("email"), "the invalid item's problem names the field");
    }

    [Test]
    public async Task An_item_whose_merged_traits_break_a_limit_fails_and_leaves_that_person_unchanged()
    {
        await UpsertAsync(WsClient, Ws, new { userId = "u1", traits = new { a = new string('x', 20 * 1024) } });

        using var response = await BatchAsync(
            new { userId = "u1", traits = new { b = new string('y', 20 * 1024) } },
            new { userId = "u2" });

        var body = await BodyAsync(response);
        var results = Results(body);
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 400, 201 }));
        Assert.That(results[0]["problem"]!["type"]!.GetValue<string>(), Does.EndWith("validation"));
        Assert.That(await Database.CountPeopleAsync(Schema, $"\"UserId\" = 'u1' AND NOT {Traits.Has("b")}"), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(2));
    }

    [Test]
    public async Task Counts_add_up_to_the_number_of_items()
    {
        await UpsertAsync(WsClient, Ws, new { userId = "existing1" });
        await UpsertAsync(WsClient, Ws, new { userId = "existing2" });

        using var response = await BatchAsync(
            new { userId = "existing1", traits = new { x = 1 } },
            new { userId = "new1" },
            new { traits = new { x = 1 } },
            new { userId = "existing2" },
            new { userId = "new2" },
            new { userId = "new3" },
            new { email = "@bad" });

        var body = await BodyAsync(response);
        var results = Results(body);
        var (created, updated, failed) = Counts(body);
        Assert.That((created, updated, failed), Is.EqualTo((3, 2, 2)));
        Assert.That(created + updated + failed, Is.EqualTo(results.Count));
        Assert.That(results.Count(r => r["status"]!.GetValue<int>() == 201), Is.EqualTo(created));
        Assert.That(results.Count(r => r["status"]!.GetValue<int>() == 200), Is.EqualTo(updated));
        Assert.That(results.Count(r => r["status"]!.GetValue<int>() >= 400), Is.EqualTo(failed));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(5));
    }

    [Test]
    public async Task The_same_key_twice_behaves_as_two_upserts_in_sequence()
    {
        using var response = await BatchAsync(
            new { userId = "u1", traits = new { plan = "free", seats = 3 } },
            new { userId = "u1", traits = new { plan = "pro", region = "eu" } });

        var results = Results(await BodyAsync(response));
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 200 }));
        Assert.That(Id(results[1]["person"]), Is.EqualTo(Id(results[0]["person"])));
        Assert.That(results[1]["person"]!["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro","seats":3,"region":"eu"}"""));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
        Assert.That(
            await Database.CountPeopleAsync(Schema, $"\"UserId\" = 'u1' AND {Traits.KeyCount} = 3 AND {Traits.Text("plan")} = 'pro' AND {Traits.Text("seats")} = '3' AND {Traits.Text("region")} = 'eu'"),
            Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_email_twice_with_different_userIds_creates_then_conflicts()
    {
        using var response = await BatchAsync(
            new { userId = "u1", email = "ada@example.com" },
            new { userId = "u2", email = "ADA@example.com" });

        var results = Results(await BodyAsync(response));
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 409 }));
        Assert.That(results[1]["problem"]!["type"]!.GetValue<string>(), Does.EndWith("identity-conflict"));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'u2'"), Is.Zero);
    }

    [Test]
    public async Task An_item_that_changes_an_email_frees_the_old_email_for_a_later_item()
    {
        var original = await BodyAsync(await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "old@example.com" }));

        using var response = await BatchAsync(
            new { userId = "u1", email = "new@example.com" },
            new { email = "old@example.com", traits = new { fresh = true } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var results = Results(await BodyAsync(response));
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 200, 201 }));
        Assert.That(Id(results[0]["person"]), Is.EqualTo(Id(original)));
        Assert.That(Id(results[1]["person"]), Is.Not.EqualTo(Id(original)));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Id\" = $1 AND \"Email\" = 'new@example.com'", Id(original)), Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Id\" = $1 AND \"Email\" = 'old@example.com' AND \"UserId\" IS NULL", Id(results[1]["person"])),
            Is.EqualTo(1));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(2));
    }

    [TestCase("""{"userId":5}""")]
    [TestCase("""{"userId":"u9","id":"prs_x"}""")]
    [TestCase("""{"userId":"u9","lastSeenAt":"yesterday"}""")]
    [TestCase("""{"userId":"u9","traits":[1]}""")]
    [TestCase("""5""")]
    [TestCase("""null""")]
    [TestCase("""[{"userId":"u9"}]""")]
    public async Task A_malformed_item_is_that_items_400_not_the_batchs(string item)
    {
        using var response = await PostRawAsync($$"""{"people":[{"userId":"before"},{{item}},{"userId":"after"}]}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await BodyAsync(response);
        var results = Results(body);
        Assert.That(results.Select(r => r["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 400, 201 }));
        Assert.That(results[1]["index"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(results[1]["problem"]!["status"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(results[1]["problem"]!["type"]!.GetValue<string>(), Does.EndWith("validation"));
        Assert.That(Counts(body), Is.EqualTo((2, 0, 1)));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(2));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'u9'"), Is.Zero);
    }

    // Duplicate keys make the body itself ill-formed JSON: the whole batch is a 400 and nothing is written.
    [TestCase("""{"userId":"u9","userId":"u10"}""")]
    [TestCase("""{"userId":"u9","traits":{"a":1,"a":2}}""")]
    public async Task Duplicate_keys_in_an_item_are_the_batchs_400_never_a_500(string item)
    {
        using var response = await PostRawAsync($$"""{"people":[{"userId":"before"},{{item}},{"userId":"after"}]}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(ErrorFields(await BodyAsync(response)), Does.Contain("people"));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    // Like the single upsert's 400, an item's validation problem carries a field-level errors map naming the field.
    [TestCase("""{"userId":"u9","email":"not-an-email"}""", "email")]
    [TestCase("""{"traits":{"a":1}}""", "userId")]
    [TestCase("""{"userId":5}""", "userId")]
    [TestCase("""{"userId":"u9","id":"prs_x"}""", "id")]
    [TestCase("""5""", "item")]
    public async Task An_invalid_items_problem_names_the_failing_field_in_errors(string item, string field)
    {
        using var response = await PostRawAsync($$"""{"people":[{{item}}]}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var result = Results(await BodyAsync(response))[0];
        Assert.That(result["status"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(ErrorFields(result["problem"]!), Does.Contain(field));
    }

    [TestCase("""{"people":[]}""")]
    [TestCase("""{}""")]
    [TestCase("""{"people":null}""")]
    public async Task A_batch_without_items_is_rejected(string body)
    {
        using var response = await PostRawAsync(body);

        await AssertRejectedAsync(response, "people");
    }

    [Test]
    public async Task A_batch_body_that_is_not_an_object_with_a_people_array_is_rejected()
    {
        using var response = await PostRawAsync("""{"people":{"userId":"u1"}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task A_batch_of_1001_items_is_rejected_and_nothing_is_written()
    {
        using var response = await BatchAsync([.. Enumerable.Range(0, 1001).Select(i => (object)new { userId = $"u{i}" })]);

        await AssertRejectedAsync(response, "people");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task A_batch_of_1000_items_creates_1000_people()
    {
        using var response = await BatchAsync([.. Enumerable.Range(0, 1000).Select(i => (object)new { userId = $"u{i}", email = $"p{i}@example.com" })]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await BodyAsync(response);
        Assert.That(Counts(body), Is.EqualTo((1000, 0, 0)));
        Assert.That(Results(body).Select(r => r["index"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, 1000)));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(1000));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"Email\" = concat('p', substring(\"UserId\", 2, 1000), '@example.com')"), Is.EqualTo(1000));
    }

    [Test]
    public async Task A_body_over_5_MiB_is_413_and_nothing_is_written()
    {
        var body = BodyOfItems(1000, 6 * 1024);
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.GreaterThan(5 * 1024 * 1024));

        using var response = await PostRawAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await BodyAsync(response))["status"]!.GetValue<int>(), Is.EqualTo(413));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task A_body_between_1_and_5_MiB_is_accepted_on_batch_but_413_on_single_upsert()
    {
        var body = BodyOfItems(100, 20 * 1024);
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.InRange(1024 * 1024 + 1, 5 * 1024 * 1024));

        using var batch = await PostRawAsync(body);
        Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await batch.Content.ReadAsStringAsync());
        Assert.That(Counts(await BodyAsync(batch)), Is.EqualTo((100, 0, 0)));

        var single = $$$"""{"userId":"single","traits":{"big":"{{{new string('x', 1024 * 1024 + 1)}}}"}}""";
        using var content = new StringContent(single, Encoding.UTF8, "application/json");
        using var upsert = await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/upsert", content);
        Assert.That(upsert.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(upsert.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'single'"), Is.Zero);
    }

    [Test]
    public async Task A_batch_with_a_read_only_token_is_403_and_nothing_is_written()
    {
        using var reader = Client(await CreateTokenAsync(Ws, Scopes.PeopleRead));

        using var response = await reader.PostAsJsonAsync(BatchPath, new { people = new[] { new { userId = "u1" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task A_batch_without_a_token_is_401_and_nothing_is_written()
    {
        using var anonymous = Client();

        using var response = await anonymous.PostAsJsonAsync(BatchPath, new { people = new[] { new { userId = "u1" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    private Task<HttpResponseMessage> BatchAsync(params object[] people) => WsClient.PostAsJsonAsync(BatchPath, new { people });

    private async Task<HttpResponseMessage> PostRawAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await WsClient.PostAsync(BatchPath, content);
    }

    private async Task AssertRejectedAsync(HttpResponseMessage response, string field)
    {
        await AssertValidationProblemAsync(response, field);
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    private static string BodyOfItems(int count, int traitLength)
    {
        var filler = new string('x', traitLength);
        var items = Enumerable.Range(0, count).Select(i => $$$"""{"userId":"u{{{i}}}","traits":{"filler":"{{{filler}}}"}}""");
        return $$"""{"people":[{{string.Join(",", items)}}]}""";
    }

    private static List<JsonNode> Results(JsonObject body) => [.. body["results"]!.AsArray().Select(r => r!)];

    private static (int Created, int Updated, int Failed) Counts(JsonObject body) =>
        (body["createdCount"]!.GetValue<int>(), body["updatedCount"]!.GetValue<int>(), body["failedCount"]!.GetValue<int>());

    // An invalid item's problem is a validation problem like the single upsert's: a field-level errors map.
    private static IEnumerable<string> ErrorFields(JsonNode problem)
    {
        Assert.That(problem["errors"], Is.InstanceOf<JsonObject>(), $"the item's problem has no errors map: {problem.ToJsonString()}");
        return problem["errors"]!.AsObject().Select(e => e.Key);
    }

    private static string Id(JsonNode? person) => person!["id"]!.GetValue<string>();
}
