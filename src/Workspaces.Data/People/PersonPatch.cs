using System.Text.Json.Nodes;

namespace Workspaces.Data.People;

// What one upsert does to the person it resolved to: the traits merge (TraitsMerge), the limits on the result
// (TraitLimits), lastSeenAt only forward, and "did anything change", which alone moves updatedAt.
// PostgreSqlKeyUpsert repeats these rules in SQL for an upsert by its keys; KeyStatementTests runs a
// generated table of cases through both and asserts identical results.
public static class PersonPatch
{
    /// <returns>Whether anything changed; null (and nothing touched) when the merged traits break a limit.</returns>
    public static bool? Apply(Person person, PersonInput input, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var traits = JsonNode.Parse(person.Traits)!.AsObject();
        var traitsChanged = TraitsMerge.Merge(traits, input.Traits);
        if (traitsChanged)
        {
            TraitLimits.Check(traits, errors);
            if (errors.Count > 0)
            {
                return null;
            }

            person.Traits = traits.ToJsonString();
        }

        // lastSeenAt only moves forward, so late or replayed events cannot rewind it.
        var seen = input.LastSeenAt?.TruncateToMilliseconds();
        var seenMoves = seen is not null && (person.LastSeenAt is null || seen > person.LastSeenAt);
        var changed = traitsChanged || seenMoves
            || (input.UserId is not null && input.UserId != person.UserId)
            || (input.Email is not null && input.Email != person.Email);

        person.UserId = input.UserId ?? person.UserId;
        person.Email = input.Email ?? person.Email;
        person.LastSeenAt = seenMoves ? seen : person.LastSeenAt;
        if (changed)
        {
            person.UpdatedAt = now;
        }

        return changed;
    }
}
