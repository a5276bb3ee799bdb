using System.Text.Json.Nodes;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

public sealed record PersonResponse(
    string Id, string? UserId, string? Email, JsonObject Traits, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastSeenAt)
{
    public static PersonResponse From(Person person) => new(
        person.Id, person.UserId, person.Email, JsonNode.Parse(person.Traits)!.AsObject(), person.CreatedAt, person.UpdatedAt, person.LastSeenAt);
}
