using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workspaces.Api.Tests.Testing;

// The real API over real HTTP semantics (TestServer) against the database of this run (TestEngine): the PostgreSQL
// that infra/test.sh started, or the SQL Server of WORKSPACES_TEST_SQLSERVER.
// Settings override configuration (e.g. a low rate limit); configureServices can add services (e.g. a fault to inject);
// settingsFile is a JSON file read over both and watched, as an operator's edited configuration file would be.
public sealed class ApiFactory(Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string>? settings = null, string? settingsFile = null)
    : WebApplicationFactory<Program>
{
    public static string ConnectionString => TestEngine.ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", TestEngine.Provider);
        builder.UseSetting("ConnectionStrings:Workspaces", ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        // Every line at every level, for the secret check (LogSecrets).
        builder.ConfigureLogging(logging => logging
            .AddProvider(LogSecrets.Capture)
            .AddFilter<LogSecrets.CaptureProvider>((category, _) => category != Workspaces.Api.Telemetry.TelemetrySetup.FrameworkRequestLines));

        if (settingsFile is not null)
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddJsonFile(settingsFile, optional: false, reloadOnChange: true));
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
