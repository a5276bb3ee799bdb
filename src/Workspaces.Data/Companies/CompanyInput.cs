using System.Text.Json.Nodes;

namespace Workspaces.Data.Companies;

// A company upsert after validation: companyId trimmed, traits within TraitLimits.
public sealed record CompanyInput(string CompanyId, JsonObject? Traits);

// One entry of a person upsert's companies: the company to upsert and the attributes of the person's membership.
public sealed record CompanyEntry(CompanyInput Company, JsonObject? Attributes);
