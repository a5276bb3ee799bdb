using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Api.Paging;
using Workspaces.Data.People;

namespace Workspaces.Api.Companies;

// GET .../companies: a lookup by companyId (0 or 1 item), or all companies oldest first, a page at a time.
internal static class ListCompanies
{
    public static async Task<Results<Ok<Page<CompanyResponse>>, ProblemHttpResult>> HandleAsync(
        string workspaceId, PeopleDbContext db, Cursors cursors, CancellationToken cancellationToken,
        string? companyId = null, int? limit = null, string? cursor = null)
    {
        var errors = Cursors.ValidateLimit(limit);
        var scope = "companies:" + workspaceId;
        long after = 0;
        if (cursor is not null && !long.TryParse(cursors.Decode(scope, cursor), CultureInfo.InvariantCulture, out after))
        {
            errors["cursor"] = ["The cursor is not valid for this list."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (companyId is not null)
        {
            var trimmed = companyId.Trim();
            var match = await CompanyReads.Views(db, db.Companies.Where(c => c.ExternalId == trimmed)).FirstOrDefaultAsync(cancellationToken);
            return TypedResults.Ok(new Page<CompanyResponse>(match is null ? [] : [CompanyResponse.From(match)], null));
        }

        var take = limit ?? Cursors.DefaultLimit;
        var page = await CompanyReads.Views(db, db.Companies.Where(c => c.Seq > after).OrderBy(c => c.Seq).Take(take + 1)).ToListAsync(cancellationToken);
        var next = page.Count > take ? cursors.Encode(scope, page[take - 1].Company.Seq.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<CompanyResponse>([.. page.Take(take).Select(CompanyResponse.From)], next));
    }
}
