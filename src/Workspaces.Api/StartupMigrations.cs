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
        // A workspace server that is down does not keep the API from serving the others' workspaces: its workspaces
        // answer 503 meanwhile, and `migrate` (or the next start) finishes it. A migration that fails on a server that
        // answers stops the start, as on one server.
        var failed = await migrator.MigrateAsync(message => logger.LogInformation("Migrations: {Progress}", message), cancellationToken);
        if (failed.FirstOrDefault(f => !f.Unavailable) is { } broken)
        {
            throw new InvalidOperationException($"Migrations failed on database server {broken}.");
        }

        if (failed.Count > 0)
        {
            logger.LogError("Migrations not finished on unreachable database server(s) {Servers}; run `migrate` once they are back.", string.Join(", ", failed));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
