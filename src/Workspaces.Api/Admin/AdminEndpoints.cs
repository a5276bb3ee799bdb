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
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/{id}/tokens", CreateToken.HandleAsync)
            .WithName("CreateWorkspaceToken")
            .WithSummary("Create a workspace token; the token is returned only in this response")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return admin;
    }
}
