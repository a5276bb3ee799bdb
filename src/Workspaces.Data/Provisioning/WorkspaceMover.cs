using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Provisioning;

// Moves a workspace to another database server, through the app: its writes are refused (503) while its rows are
// copied, its reads go on from where it is; the placement switches only once the copy's row counts match, and the old
// schema is dropped last. A failure before the switch leaves it where it was, serving, and the copy is dropped.
// Every table of the people model is copied, in foreign-key order, so tables added by later migrations move too.
public sealed class WorkspaceMover(
    ControlPlaneDbContext control, WorkspaceProvisioning provisioning, WorkspacePlacement placement, PeopleContextPools people,
    IDatabaseEngine engine, TimeProvider time, ILogger<WorkspaceMover> logger)
{
    // The contract's bound for a control-plane change to reach every instance (ControlPlaneChangeFeed in the API): waited
    // after refusing writes, so no instance still writes to the old copy, and after the switch, so none still reads it.
    public static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    /// <param name="progress">Each step, for the CLI and the logs.</param>
    public async Task<AdminResult<Workspace>> MoveAsync(string id, string? to, Action<string> progress, CancellationToken cancellationToken)
    {
        var workspace = await control.Workspaces.FirstOrDefaultAsync(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning, cancellationToken);
        if (workspace is null)
        {
            return new(AdminOutcome.NotFound);
        }

        var error = to switch
        {
            null or "" => "server is required.",
            _ when !placement.IsKnown(to) => placement.Unknown(to),
            _ when to == workspace.Server => $"The workspace is already on '{to}'.",
            _ when workspace.SchemaMigration != provisioning.LatestSchemaMigration => "The workspace's schema is not at the latest migration: run migrate first.",
            _ => null,
        };
        if (error is not null)
        {
            return new(AdminOutcome.Invalid, Errors: new Dictionary<string, string[]> { ["server"] = [error] });
        }

        var (from, destination) = (workspace.Server, to!);
        if (!await ClaimAsync(id, destination, cancellationToken))
        {
            return new(AdminOutcome.Conflict);
        }

        workspace = await control.Workspaces.SingleAsync(w => w.Id == id, cancellationToken);
        progress($"{id}: writes refused while it moves from {from} to {destination}; waiting {Propagation.TotalSeconds:0} s for every instance");
        await using var source = people.CreateDirect(new FixedWorkspaceSchema(workspace.SchemaName, from));
        IDbContextTransaction? hold = null;
        try
        {
            // Everything up to the switch may fail or be cancelled and is undone; the mark is never left behind.
            try
            {
                await Task.Delay(Propagation, time, cancellationToken);
                hold = await source.Database.BeginTransactionAsync(cancellationToken);
                await CopyAsync(workspace.SchemaName, from, destination, source, progress, cancellationToken);
                workspace.Server = destination;
                workspace.MovingTo = null;
                control.Changes.Add(ControlPlaneChange.OfWorkspace(id));
                await control.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e)
            {
                progress($"{id}: move failed, it stays on {from}: {e.GetBaseException().Message}");
                await UndoAsync(workspace, from, destination);
                throw;
            }

            progress($"{id}: now on {destination}; waiting {Propagation.TotalSeconds:0} s before dropping the copy on {from}");
            await Task.Delay(Propagation, time, CancellationToken.None);
            try
            {
                // In the transaction that held the writes: an old write still waiting fails instead of landing in the old copy.
                await engine.DropSchemaAsync(source, workspace.SchemaName, CancellationToken.None);
                await hold!.CommitAsync(CancellationToken.None);
                progress($"{id}: old schema dropped on {from}");
            }
            catch (Exception e)
            {
                // The move itself is done; what is left is an unused schema on the old server.
                logger.LogError(e, "Workspace {Workspace} moved to {Server}, but its old schema {Schema} on {OldServer} could not be dropped", id, destination, workspace.SchemaName, from);
                progress($"{id}: moved, but the old schema {workspace.SchemaName} on {from} could not be dropped: {e.GetBaseException().Message}");
            }
        }
        finally
        {
            if (hold is not null)
            {
                await hold.DisposeAsync();
            }
        }

        return new(AdminOutcome.Done, workspace);
    }

    // Inside the source's transaction: its tables held against writes, so the counts compared are final.
    private async Task CopyAsync(string schema, string from, string to, PeopleDbContext source, Action<string> progress, CancellationToken cancellationToken)
    {
        var tables = WorkspaceTables.InCopyOrder(source.Model);
        await engine.LockAgainstWritesAsync(source, tables.Select(t => t.Name), cancellationToken);

        // A leftover of an earlier, interrupted move goes first.
        await provisioning.DropSchemaAsync(schema, to, cancellationToken);
        await provisioning.MigrateSchemaAsync(schema, to, cancellationToken);
        await using var target = people.CreateDirect(new FixedWorkspaceSchema(schema, to));
        await using (var copy = await target.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var table in tables)
            {
                await engine.CopyTableAsync(source, target, table, cancellationToken);
            }

            await copy.CommitAsync(cancellationToken);
        }

        foreach (var table in tables)
        {
            var (copied, original) = (await WorkspaceTables.CountAsync(target, table.Name, cancellationToken), await WorkspaceTables.CountAsync(source, table.Name, cancellationToken));
            if (copied != original)
            {
                throw new InvalidOperationException($"Table {table.Name}: {copied} rows copied to {to}, {original} on {from}.");
            }

            progress($"{table.Name}: {copied} rows copied from {from} to {to}, counts match");
        }
    }

    // Marks the workspace moving (its writes refused), atomically: one move at a time, a second one is a conflict.
    private async Task<bool> ClaimAsync(string id, string destination, CancellationToken cancellationToken)
    {
        control.ChangeTracker.Clear();
        await using var transaction = await control.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await control.Workspaces.Where(w => w.Id == id && w.MovingTo == null)
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.MovingTo, destination), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        control.Changes.Add(ControlPlaneChange.OfWorkspace(id));
        await control.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // Writes accepted again, where the data is. Not cancellable: a half-undone move would stay refused. Should the
    // switch have committed before its save threw, the workspace is on the destination (its copy verified) and nothing
    // is dropped; otherwise the copy is.
    private async Task UndoAsync(Workspace workspace, string from, string to)
    {
        control.ChangeTracker.Clear();
        var current = await control.Workspaces.SingleAsync(w => w.Id == workspace.Id, CancellationToken.None);
        if (current.Server != to)
        {
            try
            {
                await provisioning.DropSchemaAsync(workspace.SchemaName, to, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "The copy of workspace {Workspace} on {Server} could not be dropped; the next move there drops it", workspace.Id, to);
            }
        }

        logger.LogWarning("The move of workspace {Workspace} from {From} to {To} failed; it is on {Server}", workspace.Id, from, to, current.Server);
        current.MovingTo = null;
        control.Changes.Add(ControlPlaneChange.OfWorkspace(current.Id));
        await control.SaveChangesAsync(CancellationToken.None);
    }
}
