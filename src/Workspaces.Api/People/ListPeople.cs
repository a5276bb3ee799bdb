using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Api.Paging;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

// GET .../people: a lookup by userId or email (0 or 1 item), or all people oldest first, a page at a time.
internal static class ListPeople
{
    public static async Task<Results<Ok<Page<PersonResponse>>, ProblemHttpResult>> HandleAsync(
        string workspaceId, PeopleDbContext db, Cursors cursors, CancellationToken cancellationToken,
        string? userId = null, string? email = null, int? limit = null, string? cursor = null)
    {
        var errors = Cursors.ValidateLimit(limit);
        if (userId is not null && email is not null)
        {
            errors["email"] = ["Look up by userId or by email, not both."];
        }

        long after = 0;
        if (cursor is not null && !long.TryParse(cursors.Decode(Scope(workspaceId), cursor), out after))
        {
            errors["cursor"] = ["The cursor is not valid for this list."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var people = db.People.AsNoTracking();
        if (userId is not null || email is not null)
        {
            var normalisedEmail = email?.Trim().ToLowerInvariant();
            var trimmedUserId = userId?.Trim();
            var match = await (trimmedUserId is not null ? people.Where(p => p.UserId == trimmedUserId) : people.Where(p => p.Email == normalisedEmail))
                .FirstOrDefaultAsync(cancellationToken);
            return TypedResults.Ok(new Page<PersonResponse>(match is null ? [] : [PersonResponse.From(match)], null));
        }

        var take = limit ?? Cursors.DefaultLimit;
        var page = await people.Where(p => p.Seq > after).OrderBy(p => p.Seq).Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take ? cursors.Encode(Scope(workspaceId), page[take - 1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<PersonResponse>([.. page.Take(take).Select(PersonResponse.From)], next));
    }

    private static string Scope(string workspaceId) => "people:" + workspaceId;
}
