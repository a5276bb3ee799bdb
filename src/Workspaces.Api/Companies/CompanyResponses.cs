using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Workspaces.Api.People;
using Workspaces.Data.Companies;

namespace Workspaces.Api.Companies;

[Description("A company of the workspace.")]
public sealed record CompanyResponse(
    [property: Description("Assigned by the service: opaque, never reused.")] string Id,
    [property: Description("Your own id for the company (case-sensitive).")] string CompanyId,
    [property: Description("The company's traits: a free-form JSON object.")] JsonObject Traits,
    [property: Description("How many people are members of the company now.")] int MemberCount,
    [property: Description("When the company was created.")] DateTimeOffset CreatedAt,
    [property: Description("When the company's traits last changed.")] DateTimeOffset UpdatedAt)
{
    public static CompanyResponse From(CompanyView view) => From(view.Company, view.MemberCount);

    public static CompanyResponse From(Company company, int memberCount) => new(
        company.Id, company.ExternalId, JsonNode.Parse(company.Traits)!.AsObject(), memberCount, company.CreatedAt, company.UpdatedAt);
}

[Description("A member of a company: the person and the membership's attributes.")]
public sealed record CompanyMemberResponse(
    [property: Description("The member.")] PersonResponse Person,
    [property: Description("The membership's attributes: a free-form JSON object.")] JsonObject Attributes,
    [property: Description("When the person joined the company.")] DateTimeOffset CreatedAt,
    [property: Description("When the membership's attributes last changed.")] DateTimeOffset UpdatedAt)
{
    public static CompanyMemberResponse From(Membership membership, Data.People.Person person) => new(
        PersonResponse.From(person), JsonNode.Parse(membership.Attributes)!.AsObject(), membership.CreatedAt, membership.UpdatedAt);
}

[Description("A company a person belongs to, and the membership's attributes.")]
public sealed record PersonCompanyResponse(
    [property: Description("The company.")] CompanyResponse Company,
    [property: Description("The membership's attributes: a free-form JSON object.")] JsonObject Attributes,
    [property: Description("When the person joined the company.")] DateTimeOffset CreatedAt,
    [property: Description("When the membership's attributes last changed.")] DateTimeOffset UpdatedAt);

[Description("A membership made or kept by a person upsert's companies.")]
public sealed record PersonMembershipResponse(
    [property: Description("The company's id (cmp_...).")] string Id,
    [property: Description("Your own id for the company.")] string CompanyId,
    [property: Description("The membership's attributes as stored after the upsert.")] JsonObject Attributes)
{
    public static PersonMembershipResponse From(JoinedCompany joined) =>
        new(joined.Company.Id, joined.Company.ExternalId, JsonNode.Parse(joined.Membership.Attributes)!.AsObject());
}
