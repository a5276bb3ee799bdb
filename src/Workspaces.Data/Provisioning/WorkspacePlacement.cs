using Microsoft.EntityFrameworkCore;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Data.Provisioning;

// Which database server a new workspace goes to: the one the admin names, or else the one holding the fewest
// workspaces (ties go to the first in DatabaseOptions.WorkspaceServers order, the control plane's first).
public sealed class WorkspacePlacement(ControlPlaneDbContext control, IDatabaseEngine engine)
{
    public bool IsKnown(string server) => engine.Servers.Contains(server, StringComparer.Ordinal);

    // The validation message for a server name that is not configured (errors.server).
    public string Unknown(string server) => $"No database server '{server}' is configured; the servers are: {string.Join(", ", engine.Servers)}.";

    public async Task<string> ChooseAsync(string? requested, CancellationToken cancellationToken)
    {
        if (requested is not null)
        {
            return IsKnown(requested) ? requested : throw new InvalidOperationException(Unknown(requested));
        }

        if (engine.Servers.Count == 1)
        {
            return engine.Servers[0];
        }

        // Rows still provisioning count too, so workspaces created at once spread out.
        var counts = await control.Workspaces.GroupBy(w => w.Server)
            .Select(g => new { Server = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Server, g => g.Count, cancellationToken);
        return engine.Servers.MinBy(s => counts.GetValueOrDefault(s))!;
    }
}
