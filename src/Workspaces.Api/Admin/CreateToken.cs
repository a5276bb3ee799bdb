using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Data;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Admin;

public sealed record CreateTokenRequest(string? Name, string[]? Scopes, DateTimeOffset? ExpiresAt);

public sealed record CreatedTokenResponse(
    string Id, string Name, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Token);

internal static class CreateToken
{
    public static async Task<Results<Created<CreatedTokenResponse>, ProblemHttpResult>> HandleAsync(
        string id, CreateTokenRequest request, ControlPlaneDbContext control, WorkspaceTokens tokens, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > CreateWorkspace.MaxNameLength)
        {
            errors["name"] = [$"name is required: 1-{CreateWorkspace.MaxNameLength} characters."];
        }

        if (request.Scopes is not { Length: > 0 } scopes || scopes.Any(s => !Scopes.WorkspaceScopes.Contains(s)))
        {
            errors["scopes"] = [$"scopes must be a non-empty list of: {string.Join(", ", Scopes.WorkspaceScopes)}."];
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["expiresAt must be in the future."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!await control.Workspaces.AnyAsync(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning, cancellationToken))
        {
            return Problems.NotFound("Workspace");
        }

        var (token, jwt) = await tokens.CreateAsync(id, name!, request.Scopes!, request.ExpiresAt, cancellationToken);
        return TypedResults.Created(
            $"/v1/admin/workspaces/{id}/tokens/{token.Id}",
            new CreatedTokenResponse(token.Id, token.Name, token.Scopes.Split(' '), token.CreatedAt, token.ExpiresAt, jwt));
    }
}
