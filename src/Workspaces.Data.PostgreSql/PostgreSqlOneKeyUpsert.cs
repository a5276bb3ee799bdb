using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.People;

namespace Workspaces.Data.PostgreSql;

// A one-key upsert as one statement: the person holding the key, else a new one. It repeats PersonPatch in SQL
// (OneKeyStatementTests runs a generated table of cases through both): the stored traits keep what the patch does
// not name and take its other values (TraitsMerge); lastSeenAt only moves forward; a person is written only when
// something changes (then updatedAt and the version move) and the merged traits surely keep TraitLimits (the guard
// parameters, OneKeyUpsert.For); a person the upsert would not change is returned as stored. No row back means the
// guard stopped the write (or a person committed after this statement began is in the way): the upserter then
// decides the usual way.
internal static class PostgreSqlOneKeyUpsert
{
    private const string Table = PostgreSqlPeopleStatements.Table;

    private const string KeptTraits = """(p."Traits" - @patch_keys)""";
    private const string MergedTraits = $"""({KeptTraits} || @set::jsonb)""";
    private const string SomethingChanged =
        $"""({MergedTraits} <> p."Traits" OR COALESCE(@last_seen_at > COALESCE(p."LastSeenAt", '-infinity'), false))""";

    private static readonly string UpsertOnUserId = UpsertOn(KeyColumn(PersonKey.UserId));
    private static readonly string UpsertOnEmail = UpsertOn(KeyColumn(PersonKey.Email));

    private static string UpsertOn(string keyColumn) => $"""
        WITH written AS ({WriteOn(keyColumn)})
        SELECT * FROM written
        UNION ALL
        {StoredUnchangedOn(keyColumn, "written")}
        """;

    // The person's write, and the stored person it would not change; PostgreSqlCompanyJoins builds on both.
    internal static string WriteOn(string keyColumn) => $"""
        INSERT INTO {Table} AS p ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "LastSeenAt", "Version")
        VALUES (@id, @user_id, @email, @set::jsonb, @now, @now, @last_seen_at, 0)
        ON CONFLICT ("{keyColumn}") DO UPDATE
        SET "Traits" = {MergedTraits}, "UpdatedAt" = @now, "LastSeenAt" = GREATEST(p."LastSeenAt", @last_seen_at),
            "Version" = p."Version" + 1
        WHERE {SomethingChanged}
            AND octet_length({KeptTraits}::text) <= @max_kept_bytes
            AND (SELECT count(*) FROM jsonb_object_keys({MergedTraits})) <= @max_keys
        RETURNING p.*
        """;

    internal static string StoredUnchangedOn(string keyColumn, string written) => $"""
        SELECT p.* FROM {Table} AS p
        WHERE p."{keyColumn}" = @key AND NOT EXISTS (SELECT FROM {written}) AND NOT {SomethingChanged}
        """;

    internal static string KeyColumn(PersonKey key) => key == PersonKey.UserId ? nameof(Person.UserId) : nameof(Person.Email);

    internal static NpgsqlParameter[] Parameters(OneKeyUpsert upsert, string id) =>
    [
        new("id", NpgsqlDbType.Text) { Value = id },
        new("key", NpgsqlDbType.Text) { Value = upsert.Value },
        new("user_id", NpgsqlDbType.Text) { Value = upsert.Key == PersonKey.UserId ? upsert.Value : DBNull.Value },
        new("email", NpgsqlDbType.Text) { Value = upsert.Key == PersonKey.Email ? upsert.Value : DBNull.Value },
        new("set", NpgsqlDbType.Text) { Value = upsert.Set },
        new("patch_keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = upsert.PatchKeys },
        new("now", NpgsqlDbType.TimestampTz) { Value = upsert.Now },
        new("last_seen_at", NpgsqlDbType.TimestampTz) { Value = (object?)upsert.LastSeenAt ?? DBNull.Value },
        new("max_kept_bytes", NpgsqlDbType.Integer) { Value = upsert.MaxKeptBytes },
        new("max_keys", NpgsqlDbType.Integer) { Value = upsert.MaxKeys },
    ];

    public static async Task<OneKeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, OneKeyUpsert upsert, CancellationToken cancellationToken)
    {
        var id = Person.NewId();
        var parameters = Parameters(upsert, id);
        var sql = upsert.Key == PersonKey.UserId ? UpsertOnUserId : UpsertOnEmail;
        var written = await db.People.FromSqlRaw(sql, parameters).AsNoTracking().ToListAsync(cancellationToken);
        // A written row carries this upsert's updatedAt; a row returned as stored has an earlier one (or, written by
        // another upsert in the same millisecond, is counted as updated).
        return written is [var person] ? new OneKeyUpsertResult(person, person.Id == id, person.UpdatedAt == upsert.Now) : null;
    }
}
