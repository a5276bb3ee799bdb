using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

public sealed record CreateWorkspaceRequest(string? Id, string? Name);

public sealed record WorkspaceResponse(string Id, string Name, string Status, DateTimeOffset CreatedAt)
{
    public static WorkspaceResponse From(Workspace workspace) =>
        new(workspace.Id, workspace.Name, workspace.Status.ToString().ToLowerInvariant(), workspace.CreatedAt);
}

internal static class CreateWorkspace
{
    public static async Task<Results<Created<WorkspaceResponse>, ProblemHttpResult>> HandleAsync(
        CreateWorkspaceRequest request, WorkspaceAdmin admin, CancellationToken cancellationToken)
    {
        var result = await admin.CreateWorkspaceAsync(request.Id, request.Name, cancellationToken);
        return result switch
        {
            { Outcome: AdminOutcome.Done, Value: { } workspace } =>
                TypedResults.Created($"/v1/admin/workspaces/{workspace.Id}", WorkspaceResponse.From(workspace)),
            { Outcome: AdminOutcome.Conflict } =>
                Problems.Problem(StatusCodes.Status409Conflict, "workspace-id-taken", "The workspace id is taken.", $"A workspace '{request.Id}' already exists."),
            _ => Problems.Admin(result, "Workspace"),
        };
    }
}
