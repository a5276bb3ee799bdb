using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

[Description("A workspace to onboard.")]
public sealed record CreateWorkspaceRequest(
    [property: Description("The workspace's id, used in routes; generated (ws-...) when absent.")]
    [property: RegularExpression(WorkspaceAdmin.IdRule)]
    string? Id = null,
    [property: Description("A display name: 1-200 characters after trimming, no control characters.")]
    [property: Required, MinLength(1), MaxLength(WorkspaceAdmin.MaxNameLength)]
    string? Name = null,
    [property: Description("The database server to place it on (one of Database:Servers, or default); when absent, the server holding the fewest workspaces. An unknown name is refused with 400.")]
    [property: RegularExpression(Workspaces.Data.DatabaseOptions.ServerNameRule)]
    string? Server = null);

[Description("A workspace (tenant).")]
public sealed record WorkspaceResponse(
    [property: Description("The workspace's id, used in routes.")] string Id,
    [property: Description("The display name.")] string Name,
    [property: Description("active, or suspended (its tokens are refused with 403).")]
    [property: AllowedValues("active", "suspended")]
    string Status,
    [property: Description("When the workspace was created.")] DateTimeOffset CreatedAt,
    [property: Description("The database server its data is on: default (the control plane's own) or one of Database:Servers.")] string Server)
{
    public static WorkspaceResponse From(Workspace workspace) =>
        new(workspace.Id, workspace.Name, workspace.Status.ToString().ToLowerInvariant(), workspace.CreatedAt, workspace.Server);
}

internal static class CreateWorkspace
{
    public static async Task<Results<Created<WorkspaceResponse>, ProblemHttpResult>> HandleAsync(
        CreateWorkspaceRequest request, WorkspaceAdmin admin, CancellationToken cancellationToken)
    {
        var result = await admin.CreateWorkspaceAsync(request.Id, request.Name, request.Server, cancellationToken);
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
