using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.Companies;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.PostgreSql;

// A person's companies and memberships as one statement (IDatabaseEngine.JoinCompaniesAsync). It repeats CompanyWrites
// and ObjectPatch in SQL, as PostgreSqlOneKeyUpsert does PersonPatch (CompanyJoinStatementTests runs a generated table
// of cases through both): a stored object keeps what the patch does not name and takes its other values; a row is
// written only when that changes it (then updatedAt and the version move) and the merged object surely keeps
// TraitLimits (the guard parameters, PatchParameters); a new row takes the patch's values. For each table: an UPDATE
// of the stored rows that change, an INSERT of the missing ones (DO NOTHING on a row committed after the statement
// began), and the stored rows that do not change. Fewer rows back than entries means a guard stopped a write or a row
// is in the way: the caller then decides the rest the usual way.
internal static class PostgreSqlCompanyJoins
{
    private const string Companies = $"\"{WorkspaceSchemaName.Placeholder}\".companies";
    private const string Memberships = $"\"{WorkspaceSchemaName.Placeholder}\".memberships";

    private const string CompanyColumns = """ "Seq", "Id", "ExternalId", "Traits", "CreatedAt", "UpdatedAt", "Version" """;
    private const string MembershipColumns = """ "Seq", "CompanySeq", "PersonSeq", "Attributes", "CreatedAt", "UpdatedAt", "Version" """;

    // TraitsMerge on a stored JSON column, the test that it changes, and the guard that the result keeps TraitLimits.
    private static string Merged(string column, string patch) => $"""(({column} - i.{patch}_keys) || i.{patch}_set)""";

    private static string ChangesAndFits(string column, string patch) => $"""
        {Merged(column, patch)} <> {column}
            AND octet_length(({column} - i.{patch}_keys)::text) <= i.{patch}_max_kept
            AND (SELECT count(*) FROM jsonb_object_keys({Merged(column, patch)})) <= @max_keys
        """;

