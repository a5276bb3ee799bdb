using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.Companies;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.PostgreSql;

// A person upsert with companies as ONE statement in its own implicit transaction (one round trip, as the plain
// upsert): the person's statement (PostgreSqlKeyUpsert's CTEs), then each company and the person's membership
// of it. It repeats CompanyWrites and ObjectPatch in SQL as the person's statement repeats PersonPatch
// (CompanyJoinStatementTests runs a generated table of cases through both): a stored object keeps what the patch does
// not name and takes its other values; a row is written only when that changes it (then updatedAt and the version
// move) and the merged object surely keeps TraitLimits (the guard parameters, PatchParameters); a new row takes the
// patch's values. For each table: an UPDATE of the stored rows that change, an INSERT of the missing ones (DO NOTHING on
// a row committed after the statement began), and the stored rows that do not change. All or nothing: when the person
// or any entry did not come out (a guard stopped a write, a row is in the way), the statement fails on purpose
// (PostgreSqlVerdict) and writes nothing; the upserter then decides the usual way (CompanyJoins).
internal static class PostgreSqlCompanyJoins
{
    private const string Companies = $"\"{WorkspaceSchemaName.Placeholder}\".companies";
    private const string Memberships = $"\"{WorkspaceSchemaName.Placeholder}\".memberships";

    private const string CompanyColumns = """ "Seq", "Id", "ExternalId", "Traits", "CreatedAt", "UpdatedAt", "Version" """;
    private const string PersonColumns = """ "Seq", "Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "LastSeenAt", "Version" """;
    private const string MembershipColumns = """ "Seq", "CompanySeq", "PersonSeq", "Attributes", "CreatedAt", "UpdatedAt", "Version" """;

    // TraitsMerge on a stored JSON column, the test that it changes, and the guard that the result keeps TraitLimits.
    private static string Merged(string column, string patch) => $"""(({column} - i.{patch}_keys) || i.{patch}_set)""";

    private static string ChangesAndFits(string column, string patch) => $"""
        {Merged(column, patch)} <> {column}
            AND octet_length(({column} - i.{patch}_keys)::text) <= i.{patch}_max_kept
            AND (SELECT count(*) FROM jsonb_object_keys({Merged(column, patch)})) <= @max_keys
        """;

    // One text per key, entry count and which patches name a key (at most 3 x 50 x 4, validation caps the entries).
    private static readonly ConcurrentDictionary<(PersonKey Key, int Count, bool Traits, bool Attributes), string> Statements = new();

    // The entry count is written into the text (LIMIT) because a generic plan cannot see how many rows unnest yields:
    // guessing 100, it scans the whole companies table to hash it (docs/performance.md, round 9). When no entry's
    // traits (or attributes) patch names a key, no stored company (or membership) can change: the UPDATE and the test
    // that a stored row is unchanged are left out: a shorter plan for the common entry, a companyId alone.
    private static string Statement(PersonKey key, IReadOnlyList<CompanyJoinEntry> entries) => Statements.GetOrAdd(
        (key, entries.Count, entries.Any(e => e.Traits.Keys.Length > 0), entries.Any(e => e.Attributes.Keys.Length > 0)),
        k => Statement(PostgreSqlKeyUpsert.PersonCtes(k.Key), k.Count, k.Traits, k.Attributes));

