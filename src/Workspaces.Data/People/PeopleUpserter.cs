using Microsoft.EntityFrameworkCore;
using Polly;

namespace Workspaces.Data.People;

// Decides and writes upserts. First one statement (IdentityResolution.InOneStatement, IDatabaseEngine.UpsertOnKeyAsync);
// where it leaves the decision (a conflict, a guard, updateOnly, an engine without it): read the candidates, decide
// (IdentityResolution, PersonPatch), write once (IDatabaseEngine.WriteAsync).
// Unique indexes and the person's version make a lost race fail; the retry then decides again on fresh data, so N
// parallel first-time upserts of one key make one person (one 201, N-1 200).
public sealed class PeopleUpserter(PeopleDbContext db, IDatabaseEngine engine, ResiliencePipeline retry, TimeProvider time)
{
    private const int WholeBatchAttempts = 3;

    // One person's candidates: one equality lookup per unique key, joined by UNION rather than OR, so that each is a
    // lookup on its unique index (docs/data-layer.md). Compiled once instead of translated per request.
    private static readonly Func<PeopleDbContext, string?, string?, IAsyncEnumerable<Person>> CandidatesOf =
        EF.CompileAsyncQuery((PeopleDbContext db, string? userId, string? email) =>
            db.People.AsNoTracking().Where(p => userId != null && p.UserId == userId)
                .Union(db.People.AsNoTracking().Where(p => email != null && p.Email == email)));

    public Task<UpsertResult> ApplyAsync(PersonInput input, bool updateOnly, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(token => ApplyOnceAsync(input, updateOnly, token), cancellationToken).AsTask();

    // One attempt, without the retry: a person upsert with companies runs it inside its transaction (PersonCompaniesUpserter).
    internal async ValueTask<UpsertResult> ApplyOnceAsync(PersonInput input, bool updateOnly, CancellationToken token)
    {
        if (IdentityResolution.InOneStatement(input.UserId, input.Email, updateOnly)
            && await engine.UpsertOnKeyAsync(db, KeyUpsert.For(input, Now()), token) is { } done)
        {
            return new UpsertResult(done.Status, done.Person);
        }

        var changes = new PeopleChanges();
        var known = new KnownPeople(await CandidatesOf(db, input.UserId, input.Email).ToListAsync(token));
        var result = Apply(known, changes, input, updateOnly, Now());
        await engine.WriteAsync(db, changes, token);
        return result;
    }

    // A batch in two round trips: one read of every candidate, then one write, applying items in order in memory.
    // A write that loses a race writes nothing; the whole batch is then decided again on fresh data, and only if it
    // keeps losing are the items applied one by one, each with its own retry.
    public async Task<UpsertResult[]> ApplyBatchAsync(IReadOnlyList<PersonInput> inputs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= WholeBatchAttempts; attempt++)
        {
            try
            {
                return await ApplyBatchOnceAsync(inputs, cancellationToken);
            }
            catch (Exception e) when (engine.IsRetryable(e))
            {
                // Racing batches settle one per round: a short random pause keeps them from colliding again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), time, cancellationToken);
            }
        }

        var oneByOne = new UpsertResult[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            oneByOne[i] = await ApplyAsync(inputs[i], updateOnly: false, cancellationToken);
        }

        return oneByOne;
    }

    // One attempt of a batch, without the retries: a batch with companies runs it inside its transaction.
    internal async Task<UpsertResult[]> ApplyBatchOnceAsync(IReadOnlyList<PersonInput> inputs, CancellationToken cancellationToken)
    {
        var changes = new PeopleChanges();
        var known = new KnownPeople(await engine.CandidatesAsync(
            db, [.. inputs.Select(i => i.UserId).OfType<string>()], [.. inputs.Select(i => i.Email).OfType<string>()], cancellationToken));
        var now = Now();
        var results = inputs.Select(input => Apply(known, changes, input, updateOnly: false, now)).ToArray();
        await engine.WriteAsync(db, changes, cancellationToken);
        return results;
    }

    private DateTimeOffset Now() => time.GetUtcNow().TruncateToMilliseconds();

    // Decides and applies one upsert to the people known so far, collecting what it creates or changes.
    private static UpsertResult Apply(KnownPeople known, PeopleChanges changes, PersonInput input, bool updateOnly, DateTimeOffset now)
    {
        var decision = IdentityResolution.Resolve(known.ByUserId(input.UserId), known.ByEmail(input.Email), input.UserId, updateOnly);
        if (decision.Action is IdentityAction.Conflict or IdentityAction.NotFound)
        {
            return new(decision.Action == IdentityAction.Conflict ? UpsertStatus.Conflict : UpsertStatus.NotFound, ConflictingIds: decision.ConflictingIds);
        }

        var person = decision.Target ?? new Person { Id = Person.NewId(), Traits = "{}", CreatedAt = now, UpdatedAt = now };
        var (userId, email) = (person.UserId, person.Email);
        var errors = new Dictionary<string, string[]>();
        if (PersonPatch.Apply(person, input, now, errors) is not { } changed)
        {
            return UpsertResult.Invalid(errors);
        }

        if (decision.Action == IdentityAction.Create)
        {
            changes.Create(person);
        }
        else if (changed)
        {
            changes.Change(person);
        }

        known.Reindex(person, userId, email);
        var status = decision.Action == IdentityAction.Create ? UpsertStatus.Created : changed ? UpsertStatus.Updated : UpsertStatus.Unchanged;
        return new(status, person.Snapshot());
    }
}