    private static readonly string Sql = $"""
        WITH i AS MATERIALIZED (
            SELECT v.n, v.company_id, v.new_id,
                v.traits_set::jsonb AS traits_set, ARRAY(SELECT jsonb_array_elements_text(v.traits_keys::jsonb)) AS traits_keys,
                v.traits_max_kept,
                v.attributes_set::jsonb AS attributes_set,
                ARRAY(SELECT jsonb_array_elements_text(v.attributes_keys::jsonb)) AS attributes_keys, v.attributes_max_kept
            FROM unnest(@company_id, @new_id, @traits_set, @traits_keys, @traits_max_kept, @attributes_set, @attributes_keys,
                    @attributes_max_kept)
                WITH ORDINALITY AS v(company_id, new_id, traits_set, traits_keys, traits_max_kept, attributes_set, attributes_keys,
                    attributes_max_kept, n)),
        updated_companies AS (
            UPDATE {Companies} AS c
            SET "Traits" = {Merged("c.\"Traits\"", "traits")}, "UpdatedAt" = @now, "Version" = c."Version" + 1
            FROM i
            WHERE c."ExternalId" = i.company_id AND {ChangesAndFits("c.\"Traits\"", "traits")}
            RETURNING i.n, {Prefixed("c", CompanyColumns)}),
        inserted_companies AS (
            INSERT INTO {Companies} AS c ("Id", "ExternalId", "Traits", "CreatedAt", "UpdatedAt", "Version")
            SELECT i.new_id, i.company_id, i.traits_set, @now, @now, 0
            FROM i
            WHERE NOT EXISTS (SELECT FROM {Companies} AS s WHERE s."ExternalId" = i.company_id)
            ORDER BY i.n
            ON CONFLICT ("ExternalId") DO NOTHING
            RETURNING {Prefixed("c", CompanyColumns)}),
        companies_now AS (
            SELECT u.*, false AS created, true AS changed FROM updated_companies AS u
            UNION ALL
            SELECT i.n, c.*, true, true FROM inserted_companies AS c JOIN i ON i.company_id = c."ExternalId"
            UNION ALL
            SELECT i.n, {Prefixed("c", CompanyColumns)}, false, false
            FROM i JOIN {Companies} AS c ON c."ExternalId" = i.company_id
            WHERE {Merged("c.\"Traits\"", "traits")} = c."Traits"),
        updated_memberships AS (
            UPDATE {Memberships} AS m
            SET "Attributes" = {Merged("m.\"Attributes\"", "attributes")}, "UpdatedAt" = @now, "Version" = m."Version" + 1
            FROM i JOIN companies_now AS cn ON cn.n = i.n
            WHERE m."CompanySeq" = cn."Seq" AND m."PersonSeq" = @person_seq AND {ChangesAndFits("m.\"Attributes\"", "attributes")}
            RETURNING i.n, {Prefixed("m", MembershipColumns)}),
        inserted_memberships AS (
            INSERT INTO {Memberships} AS m ("CompanySeq", "PersonSeq", "Attributes", "CreatedAt", "UpdatedAt", "Version")
            SELECT cn."Seq", @person_seq, i.attributes_set, @now, @now, 0
            FROM i JOIN companies_now AS cn ON cn.n = i.n
            WHERE NOT EXISTS (SELECT FROM {Memberships} AS s WHERE s."CompanySeq" = cn."Seq" AND s."PersonSeq" = @person_seq)
            ORDER BY i.n
            ON CONFLICT ("CompanySeq", "PersonSeq") DO NOTHING
            RETURNING {Prefixed("m", MembershipColumns)}),
        memberships_now AS (
            SELECT u.*, false AS created, true AS changed FROM updated_memberships AS u
            UNION ALL
            SELECT cn.n, m.*, true, true FROM inserted_memberships AS m JOIN companies_now AS cn ON cn."Seq" = m."CompanySeq"
            UNION ALL
            SELECT i.n, {Prefixed("m", MembershipColumns)}, false, false
            FROM i JOIN companies_now AS cn ON cn.n = i.n
                JOIN {Memberships} AS m ON m."CompanySeq" = cn."Seq" AND m."PersonSeq" = @person_seq
            WHERE {Merged("m.\"Attributes\"", "attributes")} = m."Attributes")
        SELECT c.n, {Prefixed("c", CompanyColumns)}, c.created, c.changed, {Prefixed("m", MembershipColumns)}, m.created, m.changed
        FROM companies_now AS c JOIN memberships_now AS m ON m.n = c.n
        ORDER BY c.n
        """;

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));

    public static async Task<IReadOnlyList<CompanyJoinResult>?> JoinAsync(PeopleDbContext db, CompaniesJoin join, CancellationToken cancellationToken)
    {
        var entries = join.Entries;
        // Plain ADO on the context's connection and transaction: no EF materialisation or change tracking. The schema
        // comes from the context (validated), as the interceptor puts it into EF's commands.
        await using var command = new NpgsqlCommand(
            Sql.Replace(WorkspaceSchemaName.Placeholder, db.SchemaName, StringComparison.Ordinal),
            (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(Array("company_id", entries, e => e.CompanyId, NpgsqlDbType.Text));
        command.Parameters.Add(Array("new_id", entries, e => e.NewId, NpgsqlDbType.Text));
        command.Parameters.Add(Array("traits_set", entries, e => e.Traits.Set, NpgsqlDbType.Text));
        command.Parameters.Add(Array("traits_keys", entries, e => JsonSerializer.Serialize(e.Traits.Keys), NpgsqlDbType.Text));
        command.Parameters.Add(Array("traits_max_kept", entries, e => e.Traits.MaxKeptBytes, NpgsqlDbType.Integer));
        command.Parameters.Add(Array("attributes_set", entries, e => e.Attributes.Set, NpgsqlDbType.Text));
        command.Parameters.Add(Array("attributes_keys", entries, e => JsonSerializer.Serialize(e.Attributes.Keys), NpgsqlDbType.Text));
        command.Parameters.Add(Array("attributes_max_kept", entries, e => e.Attributes.MaxKeptBytes, NpgsqlDbType.Integer));
        command.Parameters.Add(new NpgsqlParameter<long>("person_seq", NpgsqlDbType.Bigint) { TypedValue = join.PersonSeq });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = join.Now });
        command.Parameters.Add(new NpgsqlParameter<int>("max_keys", NpgsqlDbType.Integer) { TypedValue = TraitLimits.MaxKeys });

        var results = new List<CompanyJoinResult>(entries.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Each entry once, in order; anything else (an entry missing) is not the whole join.
            if (reader.GetInt64(0) != results.Count + 1)
            {
                return null;
            }

            var company = new Company
            {
                Seq = reader.GetInt64(1), Id = reader.GetString(2), ExternalId = reader.GetString(3), Traits = reader.GetString(4),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5), UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6), Version = reader.GetInt32(7),
            };
            var membership = new Membership
            {
                Seq = reader.GetInt64(10), CompanySeq = reader.GetInt64(11), PersonSeq = reader.GetInt64(12), Attributes = reader.GetString(13),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(14), UpdatedAt = reader.GetFieldValue<DateTimeOffset>(15), Version = reader.GetInt32(16),
            };
            results.Add(new(company, reader.GetBoolean(8), reader.GetBoolean(9), membership, reader.GetBoolean(17), reader.GetBoolean(18)));
        }

        return results.Count == entries.Count ? results : null;
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, IReadOnlyList<CompanyJoinEntry> entries, Func<CompanyJoinEntry, T> value, NpgsqlDbType type) =>
        new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = [.. entries.Select(value)] };
}