    private static string Statement(string personCtes, int count, bool traits, bool attributes) => $"""
        WITH {personCtes},
        i AS MATERIALIZED (
            SELECT v.n, v.company_id, v.new_id,
                v.traits_set::jsonb AS traits_set, ARRAY(SELECT jsonb_array_elements_text(v.traits_keys::jsonb)) AS traits_keys,
                v.traits_max_kept,
                v.attributes_set::jsonb AS attributes_set,
                ARRAY(SELECT jsonb_array_elements_text(v.attributes_keys::jsonb)) AS attributes_keys, v.attributes_max_kept
            FROM unnest(@company_id, @new_id, @traits_set, @traits_keys, @traits_max_kept, @attributes_set, @attributes_keys,
                    @attributes_max_kept)
                WITH ORDINALITY AS v(company_id, new_id, traits_set, traits_keys, traits_max_kept, attributes_set, attributes_keys,
                    attributes_max_kept, n)
            WHERE EXISTS (SELECT FROM person)
            LIMIT {count}),
        {(traits ? UpdatedCompanies : "")}
        inserted_companies AS (
            INSERT INTO {Companies} AS c ("Id", "ExternalId", "Traits", "CreatedAt", "UpdatedAt", "Version")
            SELECT i.new_id, i.company_id, i.traits_set, @now, @now, 0
            FROM i
            WHERE NOT EXISTS (SELECT FROM {Companies} AS s WHERE s."ExternalId" = i.company_id)
            ORDER BY i.n
            ON CONFLICT ("ExternalId") DO NOTHING
            RETURNING {Prefixed("c", CompanyColumns)}),
        companies_now AS (
            SELECT i.n, c.*, true AS created, true AS changed FROM inserted_companies AS c JOIN i ON i.company_id = c."ExternalId"
            UNION ALL
            {(traits ? "SELECT u.*, false, true FROM updated_companies AS u UNION ALL" : "")}
            SELECT i.n, {Prefixed("c", CompanyColumns)}, false, false
            FROM i JOIN {Companies} AS c ON c."ExternalId" = i.company_id
            {(traits ? $"WHERE {Merged("c.\"Traits\"", "traits")} = c.\"Traits\"" : "")}),
        {(attributes ? UpdatedMemberships : "")}
        inserted_memberships AS (
            INSERT INTO {Memberships} AS m ("CompanySeq", "PersonSeq", "Attributes", "CreatedAt", "UpdatedAt", "Version")
            SELECT cn."Seq", (SELECT "Seq" FROM person), i.attributes_set, @now, @now, 0
            FROM i JOIN companies_now AS cn ON cn.n = i.n
            WHERE NOT EXISTS (SELECT FROM {Memberships} AS s WHERE s."CompanySeq" = cn."Seq" AND s."PersonSeq" = (SELECT "Seq" FROM person))
            ORDER BY i.n
            ON CONFLICT ("CompanySeq", "PersonSeq") DO NOTHING
            RETURNING {Prefixed("m", MembershipColumns)}),
        memberships_now AS (
            SELECT cn.n, m.*, true AS created, true AS changed FROM inserted_memberships AS m JOIN companies_now AS cn ON cn."Seq" = m."CompanySeq"
            UNION ALL
            {(attributes ? "SELECT u.*, false, true FROM updated_memberships AS u UNION ALL" : "")}
            SELECT i.n, {Prefixed("m", MembershipColumns)}, false, false
            FROM i JOIN companies_now AS cn ON cn.n = i.n
                JOIN {Memberships} AS m ON m."CompanySeq" = cn."Seq" AND m."PersonSeq" = (SELECT "Seq" FROM person)
            {(attributes ? $"WHERE {Merged("m.\"Attributes\"", "attributes")} = m.\"Attributes\"" : "")}),
        joined AS (
            SELECT c.n, {Prefixed("c", CompanyColumns)}, c.created AS company_created, c.changed AS company_changed,
                {Prefixed("m", MembershipColumns)}, m.created AS membership_created, m.changed AS membership_changed
            FROM companies_now AS c JOIN memberships_now AS m ON m.n = c.n)
        -- The verdict drives the lateral join, so it is evaluated even when nothing came out; failing, it undoes it all.
        SELECT r.*
        FROM (SELECT {PostgreSqlVerdict.ZeroUnless("count(*) = @entries AND count(DISTINCT n) = @entries AND (SELECT count(*) FROM person) = 1")} AS failed
            FROM joined) AS verdict
        CROSS JOIN LATERAL (
            SELECT {Prefixed("p", PersonColumns)}, j.*
            FROM person AS p, joined AS j
            WHERE verdict.failed = 0
            ORDER BY j.n) AS r
        """;

    private static readonly string UpdatedCompanies = $"""
        updated_companies AS (
            UPDATE {Companies} AS c
            SET "Traits" = {Merged("c.\"Traits\"", "traits")}, "UpdatedAt" = @now, "Version" = c."Version" + 1
            FROM i
            WHERE c."ExternalId" = i.company_id AND {ChangesAndFits("c.\"Traits\"", "traits")}
            RETURNING i.n, {Prefixed("c", CompanyColumns)}),
        """;

