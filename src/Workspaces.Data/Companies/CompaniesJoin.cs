using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

/// <summary>
/// One company of a person upsert as an engine's one-statement join takes it (IDatabaseEngine.UpsertOnKeyWithCompaniesAsync):
/// the company upserted by its companyId (its traits patch) and the person joined to it (the membership's attributes
/// patch), merged, limited and written only when changed as CompanyWrites and ObjectPatch do.
/// </summary>
/// <param name="NewId">The id the company gets if this join creates it.</param>
public sealed record CompanyJoinEntry(string CompanyId, string NewId, PatchParameters Traits, PatchParameters Attributes)
{
    public static CompanyJoinEntry For(CompanyEntry entry) =>
        new(entry.Company.CompanyId, Company.NewId(), PatchParameters.For(entry.Company.Traits), PatchParameters.For(entry.Attributes));
}

/// <summary>One entry's company and membership as the join left them.</summary>
/// <param name="CompanyChanged">Whether the join wrote the company (always, when it created it).</param>
/// <param name="MembershipChanged">Whether the join wrote the membership (always, when it created it).</param>
public sealed record CompanyJoinResult(
    Company Company, bool CompanyCreated, bool CompanyChanged, Membership Membership, bool MembershipCreated, bool MembershipChanged);

/// <summary>An upsert with companies as one statement left them: the person, and each entry in order.</summary>
public sealed record KeyJoinResult(KeyUpsertResult Person, IReadOnlyList<CompanyJoinResult> Companies);
