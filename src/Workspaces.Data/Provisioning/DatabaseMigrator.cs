using Microsoft.EntityFrameworkCore;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Data.Provisioning;

// Brings the control plane and every workspace schema up to date. Workspaces already at the
// latest migration are skipped without touching their schema, so start-up stays fast with many workspaces.
public sealed class DatabaseMigrator(ControlPlaneDbContext control, WorkspaceProvisioning provisioning)
{
    public async Task MigrateAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        await control.Database.MigrateAsync(cancellationToken);
        progress("control plane: up to date");

        var latest = provisioning.LatestSchemaMigration;
        var stale = await control.Workspaces
            .Where(w => w.Status != WorkspaceStatus.Provisioning && (w.SchemaMigration == null || w.SchemaMigration != latest))
            .OrderBy(w => w.Id)
            .ToListAsync(cancellationToken);

        for (var i = 0; i < stale.Count; i++)
        {
            stale[i].SchemaMigration = await provisioning.MigrateSchemaAsync(stale[i].SchemaName, cancellationToken);
            await control.SaveChangesAsync(cancellationToken);
            progress($"workspace {stale[i].Id}: migrated ({i + 1}/{stale.Count})");
        }

        progress($"workspaces: {stale.Count} migrated, all up to date at {latest}");
    }
}
