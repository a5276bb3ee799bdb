using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workspaces.Api.Tests.Testing;

// An instance of its own that logs every database command EF runs, with a workspace and a token for it: for tests
// that count what a request costs the database.
public abstract class CommandLogTest : ApiTest
{
    protected const string Ws = "acme";
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    protected CapturedLogs Logs { get; private set; } = null!;

    protected ApiFactory LoggedApi { get; private set; } = null!;

    protected HttpClient WsClient { get; private set; } = null!;

    [SetUp]
    public async Task StartLoggedInstanceAsync()
    {
        Logs = new CapturedLogs(LogLevel.Information);
        LoggedApi = new ApiFactory(
            services => services.AddSingleton<ILoggerProvider>(Logs),
            new Dictionary<string, string> { [$"Logging:LogLevel:{CommandCategory}"] = "Information" });
        await CreateWorkspaceAsync(Ws, LoggedApi);
        WsClient = Client(await CreateTokenAsync(Ws), LoggedApi);
    }

    [TearDown]
    public async Task StopLoggedInstanceAsync()
    {
        WsClient.Dispose();
        await LoggedApi.DisposeAsync();
        Logs.Dispose();
    }

    // SQL Server's names are in brackets ([control].[tokens]); PostgreSQL's as written (control.tokens).
    protected static string Unbracketed(string sql) => sql.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);

    // The logged commands whose text passes the filter.
    protected List<string> Commands(Func<string, bool> where) => [.. Logs.Entries
        .Where(e => e.Category == CommandCategory && where(e.Message))
        .Select(e => e.Message)];
}