    private static readonly string UpdatedMemberships = $"""
        updated_memberships AS (
            UPDATE {Memberships} AS m
            SET "Attributes" = {Merged("m.\"Attributes\"", "attributes")}, "UpdatedAt" = @now, "Version" = m."Version" + 1
            FROM i JOIN companies_now AS cn ON cn.n = i.n
            WHERE m."CompanySeq" = cn."Seq" AND m."PersonSeq" = (SELECT "Seq" FROM person) AND {ChangesAndFits("m.\"Attributes\"", "attributes")}
            RETURNING i.n, {Prefixed("m", MembershipColumns)}),
        """;

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));

    /// <returns>Null, with nothing written, when the statement did not do it all.</returns>
    public static async Task<KeyJoinResult?> UpsertOnKeyAsync(
        PeopleDbContext db, KeyUpsert upsert, IReadOnlyList<CompanyJoinEntry> entries, CancellationToken cancellationToken)
    {
        var id = Person.NewId();
        // Plain Npgsql on the context's connection: no EF materialisation, no transaction object. The schema comes from
        // the context (validated), as the interceptor puts it into EF's commands.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                Statement(upsert.Key, entries).Replace(WorkspaceSchemaName.Placeholder, db.SchemaName, StringComparison.Ordinal),
                (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddRange(PostgreSqlKeyUpsert.Parameters(upsert, id));
            command.Parameters.Add(Array("company_id", entries, e => e.CompanyId, NpgsqlDbType.Text));
            command.Parameters.Add(Array("new_id", entries, e => e.NewId, NpgsqlDbType.Text));
            command.Parameters.Add(Array("traits_set", entries, e => e.Traits.Set, NpgsqlDbType.Text));
            command.Parameters.Add(Array("traits_keys", entries, e => JsonSerializer.Serialize(e.Traits.Keys), NpgsqlDbType.Text));
            command.Parameters.Add(Array("traits_max_kept", entries, e => e.Traits.MaxKeptBytes, NpgsqlDbType.Integer));
            command.Parameters.Add(Array("attributes_set", entries, e => e.Attributes.Set, NpgsqlDbType.Text));
            command.Parameters.Add(Array("attributes_keys", entries, e => JsonSerializer.Serialize(e.Attributes.Keys), NpgsqlDbType.Text));
            command.Parameters.Add(Array("attributes_max_kept", entries, e => e.Attributes.MaxKeptBytes, NpgsqlDbType.Integer));
            command.Parameters.Add(new NpgsqlParameter<int>("entries", NpgsqlDbType.Integer) { TypedValue = entries.Count });
            return await ReadAsync(command, upsert, id, entries.Count, cancellationToken);
        }
        catch (Exception e) when (PostgreSqlVerdict.Failed(e))
        {
            return null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<KeyJoinResult> ReadAsync(NpgsqlCommand command, KeyUpsert upsert, string id, int count, CancellationToken cancellationToken)
    {
        Person? person = null;
        var companies = new List<CompanyJoinResult>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            person ??= new Person
            {
                Seq = reader.GetInt64(0), Id = reader.GetString(1), UserId = Text(reader, 2), Email = Text(reader, 3), Traits = reader.GetString(4),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5), UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
                LastSeenAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), Version = reader.GetInt32(8),
            };
            const int c = 10; // after the person's 9 columns and the entry's ordinal
            var company = new Company
            {
                Seq = reader.GetInt64(c), Id = reader.GetString(c + 1), ExternalId = reader.GetString(c + 2), Traits = reader.GetString(c + 3),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(c + 4), UpdatedAt = reader.GetFieldValue<DateTimeOffset>(c + 5), Version = reader.GetInt32(c + 6),
            };
            const int m = c + 9;
            var membership = new Membership
            {
                Seq = reader.GetInt64(m), CompanySeq = reader.GetInt64(m + 1), PersonSeq = reader.GetInt64(m + 2), Attributes = reader.GetString(m + 3),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(m + 4), UpdatedAt = reader.GetFieldValue<DateTimeOffset>(m + 5), Version = reader.GetInt32(m + 6),
            };
            companies.Add(new(company, reader.GetBoolean(c + 7), reader.GetBoolean(c + 8), membership, reader.GetBoolean(m + 7), reader.GetBoolean(m + 8)));
        }

        // The verdict let rows through only when the person and every entry came out, each once, in entry order.
        // A written person carries this upsert's updatedAt (as in PostgreSqlKeyUpsert).
        return new(new KeyUpsertResult(person!, person!.Id == id, person.UpdatedAt == upsert.Now), companies);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlParameter<T[]> Array<T>(string name, IReadOnlyList<CompanyJoinEntry> entries, Func<CompanyJoinEntry, T> value, NpgsqlDbType type) =>
        new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = [.. entries.Select(value)] };
}
