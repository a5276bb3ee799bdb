using Microsoft.EntityFrameworkCore;
using Polly;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// A person upsert with companies: the person (PeopleUpserter's rules and statements), the companies and the
// memberships in one transaction, all or nothing. A lost race anywhere (a companyId or membership taken, a company
// deleted meanwhile, a version moved on) rolls it all back and the retry decides again on fresh data.
// One person without pruneCompanies is first tried as one engine statement, person, companies and memberships
// together (IDatabaseEngine.UpsertOnKeyWithCompaniesAsync); where that cannot do it all, it writes nothing and the
// transaction below decides (the person's path, then CompanyJoins: two reads, C# decisions, one SaveChanges).
// Upserts without companies never come here: they keep the person's one-statement path, without a transaction.
public sealed class PersonCompaniesUpserter(PeopleDbContext db, PeopleUpserter people, IDatabaseEngine engine, ResiliencePipeline retry, TimeProvider time)
{
    public Task<UpsertResult> ApplyAsync(PersonInput input, bool updateOnly, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                if (await InOneStatementAsync(input, updateOnly, token) is { } done)
                {
                    return done;
                }

                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var result = await people.ApplyOnceAsync(input, updateOnly, token);
                if (result.Person is not { } person)
                {
                    return result;
                }

                var seqs = await SeqsOfAsync([person], token);
                Dictionary<string, string[]>[] errors = [[]];
                var joins = new PersonJoins(seqs[0], result.Status == UpsertStatus.Created, input.Companies ?? [], input.PruneCompanies);
                if (await CompanyJoins.ApplyAsync(db, [joins], Now(), errors, token) is not [var joined])
                {
                    // Disposed without a commit: the person's write is rolled back with the rest.
                    return UpsertResult.Invalid(errors[0]);
                }

                await transaction.CommitAsync(token);
                return result with { Companies = joined };
            },
            cancellationToken).AsTask();

    // The common case, one person with companies and without pruneCompanies, as one engine statement;
    // null (nothing written) when the engine could not do it all that way.
    private async Task<UpsertResult?> InOneStatementAsync(PersonInput input, bool updateOnly, CancellationToken token)
    {
        if (input.PruneCompanies || input.Companies is not { Count: > 0 } entries
            || !IdentityResolution.InOneStatement(input.UserId, input.Email, updateOnly))
        {
            return null;
        }

        var upsert = KeyUpsert.For(input, Now());
        return await engine.UpsertOnKeyWithCompaniesAsync(db, upsert, [.. entries.Select(CompanyJoinEntry.For)], token) is { } done
            ? new UpsertResult(done.Person.Status, done.Person.Person, Companies: [.. done.Companies.Select(c => new JoinedCompany(c.Company, c.Membership))])
            : null;
    }

    // A batch whose items carry companies: all its items in one transaction when that is simple and nothing in it fails
    // (the people by the batch's one read and one write, then every item's companies at once); otherwise, and after any
    // lost race or an entry that breaks a limit after merging, item by item, each in its own transaction, so that one
    // item's failure undoes only that item.
    public async Task<UpsertResult[]> ApplyBatchAsync(IReadOnlyList<PersonInput> inputs, CancellationToken cancellationToken)
    {
        if (!inputs.Any(i => i.PruneCompanies))
        {
            try
            {
                if (await ApplyTogetherAsync(inputs, cancellationToken) is { } together)
                {
                    return together;
                }
            }
            catch (Exception e) when (engine.IsRetryable(e))
            {
            }
        }

        db.ChangeTracker.Clear();
        var results = new UpsertResult[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            results[i] = inputs[i].Companies is null
                ? await people.ApplyAsync(inputs[i], updateOnly: false, cancellationToken)
                : await ApplyAsync(inputs[i], updateOnly: false, cancellationToken);
        }

        return results;
    }

    /// <returns>Null (nothing written) when an item's companies break a limit or one person comes up twice.</returns>
    private async Task<UpsertResult[]?> ApplyTogetherAsync(IReadOnlyList<PersonInput> inputs, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var results = await people.ApplyBatchOnceAsync(inputs, cancellationToken);
        var joining = Enumerable.Range(0, inputs.Count).Where(i => results[i].Person is not null && inputs[i].Companies is not null).ToList();
        if (joining.Select(i => results[i].Person!.Id).Distinct().Count() != joining.Count)
        {
            return null;
        }

        var seqs = await SeqsOfAsync([.. joining.Select(i => results[i].Person!)], cancellationToken);
        var joins = joining.Select((i, j) => new PersonJoins(seqs[j], results[i].Status == UpsertStatus.Created, inputs[i].Companies!, Prune: false)).ToList();

        var errors = joins.Select(_ => new Dictionary<string, string[]>()).ToArray();
        if (await CompanyJoins.ApplyAsync(db, joins, Now(), errors, cancellationToken) is not { } joined)
        {
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        for (var j = 0; j < joining.Count; j++)
        {
            results[joining[j]] = results[joining[j]] with { Companies = joined[j] };
        }

        return results;
    }

    // People just inserted by a write that does not return them (the batch write, the read path's insert) have no Seq
    // in memory yet: one read for all of them.
    private async Task<long[]> SeqsOfAsync(IReadOnlyList<Person> persons, CancellationToken cancellationToken)
    {
        var ids = persons.Where(p => p.Seq == 0).Select(p => p.Id).ToList();
        var read = ids.Count == 0 ? [] : await db.People.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Seq })
            .ToDictionaryAsync(p => p.Id, p => p.Seq, cancellationToken);
        return [.. persons.Select(p => p.Seq != 0 ? p.Seq : read[p.Id])];
    }

    private DateTimeOffset Now() => time.GetUtcNow().TruncateToMilliseconds();
}
