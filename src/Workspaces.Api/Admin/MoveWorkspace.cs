using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Api.Tenancy;
using Workspaces.Data;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Provisioning;

namespace Workspaces.Api.Admin;

[Description("Where to move the workspace.")]
public sealed record MoveWorkspaceRequest(
    [property: Description("The database server to move it to: default (the control plane's own) or one of Database:Servers.")]
    [property: Required, RegularExpression(DatabaseOptions.ServerNameRule)]
    string? Server = null);

// Moves a workspace to another database server (WorkspaceMover); answers once it is there and the old schema is gone.
internal static class MoveWorkspace
{
    public static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> HandleAsync(
        string id, MoveWorkspaceRequest request, WorkspaceMover mover, WorkspaceStore store, ILogger<WorkspaceMover> logger, CancellationToken cancellationToken)
    {
        var result = await mover.MoveAsync(id, request.Server, step => logger.LogInformation("Move: {Step}", step), cancellationToken);
        store.Forget(id);
        return result switch
        {
            { Outcome: AdminOutcome.Done, Value: { } workspace } => TypedResults.Ok(WorkspaceResponse.From(workspace)),
            { Outcome: AdminOutcome.Conflict } => Problems.Problem(
                StatusCodes.Status409Conflict, "workspace-moving", "The workspace is already moving.", "Another move of this workspace is under way."),
            _ => Problems.Admin(result, "Workspace"),
        };
    }
}
