using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Data.People;

namespace Workspaces.Api.Input;

// A free-form object member of a request (a person's or company's traits, a membership's attributes): a JSON object
// (null counts as absent) whose keys are 1-128 characters and which keeps TraitLimits, errors named by the member.
public static class JsonObjects
{
    public static JsonObject? Read(JsonElement? element, string field, Dictionary<string, string[]> errors)
    {
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            if (element is { ValueKind: not JsonValueKind.Null })
            {
                errors[field] = [$"{field} must be a JSON object."];
            }

            return null;
        }

        var json = JsonObject.Create(value)!;
        if (json.Any(p => p.Key.Length is 0 or > TraitLimits.MaxKeyLength))
        {
            errors[field] = [$"{field} keys must be 1-{TraitLimits.MaxKeyLength} characters."];
        }

        TraitLimits.Check(json, errors, field);
        return json;
    }
}
