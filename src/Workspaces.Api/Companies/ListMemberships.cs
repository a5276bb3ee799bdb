using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Api.Paging;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.Companies;

// The members of a company, and the companies of a person: memberships oldest first, a page at a time.
internal static class ListMemberships
{
    public static async Task<Results<Ok<Page<CompanyMemberResponse>>, ProblemHttpResult>> MembersAsync(
        string workspaceId, string id, PeopleDbContext db, Cursors cursors, CancellationToken cancellationToken, int? limit = null, string? cursor = null)
    {
        var scope = $"members:{workspaceId}:{id}";
        if (Position(cursors, scope, limit, cursor) is not { } after)
        {
            return Invalid(limit);
        }

        if (await db.Companies.Where(c => c.Id == id).Select(c => (long?)c.Seq).FirstOrDefaultAsync(cancellationToken) is not { } companySeq)
        {
            return Problems.NotFound("Company");
        }

        var take = limit ?? Cursors.DefaultLimit;
        var page = await db.Memberships.AsNoTracking().Include(m => m.Person)
            .Where(m => m.CompanySeq == companySeq && m.Seq > after).OrderBy(m => m.Seq).Take(take + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<CompanyMemberResponse>(
            [.. page.Take(take).Select(m => CompanyMemberResponse.From(m, m.Person!))], Next(cursors, scope, page, take)));
    }

    public static async Task<Results<Ok<Page<PersonCompanyResponse>>, ProblemHttpResult>> CompaniesOfPersonAsync(
        string workspaceId, string id, PeopleDbContext db, Cursors cursors, CancellationToken cancellationToken, int? limit = null, string? cursor = null)
    {
        var scope = $"person-companies:{workspaceId}:{id}";
        if (Position(cursors, scope, limit, cursor) is not { } after)
        {
            return Invalid(limit);
        }

        if (await db.People.Where(p => p.Id == id).Select(p => (long?)p.Seq).FirstOrDefaultAsync(cancellationToken) is not { } personSeq)
        {
            return Problems.NotFound("Person");
        }

        var take = limit ?? Cursors.DefaultLimit;
        var page = await db.Memberships.AsNoTracking()
            .Where(m => m.PersonSeq == personSeq && m.Seq > after).OrderBy(m => m.Seq).Take(take + 1)
            .Select(m => new { Membership = m, m.Company, Members = db.Memberships.Count(o => o.CompanySeq == m.CompanySeq) })
            .ToListAsync(cancellationToken);
        var data = page.Take(take).Select(row => new PersonCompanyResponse(
            CompanyResponse.From(row.Company!, row.Members), System.Text.Json.Nodes.JsonNode.Parse(row.Membership.Attributes)!.AsObject(),
            row.Membership.CreatedAt, row.Membership.UpdatedAt));
        return TypedResults.Ok(new Page<PersonCompanyResponse>([.. data], Next(cursors, scope, [.. page.Select(r => r.Membership)], take)));
    }

    // The position after which the page starts (0: the first page); null when the limit or the cursor is not valid.
    private static long? Position(Cursors cursors, string scope, int? limit, string? cursor)
    {
        if (Cursors.ValidateLimit(limit).Count > 0)
        {
            return null;
        }

        long after = 0;
        return cursor is null || long.TryParse(cursors.Decode(scope, cursor), CultureInfo.InvariantCulture, out after) ? after : null;
    }

    private static ProblemHttpResult Invalid(int? limit)
    {
        var errors = Cursors.ValidateLimit(limit);
        if (errors.Count == 0)
        {
            errors["cursor"] = ["The cursor is not valid for this list."];
        }

        return Problems.Validation(errors);
    }

    private static string? Next(Cursors cursors, string scope, List<Membership> page, int take) =>
        page.Count > take ? cursors.Encode(scope, page[take - 1].Seq.ToString(CultureInfo.InvariantCulture)) : null;
}
