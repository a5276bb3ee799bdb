using System.Net;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.People;

// Contract §2: N parallel first-time upserts of one key make one person, one 201 and N-1 200, never a 5xx.
public sealed class UpsertConcurrencyTests : ApiTest
{
    private const string Ws = "acme";
    private const int Parallel = 24;

    [Test]
    public async Task Parallel_first_time_upserts_of_one_userId_create_exactly_one_person()
    {
        using var client = await WorkspaceClientAsync(Ws);

        var statuses = await RaceAsync(i => UpsertAsync(client, Ws, new { userId = "racer", traits = new { attempt = i } }));

        await AssertOneCreatedAsync(statuses, "\"UserId\" = 'racer'");
    }

    [Test]
    public async Task Parallel_first_time_upserts_of_one_email_in_different_cases_create_exactly_one_person()
    {
        using var client = await WorkspaceClientAsync(Ws);

        var statuses = await RaceAsync(i => UpsertAsync(client, Ws, new { email = i % 2 == 0 ? "Racer@Example.com" : "racer@EXAMPLE.com", traits = new { attempt = i } }));

        await AssertOneCreatedAsync(statuses, "\"Email\" = 'racer@example.com'");
    }

    [Test]
    public async Task Parallel_upserts_with_userId_and_email_of_one_person_create_exactly_one_person()
    {
        using var client = await WorkspaceClientAsync(Ws);

        var statuses = await RaceAsync(i => UpsertAsync(client, Ws, new { userId = "racer", email = "racer@example.com", traits = new { attempt = i } }));

        await AssertOneCreatedAsync(statuses, "\"UserId\" = 'racer' AND \"Email\" = 'racer@example.com'");
    }

    private static async Task<HttpStatusCode[]> RaceAsync(Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, Parallel).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using var response = await send(i);
            return response.StatusCode;
        })).ToArray();
        start.Set();
        return await Task.WhenAll(requests);
    }

    private static async Task AssertOneCreatedAsync(HttpStatusCode[] statuses, string where)
    {
        var schema = (await Database.SchemaOfAsync(Ws))!;
        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(",", statuses));
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(Parallel - 1), string.Join(",", statuses));
            Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(1));
            Assert.That(await Database.CountPeopleAsync(schema, where), Is.EqualTo(1));
        });
    }
}
