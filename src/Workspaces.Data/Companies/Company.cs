namespace Workspaces.Data.Companies;

// A company (account, organisation) of a workspace. Its memberCount is not stored: it is counted from the membership
// rows whenever a company is read, so it is exact under any concurrency and cannot drift.
public sealed class Company
{
    // Insertion order, for oldest-first keyset pagination; also what memberships refer to. Never exposed.
    public long Seq { get; init; }
    public required string Id { get; init; }

    // The customer's own id for the company (the API's companyId): compared case-sensitively.
    public required string ExternalId { get; init; }

    // The traits object as JSON text, stored in the engine's JSON column type; merged and limited like a person's.
    public required string Traits { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    // Optimistic concurrency: a traits write that lost a race is retried on fresh data instead of overwriting it.
    public int Version { get; set; }

    public static string NewId() => "cmp_" + Guid.CreateVersion7().ToString("N");
}
