using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Workspaces.Api.Tests.Testing;

// The real API over real HTTP semantics (TestServer) against the PostgreSQL that infra/test.sh started.
// Settings override configuration (e.g. a low rate limit); configureServices can add services (e.g. a fault to inject).
public sealed class ApiFactory(Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Workspaces")
        ?? throw new InvalidOperationException("ConnectionStrings__Workspaces is not set: run the tests with infra/test.sh.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Workspaces", ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
