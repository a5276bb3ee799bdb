using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// A person upsert's companies: upsert each company by its companyId and join the person to it (attributes merged);
// with prune, leave every other company. Two reads (the companies; the person's memberships, unless the person is new),
// then one SaveChanges.
internal static class CompanyJoins
{
    /// <returns>The memberships, in entry order; null (errors named companies[i]...) when a merged object breaks a limit.</returns>
    public static async Task<List<JoinedCompany>?> ApplyAsync(
        PeopleDbContext db, long personSeq, bool newPerson, IReadOnlyList<CompanyEntry> entries, bool prune, DateTimeOffset now,
        Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var externalIds = entries.Select(e => e.Company.CompanyId).ToList();
        var companies = await db.Companies.Where(c => externalIds.Contains(c.ExternalId))
            .ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);
        var companySeqs = companies.Values.Select(c => c.Seq).ToList();
        // A person created by this upsert has no memberships yet: no need to read them.
        var memberships = !newPerson && (prune || companySeqs.Count > 0)
            ? await db.Memberships.Where(m => m.PersonSeq == personSeq && (prune || companySeqs.Contains(m.CompanySeq))).ToListAsync(cancellationToken)
            : [];

        var joined = new List<JoinedCompany>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var company = CompanyWrites.Upsert(db, companies.GetValueOrDefault(entry.Company.CompanyId), entry.Company, now, $"companies[{i}].traits", errors);
            if (company is null)
            {
                continue;
            }

            var stored = company.Seq == 0 ? null : memberships.Find(m => m.CompanySeq == company.Seq);
            if (CompanyWrites.Join(db, stored, company, personSeq, entry.Attributes, now, $"companies[{i}].attributes", errors) is { } membership)
            {
                joined.Add(new(company, membership));
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        if (prune)
        {
            db.Memberships.RemoveRange(memberships.Where(m => !joined.Exists(j => ReferenceEquals(j.Membership, m))));
        }

        await db.SaveChangesAsync(cancellationToken);
        return joined;
    }
}
