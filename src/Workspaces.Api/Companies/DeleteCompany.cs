using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Data.People;

namespace Workspaces.Api.Companies;

internal static class DeleteCompany
{
    // A hard delete: its memberships go with it (the foreign key cascades), its people stay, and its companyId is free again.
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, PeopleDbContext db, CancellationToken cancellationToken) =>
        await db.Companies.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
            ? TypedResults.NoContent()
            : Problems.NotFound("Company");
}
