using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.People;

// Contract §2 "Read and delete": lookups by userId or email (0 or 1 item), and all people oldest first,
// a page at a time, with an opaque cursor that is refused (400, never followed, never 500) when tampered with.
public sealed class ListPeopleTests : WorkspaceTest
{
    private const string PeoplePath = $"/v1/workspaces/{Ws}/people";

    [Test]
    public async Task Lookup_by_userId_returns_that_person_alone()
    {
        var ada = await CreateAsync(new { userId = "u1", email = "ada@example.com" });
        await CreateAsync(new { userId = "u2" });

        var page = await GetPageAsync("?userId=u1");

        Assert.That(Ids(page), Is.EqualTo(new[] { Id(ada) }));
        Assert.That(page["data"]![0]!["email"]!.GetValue<string>(), Is.EqualTo("ada@example.com"));
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task Lookup_by_email_is_normalised_like_the_stored_email()
    {
        var ada = await CreateAsync(new { userId = "u1", email = "ada@example.com" });
        await CreateAsync(new { email = "bob@example.com" });

        var page = await GetPageAsync("?email=%20ADA@Example.COM%20");

        Assert.That(Ids(page), Is.EqualTo(new[] { Id(ada) }));
        Assert.That(page["nextCursor"], Is.Null);
    }

    [TestCase("?userId=nobody")]
    [TestCase("?email=nobody@example.com")]
    public async Task Lookup_that_matches_nobody_is_200_with_no_data(string query)
    {
        await CreateAsync(new { userId = "u1", email = "ada@example.com" });

        var page = await GetPageAsync(query);

        Assert.That(page["data"]!.AsArray(), Is.Empty);
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task Lookup_by_userId_and_email_together_is_rejected()
    {
        using var response = await WsClient.GetAsync($"{PeoplePath}?userId=u1&email=ada@example.com");

        await AssertValidationProblemAsync(response, "email");
    }

    [Test]
    public async Task Listing_pages_through_everyone_oldest_first_without_duplicates()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(Id(await CreateAsync(new { userId = $"u{i}" })));
        }

        var first = await GetPageAsync("?limit=3");
        var second = await GetPageAsync($"?limit=3&cursor={Uri.EscapeDataString(Cursor(first))}");
        var third = await GetPageAsync($"?limit=3&cursor={Uri.EscapeDataString(Cursor(second))}");

        Assert.That(Ids(first), Has.Count.EqualTo(3));
        Assert.That(Ids(second), Has.Count.EqualTo(3));
        Assert.That(Ids(third), Has.Count.EqualTo(1));
        Assert.That(third["nextCursor"], Is.Null, "the last page has no next cursor");
        Assert.That(Ids(first).Concat(Ids(second)).Concat(Ids(third)), Is.EqualTo(created), "everyone, once, in creation order");
    }

