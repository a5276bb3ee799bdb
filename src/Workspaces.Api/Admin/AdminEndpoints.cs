using Workspaces.Api.Auth;

namespace Workspaces.Api.Admin;

public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder v1)
    {
        // Answers every route shares (401, 403, 429, 503, ...) are added to the document by OpenApi/CommonResponses.
        var admin = v1.MapGroup("/admin/workspaces").WithTags("Workspaces (admin)").RequireAuthorization(AccessRules.Admin);

        admin.MapPost("/", CreateWorkspace.HandleAsync)
            .WithName("CreateWorkspace")
            .WithSummary("Onboard a workspace: its schema is created and migrated before the 201")
            .WithDescription("Creates the workspace (status active) with the given id or a generated one; a taken id is a 409. Its database schema is created and migrated before the 201; if that fails nothing is left behind (503 when the database failed).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapGet("/", WorkspaceEndpoints.ListAsync)
            .WithName("ListWorkspaces")
            .WithSummary("List workspaces, oldest first, a page at a time")
            .WithDescription("Workspaces oldest first, limit (1-200, default 50) at a time; pass nextCursor back as cursor for the next page.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapGet("/{id}", WorkspaceEndpoints.GetAsync)
            .WithName("GetWorkspace")
            .WithSummary("Get a workspace")
            .WithDescription("The workspace, or 404 (also once deleted).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPatch("/{id}", WorkspaceEndpoints.UpdateAsync)
            .WithName("UpdateWorkspace")
            .WithSummary("Rename, suspend or activate a workspace")
            .WithDescription("Changes the name and/or the status. A suspended workspace's tokens are refused with 403 on every instance within 5 s; activating it lets them in again.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapDelete("/{id}", WorkspaceEndpoints.DeleteAsync)
            .WithName("DeleteWorkspace")
            .WithSummary("Delete a workspace: drops its schema and revokes its tokens")
            .WithDescription("Deletes the workspace, drops its schema with every person in it and revokes its tokens (401 from then on); 404 when there is no such workspace.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/{id}/move", MoveWorkspace.HandleAsync)
            .WithName("MoveWorkspace")
            .WithSummary("Move a workspace to another database server")
            .WithDescription("Copies the workspace's schema to the named server, checks the row counts, switches its placement (every instance follows within 5 s) and drops the old schema; answers once that is done (tens of seconds). Meanwhile its writes answer 503 with Retry-After and its reads go on. A failure at any step leaves it where it was, serving (503 when a database failed). 400 for an unknown server, the server it is already on, or a schema not yet migrated; 409 while another move of it is under way.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapPost("/{id}/tokens", CreateToken.HandleAsync)
            .WithName("CreateWorkspaceToken")
            .WithSummary("Create a workspace token; the token is returned only in this response")
            .WithDescription("Mints a JWT bound to this workspace with the given scopes and optional expiry. The token is in this response only: the service keeps what it needs to validate and revoke it, not the token.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/{id}/tokens", TokenEndpoints.ListAsync)
            .WithName("ListWorkspaceTokens")
            .WithSummary("List a workspace's tokens, without their secrets")
            .WithDescription("The workspace's tokens, revoked ones included, oldest first; never the token itself.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapDelete("/{id}/tokens/{tokenId}", TokenEndpoints.RevokeAsync)
            .WithName("RevokeWorkspaceToken")
            .WithSummary("Revoke a token: at once on this instance, within 5 s everywhere")
            .WithDescription("Revokes the token (204, also when it was already revoked); 404 when this workspace has no such token. Refused at once on this instance and within 5 s on every other.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return admin;
    }
}
