using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Data.People;

namespace Workspaces.Api.Companies;

internal static class GetCompany
{
    public static async Task<Results<Ok<CompanyResponse>, ProblemHttpResult>> HandleAsync(string id, PeopleDbContext db, CancellationToken cancellationToken) =>
        await CompanyReads.ByIdAsync(db, id, cancellationToken) is { } company ? TypedResults.Ok(CompanyResponse.From(company)) : Problems.NotFound("Company");
}
