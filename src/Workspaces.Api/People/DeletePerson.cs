using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

internal static class DeletePerson
{
    // A hard delete: the row goes, so its userId and email are free to be used again.
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, PeopleDbContext db, CancellationToken cancellationToken) =>
        await db.People.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
            ? TypedResults.NoContent()
            : Problems.NotFound("Person");
}
