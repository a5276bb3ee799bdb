using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Provisioning;

namespace Workspaces.Api.Admin;

[Description("A workspace to onboard.")]
public sealed record CreateWorkspaceRequest(
    [property: Description("The workspace's id, used in routes; generated (ws-...) when absent.")]
    [property: RegularExpression(CreateWorkspace.IdRegex)]
    string? Id = null,
    [property: Description("A display name: 1-200 characters after trimming, no control characters.")]
    [property: Required, MinLength(1), MaxLength(CreateWorkspace.MaxNameLength)]
    string? Name = null);

[Description("A workspace (tenant).")]
public sealed record WorkspaceResponse(
    [property: Description("The workspace's id, used in routes.")] string Id,
    [property: Description("The display name.")] string Name,
    [property: Description("active, or suspended (its tokens are refused with 403).")]
    [property: AllowedValues("active", "suspended")]
    string Status,
    [property: Description("When the workspace was created.")] DateTimeOffset CreatedAt)
{
    public static WorkspaceResponse From(Workspace workspace) =>
        new(workspace.Id, workspace.Name, workspace.Status.ToString().ToLowerInvariant(), workspace.CreatedAt);
}

internal static partial class CreateWorkspace
{
    public const int MaxNameLength = 200;
    public const string IdRegex = "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$";

    public static async Task<Results<Created<WorkspaceResponse>, ProblemHttpResult>> HandleAsync(
        CreateWorkspaceRequest request, WorkspaceProvisioning provisioning, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"name is required: 1-{MaxNameLength} characters without control characters."];
        }

        if (request.Id is not null && !IdPattern().IsMatch(request.Id))
        {
            errors["id"] = ["id must match ^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var id = request.Id ?? "ws-" + Guid.NewGuid().ToString("N")[..16];
        var workspace = await provisioning.CreateAsync(id, name!, cancellationToken);
        return workspace is null
            ? Problems.Problem(StatusCodes.Status409Conflict, "workspace-id-taken", "The workspace id is taken.", $"A workspace '{id}' already exists.")
            : TypedResults.Created($"/v1/admin/workspaces/{workspace.Id}", WorkspaceResponse.From(workspace));
    }

    [GeneratedRegex(IdRegex)]
    private static partial Regex IdPattern();
}
