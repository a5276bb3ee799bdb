using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Api.Input;
using Workspaces.Data.Companies;

namespace Workspaces.Api.Companies;

[Description("A person's membership of a company.")]
public sealed record PutMemberRequest(
    [property: Description("The membership's attributes (a role, a seat, ...), merged shallowly into the stored ones like traits (null removes a key), with the same limits.")]
    JsonElement? Attributes = null);

internal static class PutMember
{
    public static async Task<Results<Created<CompanyMemberResponse>, Ok<CompanyMemberResponse>, ProblemHttpResult>> HandleAsync(
        string workspaceId, string id, string personId, PutMemberRequest request, CompanyUpserter upserter, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var attributes = JsonObjects.Read(request.Attributes, "attributes", errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await upserter.PutMemberAsync(id, personId, attributes, cancellationToken);
        return result.Outcome switch
        {
            MembershipOutcome.Joined => TypedResults.Created(
                $"/v1/workspaces/{workspaceId}/companies/{id}/members/{personId}", CompanyMemberResponse.From(result.Membership!, result.Person!)),
            MembershipOutcome.Updated => TypedResults.Ok(CompanyMemberResponse.From(result.Membership!, result.Person!)),
            MembershipOutcome.NotFound => Problems.NotFound("Company or person"),
            _ => Problems.Validation(result.Errors!),
        };
    }
}
