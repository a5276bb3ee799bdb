using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Provisioning;

namespace Workspaces.Api.Tests.Servers;

// Contract §5: a workspace moves to another server (admin route or CLI): its writes answer 503 + Retry-After meanwhile
// and its reads go on; the copy's row counts are checked, the placement switches, the old schema is dropped; a failure
// at any step leaves it where it was, serving.
public sealed class MoveTests : ServersTest
{
    private const string Ws = "mover";

    [Test]
    public async Task A_moved_workspace_keeps_every_person_and_company_answers_from_its_new_server_and_its_old_schema_is_dropped()
    {
        using var client = await WorkspaceOnAsync(Ws, "default");
        var schema = (await Database.SchemaOfAsync(Ws))!;
        var ids = await UpsertPeopleAsync(client, 25);
        using (var delete = await client.DeleteAsync($"/v1/workspaces/{Ws}/people/{ids[3]}"))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        ids.RemoveAt(3);
        using var admin = Client(AdminToken(TwoServers), TwoServers);
        var move = admin.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/move", new { server = SecondServer.Name });

        var acceptedBeforeRefused = await AssertWritesRefusedWhileReadsGoOnAsync(client, ids[0], move);
        using var moved = await move;
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
        Assert.That((await BodyAsync(moved))["server"]!.GetValue<string>(), Is.EqualTo(SecondServer.Name));

        foreach (var id in ids)
        {
            using var read = await client.GetAsync($"/v1/workspaces/{Ws}/people/{id}");
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), id);
        }

        var company = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/v1/workspaces/{Ws}/companies?companyId=acme-co");
        Assert.That(company!["data"]![0]!["memberCount"]!.GetValue<int>(), Is.EqualTo(ids.Count), "companies and memberships moved too");

        using (var write = await UpsertAsync(client, Ws, new { userId = "after-the-move" }))
        {
            Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a new person takes the next identity on the new server");
        }

        Assert.That(
            await SecondServer.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".people"),
            Is.EqualTo(ids.Count + 1 + (acceptedBeforeRefused ? 1 : 0)),
            "every acknowledged write, including one accepted before this instance heard of the move");
        Assert.That(await Database.WorkspaceSchemasAsync(), Does.Not.Contain(schema), "the old schema is dropped");
    }

    [Test]
    public async Task A_move_that_fails_after_the_copy_leaves_the_workspace_where_it_was_serving()
    {
        await using var failing = new ApiFactory(services => services.AddSingleton<IInterceptor, SecondServerGoesAwayWhenCounted>(), SecondServer.Settings);
        await CreateOnAsync(Ws, "default");
        using var client = Client(await CreateTokenAsync(Ws), failing);
        var schema = (await Database.SchemaOfAsync(Ws))!;
        var ids = await UpsertPeopleAsync(client, 10);
        using var admin = Client(AdminToken(failing), failing);

        using var move = await admin.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/move", new { server = SecondServer.Name });

        await AssertProblemAsync(move, HttpStatusCode.ServiceUnavailable);
        var workspace = await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/v1/admin/workspaces/{Ws}");
        Assert.That(workspace!["server"]!.GetValue<string>(), Is.EqualTo("default"));
        Assert.That(await SecondServer.HasSchemaAsync(schema), Is.False, "the copy is dropped");
        Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(ids.Count));
        await AssertUpsertAnsweredWithinBoundAsync(client, Ws, HttpStatusCode.OK, Stopwatch.StartNew(), meanwhile: HttpStatusCode.ServiceUnavailable);
    }

    [Test]
    public async Task The_cli_moves_a_workspace_and_an_unknown_server_is_refused()
    {
        using var client = await WorkspaceOnAsync(Ws, SecondServer.Name);
        var ids = await UpsertPeopleAsync(client, 5);
        var schema = (await Database.SchemaOfAsync(Ws))!;

        var (_, refused) = await Cli.RunFailingWithAsync(SecondServer.Settings, "workspace", "move", Ws, "--to", "db9");
        Assert.That(refused, Does.Contain("db9"));

        Assert.That(await Cli.RunWithAsync(SecondServer.Settings, "workspace", "move", Ws, "--to", "default"), Does.Contain("moved to default"));
        Assert.That(await Database.CountPeopleAsync(schema), Is.EqualTo(ids.Count));
        Assert.That(await SecondServer.HasSchemaAsync(schema), Is.False);
        await AssertUpsertAnsweredWithinBoundAsync(client, Ws, HttpStatusCode.OK, Stopwatch.StartNew(), meanwhile: HttpStatusCode.ServiceUnavailable);
    }

    [Test]
    public async Task A_workspace_already_moving_is_a_conflict_and_nothing_changes()
    {
        await CreateOnAsync(Ws, "default");
        await Database.ScalarAsync<int>("UPDATE control.workspaces SET \"MovingTo\" = 'db2' WHERE \"Id\" = $1", Ws);
        var schema = (await Database.SchemaOfAsync(Ws))!;
        using var admin = Client(AdminToken(TwoServers), TwoServers);

        using var second = await admin.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/move", new { server = SecondServer.Name });

        await AssertProblemAsync(second, HttpStatusCode.Conflict);
        Assert.That(await Database.ScalarAsync<string>("SELECT \"Server\" FROM control.workspaces WHERE \"Id\" = $1", Ws), Is.EqualTo("default"));
        Assert.That(await Database.WorkspaceSchemasAsync(), Does.Contain(schema));
        Assert.That(await SecondServer.HasSchemaAsync(schema), Is.False);
    }

    // While the mover waits for every instance to stop writing, this instance refuses writes (within 5 s) and reads on.
    /// <returns>Whether a write was accepted before the refusals began.</returns>
    private static async Task<bool> AssertWritesRefusedWhileReadsGoOnAsync(HttpClient client, string personId, Task move)
    {
        var since = Stopwatch.StartNew();
        var accepted = false;
        HttpResponseMessage write;
        while (true)
        {
            write = await UpsertAsync(client, Ws, new { userId = "during-the-move" });
            if (write.StatusCode == HttpStatusCode.ServiceUnavailable || since.Elapsed > PropagationBound || move.IsCompleted)
            {
                break;
            }

            accepted = true;
            write.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        using (write)
        {
            await AssertProblemAsync(write, HttpStatusCode.ServiceUnavailable);
            Assert.That(write.Headers.RetryAfter, Is.Not.Null, "Retry-After");
        }

        using var read = await client.GetAsync($"/v1/workspaces/{Ws}/people/{personId}");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads go on during the move");
        return accepted;
    }

    private static async Task<List<string>> UpsertPeopleAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await UpsertAsync(client, Ws, new
            {
                userId = $"u{i}", email = $"u{i}@example.com", traits = new { n = i }, companies = new[] { new { companyId = "acme-co" } },
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            ids.Add((await BodyAsync(response))["id"]!.GetValue<string>());
        }

        return ids;
    }

    // The move's row count on the target server fails as if that server went away: after the copy, before the switch.
    private sealed class SecondServerGoesAwayWhenCounted : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains(WorkspaceTables.VerifyMarker, StringComparison.Ordinal)
                && new NpgsqlConnectionStringBuilder(command.Connection!.ConnectionString).Port == new NpgsqlConnectionStringBuilder(SecondServer.ConnectionString).Port
                ? throw new NpgsqlException("Injected: the target server went away after the copy.", new System.Net.Sockets.SocketException())
                : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
