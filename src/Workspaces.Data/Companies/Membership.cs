using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// A person's membership of a company, with its own attributes (a role, a seat, ...), merged and limited like traits.
// Both references cascade: deleting a person or a company deletes its memberships, and the foreign keys make a
// membership of a company or person deleted meanwhile impossible (the write fails and is retried on fresh data).
public sealed class Membership
{
    // Insertion order, for oldest-first keyset pagination of both lists (members, companies of a person).
    public long Seq { get; init; }
    public long CompanySeq { get; init; }
    public long PersonSeq { get; init; }
    public Company? Company { get; init; }
    public Person? Person { get; init; }

    public required string Attributes { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}
