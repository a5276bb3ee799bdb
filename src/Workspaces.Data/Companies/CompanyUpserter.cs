using Microsoft.EntityFrameworkCore;
using Polly;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// The company routes' writes: a company upsert by companyId, and a membership's put and removal. Each attempt starts
// from a clear change tracker and reads afresh, so a lost race (DatabaseRetry) is decided again: N parallel first
// upserts of one companyId make one company (one 201, N-1 200).
public sealed class CompanyUpserter(PeopleDbContext db, ResiliencePipeline retry, TimeProvider time)
{
    public Task<CompanyUpsertResult> UpsertAsync(CompanyInput input, bool updateOnly, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                var stored = await db.Companies.FirstOrDefaultAsync(c => c.ExternalId == input.CompanyId, token);
                if (stored is null && updateOnly)
                {
                    return new CompanyUpsertResult(UpsertStatus.NotFound);
                }

                var errors = new Dictionary<string, string[]>();
                var readVersion = stored?.Version;
                if (CompanyWrites.Upsert(db, stored, input, Now(), "traits", errors) is not { } company)
                {
                    return new CompanyUpsertResult(UpsertStatus.Invalid, Errors: errors);
                }

                await db.SaveChangesAsync(token);
                var members = stored is null ? 0 : await CompanyWrites.MemberCountAsync(db, company.Seq, token);
                var status = stored is null ? UpsertStatus.Created : company.Version != readVersion ? UpsertStatus.Updated : UpsertStatus.Unchanged;
                return new CompanyUpsertResult(status, new CompanyView(company, members));
            },
            cancellationToken).AsTask();

    /// <param name="companyId">The company's id (cmp_...), as in the route.</param>
    public Task<MembershipResult> PutMemberAsync(string companyId, string personId, System.Text.Json.Nodes.JsonObject? attributes, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == companyId, token);
                var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, token);
                if (company is null || person is null)
                {
                    return new MembershipResult(MembershipOutcome.NotFound);
                }

                var stored = await db.Memberships.FirstOrDefaultAsync(m => m.CompanySeq == company.Seq && m.PersonSeq == person.Seq, token);
                var errors = new Dictionary<string, string[]>();
                if (CompanyWrites.Join(db, stored, company, person.Seq, attributes, Now(), "attributes", errors) is not { } membership)
                {
                    return new MembershipResult(MembershipOutcome.Invalid, Errors: errors);
                }

                await db.SaveChangesAsync(token);
                return new MembershipResult(stored is null ? MembershipOutcome.Joined : MembershipOutcome.Updated, membership, person);
            },
            cancellationToken).AsTask();

    /// <returns>False when the company or the person does not exist; true otherwise, whether or not they were a member.</returns>
    public async Task<bool> RemoveMemberAsync(string companyId, string personId, CancellationToken cancellationToken)
    {
        var removed = await db.Memberships
            .Where(m => m.Company!.Id == companyId && m.Person!.Id == personId)
            .ExecuteDeleteAsync(cancellationToken);
        return removed > 0
            || (await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken) && await db.People.AnyAsync(p => p.Id == personId, cancellationToken));
    }

    private DateTimeOffset Now() => time.GetUtcNow().TruncateToMilliseconds();
}
