using System.Text.Json.Nodes;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Data.Tests.Companies;

// A company's traits and a membership's attributes change exactly as a person's traits: TraitsMerge, then TraitLimits
// on the merged result, with errors named by the member (companies[1].traits, attributes, ...).
public sealed class ObjectPatchTests
{
    [Test]
    public void Merges_like_traits_and_reports_a_change()
    {
        var merged = ObjectPatch.Apply("""{"plan":"free","seats":3}""", Patch("""{"plan":"pro","seats":null}"""), "traits", [], out var changed);

        Assert.That(changed, Is.True);
        Assert.That(merged, Is.EqualTo("""{"plan":"pro"}"""));
    }

    [Test]
    public void An_equal_patch_changes_nothing_and_keeps_the_stored_text()
    {
        const string stored = """{"plan":"pro"}""";

        Assert.That(ObjectPatch.Apply(stored, Patch(stored), "attributes", [], out var changed), Is.SameAs(stored));
        Assert.That(changed, Is.False);
    }

    [Test]
    public void A_merged_result_over_the_trait_key_limit_is_refused_under_the_member_name()
    {
        var stored = new JsonObject();
        for (var i = 0; i < TraitLimits.MaxKeys; i++)
        {
            stored[$"k{i}"] = i;
        }

        var errors = new Dictionary<string, string[]>();
        var merged = ObjectPatch.Apply(stored.ToJsonString(), Patch("""{"one-more":1}"""), "companies[1].traits", errors, out _);

        Assert.That(merged, Is.Null);
        Assert.That(errors.Keys, Is.EqualTo(new[] { "companies[1].traits" }));
        Assert.That(errors["companies[1].traits"][0], Does.Contain($"at most {TraitLimits.MaxKeys} keys"));
    }

    private static JsonObject Patch(string json) => JsonNode.Parse(json)!.AsObject();
}
