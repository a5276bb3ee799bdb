using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data.SqlServer.People;

// Runs the people statements (SqlServerPeopleSql) with their parameters. Keys and rows go as JSON arrays.
public static class SqlServerPeopleStatements
{
    // Field names as the OPENJSON WITH clauses read them (user_id, last_seen_at, ...).
    private static readonly JsonSerializerOptions JsonRows = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <returns>Every person holding one of the keys, each once.</returns>
    public static async Task<List<Person>> CandidatesAsync(
        PeopleDbContext db, IEnumerable<string> userIds, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        SqlParameter[] parameters = [Json("user_ids", userIds.Distinct()), Json("emails", emails.Distinct())];
        var found = await db.People.FromSqlRaw(SqlServerPeopleSql.Candidates, parameters).AsNoTracking().ToListAsync(cancellationToken);
        return [.. found.DistinctBy(p => p.Seq)];
    }

    // A one-key upsert as one transaction: a locked read of the person holding the key (HolderOf...), the decision in
    // C# by the same rules as every other upsert (PersonPatch), and the write. The rules are not repeated in T-SQL.
    // Locked, the read cannot race another writer of that key: the other waits for this commit, then reads the result.
    /// <returns>Null, with nothing written, when the merged traits break a limit or both keys are given: the upserter then
    /// decides (and reports) the usual way.</returns>
    public static async Task<KeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, KeyUpsert upsert, CancellationToken cancellationToken)
    {
        if (upsert.Key == PersonKey.Both)
        {
            return null;
        }

        // Inside the caller's transaction when it has one (a person upsert with companies).
        await using var transaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
            : null;
        var holderOf = upsert.Key == PersonKey.UserId ? SqlServerPeopleSql.HolderOfUserId : SqlServerPeopleSql.HolderOfEmail;
        // Typed like the key's column, so the comparison is a seek on its index.
        var key = upsert.Key == PersonKey.UserId ? Text("key", upsert.UserId, 255) : Text("key", upsert.Email, 254);
        var held = await db.People.FromSqlRaw(holderOf, key).AsNoTracking().ToListAsync(cancellationToken);
        var person = held.SingleOrDefault() ?? new Person { Id = Person.NewId(), Traits = "{}", CreatedAt = upsert.Now, UpdatedAt = upsert.Now };
        if (PersonPatch.Apply(person, Input(upsert), upsert.Now, []) is not { } changed)
        {
            return null;
        }

        var changes = new PeopleChanges();
        if (held.Count == 0)
        {
            changes.Create(person);
        }
        else if (changed)
        {
            changes.Change(person);
        }

        await WriteAsync(db, changes, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new(person, Created: held.Count == 0, Changed: held.Count == 0 || changed);
    }

    // The upsert as PersonPatch takes it: the patch's values, and null for each key it removes.
    internal static PersonInput Input(KeyUpsert upsert)
    {
        var traits = JsonNode.Parse(upsert.Set)!.AsObject();
        foreach (var removed in upsert.PatchKeys.Where(k => !traits.ContainsKey(k)))
        {
            traits[removed] = null;
        }

        return new(
            upsert.UserId,
            upsert.Email,
            upsert.PatchKeys.Length > 0 ? traits : null,
            upsert.LastSeenAt);
    }

    /// <exception cref="DbUpdateConcurrencyException">A changed person's version moved on; nothing was written.</exception>
    public static async Task WriteAsync(PeopleDbContext db, PeopleChanges changes, CancellationToken cancellationToken)
    {
        var (created, changed) = (changes.Created, changes.Changed);
        var written = (created.Count, changed.Count) switch
        {
            (0, 0) => 0,
            (1, 0) => await db.Database.ExecuteSqlRawAsync(SqlServerPeopleSql.InsertOne, InsertOne(created[0]), cancellationToken),
            (0, 1) => await db.Database.ExecuteSqlRawAsync(SqlServerPeopleSql.UpdateOne, UpdateOne(changed[0]), cancellationToken),
            _ => (await db.Database.SqlQueryRaw<int>(SqlServerPeopleSql.WriteMany, WriteMany(created, changed)).ToListAsync(cancellationToken)).Single(),
        };
        if (written != changes.Count)
        {
            throw new DbUpdateConcurrencyException("A person changed since it was read; nothing was written.");
        }
    }

    internal static SqlParameter[] InsertOne(Person person) =>
    [
        Text("id", person.Id, 40),
        Text("user_id", person.UserId, 255),
        Text("email", person.Email, 254),
        Text("traits", person.Traits, -1),
        Time("created_at", person.CreatedAt),
        Time("updated_at", person.UpdatedAt),
        Time("last_seen_at", person.LastSeenAt),
    ];

    internal static SqlParameter[] UpdateOne(ChangedPerson changed) =>
    [
        new("seq", SqlDbType.BigInt) { Value = changed.Person.Seq },
        new("version", SqlDbType.Int) { Value = changed.ReadVersion },
        Text("user_id", changed.Person.UserId, 255),
        Text("email", changed.Person.Email, 254),
        Text("traits", changed.Person.Traits, -1),
        Time("updated_at", changed.Person.UpdatedAt),
        Time("last_seen_at", changed.Person.LastSeenAt),
    ];

    private static SqlParameter[] WriteMany(IReadOnlyList<Person> created, IReadOnlyList<ChangedPerson> changed) =>
    [
        // In key order, so two batches changing the same people lock them in the same order rather than deadlock.
        Json("changed", changed.OrderBy(c => c.Person.Seq).Select(c => new ChangedRow(
            c.Person.Seq, c.ReadVersion, c.Person.UserId, c.Person.Email, c.Person.Traits, c.Person.UpdatedAt, c.Person.LastSeenAt))),
        new("changed_count", SqlDbType.Int) { Value = changed.Count },
        new("created_count", SqlDbType.Int) { Value = created.Count },
        Json("created", created.Select((p, n) => new CreatedRow(
            n, p.Id, p.UserId, p.Email, p.Traits, p.CreatedAt, p.UpdatedAt, p.LastSeenAt))),
    ];

    private static SqlParameter Json<T>(string name, IEnumerable<T> rows) =>
        new(name, SqlDbType.NVarChar, -1) { Value = JsonSerializer.Serialize(rows, JsonRows) };

    private static SqlParameter Text(string name, string? value, int size) =>
        new(name, SqlDbType.NVarChar, size) { Value = (object?)value ?? DBNull.Value };

    private static SqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, SqlDbType.DateTimeOffset) { Value = (object?)value ?? DBNull.Value };
}

internal sealed record ChangedRow(
    long Seq, int Version, string? UserId, string? Email, string Traits, DateTimeOffset UpdatedAt, DateTimeOffset? LastSeenAt);

internal sealed record CreatedRow(
    int N, string Id, string? UserId, string? Email, string Traits, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastSeenAt);
