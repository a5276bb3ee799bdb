using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Errors;
using Workspaces.Data;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Admin;

[Description("A workspace token to create.")]
public sealed record CreateTokenRequest(
    [property: Description("What the token is for: 1-200 characters after trimming.")]
    [property: Required, MinLength(1), MaxLength(CreateWorkspace.MaxNameLength)]
    string? Name = null,
    [property: Description("What the token may do: people:read and/or people:write.")]
    [property: Required, MinLength(1), AllowedValues(Scopes.PeopleRead, Scopes.PeopleWrite)]
    string[]? Scopes = null,
    [property: Description("When the token stops working; in the future. Absent: it never expires (revoke it instead).")]
    DateTimeOffset? ExpiresAt = null);

[Description("A new workspace token, with its secret: the only time the secret is shown.")]
public sealed record CreatedTokenResponse(
    [property: Description("The token's id (its jti), used to revoke it.")] string Id,
    [property: Description("What the token is for.")] string Name,
    [property: Description("What the token may do.")][property: AllowedValues(Scopes.PeopleRead, Scopes.PeopleWrite)] string[] Scopes,
    [property: Description("When the token was created.")] DateTimeOffset CreatedAt,
    [property: Description("When the token stops working, or null if it never expires.")] DateTimeOffset? ExpiresAt,
    [property: Description("The bearer token (a JWT). Store it now: it cannot be shown again.")] string Token);

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
