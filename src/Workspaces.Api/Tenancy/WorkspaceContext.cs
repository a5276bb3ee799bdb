using Workspaces.Data.Schemas;

namespace Workspaces.Api.Tenancy;

// The per-request tenant context. Reading it before the resolver set it throws: fail closed, never a default schema.
public sealed class WorkspaceContext : IWorkspaceSchema
{
    private WorkspaceInfo? _workspace;

    public WorkspaceInfo Workspace => _workspace ?? throw new InvalidOperationException("No workspace was resolved for this request.");

    // The workspace, once the resolver set it; null on requests it refused or that name none.
    public string? ResolvedId => _workspace?.Id;

    string IWorkspaceSchema.Name => Workspace.SchemaName;

    string IWorkspaceSchema.Server => Workspace.Server;

    internal void Set(WorkspaceInfo workspace) => _workspace = workspace;
}
