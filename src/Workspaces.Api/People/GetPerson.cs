using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

internal static class GetPerson
{
    public static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> HandleAsync(
        string id, PeopleDbContext db, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return person is null ? Problems.NotFound("Person") : TypedResults.Ok(PersonResponse.From(person));
    }
}
