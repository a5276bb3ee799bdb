using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Admin;

[Description("A workspace token, without its secret.")]
public sealed record TokenResponse(
    [property: Description("The token's id (its jti).")] string Id,
    [property: Description("What the token is for.")] string Name,
    [property: Description("What the token may do.")][property: AllowedValues(AccessRules.PeopleRead, AccessRules.PeopleWrite)] string[] Scopes,
    [property: Description("When the token was created.")] DateTimeOffset CreatedAt,
    [property: Description("When the token stops working, or null if it never expires.")] DateTimeOffset? ExpiresAt,
    [property: Description("When the token was revoked, or null.")] DateTimeOffset? RevokedAt);

[Description("A workspace's tokens, oldest first (not paginated: a workspace has few).")]
public sealed record TokenList([property: Description("The tokens, revoked ones included.")] IReadOnlyList<TokenResponse> Data);

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
