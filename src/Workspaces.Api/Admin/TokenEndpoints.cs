using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

public sealed record TokenResponse(string Id, string Name, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

public sealed record TokenList(IReadOnlyList<TokenResponse> Data);

// Listing (never the secret: it is not stored) and revoking workspace tokens.
internal static class TokenEndpoints
{
    public static async Task<Results<Ok<TokenList>, ProblemHttpResult>> ListAsync(
        string id, ControlPlaneDbContext control, CancellationToken cancellationToken)
    {
        if (!await control.Workspaces.AnyAsync(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning, cancellationToken))
        {
            return Problems.NotFound("Workspace");
        }

        var tokens = await control.Tokens.AsNoTracking().Where(t => t.WorkspaceId == id).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new TokenList([.. tokens.Select(t => new TokenResponse(t.Id, t.Name, t.Scopes.Split(' '), t.CreatedAt, t.ExpiresAt, t.RevokedAt))]));
    }

    // Idempotent: revoking a revoked token is still 204. The revoking instance forgets its cached answer at once.
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, string tokenId, WorkspaceAdmin admin, TokenRevocations revocations, CancellationToken cancellationToken)
    {
        var result = await admin.RevokeTokenAsync(tokenId, id, cancellationToken);
        if (result.Outcome != AdminOutcome.Done)
        {
            return Problems.Admin(result, "Token");
        }

        revocations.Forget(tokenId);
        return TypedResults.NoContent();
    }
}
