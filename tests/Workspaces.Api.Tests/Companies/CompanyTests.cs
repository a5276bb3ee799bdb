using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using static Workspaces.Api.Tests.Companies.CompanyRoutes;

namespace Workspaces.Api.Tests.Companies;

// Contract §2 "Companies and memberships": a company upsert by companyId (updateOnly), get, lookup, cursor list and
// delete; traits merge and are limited exactly like a person's.
public sealed class CompanyTests : WorkspaceTest
{
    [Test]
    public async Task First_upsert_creates_the_company_with_Location_and_a_repeat_updates_it()
    {
        using var created = await WsClient.PostAsJsonAsync($"{CompaniesPath(Ws)}/upsert", new { companyId = "acme-42", traits = new { plan = "pro" } });
        var company = await BodyAsync(created);

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"{CompaniesPath(Ws)}/{Id(company)}"));
        Assert.That(Id(company), Does.StartWith("cmp_"));
        Assert.That(company["companyId"]!.GetValue<string>(), Is.EqualTo("acme-42"));
        Assert.That(company["memberCount"]!.GetValue<int>(), Is.Zero);

        var updated = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "acme-42", traits = new { seats = 5 } }, HttpStatusCode.OK);
        Assert.That(Id(updated), Is.EqualTo(Id(company)));
        Assert.That(updated["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro","seats":5}"""));
        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}/{Id(company)}"))["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro","seats":5}"""));
    }

    [Test]
    public async Task Company_traits_merge_like_person_traits_null_removes_a_key_and_updatedAt_moves_only_on_change()
    {
        var company = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1", traits = new { plan = "pro", seats = 5 } });

        var unchanged = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1", traits = new { plan = "pro" } }, HttpStatusCode.OK);
        var removed = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1", traits = new JsonObject { ["seats"] = null } }, HttpStatusCode.OK);

        Assert.That(unchanged["updatedAt"]!.GetValue<string>(), Is.EqualTo(company["updatedAt"]!.GetValue<string>()));
        Assert.That(removed["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro"}"""));
    }

    [Test]
    public async Task Company_traits_keep_the_person_trait_limits_after_merging()
    {
        var half = Enumerable.Range(0, 200).ToDictionary(i => $"a{i}", i => (object)i);
        var other = Enumerable.Range(0, 100).ToDictionary(i => $"b{i}", i => (object)i);
        await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1", traits = half });

        using var response = await WsClient.PostAsJsonAsync($"{CompaniesPath(Ws)}/upsert", new { companyId = "c1", traits = other });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["traits"]![0]!.GetValue<string>(), Does.Contain("at most 256 keys"));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".companies WHERE {Traits.Has("b0")}"), Is.Zero);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("bad\u0001id")]
    public async Task A_blank_or_control_character_companyId_is_a_400(string companyId)
    {
        using var response = await WsClient.PostAsJsonAsync($"{CompaniesPath(Ws)}/upsert", new { companyId });

        await AssertValidationProblemAsync(response, "companyId");
    }

    [Test]
    public async Task A_companyId_over_255_characters_is_a_400_and_one_of_255_is_kept_trimmed()
    {
        using var tooLong = await WsClient.PostAsJsonAsync($"{CompaniesPath(Ws)}/upsert", new { companyId = new string('c', 256) });
        await AssertValidationProblemAsync(tooLong, "companyId");

        var company = await UpsertCompanyAsync(WsClient, Ws, new { companyId = " " + new string('c', 253) + " " });
        Assert.That(company["companyId"]!.GetValue<string>(), Is.EqualTo(new string('c', 253)));
    }

    [Test]
    public async Task CompanyId_is_case_sensitive()
    {
        var upper = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "ACME" });
        var lower = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "acme" });

        Assert.That(Id(lower), Is.Not.EqualTo(Id(upper)));
        var found = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=acme");
        Assert.That(found["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()), Is.EqualTo(new[] { Id(lower) }));
    }

    [Test]
    public async Task UpdateOnly_answers_404_and_creates_nothing_when_no_company_matches()
    {
        using var response = await WsClient.PostAsJsonAsync($"{CompaniesPath(Ws)}/upsert?updateOnly=true", new { companyId = "ghost" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".companies"), Is.Zero);
    }

    [Test]
    public async Task Lookup_by_companyId_answers_0_or_1_item_and_get_by_an_unknown_id_is_a_404()
    {
        await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" });

        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c1"))["data"]!.AsArray(), Has.Count.EqualTo(1));
        var none = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c2");
        Assert.That(none["data"]!.AsArray(), Is.Empty);
        Assert.That(none["nextCursor"], Is.Null);
        using var missing = await WsClient.GetAsync($"{CompaniesPath(Ws)}/cmp_unknown");
        await AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_list_pages_oldest_first_and_a_tampered_cursor_is_a_400()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = $"c{i}" })));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(ids));
        var first = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?limit=2");
        var tampered = first["nextCursor"]!.GetValue<string>().Replace('.', 'x');
        using var response = await WsClient.GetAsync($"{CompaniesPath(Ws)}?cursor={tampered}");
        await AssertValidationProblemAsync(response, "cursor");
    }

    [Test]
    public async Task Delete_answers_204_then_404_and_the_companyId_can_be_used_again()
    {
        var company = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" });

        using (var deleted = await WsClient.DeleteAsync($"{CompaniesPath(Ws)}/{Id(company)}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using (var again = await WsClient.DeleteAsync($"{CompaniesPath(Ws)}/{Id(company)}"))
        {
            await AssertProblemAsync(again, HttpStatusCode.NotFound);
        }

        var reborn = await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" });
        Assert.That(Id(reborn), Is.Not.EqualTo(Id(company)));
    }
}
