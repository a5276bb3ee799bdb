using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.People;

// An upsert by one key (about three in four requests) costs one statement: the person holding the key is updated or
// created by one INSERT ... ON CONFLICT, whether it creates, changes or changes nothing. The identity, merge and
// concurrency rules it must keep are tested with every other upsert in UpsertIdentityTests and UpsertConcurrencyTests.
public sealed class UpsertStatementTests : ApiTest
{
    private const string Ws = "acme";
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    private CapturedLogs _logs = null!;
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task StartLoggedInstanceAsync()
    {
        _logs = new CapturedLogs(LogLevel.Information);
        _api = new ApiFactory(
            services => services.AddSingleton<ILoggerProvider>(_logs),
            new Dictionary<string, string> { [$"Logging:LogLevel:{CommandCategory}"] = "Information" });
        await CreateWorkspaceAsync(Ws, _api);
        _client = Client(await CreateTokenAsync(Ws), _api);
    }

    [TearDown]
    public async Task StopLoggedInstanceAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _logs.Dispose();
    }

    [TestCase("userId", "u1")]
    [TestCase("email", "ada@example.com")]
    public async Task A_one_key_upsert_is_one_statement_whether_it_creates_changes_or_changes_nothing(string key, string value)
    {
        var steps = new (object Traits, HttpStatusCode Status)[]
        {
            (new { plan = "free" }, HttpStatusCode.Created),
            (new { plan = "pro" }, HttpStatusCode.OK),
            (new { plan = "pro" }, HttpStatusCode.OK),
        };

        foreach (var (traits, status) in steps)
        {
            _logs.Clear();
            using var response = await UpsertAsync(_client, Ws, new Dictionary<string, object> { [key] = value, ["traits"] = traits });

            Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
            Assert.That(PeopleStatements(), Has.Count.EqualTo(1), string.Join("\n", PeopleStatements()));
        }
    }

    private List<string> PeopleStatements() => [.. _logs.Entries
        .Where(e => e.Category == CommandCategory && e.Message.Contains(".people", StringComparison.Ordinal))
        .Select(e => e.Message)];
}
