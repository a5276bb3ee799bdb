using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.People;

// An upsert by one key (about three in four requests) costs one statement: the person holding the key is updated or
// created by one INSERT ... ON CONFLICT, whether it creates, changes or changes nothing. The identity, merge and
// concurrency rules it must keep are tested with every other upsert in UpsertIdentityTests and UpsertConcurrencyTests.
// A batch over stored people is one read and one write.
public sealed class UpsertStatementTests : CommandLogTest
{
    [TestCase("userId", "u1")]
    [TestCase("email", "ada@example.com")]
    [PostgreSqlOnly("one INSERT ... ON CONFLICT; on SQL Server a one-key upsert is a locked read and a write in one transaction")]
    public async Task A_one_key_upsert_is_one_statement_whether_it_creates_changes_or_changes_nothing(string key, string value)
    {
        var steps = new (object Traits, HttpStatusCode Status)[]
        {
            (new { plan = "free" }, HttpStatusCode.Created),
            (new { plan = "pro" }, HttpStatusCode.OK),
            (new { plan = "pro" }, HttpStatusCode.OK),
        };

        foreach (var (traits, status) in steps)
        {
            Logs.Clear();
            using var response = await UpsertAsync(WsClient, Ws, new Dictionary<string, object> { [key] = value, ["traits"] = traits });

            Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
            Assert.That(PeopleStatements(), Has.Count.EqualTo(1), string.Join("\n", PeopleStatements()));
        }
    }

    // The batch decides on one read: people stored before it are found by userId, by email and by both (one person
    // holding both keys), so the batch is one read and one write, not a lost race and a retry item by item.
    [Test]
    public async Task A_batch_finds_stored_people_by_userId_by_email_and_by_both_in_one_read_and_writes_once()
    {
        foreach (var person in new object[] { new { userId = "u1" }, new { email = "e2@example.com" }, new { userId = "u3", email = "e3@example.com" } })
        {
            using var created = await UpsertAsync(WsClient, Ws, person);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        Logs.Clear();
        using var response = await WsClient.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/batch", new
        {
            people = new object[]
            {
                new { userId = "u1", traits = new { n = 1 } },
                new { email = "e2@example.com", traits = new { n = 2 } },
                new { userId = "u3", email = "e3@example.com", traits = new { n = 3 } },
            },
        });

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var statuses = JsonNode.Parse(body)!["results"]!.AsArray().Select(r => r!["status"]!.GetValue<int>());
        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200 }), body);
        Assert.That(PeopleStatements(), Has.Count.EqualTo(2), string.Join("\n", PeopleStatements()));
    }

    private List<string> PeopleStatements() => Commands(text => Unbracketed(text).Contains(".people", StringComparison.Ordinal));
}
