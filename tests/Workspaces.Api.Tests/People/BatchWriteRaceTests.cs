using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.People;

namespace Workspaces.Api.Tests.People;

// A batch's write is all or nothing: when one of its updates loses a race (the person changed after the batch read
// it), none of its creations may stay behind, because the whole batch is then decided again on fresh data and a
// person it created would be reported as updated.
public sealed class BatchWriteRaceTests : ApiTest
{
    private const string Ws = "acme";

    [Test]
    public async Task A_batch_whose_update_loses_a_race_writes_nothing_so_its_new_person_is_still_reported_created()
    {
        var race = new ChangeAfterRead();
        await using var api = new ApiFactory(services => services.AddSingleton<IInterceptor>(race));
        await CreateWorkspaceAsync(Ws, api);
        using var client = Client(await CreateTokenAsync(Ws), api);
        using (var stored = await UpsertAsync(client, Ws, new { userId = "stale", traits = new { n = 0 } }))
        {
            Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var schema = (await Database.SchemaOfAsync(Ws))!;
        race.Arm($"UPDATE \"{schema}\".people SET \"Version\" = \"Version\" + 1, \"Traits\" = '{{\"by\": \"other\"}}' WHERE \"UserId\" = 'stale'");
        using var response = await client.PostAsJsonAsync($"/v1/workspaces/{Ws}/people/batch", new
        {
            people = new object[] { new { userId = "stale", traits = new { n = 1 } }, new { userId = "fresh", traits = new { n = 2 } } },
        });

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(race.Fired, Is.True, "another writer changed the stored person between the batch's read and its write");
        Assert.That(body["results"]!.AsArray().Select(r => r!["status"]!.GetValue<int>()), Is.EqualTo(new[] { 200, 201 }), body.ToJsonString());
        Assert.That(body["results"]![0]!["person"]!["traits"]!.ToJsonString(), Is.EqualTo("""{"by":"other","n":1}"""), "decided again on fresh data");
        Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(2));
    }

    // Once armed, runs a change on its own connection right after the next people read has taken its snapshot.
    private sealed class ChangeAfterRead : DbCommandInterceptor
    {
        private string? _change;

        public bool Fired { get; private set; }

        public void Arm(string change) => _change = change;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is PeopleDbContext && Interlocked.Exchange(ref _change, null) is { } change)
            {
                await Database.ScalarAsync<int>(change);
                Fired = true;
            }

            return result;
        }
    }
}
