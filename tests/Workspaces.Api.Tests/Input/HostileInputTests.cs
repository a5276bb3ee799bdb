using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Input;

// Contract §4: invalid UTF-8, a lone surrogate or a NUL anywhere in a body, path or query value is a 400 problem,
// never stored altered and never a 5xx (StrictInput). Well-formed text, surrogate pairs included, is stored exactly.
public sealed class HostileInputTests : WorkspaceTest
{
    private static readonly object[] RefusedBodies =
    [
        new object[] { "invalid UTF-8 in a trait key", Spliced("{\"userId\":\"u1\",\"traits\":{\"k", [0xFF], "\":1}}") },
        new object[] { "invalid UTF-8 in a value", Spliced("{\"userId\":\"u", [0xC3, 0x28], "\"}") },
        new object[] { "a UTF-8 encoded surrogate", Spliced("{\"userId\":\"u1\",\"traits\":{\"k\":\"", [0xED, 0xA0, 0x80], "\"}}") },
        new object[] { "a lone surrogate escape", "{\"userId\":\"u1\",\"traits\":{\"k\":\"\\ud83d\\u0041\"}}"u8.ToArray() },
        new object[] { "a lone low surrogate in a key", "{\"userId\":\"u1\",\"traits\":{\"\\udc00\":1}}"u8.ToArray() },
        new object[] { "NUL in a trait key", "{\"userId\":\"u1\",\"traits\":{\"k\\u0000\":1}}"u8.ToArray() },
        new object[] { "NUL in a userId", "{\"userId\":\"u\\u00001\"}"u8.ToArray() },
        new object[] { "a 5,000-digit number", Encoding.ASCII.GetBytes("{\"userId\":\"u1\",\"traits\":{\"n\":" + new string('9', 5000) + "}}") },
        new object[] { "an exponent no database number holds", "{\"userId\":\"u1\",\"traits\":{\"n\":1e400}}"u8.ToArray() },
        new object[] { "nesting 10,000 deep", Encoding.ASCII.GetBytes("{\"userId\":\"u1\",\"traits\":{\"d\":" + new string('[', 10_000) + new string(']', 10_000) + "}}") },
    ];

    [TestCaseSource(nameof(RefusedBodies))]
    public async Task A_body_with_bad_text_is_a_400_problem_and_stores_nothing(string what, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/upsert", content);

        await AssertValidationProblemAsync(response, "body");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero, what);
    }

    [Test]
    public async Task A_batch_with_invalid_UTF8_in_one_item_is_refused_whole()
    {
        using var content = new ByteArrayContent(Spliced("{\"people\":[{\"userId\":\"ok\"},{\"userId\":\"u", [0xFF], "\"}]}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/batch", content);

        await AssertValidationProblemAsync(response, "body");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task Text_with_surrogate_pairs_raw_or_escaped_is_stored_exactly()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"userId\":\"ü😀\",\"traits\":{\"😀\":\"\\ud83d\\ude00 ✓\"}}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/upsert", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(await Database.ScalarAsync<string>($"SELECT {Traits.Text("😀")} FROM \"{Schema}\".people WHERE \"UserId\" = N'ü😀'"), Is.EqualTo("😀 ✓"));
    }

    [TestCase("?userId=%00")]
    [TestCase("?email=a%00%40ex.com")]
    [TestCase("?userId=%FF")]
    [TestCase("?userId=%ED%A0%80")]
    [TestCase("?userId=%01")]
    public async Task A_query_value_with_NUL_control_characters_or_bad_encoding_is_a_400_problem(string query)
    {
        using var response = await WsClient.GetAsync($"/v1/workspaces/{Ws}/people{query}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("invalid-request-target"));
    }

    [TestCase("/v1/admin/workspaces/%01")]
    [TestCase("/v1/admin/workspaces/%C0%80")]
    [TestCase("/v1/admin/workspaces/acme/tokens/%7F")]
    public async Task A_path_value_with_control_characters_or_bad_encoding_is_a_400_problem(string path)
    {
        using var admin = Client(AdminToken());

        using var response = await admin.DeleteAsync(path);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(await Database.SchemaOfAsync(Ws), Is.Not.Null);
    }

    [Test]
    public async Task A_token_name_with_a_control_character_is_a_400_like_a_workspace_name()
    {
        using var admin = Client(AdminToken());

        using var response = await admin.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/tokens", new { name = "web\u0001app", scopes = new[] { "people:read" } });

        await AssertValidationProblemAsync(response, "name");
    }

    [Test]
    public async Task A_body_declaring_another_charset_is_a_415_problem()
    {
        using var content = new ByteArrayContent("{\"userId\":\"u\xe9\"}"u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=iso-8859-1");

        using var response = await WsClient.PostAsync($"/v1/workspaces/{Ws}/people/upsert", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    private static byte[] Spliced(string before, byte[] bad, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];
}