    [Test]
    public async Task A_page_that_ends_exactly_at_the_last_person_has_no_next_cursor()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(new { userId = $"u{i}" });
        }

        var page = await GetPageAsync("?limit=3");

        Assert.That(Ids(page), Has.Count.EqualTo(3));
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task Listing_defaults_to_50_per_page()
    {
        using (var batch = await WsClient.PostAsJsonAsync(
            $"{PeoplePath}/batch", new { people = Enumerable.Range(0, 51).Select(i => new { userId = $"u{i}" }).ToArray() }))
        {
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var first = await GetPageAsync(string.Empty);
        var second = await GetPageAsync($"?cursor={Uri.EscapeDataString(Cursor(first))}");

        Assert.That(Ids(first), Has.Count.EqualTo(50));
        Assert.That(Ids(second), Has.Count.EqualTo(1));
        Assert.That(second["nextCursor"], Is.Null);
    }

    [Test]
    public async Task Listing_an_empty_workspace_is_200_with_no_data()
    {
        var page = await GetPageAsync(string.Empty);

        Assert.That(page["data"]!.AsArray(), Is.Empty);
        Assert.That(page["nextCursor"], Is.Null);
    }

    [Test]
    public async Task A_cursor_does_not_skip_people_created_after_it_was_issued()
    {
        await CreateAsync(new { userId = "u0" });
        await CreateAsync(new { userId = "u1" });
        var first = await GetPageAsync("?limit=1");
        var later = await CreateAsync(new { userId = "u2" });

        var rest = await GetPageAsync($"?limit=10&cursor={Uri.EscapeDataString(Cursor(first))}");

        Assert.That(rest["data"]!.AsArray().Select(p => p!["userId"]!.GetValue<string>()), Is.EqualTo(new[] { "u1", "u2" }));
        Assert.That(Ids(rest), Does.Contain(Id(later)));
    }

    [TestCase("0")]
    [TestCase("201")]
    [TestCase("-1")]
    public async Task Limit_outside_1_to_200_is_rejected(string limit)
    {
        using var response = await WsClient.GetAsync($"{PeoplePath}?limit={limit}");

        await AssertValidationProblemAsync(response, "limit");
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    public async Task Limit_that_is_not_a_whole_number_is_400_not_500(string limit)
    {
        using var response = await WsClient.GetAsync($"{PeoplePath}?limit={limit}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase(1)]
    [TestCase(200)]
    public async Task Limit_at_the_bounds_is_accepted(int limit)
    {
        await CreateAsync(new { userId = "u0" });
        await CreateAsync(new { userId = "u1" });

        var page = await GetPageAsync($"?limit={limit}");

        Assert.That(Ids(page), Has.Count.EqualTo(Math.Min(limit, 2)));
        Assert.That(page["nextCursor"], limit == 1 ? Is.Not.Null : Is.Null);
    }

    [Test]
    public async Task A_cursor_with_any_one_character_changed_is_400_never_followed()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(new { userId = $"u{i}" });
        }

        var cursor = Cursor(await GetPageAsync("?limit=1"));
        var failures = new List<string>();
        for (var position = 0; position < cursor.Length; position++)
        {
            var chars = cursor.ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            var tampered = new string(chars);
            using var response = await WsClient.GetAsync($"{PeoplePath}?limit=1&cursor={Uri.EscapeDataString(tampered)}");
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"position {position} ({cursor[position]} -> {chars[position]}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.That(failures, Is.Empty, $"cursor {cursor}");
    }

    [Test]
    public async Task A_tampered_cursor_is_a_400_problem_naming_the_cursor()
    {
        await CreateAsync(new { userId = "u0" });
        await CreateAsync(new { userId = "u1" });
        var cursor = Cursor(await GetPageAsync("?limit=1"));
        var tampered = (cursor[0] == 'A' ? 'B' : 'A') + cursor[1..];

        using var response = await WsClient.GetAsync($"{PeoplePath}?cursor={Uri.EscapeDataString(tampered)}");

        await AssertValidationProblemAsync(response, "cursor");
    }

    [TestCase("abc")]
    [TestCase(".")]
    [TestCase("a.b.c")]
    [TestCase("!!!.???")]
    [TestCase("cGVvcGxlOmFjbWV8MQ.AAAA")]
    public async Task A_garbage_cursor_is_400_not_500(string cursor)
    {
        using var response = await WsClient.GetAsync($"{PeoplePath}?cursor={Uri.EscapeDataString(cursor)}");

        await AssertValidationProblemAsync(response, "cursor");
    }

    [Test]
    public async Task A_cursor_from_another_workspace_is_rejected()
    {
        for (var i = 0; i < 2; i++)
        {
            await CreateAsync(new { userId = $"u{i}" });
        }

        var cursorOfA = Cursor(await GetPageAsync("?limit=1"));
        using var otherClient = await WorkspaceClientAsync("acme2");
        using (var seeded = await UpsertAsync(otherClient, "acme2", new { userId = "other" }))
        {
            Assert.That(seeded.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var response = await otherClient.GetAsync($"/v1/workspaces/acme2/people?limit=1&cursor={Uri.EscapeDataString(cursorOfA)}");

        await AssertValidationProblemAsync(response, "cursor");
    }

    [Test]
    public async Task Reading_with_a_write_only_token_is_403()
    {
        using var writer = Client(await CreateTokenAsync(Ws, Scopes.PeopleWrite));

        using var list = await writer.GetAsync(PeoplePath);
        using var lookup = await writer.GetAsync($"{PeoplePath}?userId=u1");

        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Reading_with_a_read_only_token_is_allowed()
    {
        await CreateAsync(new { userId = "u1" });
        using var reader = Client(await CreateTokenAsync(Ws, Scopes.PeopleRead));

        using var response = await reader.GetAsync($"{PeoplePath}?userId=u1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await BodyAsync(response))["data"]!.AsArray(), Has.Count.EqualTo(1));
    }

    private async Task<JsonObject> CreateAsync(object body)
    {
        using var response = await UpsertAsync(WsClient, Ws, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private async Task<JsonObject> GetPageAsync(string query)
    {
        using var response = await WsClient.GetAsync(PeoplePath + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private static string Cursor(JsonObject page)
    {
        Assert.That(page["nextCursor"], Is.Not.Null, "expected a further page");
        return page["nextCursor"]!.GetValue<string>();
    }

    private static List<string> Ids(JsonObject page) => [.. page["data"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())];

    private static string Id(JsonObject person) => person["id"]!.GetValue<string>();
}
