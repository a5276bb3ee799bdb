using System.Text.Json.Nodes;

namespace Workspaces.Data.People;

// An upsert request after validation: keys trimmed, email lower-cased, traits within TraitLimits. Companies, when
// given (at most 50, each companyId once), are written with the person in one transaction (PersonCompaniesUpserter).
public sealed record PersonInput(
    string? UserId, string? Email, JsonObject? Traits, DateTimeOffset? LastSeenAt,
    IReadOnlyList<Companies.CompanyEntry>? Companies = null, bool PruneCompanies = false);
