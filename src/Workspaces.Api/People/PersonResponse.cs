using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Workspaces.Api.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

[Description("A person of the workspace.")]
public sealed record PersonResponse(
    [property: Description("Assigned by the service: opaque, never reused.")] string Id,
    [property: Description("Your own id for the person, or null.")] string? UserId,
    [property: Description("The normalised (trimmed, lower-case) email address, or null.")] string? Email,
    [property: Description("The person's traits: a free-form JSON object.")] JsonObject Traits,
    [property: Description("When the person was created.")] DateTimeOffset CreatedAt,
    [property: Description("When something stored about the person last changed.")] DateTimeOffset UpdatedAt,
    [property: Description("The latest lastSeenAt given, or null.")] DateTimeOffset? LastSeenAt,
    [property: Description("On an upsert that had companies: the person's membership of each of them, in request order. Absent otherwise.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<PersonMembershipResponse>? Companies = null)
{
    public static PersonResponse From(Person person) => new(
        person.Id, person.UserId, person.Email, JsonNode.Parse(person.Traits)!.AsObject(), person.CreatedAt, person.UpdatedAt, person.LastSeenAt);

    // The person, with the memberships of its companies when the upsert had any.
    public static PersonResponse From(UpsertResult result) =>
        From(result.Person!) with { Companies = result.Companies?.Select(PersonMembershipResponse.From).ToList() };
}
