using System.Text.Json.Nodes;

namespace Workspaces.Data.People;

// Shallow merge: a given key replaces the stored one, a key set to null is removed, keys not given stay.
// PostgreSqlKeyUpsert repeats it in SQL (KeyStatementTests proves them equal).
public static class TraitsMerge
{
    /// <returns>Whether <paramref name="stored"/> changed.</returns>
    public static bool Merge(JsonObject stored, JsonObject? patch)
    {
        if (patch is null)
        {
            return false;
        }

        var changed = false;
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                changed |= stored.Remove(key);
            }
            else if (!stored.TryGetPropertyValue(key, out var current) || !JsonNode.DeepEquals(current, value))
            {
                stored[key] = value.DeepClone();
                changed = true;
            }
        }

        return changed;
    }
}
