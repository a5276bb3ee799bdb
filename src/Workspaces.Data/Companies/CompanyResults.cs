using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

/// <param name="MemberCount">Counted from the membership rows when the company was read.</param>
public sealed record CompanyView(Company Company, int MemberCount);

public sealed record CompanyUpsertResult(UpsertStatus Status, CompanyView? Company = null, Dictionary<string, string[]>? Errors = null);

public enum MembershipOutcome
{
    Joined,
    Updated,
    NotFound,
    Invalid,
}

public sealed record MembershipResult(MembershipOutcome Outcome, Membership? Membership = null, Person? Person = null, Dictionary<string, string[]>? Errors = null);

// A membership made or kept by a person upsert's companies, for its response.
public sealed record JoinedCompany(Company Company, Membership Membership);
