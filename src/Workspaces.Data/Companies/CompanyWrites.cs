using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// The writes a company upsert and a membership make, shared by the company routes and the person upsert's companies:
// decided in C# on tracked rows, written by the caller's SaveChanges. Unique indexes (companyId; company and person of
// a membership), the foreign keys and the versions make a lost race fail; the caller's retry then decides again.
internal static class CompanyWrites
{
    /// <returns>The company created or updated (tracked); null with errors when its merged traits break a limit.</returns>
    public static Company? Upsert(
        PeopleDbContext db, Company? stored, CompanyInput input, DateTimeOffset now, string field, Dictionary<string, string[]> errors)
    {
        var company = stored ?? new Company { Id = Company.NewId(), ExternalId = input.CompanyId, Traits = "{}", CreatedAt = now, UpdatedAt = now };
        if (ObjectPatch.Apply(company.Traits, input.Traits, field, errors, out var changed) is not { } traits)
        {
            return null;
        }

        company.Traits = traits;
        if (stored is null)
        {
            db.Companies.Add(company);
        }
        else if (changed)
        {
            company.UpdatedAt = now;
            company.Version++;
        }

        return company;
    }

    /// <returns>The membership created or updated (tracked); null with errors when its merged attributes break a limit.</returns>
    public static Membership? Join(
        PeopleDbContext db, Membership? stored, Company company, long personSeq, JsonObject? attributes, DateTimeOffset now, string field,
        Dictionary<string, string[]> errors)
    {
        var membership = stored ?? new Membership
        {
            // A company created in this unit has no Seq yet: the navigation lets SaveChanges fill it in.
            Company = company.Seq == 0 ? company : null, CompanySeq = company.Seq, PersonSeq = personSeq,
            Attributes = "{}", CreatedAt = now, UpdatedAt = now,
        };
        if (ObjectPatch.Apply(membership.Attributes, attributes, field, errors, out var changed) is not { } merged)
        {
            return null;
        }

        membership.Attributes = merged;
        if (stored is null)
        {
            db.Memberships.Add(membership);
        }
        else if (changed)
        {
            membership.UpdatedAt = now;
            membership.Version++;
        }

        return membership;
    }

    public static Task<int> MemberCountAsync(PeopleDbContext db, long companySeq, CancellationToken cancellationToken) =>
        db.Memberships.CountAsync(m => m.CompanySeq == companySeq, cancellationToken);
}
