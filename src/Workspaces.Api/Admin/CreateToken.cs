using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

public sealed record CreateTokenRequest(string? Name, string[]? Scopes, DateTimeOffset? ExpiresAt);

public sealed record CreatedTokenResponse(
    string Id, string Name, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Token);

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
