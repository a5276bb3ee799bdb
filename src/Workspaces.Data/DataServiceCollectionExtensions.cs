using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Provisioning;
using Workspaces.Data.Schemas;
using Workspaces.Data.Tokens;

namespace Workspaces.Data;

public static class DataServiceCollectionExtensions
{
    /// <param name="engine">Builds the engine the options name; the host's composition knows which engines exist.</param>
    public static IServiceCollection AddWorkspacesData(this IServiceCollection services, Func<DatabaseOptions, IDatabaseEngine> engine)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString ??= configuration.GetConnectionString("Workspaces"))
            .Validate(options => !string.IsNullOrWhiteSpace(options.ConnectionString), "ConnectionStrings:Workspaces is not configured.")
            .Validate(options => options.PeoplePartitions is >= 1 and <= 64, "Database:PeoplePartitions must be between 1 and 64.")
            .Validate(
                options => options.Servers.All(s => s.Key != DatabaseOptions.DefaultServer
                    && System.Text.RegularExpressions.Regex.IsMatch(s.Key, DatabaseOptions.ServerNameRule) && !string.IsNullOrWhiteSpace(s.Value)),
                $"Database:Servers: each name must match {DatabaseOptions.ServerNameRule} and not be '{DatabaseOptions.DefaultServer}' (the control plane's server), each with a connection string.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => engine(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton(sp => DatabaseRetry.Create(sp.GetRequiredService<IDatabaseEngine>()));
        services.AddDbContext<ControlPlaneDbContext>(
            (sp, options) => sp.GetRequiredService<IDatabaseEngine>().ConfigureControlPlane(options),
            optionsLifetime: ServiceLifetime.Singleton);

        // Extra IInterceptors registered by a host (or a test injecting a fault) apply to workspace schemas too.
        services.AddSingleton<IInterceptor, WorkspaceSchemaInterceptor>();
        services.AddSingleton<PeopleContextPools>();
        services.AddScoped(sp => sp.GetRequiredService<PeopleContextPools>().Create(sp.GetRequiredService<IWorkspaceSchema>()));
        services.TryAddScoped<IWorkspaceSchema, NoWorkspaceSchema>();

        services.AddScoped<WorkspaceProvisioning>();
        services.AddScoped<WorkspacePlacement>();
        services.AddScoped<WorkspaceMover>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<WorkspaceAdmin>();
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(options => !string.IsNullOrWhiteSpace(options.Issuer), "Auth:Issuer is not configured.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.Audience), "Auth:Audience is not configured.")
            .Validate(
                options => options.Admin.Authority is null || (options.Admin.Authority.IsAbsoluteUri
                    && !string.IsNullOrWhiteSpace(options.Admin.Audience) && !string.IsNullOrWhiteSpace(options.Admin.ClaimType) && !string.IsNullOrWhiteSpace(options.Admin.ClaimValue)),
                "Auth:Admin:Authority needs an absolute URL, Auth:Admin:Audience, Auth:Admin:ClaimType and Auth:Admin:ClaimValue.")
            .Validate(options => options.Admin.MaxLifetime > TimeSpan.Zero, "Auth:Admin:MaxLifetime must be positive.")
            .ValidateOnStart();
        // Not validated by the options pipeline: a reload it refused would throw on the configuration's watcher.
        // SigningKeyRing checks the set at start (throwing) and on each reload (keeping the last valid set).
        services.AddOptions<SigningKeysOptions>().BindConfiguration(AuthOptions.Section);
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<TokenMinter>();
        return services;
    }
}
