using Microsoft.Extensions.Options;
using Workspaces.Data;
using Workspaces.Data.Provisioning;

namespace Workspaces.Api;

// Applies pending migrations (control plane, then every workspace schema) before the server accepts requests,
// unless Database:MigrateOnStartup is false (for example when the CLI's `migrate` runs as a deploy step).
internal sealed class StartupMigrations(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, ILogger<StartupMigrations> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
        await migrator.MigrateAsync(message => logger.LogInformation("Migrations: {Progress}", message), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
