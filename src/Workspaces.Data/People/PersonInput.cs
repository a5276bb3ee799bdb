using System.Text.Json.Nodes;

namespace Workspaces.Data.People;

// An upsert request after validation: keys trimmed, email lower-cased, traits within TraitLimits.
public sealed record PersonInput(string? UserId, string? Email, JsonObject? Traits, DateTimeOffset? LastSeenAt);
