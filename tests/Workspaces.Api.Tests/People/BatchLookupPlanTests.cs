using Workspaces.Api.Tests.Testing;
using Workspaces.Data.PostgreSql;
using Workspaces.Data.Schemas;

namespace Workspaces.Api.Tests.People;

// A new workspace's first import must not scan its table once per batch: PostgreSQL caches a generic plan for a
// statement it runs often, and one made while the table was empty (never analyzed) is kept while the import fills
// it. The batch's candidate lookup must be index lookups even in that plan ("= ANY(@keys)" was a sequential scan).
[PostgreSqlOnly("reads PostgreSQL's plan for the batch lookup (EXPLAIN of a generic plan)")]
public sealed class BatchLookupPlanTests : WorkspaceTest
{
    [Test]
    public async Task The_batch_lookup_uses_the_key_indexes_in_a_generic_plan_made_on_a_new_empty_table()
    {
        var sql = PostgreSqlPeopleLookups.CandidatesSql
            .Replace(WorkspaceSchemaName.Placeholder, Schema, StringComparison.Ordinal)
            .Replace("@user_ids", "$1", StringComparison.Ordinal)
            .Replace("@emails", "$2", StringComparison.Ordinal);
        var plan = await Database.LinesAsync(
            $"SET plan_cache_mode = force_generic_plan; PREPARE lookup(text[], text[]) AS {sql}; EXPLAIN EXECUTE lookup('{{u1}}', '{{a@example.com}}')");

        var text = string.Join("\n", plan);
        Assert.That(await Database.ScalarAsync<float>($"SELECT reltuples FROM pg_class WHERE oid = '\"{Schema}\".people'::regclass"), Is.LessThan(0), "never analyzed");
        Assert.That(text, Does.Not.Contain("Seq Scan"), text);
        Assert.That(text, Does.Contain("Index Scan using \"IX_people_UserId\"").And.Contain("Index Scan using \"IX_people_Email\""), text);
    }
}
