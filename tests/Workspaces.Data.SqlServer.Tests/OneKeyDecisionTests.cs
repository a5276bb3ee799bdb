using System.Text.Json.Nodes;
using Workspaces.Data.People;
using Workspaces.Data.SqlServer.People;

namespace Workspaces.Data.SqlServer.Tests;

// SQL Server's one-key upsert decides with PersonPatch on the upsert as the engine receives it (KeyUpsert: the
// patch's values and the names of the keys it removes). That must be the same decision as on the request itself.
public sealed class OneKeyDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static IEnumerable<TestCaseData> Patches()
    {
        yield return new TestCaseData("""{"plan":"pro"}""", null).SetName("a new value");
        yield return new TestCaseData("""{"plan":null,"seats":3}""", null).SetName("a removal and a new value");
        yield return new TestCaseData("""{"plan":"free"}""", null).SetName("the same value");
        yield return new TestCaseData("""{"nested":{"a":[1,{"b":null}]},"gone":null}""", null).SetName("nested values and a removal of a missing key");
        yield return new TestCaseData(null, "2026-12-03T13:00:00.123Z").SetName("lastSeenAt forward");
        yield return new TestCaseData(null, "2026-12-01T00:00:00.000Z").SetName("lastSeenAt backward");
        yield return new TestCaseData("{}", null).SetName("an empty patch");
    }

    [TestCaseSource(nameof(Patches))]
    public void The_one_key_upsert_decides_as_the_request_would(string? traits, string? lastSeenAt)
    {
        var input = new PersonInput("u1", null, traits is null ? null : JsonNode.Parse(traits)!.AsObject(),
            lastSeenAt is null ? null : DateTimeOffset.Parse(lastSeenAt, System.Globalization.CultureInfo.InvariantCulture));
        var (byRequest, byEngine) = (Stored(), Stored());

        var changedByRequest = PersonPatch.Apply(byRequest, input, Now, []);
        var changedByEngine = PersonPatch.Apply(byEngine, SqlServerPeopleStatements.Input(KeyUpsert.For(input, Now)), Now, []);

        Assert.That(changedByEngine, Is.EqualTo(changedByRequest));
        Assert.That(
            (JsonNode.DeepEquals(JsonNode.Parse(byEngine.Traits), JsonNode.Parse(byRequest.Traits)), byEngine.LastSeenAt, byEngine.UpdatedAt, byEngine.UserId, byEngine.Email),
            Is.EqualTo((true, byRequest.LastSeenAt, byRequest.UpdatedAt, byRequest.UserId, byRequest.Email)));
    }

    private static Person Stored() => new()
    {
        Seq = 1, Id = Person.NewId(), UserId = "u1", Email = "ada@example.com", Traits = """{"plan":"free","n":1}""",
        CreatedAt = Now.AddDays(-1), UpdatedAt = Now.AddDays(-1), LastSeenAt = Now.AddHours(-1),
    };
}
