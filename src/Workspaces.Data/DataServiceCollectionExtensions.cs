using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Provisioning;
using Workspaces.Data.Schemas;
using Workspaces.Data.Tokens;

namespace Workspaces.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspacesData(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DatabaseProvider(sp.GetRequiredService<IConfiguration>()));
        services.AddDbContext<ControlPlaneDbContext>(
            (sp, options) => sp.GetRequiredService<DatabaseProvider>().ConfigureControlPlane(options),
            optionsLifetime: ServiceLifetime.Singleton);

        // Extra IInterceptors registered by a host (or a test injecting a fault) apply to workspace schemas too.
        services.AddSingleton<IInterceptor, WorkspaceSchemaInterceptor>();
        services.AddSingleton<PeopleContextPools>();
        services.AddScoped(sp => sp.GetRequiredService<PeopleContextPools>().Create(sp.GetRequiredService<IWorkspaceSchema>()));
        // Provisioning creates its own contexts, on the control plane's pool.
        services.AddSingleton(sp => PeopleContextPools.Options(sp.GetRequiredService<DatabaseProvider>(), sp.GetServices<IInterceptor>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddScoped<IWorkspaceSchema, NoWorkspaceSchema>();

        services.AddScoped<WorkspaceProvisioning>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<WorkspaceAdmin>();
        services.AddSingleton(sp => AuthSettings.From(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        services.AddSingleton<TokenMinter>();
        return services;
    }
}
