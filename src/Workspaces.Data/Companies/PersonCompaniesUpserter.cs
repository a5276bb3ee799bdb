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

                var seq = person.Seq != 0 ? person.Seq : await SeqOfAsync(person.Id, token);
                Dictionary<string, string[]>[] errors = [[]];
                var joins = new PersonJoins(seq, result.Status == UpsertStatus.Created, input.Companies ?? [], input.PruneCompanies);
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
    // (each person by its own statement, then every item's companies at once); otherwise, and after any lost race or
    // an entry that breaks a limit after merging, item by item, each in its own transaction, so that one item's failure
    // undoes only that item.
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
        var results = new UpsertResult[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            results[i] = await people.ApplyOnceAsync(inputs[i], updateOnly: false, cancellationToken);
        }

        var joining = Enumerable.Range(0, inputs.Count).Where(i => results[i].Person is not null && inputs[i].Companies is not null).ToList();
        if (joining.Select(i => results[i].Person!.Id).Distinct().Count() != joining.Count)
        {
            return null;
        }

        var joins = new List<PersonJoins>(joining.Count);
        foreach (var i in joining)
        {
            var person = results[i].Person!;
            var seq = person.Seq != 0 ? person.Seq : await SeqOfAsync(person.Id, cancellationToken);
            joins.Add(new PersonJoins(seq, results[i].Status == UpsertStatus.Created, inputs[i].Companies!, Prune: false));
        }

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

    // A person just inserted by a people statement that does not return it (the two-key insert) has no Seq in memory yet.
    private Task<long> SeqOfAsync(string id, CancellationToken cancellationToken) =>
        db.People.Where(p => p.Id == id).Select(p => p.Seq).SingleAsync(cancellationToken);

    private DateTimeOffset Now() => time.GetUtcNow().TruncateToMilliseconds();
}
