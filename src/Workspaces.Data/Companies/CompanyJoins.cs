using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// One person's companies in an upsert: upsert each company by its companyId and join the person to it (attributes
// merged); with prune, leave every other company.
public sealed record PersonJoins(long PersonSeq, bool NewPerson, IReadOnlyList<CompanyEntry> Entries, bool Prune);

// The companies of one or more people (a person upsert; a batch's items) written together: two reads (the companies;
// the stored people's memberships; a new person has none), the decisions in C# in order (a company one entry creates
// is the one a later entry finds), then one SaveChanges.
internal static class CompanyJoins
{
    /// <param name="errors">One map per person: what a merged object breaks, named companies[i]....</param>
    /// <returns>Each person's memberships, in entry order; null when any person's entries break a limit (nothing is saved).</returns>
    public static async Task<List<JoinedCompany>[]?> ApplyAsync(
        PeopleDbContext db, IReadOnlyList<PersonJoins> people, DateTimeOffset now, Dictionary<string, string[]>[] errors,
        CancellationToken cancellationToken)
    {
        var externalIds = people.SelectMany(p => p.Entries).Select(e => e.Company.CompanyId).Distinct().ToList();
        var companies = await db.Companies.Where(c => externalIds.Contains(c.ExternalId))
            .ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);
        var companySeqs = companies.Values.Select(c => c.Seq).ToList();
        var stored = people.Where(p => !p.NewPerson).Select(p => p.PersonSeq).ToList();
        var prune = people.Any(p => p.Prune);
        var memberships = stored.Count > 0 && (prune || companySeqs.Count > 0)
            ? await db.Memberships.Where(m => stored.Contains(m.PersonSeq) && (prune || companySeqs.Contains(m.CompanySeq))).ToListAsync(cancellationToken)
            : [];

        var joined = new List<JoinedCompany>[people.Count];
        for (var p = 0; p < people.Count; p++)
        {
            var person = people[p];
            joined[p] = new List<JoinedCompany>(person.Entries.Count);
            for (var i = 0; i < person.Entries.Count; i++)
            {
                var entry = person.Entries[i];
                var company = CompanyWrites.Upsert(
                    db, companies.GetValueOrDefault(entry.Company.CompanyId), entry.Company, now, $"companies[{i}].traits", errors[p]);
                if (company is null)
                {
                    continue;
                }

                companies[company.ExternalId] = company;
                var membership = company.Seq == 0 ? null : memberships.Find(m => m.CompanySeq == company.Seq && m.PersonSeq == person.PersonSeq);
                if (CompanyWrites.Join(db, membership, company, person.PersonSeq, entry.Attributes, now, $"companies[{i}].attributes", errors[p]) is { } made)
                {
                    joined[p].Add(new(company, made));
                }
            }

            if (person.Prune)
            {
                db.Memberships.RemoveRange(memberships.Where(m => m.PersonSeq == person.PersonSeq && !joined[p].Exists(j => ReferenceEquals(j.Membership, m))));
            }
        }

        if (errors.Any(e => e.Count > 0))
        {
            return null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return joined;
    }
}
