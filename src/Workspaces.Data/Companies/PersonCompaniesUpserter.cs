using Microsoft.EntityFrameworkCore;
using Polly;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// A person upsert with companies: the person (PeopleUpserter's rules and statements), the companies and the
// memberships in one transaction, all or nothing. A lost race anywhere (a companyId or membership taken, a company
// deleted meanwhile, a version moved on) rolls it all back and the retry decides again on fresh data.
// Upserts without companies never come here: they keep the person's one-statement path, without a transaction.
public sealed class PersonCompaniesUpserter(PeopleDbContext db, PeopleUpserter people, ResiliencePipeline retry, TimeProvider time)
{
    public Task<UpsertResult> ApplyAsync(PersonInput input, bool updateOnly, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var result = await people.ApplyOnceAsync(input, updateOnly, token);
                if (result.Person is not { } person)
                {
                    return result;
                }

                // A person just inserted by the people statements has no Seq in memory yet.
                var seq = person.Seq != 0 ? person.Seq : await db.People.Where(p => p.Id == person.Id).Select(p => p.Seq).SingleAsync(token);
                var errors = new Dictionary<string, string[]>();
                var now = time.GetUtcNow().TruncateToMilliseconds();
                if (await CompanyJoins.ApplyAsync(
                        db, seq, result.Status == UpsertStatus.Created, input.Companies ?? [], input.PruneCompanies, now, errors, token) is not { } joined)
                {
                    // Disposed without a commit: the person's write is rolled back with the rest.
                    return UpsertResult.Invalid(errors);
                }

                await transaction.CommitAsync(token);
                return result with { Companies = joined };
            },
            cancellationToken).AsTask();
}
