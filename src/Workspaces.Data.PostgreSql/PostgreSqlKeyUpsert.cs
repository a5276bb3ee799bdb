using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.People;

namespace Workspaces.Data.PostgreSql;

// An upsert by its keys as one statement. It repeats PersonPatch in SQL (KeyStatementTests runs a generated table of
// cases through both): the stored traits keep what the patch does not name and take its other values (TraitsMerge);
// lastSeenAt only moves forward; a person is written only when something changes (then updatedAt and the version move)
// and the merged traits surely keep TraitLimits (the guard parameters, KeyUpsert.For); a person the upsert would not
// change is returned as stored. One key: the person holding it, else a new one, by ON CONFLICT on its unique index.
// Both keys: IdentityResolution's rules 2, 3 and 5 on a read of both holders, each re-checked on the row it writes.
// No row back means a conflict (rules 1 and 4), a guard that stopped the write, or a person committed after this
// statement began in the way: the upserter then decides the usual way.
internal static class PostgreSqlKeyUpsert
{
    private const string Table = PostgreSqlPeopleStatements.Table;

    private const string KeptTraits = """(p."Traits" - @patch_keys)""";
    private const string MergedTraits = $"""({KeptTraits} || @set::jsonb)""";
    private const string SomethingChanged =
        $"""({MergedTraits} <> p."Traits" OR COALESCE(@last_seen_at > COALESCE(p."LastSeenAt", '-infinity'), false))""";

    private const string Fits = $"""
        octet_length({KeptTraits}::text) <= @max_kept_bytes
            AND (SELECT count(*) FROM jsonb_object_keys({MergedTraits})) <= @max_keys
        """;

    private const string Write = $"""
        "Traits" = {MergedTraits}, "UpdatedAt" = @now, "LastSeenAt" = GREATEST(p."LastSeenAt", @last_seen_at),
            "Version" = p."Version" + 1
        """;

    private const string Insert = $"""INSERT INTO {Table} AS p ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "LastSeenAt", "Version")""";

    private static readonly string[] Statements = [.. Enum.GetValues<PersonKey>().Select(k => $"WITH {PersonCtes(k)} SELECT * FROM person")];

    // CTEs that leave the upserted person, as it now is, in "person" (one row; none when the upserter must decide).
    // PostgreSqlCompanyJoins builds on them.
    internal static string PersonCtes(PersonKey key) => key switch
    {
        PersonKey.UserId => OneKey("UserId", "@user_id"),
        PersonKey.Email => OneKey("Email", "@email"),
        _ => BothKeys,
    };

    private static string OneKey(string column, string value) => $"""
        written AS (
            {Insert}
            VALUES (@id, @user_id, @email, @set::jsonb, @now, @now, @last_seen_at, 0)
            ON CONFLICT ("{column}") DO UPDATE
            SET {Write}
            WHERE {SomethingChanged} AND {Fits}
            RETURNING p.*),
        person AS (
            SELECT * FROM written
            UNION ALL
            SELECT p.* FROM {Table} AS p
            WHERE p."{column}" = {value} AND NOT EXISTS (SELECT FROM written) AND NOT {SomethingChanged})
        """;

    // "target" is the person rule 2 (the userId's holder, unless another person holds the email) or rule 3 (the email's
    // holder, when nobody holds the userId) updates; nobody holding either key is rule 5, an insert. The update writes
    // the row (its newest version, if another writer got there first) only while it holds the userId, or holds the
    // email without a userId: another userId is rule 4, a conflict. A key taken meanwhile fails the statement (a unique
    // violation, retried). The row is found by its Seq alone, a scalar subquery: joined to "target", a generic plan
    // could look it up through the userId index OR-ed with every person without a userId.
    private const string BothKeys = $"""
        a AS (SELECT p.* FROM {Table} AS p WHERE p."UserId" = @user_id),
        b AS (SELECT p.* FROM {Table} AS p WHERE p."Email" = @email),
        target AS (
            SELECT a.* FROM a WHERE NOT EXISTS (SELECT FROM b WHERE b."Seq" <> a."Seq")
            UNION ALL
            SELECT b.* FROM b WHERE NOT EXISTS (SELECT FROM a)),
        updated AS (
            UPDATE {Table} AS p
            SET "UserId" = @user_id, "Email" = @email, {Write}
            WHERE p."Seq" = (SELECT t."Seq" FROM target AS t) AND (p."UserId" = @user_id OR (p."UserId" IS NULL AND p."Email" = @email))
                AND ({SomethingChanged} OR p."UserId" IS DISTINCT FROM @user_id OR p."Email" IS DISTINCT FROM @email)
                AND {Fits}
            RETURNING p.*),
        inserted AS (
            {Insert}
            SELECT @id, @user_id, @email, @set::jsonb, @now, @now, @last_seen_at, 0
            WHERE NOT EXISTS (SELECT FROM a) AND NOT EXISTS (SELECT FROM b)
            ON CONFLICT DO NOTHING
            RETURNING p.*),
        person AS (
            SELECT * FROM updated
            UNION ALL
            SELECT * FROM inserted
            UNION ALL
            SELECT p.* FROM target AS p
            WHERE p."UserId" = @user_id AND p."Email" = @email AND NOT EXISTS (SELECT FROM updated) AND NOT {SomethingChanged})
        """;

    internal static NpgsqlParameter[] Parameters(KeyUpsert upsert, string id) =>
    [
        new("id", NpgsqlDbType.Text) { Value = id },
        new("user_id", NpgsqlDbType.Text) { Value = (object?)upsert.UserId ?? DBNull.Value },
        new("email", NpgsqlDbType.Text) { Value = (object?)upsert.Email ?? DBNull.Value },
        new("set", NpgsqlDbType.Text) { Value = upsert.Set },
        new("patch_keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = upsert.PatchKeys },
        new("now", NpgsqlDbType.TimestampTz) { Value = upsert.Now },
        new("last_seen_at", NpgsqlDbType.TimestampTz) { Value = (object?)upsert.LastSeenAt ?? DBNull.Value },
        new("max_kept_bytes", NpgsqlDbType.Integer) { Value = upsert.MaxKeptBytes },
        new("max_keys", NpgsqlDbType.Integer) { Value = upsert.MaxKeys },
    ];

    public static async Task<KeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, KeyUpsert upsert, CancellationToken cancellationToken)
    {
        var id = Person.NewId();
        var written = await db.People.FromSqlRaw(Statements[(int)upsert.Key], Parameters(upsert, id)).AsNoTracking().ToListAsync(cancellationToken);
        // A written row carries this upsert's updatedAt; a row returned as stored has an earlier one (or, written by
        // another upsert in the same millisecond, is counted as updated).
        return written is [var person] ? new KeyUpsertResult(person, person.Id == id, person.UpdatedAt == upsert.Now) : null;
    }
}
