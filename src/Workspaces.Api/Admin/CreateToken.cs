using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

[Description("A workspace token to create.")]
public sealed record CreateTokenRequest(
    [property: Description("What the token is for: 1-200 characters after trimming.")]
    [property: Required, MinLength(1), MaxLength(WorkspaceAdmin.MaxNameLength)]
    string? Name = null,
    [property: Description("What the token may do: people:read and/or people:write.")]
    [property: Required, MinLength(1), AllowedValues(AccessRules.PeopleRead, AccessRules.PeopleWrite)]
    string[]? Scopes = null,
    [property: Description("When the token stops working; in the future. Absent: it never expires (revoke it instead).")]
    DateTimeOffset? ExpiresAt = null);

[Description("A new workspace token, with its secret: the only time the secret is shown.")]
public sealed record CreatedTokenResponse(
    [property: Description("The token's id (its jti), used to revoke it.")] string Id,
    [property: Description("What the token is for.")] string Name,
    [property: Description("What the token may do.")][property: AllowedValues(AccessRules.PeopleRead, AccessRules.PeopleWrite)] string[] Scopes,
    [property: Description("When the token was created.")] DateTimeOffset CreatedAt,
    [property: Description("When the token stops working, or null if it never expires.")] DateTimeOffset? ExpiresAt,
    [property: Description("The bearer token (a JWT). Store it now: it cannot be shown again.")] string Token);

internal static class CreateToken
{
    public static async Task<Results<Created<CreatedTokenResponse>, ProblemHttpResult>> HandleAsync(
        string id, CreateTokenRequest request, WorkspaceAdmin admin, CancellationToken cancellationToken)
    {
        var result = await admin.CreateTokenAsync(id, request.Name, request.Scopes, request.ExpiresAt, cancellationToken);
        if (result is not { Outcome: AdminOutcome.Done, Value: var (token, jwt) })
        {
            return Problems.Admin(result, "Workspace");
        }

        return TypedResults.Created(
            $"/v1/admin/workspaces/{id}/tokens/{token.Id}",
            new CreatedTokenResponse(token.Id, token.Name, token.Scopes.Split(' '), token.CreatedAt, token.ExpiresAt, jwt));
    }
}
