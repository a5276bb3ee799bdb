using Workspaces.Api.Auth;

namespace Workspaces.Api.Admin;

public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder v1)
    {
        var admin = v1.MapGroup("/admin/workspaces").WithTags("Workspaces (admin)").RequireAuthorization(AccessRules.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapPost("/", CreateWorkspace.HandleAsync)
            .WithName("CreateWorkspace")
            .WithSummary("Onboard a workspace: its schema is created and migrated before the 201")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapGet("/", WorkspaceEndpoints.ListAsync)
            .WithName("ListWorkspaces")
            .WithSummary("List workspaces, oldest first, a page at a time")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapGet("/{id}", WorkspaceEndpoints.GetAsync)
            .WithName("GetWorkspace")
            .WithSummary("Get a workspace")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPatch("/{id}", WorkspaceEndpoints.UpdateAsync)
            .WithName("UpdateWorkspace")
            .WithSummary("Rename, suspend or activate a workspace")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapDelete("/{id}", WorkspaceEndpoints.DeleteAsync)
            .WithName("DeleteWorkspace")
            .WithSummary("Delete a workspace: drops its schema and revokes its tokens")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/{id}/tokens", CreateToken.HandleAsync)
            .WithName("CreateWorkspaceToken")
            .WithSummary("Create a workspace token; the token is returned only in this response")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/{id}/tokens", TokenEndpoints.ListAsync)
            .WithName("ListWorkspaceTokens")
            .WithSummary("List a workspace's tokens, without their secrets")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapDelete("/{id}/tokens/{tokenId}", TokenEndpoints.RevokeAsync)
            .WithName("RevokeWorkspaceToken")
            .WithSummary("Revoke a token: at once on this instance, within 5 s everywhere")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return admin;
    }
}
