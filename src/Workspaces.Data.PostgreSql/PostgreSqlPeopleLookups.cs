using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.People;

namespace Workspaces.Data.PostgreSql;

// The one read a batch decides on: every person holding one of its userIds or emails.
public static class PostgreSqlPeopleLookups
{
    // One equality lookup per key on its unique index (a LATERAL subquery with LIMIT 1 stays a per-key lookup), so
    // that every plan is index lookups, even the generic plan PostgreSQL caches while a new workspace's table is
    // empty and keeps while its first import fills it. With "= ANY(@keys)" that plan was a sequential scan: a new
    // workspace's first minute of batches ran at 5-50% of the steady rate (docs/performance.md, round 6).
    public const string CandidatesSql = $"""
        SELECT p.* FROM unnest(@user_ids) AS k(v)
            CROSS JOIN LATERAL (SELECT * FROM {PostgreSqlPeopleStatements.Table} WHERE "UserId" = k.v LIMIT 1) AS p
        UNION ALL
        SELECT p.* FROM unnest(@emails) AS k(v)
            CROSS JOIN LATERAL (SELECT * FROM {PostgreSqlPeopleStatements.Table} WHERE "Email" = k.v LIMIT 1) AS p
        """;

    /// <returns>Each person once, however many of the keys it holds.</returns>
    public static async Task<List<Person>> CandidatesAsync(
        PeopleDbContext db, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        NpgsqlParameter[] parameters =
        [
            new("user_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = userIds.Distinct().ToArray() },
            new("emails", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = emails.Distinct().ToArray() },
        ];
        var found = await db.People.FromSqlRaw(CandidatesSql, parameters).AsNoTracking().ToListAsync(cancellationToken);
        return [.. found.DistinctBy(p => p.Seq)];
    }
}
