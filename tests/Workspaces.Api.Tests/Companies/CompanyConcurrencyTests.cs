using System.Net;
using System.Net.Http.Json;
using Workspaces.Api.Tests.Testing;
using static Workspaces.Api.Tests.Companies.CompanyRoutes;

namespace Workspaces.Api.Tests.Companies;

// Contract §2: N parallel first upserts of one companyId create one company (one 201); memberCount stays exact under
// concurrency; a membership of a deleted company never remains; never a 5xx.
public sealed class CompanyConcurrencyTests : WorkspaceTest
{
    private const int Parallel = 64;

    [Test]
    public async Task Parallel_first_upserts_of_one_companyId_create_one_company_and_answer_one_201()
    {
        var statuses = await RaceAsync(i => WsClient.PostAsJsonAsync($"{CompaniesPath(Ws)}/upsert", new { companyId = "racer", traits = new { attempt = i } }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(Parallel - 1));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".companies"), Is.EqualTo(1));
    }

    [Test]
    public async Task Parallel_upserts_of_different_people_joining_one_company_count_every_member()
    {
        var statuses = await RaceAsync(i => WsClient.PostAsJsonAsync(
            $"/v1/workspaces/{Ws}/people/upsert",
            new { userId = $"member-{i}", companies = new[] { new { companyId = "shared", traits = new { lastJoined = i }, attributes = new { n = i } } } }));

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Created));
        var company = await GetAsync(WsClient, $"{CompaniesPath(Ws)}?companyId=shared");
        Assert.That(company["data"]![0]!["memberCount"]!.GetValue<int>(), Is.EqualTo(Parallel));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships"), Is.EqualTo(Parallel));
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".companies"), Is.EqualTo(1));
    }

    [Test]
    public async Task Joins_racing_a_company_delete_leave_no_membership_of_a_deleted_company()
    {
        var company = Id(await UpsertCompanyAsync(WsClient, Ws, new { companyId = "doomed" }));
        var people = new List<string>();
        for (var i = 0; i < Parallel; i++)
        {
            people.Add(Id(await UpsertPersonAsync(WsClient, Ws, new { userId = $"p{i}" })));
        }

        var statuses = await RaceAsync(i => i switch
        {
            Parallel / 2 => WsClient.DeleteAsync($"{CompaniesPath(Ws)}/{company}"),
            _ when i % 2 == 0 => WsClient.PutAsJsonAsync($"{CompaniesPath(Ws)}/{company}/members/{people[i]}", new { }),
            _ => WsClient.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/upsert", new { userId = $"p{i}", companies = new[] { new { companyId = "doomed" } } }),
        });

        Assert.That(statuses.Select(s => (int)s), Is.All.LessThan(500));
        Assert.That(
            await Database.ScalarAsync<long>(
                $"SELECT count(*) FROM \"{Schema}\".memberships m WHERE NOT EXISTS (SELECT 1 FROM \"{Schema}\".companies c WHERE c.\"Seq\" = m.\"CompanySeq\")"),
            Is.Zero);
        Assert.That(await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".memberships m JOIN \"{Schema}\".companies c ON c.\"Seq\" = m.\"CompanySeq\" WHERE c.\"Id\" = $1", company), Is.Zero);
    }

    private static async Task<HttpStatusCode[]> RaceAsync(Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Parallel).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await send(i);
            return response.StatusCode;
        }).ToList();
        start.Release(Parallel);
        return await Task.WhenAll(tasks);
    }
}
