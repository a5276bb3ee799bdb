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
    UpsertStatus Status, Person? Person = null, IReadOnlyList<string>? ConflictingIds = null, Dictionary<string, string[]>? Errors = null);

// The database side of an upsert: read the candidates, decide (IdentityResolution), write.
// Unique indexes and the person's version make a lost race fail; the retry then decides again on fresh data,
// so N parallel first-time upserts of one key make one person (one 201, N-1 200).
public sealed class PersonUpsert(PeopleDbContext db, ResiliencePipeline retry, TimeProvider time)
{
    public Task<UpsertResult> ApplyAsync(PersonInput input, bool updateOnly, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                return await ApplyOnceAsync(input, updateOnly, token);
            },
            cancellationToken).AsTask();

    private async Task<UpsertResult> ApplyOnceAsync(PersonInput input, bool updateOnly, CancellationToken cancellationToken)
    {
        var candidates = await Candidates(input).ToListAsync(cancellationToken);
        var byUserId = input.UserId is null ? null : candidates.Find(p => p.UserId == input.UserId);
        var byEmail = input.Email is null ? null : candidates.Find(p => p.Email == input.Email);

        var decision = IdentityResolution.Resolve(byUserId, byEmail, input.UserId, updateOnly);
        if (decision.Action is IdentityAction.Conflict or IdentityAction.NotFound)
        {
            return new(decision.Action == IdentityAction.Conflict ? UpsertStatus.Conflict : UpsertStatus.NotFound, ConflictingIds: decision.ConflictingIds);
        }

        var now = time.GetUtcNow().TruncateToMilliseconds();
        var person = decision.Target ?? new Person { Id = Person.NewId(), Traits = "{}", CreatedAt = now, UpdatedAt = now };
        var errors = new Dictionary<string, string[]>();
        var changed = ApplyChanges(person, input, errors);
        if (errors.Count > 0)
        {
            return new(UpsertStatus.Invalid, Errors: errors);
        }

        if (decision.Action == IdentityAction.Create)
        {
            db.People.Add(person);
        }
        else if (changed)
        {
            person.UpdatedAt = now;
            person.Version++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new(decision.Action == IdentityAction.Create ? UpsertStatus.Created : UpsertStatus.Updated, person);
    }

    private IQueryable<Person> Candidates(PersonInput input) => input switch
    {
        { UserId: { } userId, Email: { } email } => db.People.Where(p => p.UserId == userId || p.Email == email),
        { UserId: { } userId } => db.People.Where(p => p.UserId == userId),
        _ => db.People.Where(p => p.Email == input.Email),
    };

    private static bool ApplyChanges(Person person, PersonInput input, Dictionary<string, string[]> errors)
    {
        var changed = false;
        if (input.UserId is not null && person.UserId != input.UserId)
        {
            person.UserId = input.UserId;
            changed = true;
        }

        if (input.Email is not null && person.Email != input.Email)
        {
            person.Email = input.Email;
            changed = true;
        }

        var traits = JsonNode.Parse(person.Traits)!.AsObject();
        if (TraitsMerge.Merge(traits, input.Traits))
        {
            PersonValidation.ValidateTraitsShape(traits, errors);
            person.Traits = traits.ToJsonString();
            changed = true;
        }

        // lastSeenAt only moves forward, so late or replayed events cannot rewind it.
        if (input.LastSeenAt?.TruncateToMilliseconds() is { } seen && (person.LastSeenAt is null || seen > person.LastSeenAt))
        {
            person.LastSeenAt = seen;
            changed = true;
        }

        return changed;
    }
}
