using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Auth;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Tenancy;

// Every PollInterval, reads what any instance changed in the control plane (control.changes) and drops those entries
// from this instance's caches; then tells ControlPlaneChangeFeed how current the caches are.
internal sealed class ControlPlaneChangePoller(
    ControlPlaneChangeFeed changes, WorkspaceStore workspaces, TokenRevocations tokens, IServiceScopeFactory scopes,
    TimeProvider time, ILogger<ControlPlaneChangePoller> logger) : BackgroundService
{
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ControlPlaneChangeFeed.PollInterval, time);
        do
        {
            var startedAt = time.GetUtcNow();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(ControlPlaneChangeFeed.MaxStaleness);
                await PollAsync(startedAt, timeout.Token);
                changes.Seen(startedAt);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not read control-plane changes; workspaces and tokens are read from the database until it can.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PollAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var control = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();

        // DateTimeOffset.UtcNow inside the query is the database clock, the one that stamped the rows, so instances
        // whose clocks differ still agree on what is recent. AddSeconds, not subtraction: every engine translates it.
        var recent = await control.Changes.AsNoTracking()
            .Where(c => c.At > DateTimeOffset.UtcNow.AddSeconds(-ControlPlaneChangeFeed.Window.TotalSeconds))
            .Select(c => new { c.Kind, c.Key })
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var change in recent)
        {
            if (change.Kind == ControlPlaneChangeKind.Token)
            {
                tokens.Forget(change.Key);
            }
            else
            {
                workspaces.Forget(change.Key);
            }
        }

        if (startedAt - _prunedAt > ControlPlaneChangeFeed.Window)
        {
            await control.Changes.Where(c => c.At < DateTimeOffset.UtcNow.AddSeconds(-ControlPlaneChangeFeed.Kept.TotalSeconds)).ExecuteDeleteAsync(cancellationToken);
            _prunedAt = startedAt;
        }
    }
}
