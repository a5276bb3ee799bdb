using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.People;

// Contract §2 "Validation": each rule answers 400 with a field-level errors map, and nothing is written.
// Depth counts the traits object as level 1 and each nested object or array as one more.
public sealed class UpsertValidationTests : WorkspaceTest
{

    [Test]
    public Task Upsert_without_userId_or_email_is_rejected() => AssertRejectedAsync("""{"traits":{"a":1}}""", "userId", "email");

    [Test]
    public Task Upsert_with_blank_userId_and_email_is_rejected() => AssertRejectedAsync("""{"userId":"  ","email":" "}""", "userId", "email");

    [Test]
    public Task UserId_longer_than_255_characters_is_rejected() => AssertRejectedAsync(Json(new { userId = new string('u', 256) }), "userId");

    [Test]
    public Task UserId_with_a_control_character_is_rejected() => AssertRejectedAsync(Json(new { userId = "u\u00011" }), "userId");

    [Test]
    public Task Blank_userId_next_to_a_valid_email_is_rejected() => AssertRejectedAsync(Json(new { userId = " ", email = "a@example.com" }), "userId");

    [TestCase("ada.example.com")]
    [TestCase("ada@@example.com")]
    [TestCase("a@b@example.com")]
    [TestCase("@example.com")]
    [TestCase("ada@localhost")]
    [TestCase("ada@example.")]
    [TestCase("ada lovelace@example.com")]
    public Task Implausible_email_is_rejected(string email) => AssertRejectedAsync(Json(new { email }), "email");

    [Test]
    public Task Email_longer_than_254_characters_is_rejected() =>
        AssertRejectedAsync(Json(new { email = new string('a', 243) + "@example.com" }), "email");

    [Test]
    public Task Traits_that_are_not_an_object_are_rejected() => AssertRejectedAsync("""{"userId":"u1","traits":[1,2]}""", "traits");

    [Test]
    public Task Trait_key_longer_than_128_characters_is_rejected() =>
        AssertRejectedAsync(Json(new { userId = "u1", traits = new Dictionary<string, int> { [new string('k', 129)] = 1 } }), "traits");

    [Test]
    public Task Empty_trait_key_is_rejected() => AssertRejectedAsync("""{"userId":"u1","traits":{"":1}}""", "traits");

    [Test]
    public Task Traits_nested_deeper_than_8_levels_are_rejected() =>
        AssertRejectedAsync("""{"userId":"u1","traits":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":[1]}}}}}}}}}""", "traits");

    [Test]
    public async Task Traits_nested_exactly_8_levels_are_accepted()
    {
        using var response = await PostAsync("""{"userId":"u1","traits":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":1}}}}}}}}}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public Task Traits_over_32_KiB_are_rejected() =>
        AssertRejectedAsync(Json(new { userId = "u1", traits = new { big = new string('x', 33 * 1024) } }), "traits");

    [Test]
    public async Task More_than_256_trait_keys_after_merging_are_rejected_and_nothing_changes()
    {
        using var first = await PostAsync(Json(new { userId = "u1", traits = Keys("a", 200) }));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await AssertRejectedAsync(Json(new { userId = "u1", traits = Keys("b", 57) }), "traits", expectedRows: 1);
        Assert.That(await Database.CountPeopleAsync(Schema, $"{Traits.KeyCount} = 200"), Is.EqualTo(1));
    }

    [Test]
    public async Task Traits_over_32_KiB_after_merging_are_rejected()
    {
        using var first = await PostAsync(Json(new { userId = "u1", traits = new { a = new string('x', 20 * 1024) } }));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await AssertRejectedAsync(Json(new { userId = "u1", traits = new { b = new string('y', 20 * 1024) } }), "traits", expectedRows: 1);
    }

    // The size limit counts the traits as this service serialises them, where '<' takes six bytes ("\u003C"):
    // 5,000 of them are 5 KB as PostgreSQL stores them but 30 KB here, so 3 KB more must be refused.
    [Test]
    public async Task Traits_whose_escaped_form_exceeds_32_KiB_after_merging_are_rejected()
    {
        using var first = await PostAsync(Json(new { email = "ada@example.com", traits = new { a = new string('<', 5000) } }));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await AssertRejectedAsync(Json(new { email = "ada@example.com", traits = new { b = new string('y', 3 * 1024) } }), "traits", expectedRows: 1);
        Assert.That(await Database.CountPeopleAsync(Schema, $"NOT {Traits.Has("b")}"), Is.EqualTo(1));
    }

    [Test]
    public async Task Traits_just_under_32_KiB_after_merging_are_accepted()
    {
        using var first = await PostAsync(Json(new { userId = "u1", traits = new { a = new string('<', 5400) } }));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var second = await PostAsync(Json(new { userId = "u1", traits = new { b = new string('y', 100) } }));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), await second.Content.ReadAsStringAsync());
        Assert.That(await Database.CountPeopleAsync(Schema, $"{Traits.Has("a")} AND {Traits.Has("b")}"), Is.EqualTo(1));
    }

    [TestCase("""{"userId":"u1","id":"prs_x"}""", "id")]
    [TestCase("""{"userId":"u1","createdAt":"2026-11-23T10:00:00.000Z"}""", "createdAt")]
    public Task Unknown_top_level_property_is_rejected_not_ignored(string body, string field) => AssertRejectedAsync(body, field);

    [TestCase("""{"userId":42}""", "userId")]
    [TestCase("""{"email":true}""", "email")]
    [TestCase("""{"userId":"u1","lastSeenAt":"yesterday"}""", "lastSeenAt")]
    public Task Wrong_type_is_rejected_with_the_field(string body, string field) => AssertRejectedAsync(body, field);

    [TestCase("""{"userId":"u1","userId":"u2"}""", "userId")]
    [TestCase("""{"userId":"u1","traits":{"a":1,"a":2}}""", "traits")]
    public Task Duplicate_keys_are_rejected(string body, string field) => AssertRejectedAsync(body, field);

    [Test]
    public Task Malformed_json_is_rejected() => AssertRejectedAsync("""{"userId":"u1",""", "body");

    [Test]
    public async Task Wrong_content_type_is_415()
    {
        using var content = new StringContent("""{"userId":"u1"}""", Encoding.UTF8, "text/plain");
        using var response = await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/upsert", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    private async Task AssertRejectedAsync(string body, params string[] fields) => await AssertRejectedAsync(body, fields, 0);

    private async Task AssertRejectedAsync(string body, string field, int expectedRows) => await AssertRejectedAsync(body, [field], expectedRows);

    private async Task AssertRejectedAsync(string body, string[] fields, int expectedRows)
    {
        using var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await BodyAsync(response))["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(fields));
        Assert.That(await Database.CountPeopleAsync(Schema), Is.EqualTo(expectedRows), "nothing is written on a validation error");
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/upsert", content);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static JsonObject Keys(string prefix, int count) =>
        new(Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"{prefix}{i}", (JsonNode?)JsonValue.Create(i))));
}
