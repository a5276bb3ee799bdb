using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

/// <summary>
/// One person's companies as an engine's one-statement join takes them (IDatabaseEngine.JoinCompaniesAsync): each
/// company upserted by its companyId (its traits patch), the person joined to it (the membership's attributes patch),
/// merged, limited and written only when changed as CompanyWrites and ObjectPatch do.
/// </summary>
public sealed record CompaniesJoin(long PersonSeq, IReadOnlyList<CompanyJoinEntry> Entries, DateTimeOffset Now)
{
    public static CompaniesJoin For(long personSeq, IReadOnlyList<CompanyEntry> entries, DateTimeOffset now) => new(
        personSeq,
        [.. entries.Select(e => new CompanyJoinEntry(
            e.Company.CompanyId, Company.NewId(), PatchParameters.For(e.Company.Traits), PatchParameters.For(e.Attributes)))],
        now);
}

/// <param name="NewId">The id the company gets if this join creates it.</param>
public sealed record CompanyJoinEntry(string CompanyId, string NewId, PatchParameters Traits, PatchParameters Attributes);

/// <summary>One entry's company and membership as the join left them.</summary>
/// <param name="CompanyChanged">Whether the join wrote the company (always, when it created it).</param>
/// <param name="MembershipChanged">Whether the join wrote the membership (always, when it created it).</param>
public sealed record CompanyJoinResult(
    Company Company, bool CompanyCreated, bool CompanyChanged, Membership Membership, bool MembershipCreated, bool MembershipChanged);
