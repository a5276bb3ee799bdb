using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Polly;
using Workspaces.Data;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

public enum UpsertStatus
{
    Created,
    Updated,
    Conflict,
    NotFound,
    Invalid,
}

public sealed record UpsertResult(
    UpsertStatus Status, PersonResponse? Person = null, IReadOnlyList<string>? ConflictingIds = null, Dictionary<string, string[]>? Errors = null)
{
    public static UpsertResult Invalid(Dictionary<string, string[]> errors) => new(UpsertStatus.Invalid, Errors: errors);
}

// The database side of upserts. One key given: one INSERT ... ON CONFLICT (IdentityResolution.SingleKey). Otherwise:
// read the candidates, decide (IdentityResolution), write (PeopleWrites: one statement). Unique indexes and the
// person's version make a lost race fail; the retry then decides again on fresh data, so N parallel first-time
// upserts of one key make one person (one 201, N-1 200).
public sealed class PersonUpsert(PeopleDbContext db, IDatabaseEngine engine, ResiliencePipeline retry, TimeProvider time)
{
    private const int WholeBatchAttempts = 3;

    // One person's candidates: one equality lookup per unique key, joined by UNION rather than OR, so that each is a
    // lookup on its unique index (docs/data-layer.md). Compiled once instead of translated per request.
    private static readonly Func<PeopleDbContext, string?, string?, IAsyncEnumerable<Person>> CandidatesOf =
        EF.CompileAsyncQuery((PeopleDbContext db, string? userId, string? email) =>
            db.People.AsNoTracking().Where(p => userId != null && p.UserId == userId)
                .Union(db.People.AsNoTracking().Where(p => email != null && p.Email == email)));

    // How much larger System.Text.Json's default escaping can make stored JSON text than PostgreSQL prints it:
    // a one-byte character such as '<' becomes the six bytes "\u003C" (multi-byte characters grow less).
    private const int MaxEscapingGrowth = 6;

    public Task<UpsertResult> ApplyAsync(PersonInput input, bool updateOnly, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                if (IdentityResolution.SingleKey(input.UserId, input.Email, updateOnly) is { } key
                    && await UpsertOnKeyAsync(input, key.Key, key.Value, token) is { } done)
                {
                    return done;
                }

                var writes = new PeopleChanges();
                var known = new KnownPeople(await CandidatesOf(db, input.UserId, input.Email).ToListAsync(token));
                var result = Apply(known, writes, input, updateOnly, Now());
                await engine.WriteAsync(db, writes, token);
                return result;
            },
            cancellationToken).AsTask();

    // One round trip for a one-key upsert. Its guard only lets the statement write when the merged traits surely keep
    // the limits the usual path checks exactly: the merged key count, and a size bound (the kept stored traits at their
    // largest escaped, plus the patch). Depth needs no check: a shallow merge of two valid objects is no deeper than
    // either. Otherwise nothing is written, and the usual path decides (null).
    private async Task<UpsertResult?> UpsertOnKeyAsync(PersonInput input, PersonKey key, string value, CancellationToken cancellationToken)
    {
        var (set, setBytes) = NonNullTraits(input.Traits);
        var written = await engine.UpsertOnKeyAsync(db, new OneKeyUpsert(
            key, value, set, [.. input.Traits?.Select(p => p.Key) ?? []],
            MaxKeptBytes: (PersonValidation.MaxTraitsBytes - setBytes) / MaxEscapingGrowth, PersonValidation.MaxTraitKeys,
            input.LastSeenAt?.TruncateToMilliseconds(), Now()), cancellationToken);
        return written is { Person: var person, Created: var created }
            ? new(created ? UpsertStatus.Created : UpsertStatus.Updated, PersonResponse.From(person))
            : null;
    }

    // The patch without its removals, as JSON text and its size in bytes.
    private static (string Json, int Bytes) NonNullTraits(JsonObject? traits)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in traits ?? [])
            {
                if (value is not null)
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return (Encoding.UTF8.GetString(buffer.WrittenSpan), buffer.WrittenCount);
    }

    // A batch in two round trips: one read of every candidate, then one save, applying items in order in memory.
    // A save that loses a race wrote nothing; the whole batch is then decided again on fresh data, and only if it
    // keeps losing are the items applied one by one, each with its own retry.
    public async Task<UpsertResult[]> ApplyBatchAsync(IReadOnlyList<PersonInput> inputs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= WholeBatchAttempts; attempt++)
        {
            try
            {
                var writes = new PeopleChanges();
                var known = new KnownPeople(await engine.CandidatesAsync(
                    db, [.. inputs.Select(i => i.UserId).OfType<string>()], [.. inputs.Select(i => i.Email).OfType<string>()], cancellationToken));
                var now = Now();
                var results = inputs.Select(input => Apply(known, writes, input, updateOnly: false, now)).ToArray();
                await engine.WriteAsync(db, writes, cancellationToken);
                return results;
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

    private DateTimeOffset Now() => time.GetUtcNow().TruncateToMilliseconds();

    // Decides and applies one upsert to the people known so far, tracking what it creates or changes.
    private static UpsertResult Apply(KnownPeople known, PeopleChanges writes, PersonInput input, bool updateOnly, DateTimeOffset now)
    {
        var decision = IdentityResolution.Resolve(known.ByUserId(input.UserId), known.ByEmail(input.Email), input.UserId, updateOnly);
        if (decision.Action is IdentityAction.Conflict or IdentityAction.NotFound)
        {
            return new(decision.Action == IdentityAction.Conflict ? UpsertStatus.Conflict : UpsertStatus.NotFound, ConflictingIds: decision.ConflictingIds);
        }

        var person = decision.Target ?? new Person { Id = Person.NewId(), Traits = "{}", CreatedAt = now, UpdatedAt = now };
        var (userId, email) = (person.UserId, person.Email);
        var errors = new Dictionary<string, string[]>();
        var changed = ApplyChanges(person, input, errors);
        if (changed is null)
        {
            return UpsertResult.Invalid(errors);
        }

        if (decision.Action == IdentityAction.Create)
        {
            writes.Create(person);
        }
        else if (changed.Value)
        {
            person.UpdatedAt = now;
            writes.Change(person);
        }

        known.Reindex(person, userId, email);
        return new(decision.Action == IdentityAction.Create ? UpsertStatus.Created : UpsertStatus.Updated, PersonResponse.From(person));
    }

    /// <returns>Whether anything changed; null (and nothing touched) when the merged traits break a limit.</returns>
    private static bool? ApplyChanges(Person person, PersonInput input, Dictionary<string, string[]> errors)
    {
        var traits = JsonNode.Parse(person.Traits)!.AsObject();
        var traitsChanged = TraitsMerge.Merge(traits, input.Traits);
        if (traitsChanged)
        {
            PersonValidation.ValidateTraitsShape(traits, errors);
            if (errors.Count > 0)
            {
                return null;
            }

            person.Traits = traits.ToJsonString();
        }

        // lastSeenAt only moves forward, so late or replayed events cannot rewind it.
        var seen = input.LastSeenAt?.TruncateToMilliseconds();
        var seenMoves = seen is not null && (person.LastSeenAt is null || seen > person.LastSeenAt);
        var changed = traitsChanged || seenMoves
            || (input.UserId is not null && input.UserId != person.UserId)
            || (input.Email is not null && input.Email != person.Email);

        person.UserId = input.UserId ?? person.UserId;
        person.Email = input.Email ?? person.Email;
        person.LastSeenAt = seenMoves ? seen : person.LastSeenAt;
        return changed;
    }
}
