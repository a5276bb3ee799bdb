using System.Text.Json.Nodes;
using Workspaces.Data.People;

namespace Workspaces.Data.Tests.People;

// What one upsert does to the person it resolved to, as plain C# without a database.
public sealed class PersonPatchTests
{
    private static readonly DateTimeOffset Before = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void An_earlier_lastSeenAt_does_not_rewind_and_changes_nothing()
    {
        var person = Stored("""{"plan":"pro"}""", lastSeenAt: Before);

        Assert.That(PersonPatch.Apply(person, Input(null, Before.AddDays(-1)), Now, []), Is.False);
        Assert.That((person.LastSeenAt, person.UpdatedAt), Is.EqualTo((Before, Before)));
    }

    [Test]
    public void A_later_lastSeenAt_moves_it_and_updatedAt()
    {
        var person = Stored("{}", lastSeenAt: Before);

        Assert.That(PersonPatch.Apply(person, Input(null, Before.AddTicks(TimeSpan.TicksPerMillisecond + 7)), Now, []), Is.True);
        Assert.That((person.LastSeenAt, person.UpdatedAt), Is.EqualTo((Before.AddMilliseconds(1), Now)), "kept to the millisecond");
    }

    [Test]
    public void A_lastSeenAt_within_the_same_millisecond_changes_nothing()
    {
        var person = Stored("{}", lastSeenAt: Before);

        Assert.That(PersonPatch.Apply(person, Input(null, Before.AddTicks(4000)), Now, []), Is.False);
    }

    [Test]
    public void Equal_traits_change_nothing_and_keep_updatedAt()
    {
        var person = Stored("""{"plan":"pro","seats":1}""");

        Assert.That(PersonPatch.Apply(person, Input("""{"plan":"pro","seats":1.0,"gone":null}"""), Now, []), Is.False);
        Assert.That(person.UpdatedAt, Is.EqualTo(Before));
    }

    [Test]
    public void A_merge_past_the_key_limit_is_refused_and_touches_nothing()
    {
        var full = new JsonObject();
        for (var i = 0; i < TraitLimits.MaxKeys; i++)
        {
            full[$"k{i}"] = i;
        }

        var person = Stored(full.ToJsonString());
        var errors = new Dictionary<string, string[]>();

        Assert.That(PersonPatch.Apply(person, Input("""{"one":"more"}"""), Now, errors), Is.Null);
        Assert.That(errors, Does.ContainKey("traits"));
        Assert.That((person.Traits, person.UpdatedAt), Is.EqualTo((full.ToJsonString(), Before)));
    }

    private static Person Stored(string traits, DateTimeOffset? lastSeenAt = null) =>
        new() { Id = "prs_a", Seq = 1, UserId = "u1", Traits = traits, CreatedAt = Before, UpdatedAt = Before, LastSeenAt = lastSeenAt };

    private static PersonInput Input(string? traits, DateTimeOffset? lastSeenAt = null) =>
        new("u1", null, traits is null ? null : JsonNode.Parse(traits)!.AsObject(), lastSeenAt);
}
