using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    // Each request's statement reads the person without a userId (rule 3: attach it); the first to write wins, and every
    // other, re-checking the row it would write, finds it taken: a 409, never a second userId written over the first.
    [Test]
    public async Task Parallel_upserts_giving_one_anonymous_person_different_userIds_attach_exactly_one()
    {
        using var client = await WorkspaceClientAsync(Ws);
        using (var anonymous = await UpsertAsync(client, Ws, new { email = "anon@example.com" }))
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var statuses = await RaceAsync(i => UpsertAsync(client, Ws, new { userId = $"claimer-{i}", email = "anon@example.com", traits = new { attempt = i } }));

        var schema = (await Database.SchemaOfAsync(Ws))!;
        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), string.Join(",", statuses));
            Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(Parallel - 1), string.Join(",", statuses));
            Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(1));
            Assert.That(await Database.CountPeopleAsync(schema, "\"Email\" = 'anon@example.com' AND \"UserId\" LIKE 'claimer-%' AND \"Version\" = 1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Parallel_batches_of_the_same_new_people_create_each_person_once_and_fail_no_item()
    {
        using var client = await WorkspaceClientAsync(Ws);
        var userIds = Enumerable.Range(0, 20).Select(i => $"racer-{i}").ToArray();
        var bodies = new JsonNode?[Parallel];

        var statuses = await RaceAsync(async i =>
        {
            var response = await client.PostAsJsonAsync(
                $"/v1/workspaces/{Ws}/people/batch", new { people = userIds.Select(userId => new { userId, traits = new { attempt = i } }) });
            bodies[i] = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            return response;
        });

        var schema = (await Database.SchemaOfAsync(Ws))!;
        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(bodies.Sum(b => b!["failedCount"]!.GetValue<int>()), Is.Zero);
            Assert.That(bodies.Sum(b => b!["createdCount"]!.GetValue<int>()), Is.EqualTo(userIds.Length));
            Assert.That(bodies.Sum(b => b!["updatedCount"]!.GetValue<int>()), Is.EqualTo(userIds.Length * (Parallel - 1)));
            Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(userIds.Length));
        });
    }

    [Test]
    public async Task A_race_settled_by_a_retry_logs_no_error()
    {
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(services => services.AddSingleton<ILoggerProvider>(logs));
        await CreateWorkspaceAsync(Ws, api);
        using var client = Client(await CreateTokenAsync(Ws), api);

        var statuses = await RaceAsync(i => UpsertAsync(client, Ws, new { email = "racer@example.com", traits = new { attempt = i } }));

        await AssertOneCreatedAsync(statuses, "\"Email\" = 'racer@example.com'");
        Assert.That(logs.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
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
