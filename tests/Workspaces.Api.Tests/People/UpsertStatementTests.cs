using System.Net;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.People;

// An upsert by one key (about three in four requests) costs one statement: the person holding the key is updated or
// created by one INSERT ... ON CONFLICT, whether it creates, changes or changes nothing. The identity, merge and
// concurrency rules it must keep are tested with every other upsert in UpsertIdentityTests and UpsertConcurrencyTests.
public sealed class UpsertStatementTests : CommandLogTest
{
    [TestCase("userId", "u1")]
    [TestCase("email", "ada@example.com")]
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

    private List<string> PeopleStatements() => Commands(text => text.Contains(".people", StringComparison.Ordinal));
}
