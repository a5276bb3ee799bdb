using Microsoft.EntityFrameworkCore;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Provisioning;

// Creates, migrates and drops workspace schemas. A workspace is served only once its schema is fully migrated.
public sealed class WorkspaceProvisioning(
    ControlPlaneDbContext control, PeopleContextPools people, IDatabaseEngine engine, Polly.ResiliencePipeline retry, TimeProvider time)
{
    // EF caches the migrations assembly per service provider, so this reads no database and little else.
    public string LatestSchemaMigration
    {
        get
        {
            using var db = people.CreateDirect(new FixedWorkspaceSchema(WorkspaceSchemaName.New()));
            return db.Database.GetMigrations().Last();
        }
    }

    /// <returns>The active workspace, or null when the id is taken.</returns>
    /// <param name="server">A configured server (WorkspacePlacement chooses it).</param>
    public async Task<Workspace?> CreateAsync(string id, string name, string server, CancellationToken cancellationToken)
    {
        var workspace = new Workspace
        {
            Id = id,
            Name = name,
            SchemaName = WorkspaceSchemaName.New(),
            Status = WorkspaceStatus.Provisioning,
            Server = server,
            CreatedAt = time.GetUtcNow().TruncateToMilliseconds(),
        };
        control.Workspaces.Add(workspace);
        try
        {
            await control.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (engine.IsUniqueViolation(e))
        {
            control.ChangeTracker.Clear();
            return null;
        }

        try
        {
            workspace.SchemaMigration = await MigrateSchemaAsync(workspace.SchemaName, server, cancellationToken);
            workspace.Status = WorkspaceStatus.Active;
            await control.SaveChangesAsync(cancellationToken);
            return workspace;
        }
        catch
        {
            // Migrations run in transactions of their own (an engine may refuse to run them inside ours), so a failure is
            // undone by compensation.
            await DropSchemaAsync(workspace.SchemaName, server, CancellationToken.None);
            control.ChangeTracker.Clear();
            await control.Workspaces.Where(w => w.Id == id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    // Retried on a transient fault (a pooled connection that a server restart broke fails once): each migration is
    // applied in a transaction of its own and recorded in the schema's history, so a retry resumes where it stopped.
    public async Task<string> MigrateSchemaAsync(string schemaName, string server, CancellationToken cancellationToken)
    {
        await retry.ExecuteAsync(async token =>
        {
            await using var db = people.CreateDirect(new FixedWorkspaceSchema(schemaName, server));
            await db.Database.MigrateAsync(token);
        }, cancellationToken);
        return LatestSchemaMigration;
    }

    public async Task DropSchemaAsync(string schemaName, string server, CancellationToken cancellationToken)
    {
        await using var db = people.CreateDirect(new FixedWorkspaceSchema(schemaName, server));
        await engine.DropSchemaAsync(db, schemaName, cancellationToken);
    }

    /// <returns>The ids of the workspace's tokens, all revoked with it; null when there is no such workspace.</returns>
    public async Task<IReadOnlyList<string>?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var workspace = await control.Workspaces.FirstOrDefaultAsync(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning, cancellationToken);
        if (workspace is null)
        {
            return null;
        }

        var tokenIds = await control.Tokens.Where(t => t.WorkspaceId == id).Select(t => t.Id).ToListAsync(cancellationToken);

        // The row (its tokens go with it by cascade) and the schema go together or not at all: on the control plane's
        // server the schema is dropped in the same transaction; on another, before that transaction commits (a drop that
        // fails keeps the row; a commit that fails after it leaves a row whose requests answer 404 until deleted again).
        await using var transaction = await control.Database.BeginTransactionAsync(cancellationToken);
        control.Workspaces.Remove(workspace);
        control.Changes.Add(ControlPlaneChange.OfWorkspace(id));
        control.Changes.AddRange(tokenIds.Select(ControlPlaneChange.OfToken));
        await control.SaveChangesAsync(cancellationToken);
        if (workspace.Server == DatabaseOptions.DefaultServer)
        {
            await engine.DropSchemaAsync(control, workspace.SchemaName, cancellationToken);
        }
        else
        {
            await DropSchemaAsync(workspace.SchemaName, workspace.Server, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return tokenIds;
    }
}
