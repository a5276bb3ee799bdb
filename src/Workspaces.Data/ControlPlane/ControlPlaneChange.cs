namespace Workspaces.Data.ControlPlane;

public enum ControlPlaneChangeKind
{
    Workspace,
    Token,
}

// One row per change that other instances must not keep serving from their caches: a workspace renamed, suspended,
// activated or deleted; a token revoked or deleted. Written in the same transaction as the change itself.
public sealed class ControlPlaneChange
{
    public long Seq { get; init; }
    public required ControlPlaneChangeKind Kind { get; init; }
    public required string Key { get; init; }

    // Set by the database clock on insert, so instances with different clocks agree on what is recent.
    public DateTimeOffset At { get; init; }

    public static ControlPlaneChange OfWorkspace(string id) => new() { Kind = ControlPlaneChangeKind.Workspace, Key = id };

    public static ControlPlaneChange OfToken(string id) => new() { Kind = ControlPlaneChangeKind.Token, Key = id };
}
