using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Admin;

// Contract §3: the schema exists and is fully migrated before the 201; a failed onboarding leaves nothing behind.
public sealed class OnboardingTests : ApiTest
{
    [Test]
    public async Task Created_workspace_has_its_own_fully_migrated_schema_before_the_201()
    {
        await CreateWorkspaceAsync("acme");

        var schema = await Database.SchemaOfAsync("acme");
        Assert.That(schema, Does.Match("^ws_[0-9a-f]{32}$"));
        Assert.That(
            await Database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'people'", schema!),
            Is.EqualTo(1));
        var applied = await Database.ScalarAsync<string>($"SELECT max(\"MigrationId\") FROM \"{schema}\".\"__EFMigrationsHistory\"");
        Assert.That(applied, Is.Not.Null.And.EqualTo(await Database.ScalarAsync<string>("SELECT \"SchemaMigration\" FROM control.workspaces WHERE \"Id\" = 'acme'")));
        Assert.That(await Database.ScalarAsync<string>("SELECT \"Status\" FROM control.workspaces WHERE \"Id\" = 'acme'"), Is.EqualTo("Active"));
    }

    [Test]
    public async Task Created_workspace_answers_with_its_id_name_status_and_createdAt()
    {
        using var admin = Client(AdminToken());
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { name = "Generated Inc." });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await BodyAsync(response);
        Assert.That(body["id"]!.GetValue<string>(), Does.Match("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$"));
        Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("Generated Inc."));
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/v1/admin/workspaces/{body["id"]}"));
    }

    [Test]
    public async Task Taken_workspace_id_is_409_and_keeps_the_original()
    {
        await CreateWorkspaceAsync("acme");
        var schema = await Database.SchemaOfAsync("acme");

        using var admin = Client(AdminToken());
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { id = "acme", name = "Impostor" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await Database.SchemaOfAsync("acme"), Is.EqualTo(schema));
        Assert.That(await Database.WorkspaceSchemasAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Taken_workspace_id_is_an_answer_not_an_error_in_the_log()
    {
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(services => services.AddSingleton<ILoggerProvider>(logs));
        await CreateWorkspaceAsync("acme", api);

        using var admin = Client(AdminToken(api), api);
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { id = "acme", name = "Impostor" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(logs.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
    }

    [TestCase("A-Upper")]
    [TestCase("-leading")]
    [TestCase("ab")]
    [TestCase("has_underscore")]
    public async Task Invalid_workspace_id_is_400_and_creates_nothing(string id)
    {
        using var admin = Client(AdminToken());
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { id, name = "Bad" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await BodyAsync(response))["errors"]!.AsObject().ContainsKey("id"), Is.True);
        Assert.That(await Database.WorkspaceSchemasAsync(), Is.Empty);
    }

    [Test]
    public async Task Failure_midway_through_provisioning_leaves_no_schema_and_no_row()
    {
        await using var failing = new ApiFactory(services => services.AddSingleton<IInterceptor, FailCreatingPeopleTable>());

        using (var admin = Client(AdminToken(failing), failing))
        using (var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", new { id = "acme", name = "Acme" }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        }

        Assert.That(await Database.WorkspaceSchemasAsync(), Is.Empty);
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.workspaces"), Is.Zero);

        // Nothing half-made blocks a retry with the same id.
        await CreateWorkspaceAsync("acme");
    }

    // Fails like a dropped connection, at the step that creates the people table.
    private sealed class FailCreatingPeopleTable : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("CREATE TABLE", StringComparison.Ordinal) && command.CommandText.Contains("people", StringComparison.Ordinal)
                ? throw (TestEngine.IsSqlServer
                    ? new TimeoutException("Injected failure while provisioning.")
                    : new NpgsqlException("Injected failure while provisioning.", new SocketException((int)SocketError.ConnectionReset)))
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
