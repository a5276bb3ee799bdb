using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Tokens;

namespace Workspaces.Data.ControlPlane;

public sealed class WorkspaceTokens(ControlPlaneDbContext control, TokenMinter minter, TimeProvider time)
{
    /// <returns>The stored token and its JWT, which is shown once and never stored.</returns>
    public async Task<(WorkspaceToken Token, string Jwt)> CreateAsync(
        string workspaceId, string name, IEnumerable<string> scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var token = new WorkspaceToken
        {
            Id = "tok_" + Guid.CreateVersion7().ToString("N"),
            WorkspaceId = workspaceId,
            Name = name,
            Scopes = string.Join(' ', scopes.Distinct().Order(StringComparer.Ordinal)),
            CreatedAt = time.GetUtcNow().TruncateToMilliseconds(),
            ExpiresAt = expiresAt?.TruncateToMilliseconds(),
        };
        control.Tokens.Add(token);
        await control.SaveChangesAsync(cancellationToken);
        return (token, minter.MintWorkspaceToken(token));
    }

    // Idempotent: a revoked token keeps its first revocation time. The change row tells every instance's cache.
    /// <returns>False when there is no such token (in that workspace, when one is given).</returns>
    public async Task<bool> RevokeAsync(string tokenId, string? workspaceId, CancellationToken cancellationToken)
    {
        var token = await control.Tokens.FirstOrDefaultAsync(
            t => t.Id == tokenId && (workspaceId == null || t.WorkspaceId == workspaceId), cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt ??= time.GetUtcNow().TruncateToMilliseconds();
        control.Changes.Add(ControlPlaneChange.OfToken(tokenId));
        await control.SaveChangesAsync(cancellationToken);
        return true;
    }
}
