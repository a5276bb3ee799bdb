using Microsoft.EntityFrameworkCore;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Data.Provisioning;

// Brings the control plane and every workspace schema, server by server, up to date. Workspaces already at the
// latest migration are skipped without touching their schema, so start-up stays fast with many workspaces.
// A server that fails is reported and left for a rerun while the others are migrated: one server down does not hold
// back the rest (a rerun picks up exactly the workspaces not yet at the latest migration).
public sealed class DatabaseMigrator(ControlPlaneDbContext control, WorkspaceProvisioning provisioning, IDatabaseEngine engine)
{
    /// <returns>The servers that failed; empty when everything is up to date.</returns>
    public async Task<IReadOnlyList<ServerFailure>> MigrateAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        await control.Database.MigrateAsync(cancellationToken);
        progress("control plane: up to date");

        var latest = provisioning.LatestSchemaMigration;
        var failed = new List<ServerFailure>();
        var migrated = 0;
        foreach (var server in engine.Servers)
        {
            var stale = await control.Workspaces
                .Where(w => w.Server == server && w.Status != WorkspaceStatus.Provisioning && (w.SchemaMigration == null || w.SchemaMigration != latest))
                .OrderBy(w => w.Id)
                .ToListAsync(cancellationToken);
            try
            {
                for (var i = 0; i < stale.Count; i++)
                {
                    stale[i].SchemaMigration = await provisioning.MigrateSchemaAsync(stale[i].SchemaName, server, cancellationToken);
                    await control.SaveChangesAsync(cancellationToken);
                    migrated++;
                    progress($"server {server}: workspace {stale[i].Id}: migrated ({i + 1}/{stale.Count})");
                }

                progress($"server {server}: {stale.Count} workspace(s) migrated, all up to date");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The rest of this server's workspaces would most likely fail alike (the server is down): skip to the next.
                failed.Add(new ServerFailure(server, e.GetBaseException().Message, engine.IsUnavailable(e)));
                progress($"server {server}: FAILED, its remaining workspaces were not migrated: {e.GetBaseException().Message}");
            }
        }

        progress(failed.Count == 0
            ? $"workspaces: {migrated} migrated, all up to date at {latest}"
            : $"workspaces: {migrated} migrated; not up to date on server(s): {string.Join(", ", failed)}; run migrate again");
        return failed;
    }
}

/// <param name="Unavailable">The server could not be reached (rather than a migration failing on it).</param>
public sealed record ServerFailure(string Server, string Reason, bool Unavailable)
{
    public override string ToString() => $"{Server} ({Reason})";
}
