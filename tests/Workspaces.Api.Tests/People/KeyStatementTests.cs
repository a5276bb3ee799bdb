using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Api.Tests.People;

// The key statement repeats PersonPatch (traits merge, limits, lastSeenAt only forward, change detection) and, with both
// keys, IdentityResolution's rules in the engine's SQL for speed. One seeded table of generated cases goes through both;
// they must agree on the person, its keys, traits and lastSeenAt, whether updatedAt and the version moved, and whether
// the statement wrote or left the decision to the usual path, which it must do for a conflict and may do only where
// the C# rule refuses the merge or its size guard (KeyUpsert) cannot be sure. A statement that leaves it writes nothing.
[PostgreSqlOnly("holds PostgreSQL's key statement to PersonPatch and IdentityResolution; SQL Server's one-key upsert decides with PersonPatch itself")]
public sealed class KeyStatementTests : WorkspaceTest
{
    private const int Seed = 20261203;
    private const int CaseCount = 900;

    [Test]
    public async Task The_key_statement_and_the_CSharp_rules_agree_on_a_generated_table_of_cases()
    {
        var cases = KeyCases.Generate(Seed, CaseCount);
        var engine = Api.Services.GetRequiredService<IDatabaseEngine>();
        await using var db = Api.Services.GetRequiredService<PeopleContextPools>().Create(new FixedWorkspaceSchema(Schema));

        var stored = new PeopleChanges();
        foreach (var person in cases.SelectMany(c => new[] { c.Stored, c.Other }).OfType<Person>())
        {
            stored.Create(person);
        }

        await engine.WriteAsync(db, stored, CancellationToken.None);
        var before = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id);

        var mismatches = new List<string>();
        var outcomes = new Dictionary<string, int>();
        var leftAlone = new List<Person>();
        foreach (var c in cases)
        {
            var input = c.Input;
            var holders = new[] { c.Stored, c.Other }.OfType<Person>().Select(p => before[p.Id]).ToList();
            var decision = IdentityResolution.Resolve(
                holders.Find(p => input.UserId is not null && p.UserId == input.UserId), holders.Find(p => input.Email is not null && p.Email == input.Email),
                input.UserId, updateOnly: false);
            var upsert = KeyUpsert.For(input, KeyCases.Now);
            var actual = await engine.UpsertOnKeyAsync(db, upsert, CancellationToken.None);
            if (decision.Action == IdentityAction.Conflict)
            {
                Count(outcomes, c, "conflict");
                leftAlone.AddRange(holders);
                if (actual is not null)
                {
                    mismatches.Add($"case {c.Index}: the statement wrote where the rules give a conflict");
                }

                continue;
            }

            // The C# rules, on the person as the database returned it.
            var person = decision.Target;
            var expected = person?.Snapshot()
                ?? new Person { Id = "new", Traits = "{}", CreatedAt = KeyCases.Now, UpdatedAt = KeyCases.Now };
            var changed = PersonPatch.Apply(expected, input, KeyCases.Now, new());
            var guardHolds = person is null || await GuardHoldsAsync(person, c.Patch, upsert);
            if (changed is null && guardHolds)
            {
                mismatches.Add($"case {c.Index}: the C# rule refuses the merge but the statement's guard would let it write");
            }

            var expectFallBack = person is not null && changed is not false && !guardHolds;
            var outcome = person is null ? "created" : changed switch { null => "refused", true => guardHolds ? "changed" : "guarded", false => "unchanged" };
            Count(outcomes, c, person?.UserId is null && person is not null ? $"{outcome} (userId attached)" : outcome);
            if (expectFallBack)
            {
                leftAlone.AddRange(holders);
            }

            if (Compare(c, person, expected, changed == true, expectFallBack, actual) is { } mismatch)
            {
                mismatches.Add(mismatch);
            }
        }

        var after = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id);
        mismatches.AddRange(leftAlone.Where(p => after[p.Id].Version != p.Version || after[p.Id].UpdatedAt != p.UpdatedAt || after[p.Id].Email != p.Email)
            .Select(p => $"person {p.Id}: written by a statement that left the decision to the usual path"));

        TestContext.Out.WriteLine($"{cases.Count} cases: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(10)));
        Assert.That(
            outcomes.Keys,
            Is.SupersetOf(new[]
            {
                "UserId created", "UserId refused", "UserId changed", "UserId guarded", "UserId unchanged", "Email changed", "Email unchanged",
                "Both created", "Both changed", "Both unchanged", "Both guarded", "Both conflict", "Both changed (userId attached)",
            }),
            "the table covers every outcome");
    }

    private static void Count(Dictionary<string, int> outcomes, KeyCase c, string outcome) =>
        outcomes[$"{c.Key} {outcome}"] = outcomes.GetValueOrDefault($"{c.Key} {outcome}") + 1;

    private static string? Compare(KeyCase c, Person? person, Person expected, bool changed, bool expectFallBack, KeyUpsertResult? actual)
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

        if ((person is not null && got.Id != person.Id) || got.UserId != expected.UserId || got.Email != expected.Email)
        {
            problems.Add($"person {got.Id} ({got.UserId}, {got.Email}) <> {expected.Id} ({expected.UserId}, {expected.Email})");
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
    private async Task<bool> GuardHoldsAsync(Person person, JsonObject? patch, KeyUpsert upsert)
    {
        var keptBytes = await Database.ScalarAsync<long>(
            $"SELECT octet_length((\"Traits\" - $1::text[])::text) FROM \"{Schema}\".people WHERE \"Seq\" = $2", upsert.PatchKeys, person.Seq);
        var merged = JsonNode.Parse(person.Traits)!.AsObject();
        TraitsMerge.Merge(merged, patch);
        return keptBytes <= upsert.MaxKeptBytes && merged.Count <= upsert.MaxKeys;
    }
}
