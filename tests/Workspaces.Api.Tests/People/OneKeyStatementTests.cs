using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Api.Tests.People;

// The one-key statement repeats PersonPatch (traits merge, limits, lastSeenAt only forward, change detection) in the
// engine's SQL for speed. One seeded table of generated cases goes through both; they must agree on the traits,
// lastSeenAt, whether updatedAt and the version moved, and whether the statement wrote or left the decision to the
// usual path, which it may do only where the C# rule refuses the merge or its size guard (OneKeyUpsert) cannot be sure.
[PostgreSqlOnly("holds PostgreSQL's one-key statement to PersonPatch; SQL Server's one-key upsert decides with PersonPatch itself")]
public sealed class OneKeyStatementTests : WorkspaceTest
{
    private const int Seed = 20261203;
    private const int CaseCount = 600;

    [Test]
    public async Task The_one_key_statement_and_PersonPatch_agree_on_a_generated_table_of_cases()
    {
        var cases = OneKeyCases.Generate(Seed, CaseCount);
        var engine = Api.Services.GetRequiredService<IDatabaseEngine>();
        await using var db = Api.Services.GetRequiredService<PeopleContextPools>().Create(new FixedWorkspaceSchema(Schema));

        var stored = new PeopleChanges();
        foreach (var c in cases.Where(c => c.Stored is not null))
        {
            stored.Create(c.Stored!);
        }

        await engine.WriteAsync(db, stored, CancellationToken.None);
        var before = await db.People.AsNoTracking().ToDictionaryAsync(p => p.UserId!);

        var mismatches = new List<string>();
        var outcomes = new Dictionary<string, int>();
        foreach (var c in cases)
        {
            var person = before.GetValueOrDefault(c.UserId);
            var input = new PersonInput(c.Key == PersonKey.UserId ? c.UserId : null, c.Key == PersonKey.Email ? c.Email : null, c.Patch, c.LastSeenAt);
            var upsert = OneKeyUpsert.For(c.Key, c.Key == PersonKey.UserId ? c.UserId : c.Email, input, OneKeyCases.Now);

            // The C# rule, on the person as the database returned it.
            var expected = person?.Snapshot()
                ?? new Person { Id = "new", UserId = input.UserId, Email = input.Email, Traits = "{}", CreatedAt = OneKeyCases.Now, UpdatedAt = OneKeyCases.Now };
            var changed = PersonPatch.Apply(expected, input, OneKeyCases.Now, new());
            var guardHolds = person is null || await GuardHoldsAsync(person, c.Patch, upsert);
            if (changed is null && guardHolds)
            {
                mismatches.Add($"case {c.Index}: the C# rule refuses the merge but the statement's guard would let it write");
            }

            var expectFallBack = person is not null && changed is not false && !guardHolds;
            var outcome = person is null ? "created" : changed switch { null => "refused", true => guardHolds ? "changed" : "guarded", false => "unchanged" };
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

            var actual = await engine.UpsertOnKeyAsync(db, upsert, CancellationToken.None);
            if (Compare(c, person, expected, changed == true, expectFallBack, actual) is { } mismatch)
            {
                mismatches.Add(mismatch);
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} cases: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(10)));
        Assert.That(outcomes.Keys, Is.EquivalentTo(new[] { "created", "refused", "changed", "guarded", "unchanged" }), "the table covers every outcome");
    }

    private static string? Compare(OneKeyCase c, Person? person, Person expected, bool changed, bool expectFallBack, OneKeyUpsertResult? actual)
    {
        if (actual is not { } result)
        {
            return expectFallBack ? null : $"case {c.Index}: the statement fell back; the C# rule gives {expected.Traits}";
        }

        var got = result.Person;
        var problems = new List<string>();
        if (expectFallBack)
        {
            problems.Add("wrote where it should have fallen back");
        }

        if (result.Created != (person is null) || result.Changed != (person is null || changed))
        {
            problems.Add($"created={result.Created}, changed={result.Changed}");
        }

        if (!JsonNode.DeepEquals(JsonNode.Parse(got.Traits), JsonNode.Parse(expected.Traits)))
        {
            problems.Add($"traits {got.Traits} <> {expected.Traits}");
        }

        if (got.LastSeenAt != expected.LastSeenAt)
        {
            problems.Add($"lastSeenAt {got.LastSeenAt:O} <> {expected.LastSeenAt:O}");
        }

        if (got.UpdatedAt != expected.UpdatedAt)
        {
            problems.Add($"updatedAt {got.UpdatedAt:O} <> {expected.UpdatedAt:O}");
        }

        if (person is not null && got.Version != person.Version + (changed ? 1 : 0))
        {
            problems.Add($"version {got.Version} after {person.Version}, changed={changed}");
        }

        return problems.Count == 0 ? null : $"case {c.Index}: {string.Join("; ", problems)}";
    }

    // The guard as the engine evaluates it: the kept traits' length as PostgreSQL prints them, and the merged key count.
    private async Task<bool> GuardHoldsAsync(Person person, JsonObject? patch, OneKeyUpsert upsert)
    {
        var keptBytes = await Database.ScalarAsync<long>(
            $"SELECT octet_length((\"Traits\" - $1::text[])::text) FROM \"{Schema}\".people WHERE \"Seq\" = $2", upsert.PatchKeys, person.Seq);
        var merged = JsonNode.Parse(person.Traits)!.AsObject();
        TraitsMerge.Merge(merged, patch);
        return keptBytes <= upsert.MaxKeptBytes && merged.Count <= upsert.MaxKeys;
    }
}
