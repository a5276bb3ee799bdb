using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.PostgreSql;

// What one upsert or batch creates and changes, written in ONE statement without change tracking: an INSERT or a
// version-guarded UPDATE for one person; for more, a multi-row UPDATE and a multi-row INSERT (in item order) in one
// statement. All or nothing either way: a lost race (a unique key taken, a version moved on) writes nothing, and the
// upserter decides again. (A version that moved on does not fail the multi-row UPDATE, it only updates fewer rows; so
// the statement's verdict fails it then, or its inserts would stay and the retry would report people this batch
// created as updated: BatchWriteRaceTests. An explicit transaction did the same at the cost of a round trip holding
// the connection and the row locks: docs/performance.md, round 10.)
// The one-row statements stay simple because PostgreSQL re-plans the multi-row one on every execution once the
// table has grown, which costs more than it saves for a single person; for a batch it pays. (On a new workspace's
// table it may keep a generic plan that scans the table until autovacuum first analyzes it: docs/performance.md,
// round 6.)
public static class PostgreSqlPeopleStatements
{
    // The people table as raw SQL names it: the placeholder schema, rewritten per command like the model's.
    public const string Table = $"\"{WorkspaceSchemaName.Placeholder}\".people";

    private const string InsertOne = $"""
        INSERT INTO {Table} ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "LastSeenAt", "Version")
        VALUES (@id, @user_id, @email, @traits::jsonb, @created_at, @updated_at, @last_seen_at, 0)
        """;

    private const string UpdateOne = $"""
        UPDATE {Table}
        SET "UserId" = @user_id, "Email" = @email, "Traits" = @traits::jsonb, "UpdatedAt" = @updated_at,
            "LastSeenAt" = @last_seen_at, "Version" = @version + 1
        WHERE "Seq" = @seq AND "Version" = @version
        """;

    private static readonly string WriteMany = $"""
        WITH updated AS (
            UPDATE {Table} AS p
            SET "UserId" = v.user_id, "Email" = v.email, "Traits" = v.traits::jsonb, "UpdatedAt" = v.updated_at,
                "LastSeenAt" = v.last_seen_at, "Version" = v.version + 1
            FROM unnest(@seq, @version, @user_id, @email, @traits, @updated_at, @last_seen_at)
                AS v(seq, version, user_id, email, traits, updated_at, last_seen_at)
            WHERE p."Seq" = v.seq AND p."Version" = v.version
            RETURNING 1),
        inserted AS (
            INSERT INTO {Table} ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "LastSeenAt", "Version")
            SELECT v.id, v.user_id, v.email, v.traits::jsonb, v.created_at, v.updated_at, v.last_seen_at, 0
            FROM unnest(@new_id, @new_user_id, @new_email, @new_traits, @new_created_at, @new_updated_at, @new_last_seen_at)
                WITH ORDINALITY AS v(id, user_id, email, traits, created_at, updated_at, last_seen_at, n)
            ORDER BY v.n
            RETURNING 1)
        SELECT {PostgreSqlVerdict.ZeroUnless("(SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) = @expected")} AS "Value"
        """;

    private const string ChangedSinceRead = "A person changed since it was read; nothing was written.";

    public static async Task WriteAsync(PeopleDbContext db, PeopleChanges changes, CancellationToken cancellationToken)
    {
        var (created, changed) = (changes.Created, changes.Changed);
        switch (created.Count, changed.Count)
        {
            case (0, 0):
                return;
            case (1, 0):
                Written(await db.Database.ExecuteSqlRawAsync(InsertOne, Inserted(created, one: true), cancellationToken), changes);
                return;
            case (0, 1):
                Written(await db.Database.ExecuteSqlRawAsync(UpdateOne, Updated(changed, one: true), cancellationToken), changes);
                return;
            default:
                try
                {
                    NpgsqlParameter[] parameters =
                    [
                        .. Updated(changed, one: false), .. Inserted(created, one: false),
                        new("expected", NpgsqlDbType.Bigint) { Value = (long)changes.Count },
                    ];
                    await db.Database.SqlQueryRaw<int>(WriteMany, parameters).ToListAsync(cancellationToken);
                }
                catch (Exception e) when (PostgreSqlVerdict.Failed(e))
                {
                    throw new DbUpdateConcurrencyException(ChangedSinceRead, e);
                }

                return;
        }
    }

    private static void Written(int count, PeopleChanges changes)
    {
        if (count != changes.Count)
        {
            throw new DbUpdateConcurrencyException(ChangedSinceRead);
        }
    }

    private static NpgsqlParameter[] Updated(IReadOnlyList<ChangedPerson> people, bool one) =>
    [
        Column("seq", people, p => p.Person.Seq, NpgsqlDbType.Bigint, one),
        Column("version", people, p => p.ReadVersion, NpgsqlDbType.Integer, one),
        Column("user_id", people, p => p.Person.UserId, NpgsqlDbType.Text, one),
        Column("email", people, p => p.Person.Email, NpgsqlDbType.Text, one),
        Column("traits", people, p => p.Person.Traits, NpgsqlDbType.Text, one),
        Column("updated_at", people, p => p.Person.UpdatedAt, NpgsqlDbType.TimestampTz, one),
        Column("last_seen_at", people, p => p.Person.LastSeenAt, NpgsqlDbType.TimestampTz, one),
    ];

    private static NpgsqlParameter[] Inserted(IReadOnlyList<Person> people, bool one)
    {
        var prefix = one ? "" : "new_";
        return
        [
            Column(prefix + "id", people, p => p.Id, NpgsqlDbType.Text, one),
            Column(prefix + "user_id", people, p => p.UserId, NpgsqlDbType.Text, one),
            Column(prefix + "email", people, p => p.Email, NpgsqlDbType.Text, one),
            Column(prefix + "traits", people, p => p.Traits, NpgsqlDbType.Text, one),
            Column(prefix + "created_at", people, p => p.CreatedAt, NpgsqlDbType.TimestampTz, one),
            Column(prefix + "updated_at", people, p => p.UpdatedAt, NpgsqlDbType.TimestampTz, one),
            Column(prefix + "last_seen_at", people, p => p.LastSeenAt, NpgsqlDbType.TimestampTz, one),
        ];
    }

    // One person's value, or an array of every person's value for unnest.
    private static NpgsqlParameter Column<TRow, T>(string name, IReadOnlyList<TRow> rows, Func<TRow, T> value, NpgsqlDbType type, bool one) =>
        one
            ? new(name, type) { Value = (object?)value(rows[0]) ?? DBNull.Value }
            : new(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() };
}
