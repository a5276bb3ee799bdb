using System.Text.Json.Nodes;
using Workspaces.Data.People;

namespace Workspaces.Data.Tests.People;

public sealed class TraitsMergeTests
{
    [Test]
    public void Given_keys_replace_null_removes_and_others_stay()
    {
        var stored = JsonNode.Parse("""{"plan":"free","seats":3,"nested":{"a":1}}""")!.AsObject();

        var changed = TraitsMerge.Merge(stored, JsonNode.Parse("""{"plan":"pro","seats":null,"nested":{"b":2}}""")!.AsObject());

        Assert.That(changed, Is.True);
        Assert.That(stored.ToJsonString(), Is.EqualTo("""{"plan":"pro","nested":{"b":2}}"""));
    }

    [TestCase("""{"plan":"pro"}""")]
    [TestCase("""{"gone":null}""")]
    [TestCase("""{}""")]
    public void Equal_values_and_removing_absent_keys_change_nothing(string patch)
    {
        var stored = JsonNode.Parse("""{"plan":"pro"}""")!.AsObject();

        Assert.That(TraitsMerge.Merge(stored, JsonNode.Parse(patch)!.AsObject()), Is.False);
        Assert.That(stored.ToJsonString(), Is.EqualTo("""{"plan":"pro"}"""));
    }

    [Test]
    public void No_traits_change_nothing() =>
        Assert.That(TraitsMerge.Merge(new JsonObject(), null), Is.False);
}
