namespace Workspaces.Data.ControlPlane;

// Only what validation and revocation need: the JWT itself is never stored.
public sealed class WorkspaceToken
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }

    // Space-separated, as in the JWT "scope" claim.
    public required string Scopes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}
