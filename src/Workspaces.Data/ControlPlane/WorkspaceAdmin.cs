using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Provisioning;
using Workspaces.Data.Tokens;

namespace Workspaces.Data.ControlPlane;

public enum AdminOutcome
{
    Done,
    Invalid,
    NotFound,
    Conflict,
}

// Errors are keyed by the request's field names (id, name, status, scopes, expiresAt).
public sealed record AdminResult<T>(AdminOutcome Outcome, T? Value = default, IReadOnlyDictionary<string, string[]>? Errors = null);

public sealed record CreatedToken(WorkspaceToken Token, string Jwt);

// The one path for every change to workspaces and tokens, taken by the admin endpoints and the CLI alike: the rules
// (id generation and format, names, statuses, scopes, expiry) live here once, and every change another instance
// must see (rename, suspension, activation, deletion, revocation) writes its control.changes row in the same save.
// The caller drops its own instance's cached entries; other instances learn from the row.
public sealed partial class WorkspaceAdmin(
    ControlPlaneDbContext control, WorkspaceProvisioning provisioning, WorkspacePlacement placement, TokenMinter minter, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public const string IdRule = "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$";

    public static string NewWorkspaceId() => "ws-" + Guid.NewGuid().ToString("N")[..16];

    /// <param name="id">Generated when null.</param>
    /// <param name="server">A configured database server; null lets WorkspacePlacement choose.</param>
    public async Task<AdminResult<Workspace>> CreateWorkspaceAsync(string? id, string? name, string? server, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedName = CheckName(name, required: true, errors);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            errors["id"] = [$"id must match {IdRule}."];
        }

        if (server is not null && !placement.IsKnown(server))
        {
            errors["server"] = [placement.Unknown(server)];
        }

        if (errors.Count > 0)
        {
            return Invalid<Workspace>(errors);
        }

        var workspace = await provisioning.CreateAsync(
            id ?? NewWorkspaceId(), trimmedName!, await placement.ChooseAsync(server, cancellationToken), cancellationToken);
        return workspace is null ? new(AdminOutcome.Conflict) : new(AdminOutcome.Done, workspace);
    }

    /// <param name="status">"active" or "suspended"; null leaves it.</param>
    public async Task<AdminResult<Workspace>> UpdateWorkspaceAsync(string id, string? name, string? status, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedName = CheckName(name, required: false, errors);
        WorkspaceStatus? newStatus = status switch
        {
            null => null,
            "active" => WorkspaceStatus.Active,
            "suspended" => WorkspaceStatus.Suspended,
            _ => null,
        };
        if (status is not null && newStatus is null)
        {
            errors["status"] = ["status must be \"active\" or \"suspended\"."];
        }

        if (errors.Count > 0)
        {
            return Invalid<Workspace>(errors);
        }

        if (await control.Workspaces.FirstOrDefaultAsync(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning, cancellationToken) is not { } workspace)
        {
            return new(AdminOutcome.NotFound);
        }

        workspace.Name = trimmedName ?? workspace.Name;
        workspace.Status = newStatus ?? workspace.Status;
        control.Changes.Add(ControlPlaneChange.OfWorkspace(id));
        await control.SaveChangesAsync(cancellationToken);
        return new(AdminOutcome.Done, workspace);
    }

    /// <returns>The ids of the workspace's tokens, revoked with it (their change rows written with the deletion).</returns>
    public async Task<AdminResult<IReadOnlyList<string>>> DeleteWorkspaceAsync(string id, CancellationToken cancellationToken) =>
        await provisioning.DeleteAsync(id, cancellationToken) is { } tokenIds ? new(AdminOutcome.Done, tokenIds) : new(AdminOutcome.NotFound);

    /// <returns>The stored token and its JWT, which is shown once and never stored.</returns>
    public async Task<AdminResult<CreatedToken>> CreateTokenAsync(
        string workspaceId, string? name, IReadOnlyCollection<string>? scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedName = CheckName(name, required: true, errors);
        if (scopes is not { Count: > 0 } || scopes.Any(s => !Scopes.WorkspaceScopes.Contains(s)))
        {
            errors["scopes"] = [$"scopes must be a non-empty list of: {string.Join(", ", Scopes.WorkspaceScopes)}."];
        }

        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = ["expiresAt must be in the future."];
        }

        if (errors.Count > 0)
        {
            return Invalid<CreatedToken>(errors);
        }

        if (!await control.Workspaces.AnyAsync(w => w.Id == workspaceId && w.Status != WorkspaceStatus.Provisioning, cancellationToken))
        {
            return new(AdminOutcome.NotFound);
        }

        var token = new WorkspaceToken
        {
            Id = "tok_" + Guid.CreateVersion7().ToString("N"),
            WorkspaceId = workspaceId,
            Name = trimmedName!,
            Scopes = string.Join(' ', scopes!.Distinct().Order(StringComparer.Ordinal)),
            CreatedAt = now.TruncateToMilliseconds(),
            ExpiresAt = expiresAt?.TruncateToMilliseconds(),
        };
        control.Tokens.Add(token);
        await control.SaveChangesAsync(cancellationToken);
        return new(AdminOutcome.Done, new CreatedToken(token, minter.MintWorkspaceToken(token)));
    }

    // Idempotent: a revoked token keeps its first revocation time.
    /// <param name="workspaceId">When given, the token must belong to it.</param>
    public async Task<AdminResult<WorkspaceToken>> RevokeTokenAsync(string tokenId, string? workspaceId, CancellationToken cancellationToken)
    {
        var token = await control.Tokens.FirstOrDefaultAsync(
            t => t.Id == tokenId && (workspaceId == null || t.WorkspaceId == workspaceId), cancellationToken);
        if (token is null)
        {
            return new(AdminOutcome.NotFound);
        }

        token.RevokedAt ??= time.GetUtcNow().TruncateToMilliseconds();
        control.Changes.Add(ControlPlaneChange.OfToken(tokenId));
        await control.SaveChangesAsync(cancellationToken);
        return new(AdminOutcome.Done, token);
    }

    // Workspace and token names: trimmed, 1-200 characters, no control characters.
    private static string? CheckName(string? name, bool required, Dictionary<string, string[]> errors)
    {
        var trimmed = name?.Trim();
        if ((name is not null || required) && (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl)))
        {
            errors["name"] = [$"name {(required ? "is required" : "must be")}: 1-{MaxNameLength} characters without control characters."];
        }

        return trimmed;
    }

    private static AdminResult<T> Invalid<T>(Dictionary<string, string[]> errors) => new(AdminOutcome.Invalid, Errors: errors);

    [GeneratedRegex(IdRule)]
    private static partial Regex IdPattern();
}
