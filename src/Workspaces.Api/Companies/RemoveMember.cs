using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Data.Companies;

namespace Workspaces.Api.Companies;

internal static class RemoveMember
{
    // 204 also when the person was not a member: the end state is what the caller asked for.
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string id, string personId, CompanyUpserter upserter, CancellationToken cancellationToken) =>
        await upserter.RemoveMemberAsync(id, personId, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("Company or person");
}
