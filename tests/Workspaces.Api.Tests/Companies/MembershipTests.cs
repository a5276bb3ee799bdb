using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using static Workspaces.Api.Tests.Companies.CompanyRoutes;

namespace Workspaces.Api.Tests.Companies;

// Contract §2 "Companies and memberships": a membership joins one person and one company with attributes merged and
// limited like traits; deleting a person removes their memberships, deleting a company removes its memberships and
// keeps its people; both lists page oldest first.
public sealed class MembershipTests : WorkspaceTest
{
    private static string Members(string companyId) => $"{CompaniesPath(Ws)}/{companyId}/members";

    [Test]
    public async Task Put_joins_with_201_then_merges_attributes_with_200()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var person = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "u1" }));

        using var joined = await WsClient.PutAsJsonAsync($"{Members(company)}/{person}", new { attributes = new { role = "admin", seat = 1 } });
        Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(joined.Headers.Location!.ToString(), Is.EqualTo($"{Members(company)}/{person}"));
        using var updated = await WsClient.PutAsJsonAsync($"{Members(company)}/{person}", new { attributes = new JsonObject { ["seat"] = null } });
        var member = await BodyAsync(updated);

        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(member["attributes"]!.ToJsonString(), Is.EqualTo("""{"role":"admin"}"""));
        Assert.That(member["person"]!["id"]!.GetValue<string>(), Is.EqualTo(person));
        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}/{company}"))["memberCount"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Membership_attributes_keep_the_person_trait_limits_after_merging()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var person = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "u1" }));
        using (await WsClient.PutAsJsonAsync($"{Members(company)}/{person}", new { attributes = Enumerable.Range(0, 200).ToDictionary(i => $"a{i}", i => i) }))
        {
        }

        using var response = await WsClient.PutAsJsonAsync($"{Members(company)}/{person}", new { attributes = Enumerable.Range(0, 100).ToDictionary(i => $"b{i}", i => i) });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["attributes"]![0]!.GetValue<string>(), Does.Contain("at most 256 keys"));
    }

    [Test]
    public async Task Put_and_delete_answer_404_when_the_company_or_the_person_does_not_exist()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var person = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "u1" }));

        using var noCompany = await WsClient.PutAsJsonAsync($"{Members("cmp_missing")}/{person}", new { });
        await AssertProblemAsync(noCompany, HttpStatusCode.NotFound);
        using var noPerson = await WsClient.PutAsJsonAsync($"{Members(company)}/prs_missing", new { });
        await AssertProblemAsync(noPerson, HttpStatusCode.NotFound);
        using var deleteNoPerson = await WsClient.DeleteAsync($"{Members(company)}/prs_missing");
        await AssertProblemAsync(deleteNoPerson, HttpStatusCode.NotFound);
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships"), Is.Zero);
    }

    [Test]
    public async Task Delete_removes_the_membership_and_answers_204_also_when_not_a_member()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var person = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "u1" }));
        using (await WsClient.PutAsJsonAsync($"{Members(company)}/{person}", new { }))
        {
        }

        using var removed = await WsClient.DeleteAsync($"{Members(company)}/{person}");
        using var again = await WsClient.DeleteAsync($"{Members(company)}/{person}");

        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}/{company}"))["memberCount"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task Deleting_a_person_removes_their_memberships()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var ada = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c1" } } }));
        await UpsertPersonAsync(WsClient, Ws, new { userId = "bob", companies = new[] { new { companyId = "c1" } } });

        using (var deleted = await WsClient.DeleteAsync($"/v1/workspaces/{Ws}/people/{ada}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That((await GetAsync(WsClient, $"{CompaniesPath(Ws)}/{company}"))["memberCount"]!.GetValue<int>(), Is.EqualTo(1));
        var members = await GetAsync(WsClient, Members(company));
        Assert.That(members["data"]!.AsArray().Select(m => m!["person"]!["userId"]!.GetValue<string>()), Is.EqualTo(new[] { "bob" }));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships"), Is.EqualTo(1));
    }

    [Test]
    public async Task Deleting_a_company_removes_its_memberships_and_keeps_its_people()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var ada = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c1" }, new { companyId = "c2" } } }));

        using (var deleted = await WsClient.DeleteAsync($"{CompaniesPath(Ws)}/{company}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await GetAsync(WsClient, $"/v1/workspaces/{Ws}/people/{ada}");
        var companies = await GetAsync(WsClient, $"/v1/workspaces/{Ws}/people/{ada}/companies");
        Assert.That(companies["data"]!.AsArray().Select(c => c!["company"]!["companyId"]!.GetValue<string>()), Is.EqualTo(new[] { "c2" }));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships"), Is.EqualTo(1));
        await GetAsync(WsClient, Members(company), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Members_and_companies_of_a_person_page_oldest_first_with_cursors_bound_to_their_list()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "c1" }));
        var people = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            people.Add(Id(await UpsertPersonAsync(WsClient, Ws, new { userId = $"u{i}", companies = new[] { new { companyId = "c1", attributes = new { n = i } } } })));
        }

        var ada = people[0];
        for (var i = 2; i < 5; i++)
        {
            await UpsertPersonAsync(WsClient, Ws, new { userId = "u0", companies = new[] { new { companyId = $"c{i}" } } }, HttpStatusCode.OK);
        }

        Assert.That(await AllAsync(Members(company), m => m["person"]!["id"]!), Is.EqualTo(people));
        Assert.That(
            await AllAsync($"/v1/workspaces/{Ws}/people/{ada}/companies", c => c["company"]!["companyId"]!),
            Is.EqualTo(new[] { "c1", "c2", "c3", "c4" }));
        var page = await GetAsync(WsClient, $"{Members(company)}?limit=2");
        using var otherList = await WsClient.GetAsync($"/v1/workspaces/{Ws}/people/{ada}/companies?cursor={page["nextCursor"]}");
        await AssertValidationProblemAsync(otherList, "cursor");
        await GetAsync(WsClient, $"/v1/workspaces/{Ws}/people/prs_missing/companies", HttpStatusCode.NotFound);
    }

    private async Task<List<string>> AllAsync(string path, Func<JsonNode, JsonNode> value)
    {
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(WsClient, $"{path}?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            all.AddRange(page["data"]!.AsArray().Select(item => value(item!).GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return all;
    }
}
