using System.Text.Json;

namespace Workspaces.Api.Errors;

public static class JsonErrors
{
    // "$.traits" → "traits"; the whole body when the path says nothing more precise.
    public static Dictionary<string, string[]> FieldErrors(JsonException json)
    {
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
        var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown property; it is rejected, not ignored."
            : json.Message.Contains("uplicate", StringComparison.Ordinal) ? "Duplicate property name."
            : json.Path is null or "$" ? "The body is not valid JSON."
            : "The value has the wrong type or format.";
        return new() { [field] = [message] };
    }
}
