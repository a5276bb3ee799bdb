namespace Workspaces.Data.People;

public enum UpsertStatus
{
    Created,
    Updated,

    // Resolved to a person the upsert did not change (answered like Updated; counted apart by the metrics).
    Unchanged,
    Conflict,
    NotFound,
    Invalid,
}

/// <param name="Person">The person as this upsert left it (a copy: later items of a batch may change it again).</param>
/// <param name="Companies">The person's memberships of the upsert's companies, when it had companies.</param>
public sealed record UpsertResult(
    UpsertStatus Status, Person? Person = null, IReadOnlyList<string>? ConflictingIds = null, Dictionary<string, string[]>? Errors = null,
    IReadOnlyList<Companies.JoinedCompany>? Companies = null)
{
    public static UpsertResult Invalid(Dictionary<string, string[]> errors) => new(UpsertStatus.Invalid, Errors: errors);
}
