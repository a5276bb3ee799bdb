using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Schemas;
using Workspaces.Data.SqlServer.People;
using Workspaces.Data.Tokens;

namespace Workspaces.Data.SqlServer.Tests.Capture;

// Every command the service sends SQL Server on its real code paths, captured without a server: start-up migrations,
// onboarding (insert, workspace-schema migrations), the admin routes, token checks, the change-feed poll, every
// people route (one-key and two-key upserts, a batch, get, list, lookups, delete), every company and membership route,
// the person upsert with companies, revocation and workspace deletion.
// Each must parse as T-SQL (SQL Server 2022) and a workspace's commands must name its schema, never the placeholder.
public sealed partial class EverySqlServerCommandTests
{
    private const string Ws = "acme";

    // EF 10 still reports ExecuteDelete's commands under the name of its obsolete CommandSource.BulkUpdate.
    private const string ExecuteDelete = "BulkUpdate";
    private static readonly CommandCapture Capture = new();
    private static string _schema = null!;
    private static Type _engine = null!;

    [OneTimeSetUp]
    public static async Task RunEveryPathOfflineAsync()
    {
        await using var api = new OfflineApi(Capture);
        _engine = api.Services.GetRequiredService<IDatabaseEngine>().GetType();
        using var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", api.Services.GetRequiredService<TokenMinter>().MintAdminToken(TimeSpan.FromMinutes(10)));

        await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync("/v1/admin/workspaces", new { id = Ws, name = "Acme" }));
        _schema = Capture.Commands.Where(c => c.Source == CommandSource.Migrations && c.Text.Contains("CREATE SCHEMA", StringComparison.Ordinal))
            .Select(c => WorkspaceSchema().Match(c.Text).Value).Last();
        Capture.Results.SchemaName = _schema;
        await Expect(HttpStatusCode.OK, admin.GetAsync("/v1/admin/workspaces"));
        await Expect(HttpStatusCode.OK, admin.GetAsync($"/v1/admin/workspaces/{Ws}"));
        await Expect(HttpStatusCode.OK, admin.PatchAsJsonAsync($"/v1/admin/workspaces/{Ws}", new { name = "Acme Inc." }));
        var token = (await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync(
            $"/v1/admin/workspaces/{Ws}/tokens", new { name = "app", scopes = new[] { Scopes.PeopleRead, Scopes.PeopleWrite } })))!;
        await Expect(HttpStatusCode.OK, admin.GetAsync($"/v1/admin/workspaces/{Ws}/tokens"));

        using var app = api.CreateClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        var people = $"/v1/workspaces/{Ws}/people";
        await Expect(HttpStatusCode.Created, app.PostAsJsonAsync($"{people}/upsert", new { userId = OfflineResults.Nobody }));
        await Expect(HttpStatusCode.Created, app.PostAsJsonAsync($"{people}/upsert", new { userId = OfflineResults.Nobody, email = "new@example.com" }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/upsert", new { userId = "u1", traits = new { plan = "pro" } }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/upsert", new { email = "ada@example.com", lastSeenAt = "2026-12-03T12:30:00.000Z" }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/upsert", new { userId = "u1", email = "ada@example.com", traits = new { plan = (string?)null } }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/batch", new
        {
            people = new object[] { new { userId = "u2" }, new { email = "bob@example.com", traits = new { n = 1 } }, new { userId = "u3", email = "cy@example.com" } },
        }));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{people}/prs_0193a4b1c2d37e4f8a9b0c1d2e3f4a5b"));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{people}?limit=10"));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{people}?userId=u1"));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{people}?email=Ada@Example.com"));
        await RunCompanyPathsAsync(app, people);
        await Expect(HttpStatusCode.NoContent, app.DeleteAsync($"{people}/prs_0193a4b1c2d37e4f8a9b0c1d2e3f4a5b"));

        await WaitForChangeFeedPollAsync();
        await Expect(HttpStatusCode.NoContent, admin.DeleteAsync($"/v1/admin/workspaces/{Ws}/tokens/{token["id"]!.GetValue<string>()}"));
        await Expect(HttpStatusCode.NoContent, admin.DeleteAsync($"/v1/admin/workspaces/{Ws}"));
    }

    // Companies and memberships: the company upsert (created, updated), reads, membership put and removal, both lists, a
    // person upsert with companies (a new and a stored company, in the person's transaction; a new person), one with
    // prune (the stored membership leaves), and deletion.
    private static async Task RunCompanyPathsAsync(HttpClient app, string people)
    {
        var companies = $"/v1/workspaces/{Ws}/companies";
        const string company = "cmp_0193a4b1c2d37e4f8a9b0c1d2e3f4a5c";
        const string person = "prs_0193a4b1c2d37e4f8a9b0c1d2e3f4a5b";
        await Expect(HttpStatusCode.Created, app.PostAsJsonAsync($"{companies}/upsert", new { companyId = OfflineResults.Nobody, traits = new { plan = "pro" } }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{companies}/upsert", new { companyId = "acme-42", traits = new { plan = "pro" } }));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{companies}/{company}"));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{companies}?companyId=acme-42"));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{companies}?limit=10"));
        await Expect(HttpStatusCode.OK, app.PutAsJsonAsync($"{companies}/{company}/members/{person}", new { attributes = new { role = "admin" } }));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{companies}/{company}/members?limit=10"));
        await Expect(HttpStatusCode.OK, app.GetAsync($"{people}/{person}/companies?limit=10"));
        await Expect(HttpStatusCode.NoContent, app.DeleteAsync($"{companies}/{company}/members/{person}"));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/upsert", new
        {
            userId = "u1",
            companies = new object[] { new { companyId = OfflineResults.Nobody, attributes = new { role = "owner" } }, new { companyId = "acme-42", traits = new { seats = 3 } } },
        }));
        await Expect(HttpStatusCode.Created, app.PostAsJsonAsync($"{people}/upsert", new
        {
            userId = OfflineResults.Nobody, companies = new[] { new { companyId = OfflineResults.Nobody } },
        }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/upsert", new
        {
            userId = "u1", companies = new[] { new { companyId = OfflineResults.Nobody } }, pruneCompanies = true,
        }));
        await Expect(HttpStatusCode.OK, app.PostAsJsonAsync($"{people}/batch", new
        {
            people = new object[] { new { userId = "u1", companies = new[] { new { companyId = "acme-42" } } }, new { userId = OfflineResults.Nobody, companies = new[] { new { companyId = OfflineResults.Nobody } } } },
        }));
        await Expect(HttpStatusCode.NoContent, app.DeleteAsync($"{companies}/{company}"));
    }

    [Test]
    public void Database_Provider_SqlServer_runs_the_service_on_the_SQL_Server_engine() => Assert.That(_engine, Is.EqualTo(typeof(SqlServerEngine)));

    [Test]
    public void Every_command_parses_as_TSql_160_including_EXEC_bodies()
    {
        var failures = Capture.Commands.Select(c => TSql.Parse(c.Text)).SelectMany(p => p.Errors).ToList();
        Assert.That(failures, Is.Empty);
        TestContext.Out.WriteLine(
            $"{Capture.Commands.Count} commands captured and parsed ({Capture.Commands.Select(c => c.Text).Distinct().Count()} distinct texts), " +
            $"{Capture.Commands.Sum(c => TSql.Parse(c.Text).ExecBodies)} EXEC bodies among them");
    }

    [Test]
    public void No_command_names_the_placeholder_schema() =>
        Assert.That(Capture.Commands.Where(c => c.Text.Contains(WorkspaceSchemaName.Placeholder, StringComparison.Ordinal)), Is.Empty);

    [Test]
    public void Each_workspace_command_names_one_workspace_schema_and_nothing_else()
    {
        var workspace = Capture.Commands.Where(c => c.Context == "PeopleDbContext").ToList();
        Assert.That(workspace, Has.Count.GreaterThan(10));
        Assert.That(
            workspace.Where(c => TSql.Parse(c.Text).SchemaNames.Distinct().Count(WorkspaceSchemaName.IsValid) > 1
                || TSql.Parse(c.Text).SchemaNames.Any(s => !WorkspaceSchemaName.IsValid(s))),
            Is.Empty);
        Assert.That(workspace.Where(c => c.Source != CommandSource.Migrations).SelectMany(c => TSql.Parse(c.Text).SchemaNames).Distinct(),
            Is.EqualTo(new[] { _schema }), "every request went to the onboarded workspace's schema");
    }

    [Test]
    public void Control_plane_commands_name_the_control_schema_and_only_the_deleted_workspace_besides()
    {
        var control = Capture.Commands.Where(c => c.Context == "ControlPlaneDbContext").ToList();
        Assert.That(control.SelectMany(c => TSql.Parse(c.Text).SchemaNames).Distinct(), Is.EquivalentTo(new[] { "control", _schema }));
        Assert.That(control.Where(c => TSql.Parse(c.Text).SchemaNames.Contains(_schema)).Select(c => c.Text),
            Has.All.StartsWith($"DROP TABLE IF EXISTS [{_schema}]"), "only the drop, inside the deletion's transaction");
    }

    [Test]
    public void Every_hand_written_statement_was_sent_for_the_workspace()
    {
        string[] handWritten = [.. SqlServerPeopleSql.All.Select(s => s.Replace(WorkspaceSchemaName.Placeholder, _schema, StringComparison.Ordinal))];
        // EF ends a raw query's text with a line break of its own.
        Assert.That(handWritten.Except(Capture.Commands.Select(c => c.Text.TrimEnd())), Is.Empty);
    }

    [TestCase("INSERT INTO [{0}].[companies]")]
    [TestCase("UPDATE [{0}].[companies]")]
    [TestCase("DELETE FROM [c]\nFROM [{0}].[companies]")]
    [TestCase("INSERT INTO [{0}].[memberships]")]
    [TestCase("UPDATE [{0}].[memberships]")]
    [TestCase("DELETE FROM [{0}].[memberships]")]
    [TestCase("FROM [{0}].[memberships] AS [m]")]
    public void Each_company_and_membership_write_and_read_was_sent(string fragment) =>
        Assert.That(Capture.Commands.Where(c => c.Text.Contains(string.Format(null, fragment, _schema), StringComparison.Ordinal)), Is.Not.Empty);

    [TestCase("ControlPlaneDbContext", "Migrations")]
    [TestCase("ControlPlaneDbContext", "LinqQuery")]
    [TestCase("ControlPlaneDbContext", "SaveChanges")]
    [TestCase("ControlPlaneDbContext", ExecuteDelete)]
    [TestCase("ControlPlaneDbContext", "ExecuteSqlRaw")]
    [TestCase("PeopleDbContext", "Migrations")]
    [TestCase("PeopleDbContext", "LinqQuery")]
    [TestCase("PeopleDbContext", "FromSqlQuery")]
    [TestCase("PeopleDbContext", "ExecuteSqlRaw")]
    [TestCase("PeopleDbContext", ExecuteDelete)]
    [TestCase("PeopleDbContext", "SaveChanges")]
    public void Each_kind_of_command_was_captured(string context, string source) =>
        Assert.That(Capture.Commands.Where(c => c.Context == context && c.Source.ToString() == source), Is.Not.Empty);

    private static async Task WaitForChangeFeedPollAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!Capture.Commands.Any(c => c.Source.ToString() == ExecuteDelete && c.Text.Contains("[control].[changes]", StringComparison.Ordinal))
               && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<JsonObject?> Expect(HttpStatusCode status, Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {body}");
        return body.Length > 0 && body[0] == '{' ? JsonNode.Parse(body)!.AsObject() : null;
    }

    [GeneratedRegex("ws_[0-9a-f]{32}")]
    private static partial Regex WorkspaceSchema();
}
