using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Data.SqlServer.Tests.Capture;

// The API as composed for Database:Provider=SqlServer, every command captured and answered offline.
internal sealed class OfflineApi(CommandCapture capture) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", DatabaseOptions.SqlServer);
        builder.UseSetting("ConnectionStrings:Workspaces", Offline.ConnectionString);
        builder.ConfigureTestServices(services =>
        {
            // Registered after the workspace-schema interceptor, so it sees each command as it would be sent.
            services.AddSingleton<IInterceptor>(capture);
            services.ConfigureDbContext<ControlPlaneDbContext>(options => options.AddInterceptors(capture));
        });
    }
}
