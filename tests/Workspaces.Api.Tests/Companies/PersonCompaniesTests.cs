using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using static Workspaces.Api.Tests.Companies.CompanyRoutes;

namespace Workspaces.Api.Tests.Companies;

// Contract §2: companies (at most 50, each companyId once) and pruneCompanies on the person upsert and on batch items.
// The person, the companies and the memberships are written together or not at all; a bad entry is a 400 naming it.
public sealed class PersonCompaniesTests : WorkspaceTest
{
    private const string Upsert = $"/v1/workspaces/{Ws}/people/upsert";

    [Test]
    public async Task An_upsert_with_companies_creates_them_joins_the_person_and_answers_the_memberships()
    {
        var person = await UpsertPersonAsync(WsClient, Ws, new
        {
            userId = "ada",
            companies = new object[]
            {
                new { companyId = "c1", traits = new { plan = "pro" }, attributes = new { role = "admin" } },
                new { companyId = "c2" },
            },
        });

        var memberships = person["companies"]!.AsArray();
        Assert.That(memberships.Select(m => m!["companyId"]!.GetValue<string>()), Is.EqualTo(new[] { "c1", "c2" }));
        Assert.That(memberships[0]!["attributes"]!.ToJsonString(), Is.EqualTo("""{"role":"admin"}"""));
        var c1 = await GetAsync(WsClient, $"{CompaniesPath(Ws)}/{memberships[0]!["id"]!.GetValue<string>()}");
        Assert.That(c1["traits"]!.ToJsonString(), Is.EqualTo("""{"plan":"pro"}"""));
        Assert.That(c1["memberCount"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_upsert_without_companies_answers_no_companies_member()
    {
        var person = await UpsertPersonAsync(WsClient, Ws, new { userId = "ada" });

        Assert.That(person.ContainsKey("companies"), Is.False);
    }

    [Test]
    public async Task A_later_upsert_merges_the_company_traits_and_the_membership_attributes()
    {
        await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c1", traits = new { a = 1 }, attributes = new { x = 1 } } } });

        var again = await UpsertPersonAsync(
            WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c1", traits = new { b = 2 }, attributes = new { y = 2 } } } }, HttpStatusCode.OK);

        Assert.That(again["companies"]![0]!["attributes"]!.ToJsonString(), Is.EqualTo("""{"x":1,"y":2}"""));
        var company = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c1");
        Assert.That(company["data"]![0]!["traits"]!.ToJsonString(), Is.EqualTo("""{"a":1,"b":2}"""));
    }

    [Test]
    public async Task PruneCompanies_removes_the_person_from_every_company_not_in_the_list()
    {
        await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c1" }, new { companyId = "c2" } } });
        await UpsertPersonAsync(WsClient, Ws, new { userId = "bob", companies = new[] { new { companyId = "c1" } } });

        var pruned = await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c2" } }, pruneCompanies = true }, HttpStatusCode.OK);

        Assert.That(pruned["companies"]!.AsArray().Select(m => m!["companyId"]!.GetValue<string>()), Is.EqualTo(new[] { "c2" }));
        var c1 = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c1");
        Assert.That(c1["data"]![0]!["memberCount"]!.GetValue<int>(), Is.EqualTo(1), "bob stays in c1; the company stays");
        var none = await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = Array.Empty<object>(), pruneCompanies = true }, HttpStatusCode.OK);
        Assert.That(none["companies"]!.AsArray(), Is.Empty);
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships"), Is.EqualTo(1));
    }

    [Test]
    public async Task PruneCompanies_without_companies_is_a_400()
    {
        using var response = await WsClient.PostAsJsonAsync(Upsert, new { userId = "ada", pruneCompanies = true });

        await AssertValidationProblemAsync(response, "pruneCompanies");
    }

    [Test]
    public async Task More_than_50_companies_is_a_400_and_50_are_accepted()
    {
        using var tooMany = await WsClient.PostAsJsonAsync(Upsert, new { userId = "ada", companies = Enumerable.Range(0, 51).Select(i => new { companyId = $"c{i}" }) });
        await AssertValidationProblemAsync(tooMany, "companies");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);

        var person = await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = Enumerable.Range(0, 50).Select(i => new { companyId = $"c{i}" }) });
        Assert.That(person["companies"]!.AsArray(), Has.Count.EqualTo(50));
    }

    [Test]
    public async Task The_same_companyId_twice_is_a_400_naming_the_repeat()
    {
        using var response = await WsClient.PostAsJsonAsync(Upsert, new { userId = "ada", companies = new[] { new { companyId = "c1" }, new { companyId = " c1 " } } });

        await AssertValidationProblemAsync(response, "companies[1].companyId");
    }

    [TestCase("""{"userId":"ada","traits":{"t":2},"companies":[{"companyId":"c1"},{"companyId":"c2"},{"companyId":" "}]}""", "companies[2].companyId")]
    [TestCase("""{"userId":"ada","traits":{"t":2},"companies":[{"companyId":"c1"},{"companyId":"c2","traits":[1]}]}""", "companies[1].traits")]
    [TestCase("""{"userId":"ada","traits":{"t":2},"companies":[{"companyId":"c1","attributes":{"":1}}]}""", "companies[0].attributes")]
    public async Task A_bad_entry_is_a_400_naming_it_and_nothing_changes(string body, string field)
    {
        await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", traits = new { t = 1 }, companies = new[] { new { companyId = "c1" } } });
        var before = await SnapshotAsync();

        using var response = await WsClient.PostAsync(Upsert, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertValidationProblemAsync(response, field);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_upsert_whose_company_breaks_a_limit_after_merging_changes_nothing_not_even_the_person()
    {
        await UpsertCompanyAsync(WsClient, Ws, new { companyId = "full", traits = Enumerable.Range(0, 200).ToDictionary(i => $"a{i}", i => i) });
        await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", traits = new { t = 1 } });
        var before = await SnapshotAsync();

        using var response = await WsClient.PostAsJsonAsync(Upsert, new
        {
            userId = "ada",
            traits = new { t = 2 },
            companies = new object[]
            {
                new { companyId = "fresh" },
                new { companyId = "full", traits = Enumerable.Range(0, 100).ToDictionary(i => $"b{i}", i => i) },
            },
        });

        await AssertValidationProblemAsync(response, "companies[1].traits");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "the person's traits, the new company and the memberships are all unchanged");
    }

    [Test]
    public async Task A_new_person_whose_company_breaks_a_limit_is_not_created()
    {
        await UpsertCompanyAsync(WsClient, Ws, new { companyId = "full", traits = Enumerable.Range(0, 200).ToDictionary(i => $"a{i}", i => i) });

        using var response = await WsClient.PostAsJsonAsync(Upsert, new
        {
            userId = "newcomer",
            companies = new[] { new { companyId = "full", traits = Enumerable.Range(0, 100).ToDictionary(i => $"b{i}", i => i) } },
        });

        await AssertValidationProblemAsync(response, "companies[0].traits");
        Assert.That(await Database.CountPeopleAsync(Schema), Is.Zero);
    }

    [Test]
    public async Task A_company_the_one_statement_cannot_vouch_for_is_decided_the_usual_way_and_every_entry_is_written_once()
    {
        // Stored traits too large for the statement's size guard, yet well within the limits once merged.
        await UpsertCompanyAsync(WsClient, Ws, new { companyId = "large", traits = new { text = new string('x', 6000) } });
        await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "small", traits = new { a = 1 } } } });

        var again = await UpsertPersonAsync(WsClient, Ws, new
        {
            userId = "ada",
            companies = new object[]
            {
                new { companyId = "small", traits = new { b = 2 }, attributes = new { role = "admin" } },
                new { companyId = "large", traits = new { plan = "pro" } },
            },
        }, HttpStatusCode.OK);

        Assert.That(again["companies"]!.AsArray().Select(m => m!["companyId"]!.GetValue<string>()), Is.EqualTo(new[] { "small", "large" }));
        Assert.That(again["companies"]![0]!["attributes"]!.ToJsonString(), Is.EqualTo("""{"role":"admin"}"""));
        var small = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=small");
        Assert.That(small["data"]![0]!["traits"]!.ToJsonString(), Is.EqualTo("""{"a":1,"b":2}"""));
        var large = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=large");
        Assert.That(large["data"]![0]!["traits"]!["plan"]!.GetValue<string>(), Is.EqualTo("pro"));
        Assert.That(
            await Database.LinesAsync($"SELECT concat(\"ExternalId\", ' ', \"Version\") FROM \"{Schema}\".companies ORDER BY 1"),
            Is.EqualTo(new[] { "large 1", "small 1" }),
            "each company changed once");
    }

    [Test]
    public async Task Batch_items_take_companies_each_on_its_own()
    {
        using var response = await WsClient.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/batch", new
        {
            people = new object[]
            {
                new { userId = "ada", companies = new[] { new { companyId = "c1", attributes = new { role = "owner" } } } },
                new { userId = "bob", companies = new[] { new { companyId = "c1" }, new { companyId = "c1" } } },
                new { userId = "cyd" },
                new { userId = "dan", companies = new[] { new { companyId = "c1" } } },
            },
        });
        var body = await BodyAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var results = body["results"]!.AsArray();
        Assert.That(results.Select(r => r!["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 400, 201, 201 }));
        Assert.That(results[1]!["problem"]!["errors"]!.AsObject().ContainsKey("companies[1].companyId"), Is.True);
        Assert.That(results[0]!["person"]!["companies"]![0]!["attributes"]!.ToJsonString(), Is.EqualTo("""{"role":"owner"}"""));
        Assert.That(results[2]!["person"]!.AsObject().ContainsKey("companies"), Is.False);
        var c1 = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c1");
        Assert.That(c1["data"]![0]!["memberCount"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_batch_item_whose_company_breaks_a_limit_after_merging_fails_alone_and_changes_nothing_of_its_own()
    {
        await UpsertCompanyAsync(WsClient, Ws, new { companyId = "full", traits = Enumerable.Range(0, 200).ToDictionary(i => $"a{i}", i => i) });

        using var response = await WsClient.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/batch", new
        {
            people = new object[]
            {
                new { userId = "ada", companies = new[] { new { companyId = "c1" } } },
                new { userId = "bob", companies = new object[] { new { companyId = "c2" }, new { companyId = "full", traits = Enumerable.Range(0, 100).ToDictionary(i => $"b{i}", i => i) } } },
                new { userId = "cyd", companies = new[] { new { companyId = "c1" } } },
            },
        });
        var results = (await BodyAsync(response))["results"]!.AsArray();

        Assert.That(results.Select(r => r!["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 400, 201 }));
        Assert.That(results[1]!["problem"]!["errors"]!.AsObject().ContainsKey("companies[1].traits"), Is.True);
        Assert.That(await Database.CountPeopleAsync(Schema, "\"UserId\" = 'bob'"), Is.Zero);
        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c2"))["data"]!.AsArray(), Is.Empty, "bob's other company was not created");
        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=c1"))["data"]![0]!["memberCount"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_batch_naming_one_person_twice_applies_both_items_in_order()
    {
        using var response = await WsClient.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/batch", new
        {
            people = new object[]
            {
                new { userId = "ada", companies = new[] { new { companyId = "c1", attributes = new { role = "user" } } } },
                new { userId = "ada", companies = new[] { new { companyId = "c1", attributes = new { role = "admin" } }, new { companyId = "c2", attributes = new { role = "user" } } } },
            },
        });
        var results = (await BodyAsync(response))["results"]!.AsArray();

        Assert.That(results.Select(r => r!["status"]!.GetValue<int>()), Is.EqualTo(new[] { 201, 200 }));
        Assert.That(results[1]!["person"]!["companies"]![0]!["attributes"]!.ToJsonString(), Is.EqualTo("""{"role":"admin"}"""));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships"), Is.EqualTo(2));
    }

    private async Task<string> SnapshotAsync() => string.Join(
        "|",
        await Database.RowsAsync($"\"{Schema}\".people", "\"Seq\""),
        await Database.RowsAsync($"\"{Schema}\".companies", "\"Seq\""),
        await Database.RowsAsync($"\"{Schema}\".memberships", "\"Seq\""));
}
