using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.People;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data;
using Workspaces.Data.Companies;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Api.Tests.Companies;

// The one-key upsert with companies (IDatabaseEngine.UpsertOnKeyWithCompaniesAsync) repeats CompanyWrites and
// ObjectPatch (merge, limits, change detection) in the engine's SQL for speed. One seeded table of generated cases
// (KeyCases' stored objects and patches, as company traits and as membership attributes, stored or not) goes through
// both, one to three entries per statement: they must agree on the merged JSON, whether each row was created or changed
// (updatedAt and version with it), and whether the statement did it all or wrote nothing and left the decision to the
// usual path, which it may do only where ObjectPatch refuses the merge or the size guard (PatchParameters) cannot be sure.
[PostgreSqlOnly("holds PostgreSQL's companies statement to ObjectPatch; SQL Server has no such statement and decides with CompanyJoins")]
public sealed class CompanyJoinStatementTests : WorkspaceTest
{
    private const int Seed = 20261204;
    private const int CaseCount = 600;
    private const int StoredVersion = 3;

    private sealed record Side(string? Stored, JsonObject? Patch, string Expected, bool Changed, bool FallsBack, string Outcome);

    private sealed record Entry(int Index, string CompanyId, Side Company, Side Membership);

    [Test]
    public async Task The_companies_statement_and_ObjectPatch_agree_on_a_generated_table_of_cases()
    {
        var traitCases = KeyCases.Generate(Seed, CaseCount);
        var attributeCases = KeyCases.Generate(Seed + 1, CaseCount);
        var engine = Api.Services.GetRequiredService<IDatabaseEngine>();
        await using var db = Api.Services.GetRequiredService<PeopleContextPools>().Create(new FixedWorkspaceSchema(Schema));

        // Statements of one to three entries, each for its own person.
        var random = new Random(Seed);
        var statements = new List<List<int>>();
        for (var k = 0; k < CaseCount; k += statements[^1].Count)
        {
            statements.Add([.. Enumerable.Range(k, Math.Min(1 + random.Next(3), CaseCount - k))]);
        }

        var people = new PeopleChanges();
        foreach (var s in statements.Index())
        {
            people.Create(new Person { Id = Person.NewId(), UserId = $"joiner{s.Index}", Traits = "{}", CreatedAt = KeyCases.StoredAt, UpdatedAt = KeyCases.StoredAt });
        }

        await engine.WriteAsync(db, people, CancellationToken.None);
        var seqs = await db.People.AsNoTracking().ToDictionaryAsync(p => p.UserId!, p => p.Seq);

        var entries = new List<Entry>();
        foreach (var (s, statement) in statements.Index())
        {
            foreach (var k in statement)
            {
                var (traits, attributes) = (traitCases[k], attributeCases[k]);
                var storedCompany = traits.Stored?.Traits;
                var storedMembership = storedCompany is null ? null : attributes.Stored?.Traits;
                if (storedCompany is not null)
                {
                    var company = new Company
                    {
                        Id = Company.NewId(), ExternalId = $"c{k}", Traits = storedCompany, CreatedAt = KeyCases.StoredAt,
                        UpdatedAt = KeyCases.StoredAt, Version = StoredVersion,
                    };
                    db.Companies.Add(company);
                    if (storedMembership is not null)
                    {
                        db.Memberships.Add(new Membership
                        {
                            Company = company, PersonSeq = seqs[$"joiner{s}"], Attributes = storedMembership, CreatedAt = KeyCases.StoredAt,
                            UpdatedAt = KeyCases.StoredAt, Version = StoredVersion,
                        });
                    }
                }

                entries.Add(new(k, $"c{k}", await ExpectAsync(storedCompany, traits.Patch), await ExpectAsync(storedMembership, attributes.Patch)));
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var mismatches = new List<string>();
        foreach (var (s, statement) in statements.Index())
        {
            var these = statement.Select(k => entries[k]).ToList();
            mismatches.AddRange(these.SelectMany(e => Refused(e.Index, e.Company).Concat(Refused(e.Index, e.Membership))));
            // The person is stored and left unchanged: what is compared is the companies part.
            var person = new PersonInput($"joiner{s}", null, null, null);
            var upsert = KeyUpsert.For(person, KeyCases.Now);
            var actual = await engine.UpsertOnKeyWithCompaniesAsync(
                db, upsert, [.. these.Select(e => CompanyJoinEntry.For(new CompanyEntry(new CompanyInput(e.CompanyId, e.Company.Patch), e.Membership.Patch)))],
                CancellationToken.None);

            var fallsBack = these.Exists(e => e.Company.FallsBack || e.Membership.FallsBack);
            if (actual is null)
            {
                if (!fallsBack)
                {
                    mismatches.Add($"statement {s}: the statement fell back; no entry needed to");
                }

                continue;
            }

            if (fallsBack)
            {
                mismatches.Add($"statement {s}: wrote where it should have fallen back");
                continue;
            }

            if (actual.Person.Status != UpsertStatus.Unchanged || actual.Person.Person.Seq != seqs[$"joiner{s}"])
            {
                mismatches.Add($"statement {s}: the person came out {actual.Person.Status}, seq {actual.Person.Person.Seq}");
            }

            foreach (var (e, got) in these.Zip(actual.Companies))
            {
                mismatches.AddRange(Compare(e.Index, "company", e.Company, got.Company.Traits, got.CompanyCreated, got.CompanyChanged, got.Company.UpdatedAt, got.Company.Version));
                mismatches.AddRange(Compare(e.Index, "membership", e.Membership, got.Membership.Attributes, got.MembershipCreated, got.MembershipChanged, got.Membership.UpdatedAt, got.Membership.Version));
                if (got.Company.ExternalId != e.CompanyId || got.Membership.CompanySeq != got.Company.Seq || got.Membership.PersonSeq != seqs[$"joiner{s}"])
                {
                    mismatches.Add($"case {e.Index}: the membership is not the person's in {e.CompanyId}");
                }
            }
        }

        // A statement that fell back wrote nothing: no company or membership created, none of its stored rows moved.
        var fellBack = statements.Where(st => st.Exists(k => entries[k].Company.FallsBack || entries[k].Membership.FallsBack))
            .SelectMany(st => st.Select(k => entries[k])).ToList();
        var ids = fellBack.Select(e => e.CompanyId).ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.ExternalId)).Select(c => new { c.Version, c.UpdatedAt }).ToListAsync();
        var memberships = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.Company!.ExternalId)).Select(m => new { m.Version, m.UpdatedAt }).ToListAsync();
        Assert.That(companies, Has.Count.EqualTo(fellBack.Count(e => e.Company.Stored is not null)));
        Assert.That(memberships, Has.Count.EqualTo(fellBack.Count(e => e.Membership.Stored is not null)));
        Assert.That(
            companies.Concat(memberships).All(r => r.Version == StoredVersion && r.UpdatedAt == KeyCases.StoredAt), Is.True,
            "the stored rows of statements that fell back are as they were");

        var outcomes = entries.SelectMany(e => new[] { "company " + e.Company.Outcome, "membership " + e.Membership.Outcome })
            .GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Out.WriteLine($"{CaseCount} entries in {statements.Count} statements: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(10)));
        // The statement leaves out a table's UPDATE when no entry's patch for it names a key: every combination is run.
        Assert.That(
            statements.Select(st => (st.Exists(k => entries[k].Company.Patch is { Count: > 0 }), st.Exists(k => entries[k].Membership.Patch is { Count: > 0 })))
                .Distinct().Count(),
            Is.EqualTo(4),
            "the table has statements with and without company traits, with and without attributes");
        Assert.That(
            outcomes.Keys,
            Is.SupersetOf(new[] { "company created", "company changed", "company unchanged", "company guarded", "company refused", "membership created", "membership changed", "membership unchanged", "membership guarded" }),
            "the table covers every outcome");
    }

    // ObjectPatch on the stored object (or a new one's "{}"), and whether the statement's guard would let it write.
    private static async Task<Side> ExpectAsync(string? stored, JsonObject? patch)
    {
        var errors = new Dictionary<string, string[]>();
        var merged = ObjectPatch.Apply(stored ?? "{}", patch, "field", errors, out var changed);
        if (stored is null)
        {
            return new(stored, patch, merged!, Changed: true, FallsBack: false, "created");
        }

        var guardHolds = await GuardHoldsAsync(stored, patch);
        var outcome = !changed ? "unchanged" : merged is null ? "refused" : guardHolds ? "changed" : "guarded";
        return new(stored, patch, merged ?? stored, changed, FallsBack: changed && !guardHolds, outcome);
    }

    // A refused merge must never pass the guard: the statement would write what ObjectPatch refuses.
    private static IEnumerable<string> Refused(int index, Side side) =>
        side.Outcome == "refused" && !side.FallsBack ? [$"case {index}: ObjectPatch refuses the merge but the statement's guard would let it write"] : [];

    private static IEnumerable<string> Compare(int index, string what, Side expected, string json, bool created, bool changed, DateTimeOffset updatedAt, int version)
    {
        if (created != (expected.Stored is null) || changed != expected.Changed)
        {
            yield return $"case {index}: {what} created={created}, changed={changed}; expected {expected.Outcome}";
        }

        if (!JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(expected.Expected)))
        {
            yield return $"case {index}: {what} {json} <> {expected.Expected}";
        }

        var (expectedAt, expectedVersion) = expected.Stored is null ? (KeyCases.Now, 0)
            : expected.Changed ? (KeyCases.Now, StoredVersion + 1) : (KeyCases.StoredAt, StoredVersion);
        if (updatedAt != expectedAt || version != expectedVersion)
        {
            yield return $"case {index}: {what} updatedAt {updatedAt:O} version {version}; expected {expectedAt:O} version {expectedVersion}";
        }
    }

    // The guard as the engine evaluates it: the kept object's length as PostgreSQL prints it, and the merged key count.
    private static async Task<bool> GuardHoldsAsync(string stored, JsonObject? patch)
    {
        var parameters = PatchParameters.For(patch);
        var keptBytes = await Database.ScalarAsync<long>("SELECT octet_length(($1::jsonb - $2::text[])::text)", stored, parameters.Keys);
        var merged = JsonNode.Parse(stored)!.AsObject();
        TraitsMerge.Merge(merged, patch);
        return keptBytes <= parameters.MaxKeptBytes && merged.Count <= TraitLimits.MaxKeys;
    }
}
