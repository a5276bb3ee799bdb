using System.Text.Json.Nodes;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// A company's traits and a membership's attributes change exactly as a person's traits do: the same merge
// (TraitsMerge) and the same limits on the merged result (TraitLimits), errors named by the member.
public static class ObjectPatch
{
    /// <returns>The merged JSON when something changed; the stored JSON when nothing did; null (errors added) when the result breaks a limit.</returns>
    public static string? Apply(string stored, JsonObject? patch, string field, Dictionary<string, string[]> errors, out bool changed)
    {
        var merged = JsonNode.Parse(stored)!.AsObject();
        changed = TraitsMerge.Merge(merged, patch);
        if (!changed)
        {
            return stored;
        }

        var found = new Dictionary<string, string[]>();
        TraitLimits.Check(merged, found, field);
        foreach (var (key, messages) in found)
        {
            errors[key] = messages;
        }

        return found.Count > 0 ? null : merged.ToJsonString();
    }
}
