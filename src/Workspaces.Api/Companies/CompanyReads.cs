using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.Companies;

// Companies as the routes read them: with memberCount counted from the membership rows in the same query.
internal static class CompanyReads
{
    public static IQueryable<CompanyView> Views(PeopleDbContext db, IQueryable<Company> companies) =>
        companies.AsNoTracking().Select(c => new CompanyView(c, db.Memberships.Count(m => m.CompanySeq == c.Seq)));

    public static Task<CompanyView?> ByIdAsync(PeopleDbContext db, string id, CancellationToken cancellationToken) =>
        Views(db, db.Companies.Where(c => c.Id == id)).FirstOrDefaultAsync(cancellationToken);
}
