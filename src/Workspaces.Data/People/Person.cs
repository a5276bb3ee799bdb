namespace Workspaces.Data.People;

public sealed class Person
{
    // Insertion order, for oldest-first keyset pagination; never exposed.
    public long Seq { get; init; }
    public required string Id { get; init; }
    public string? UserId { get; set; }
    public string? Email { get; set; }

    // The traits object as JSON text, stored in the engine's JSON column type.
    public required string Traits { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }

    // Optimistic concurrency: a write that lost a race is retried on fresh data instead of overwriting it.
    public int Version { get; set; }

    public static string NewId() => "prs_" + Guid.CreateVersion7().ToString("N");

    // The person as it is now, unaffected by later changes to this instance.
    public Person Snapshot() => (Person)MemberwiseClone();
}
