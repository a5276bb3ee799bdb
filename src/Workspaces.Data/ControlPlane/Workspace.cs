namespace Workspaces.Data.ControlPlane;

public enum WorkspaceStatus
{
    // Reserved while its schema is being created; never served.
    Provisioning,
    Active,
    Suspended,
}

public sealed class Workspace
{
    public required string Id { get; init; }
    public required string Name { get; set; }

    // Derived from an internal key at creation (see WorkspaceSchemaName), never from request text.
    public required string SchemaName { get; init; }
    public WorkspaceStatus Status { get; set; }

    // The database server its schema is on (DatabaseOptions.WorkspaceServers); changed only by a move.
    public string Server { get; set; } = DatabaseOptions.DefaultServer;

    // Set while a move to that server copies the workspace: its writes answer 503 meanwhile, its reads go on.
    public string? MovingTo { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    // The last people-schema migration applied to this workspace's schema; lets start-up skip up-to-date schemas.
    public string? SchemaMigration { get; set; }
}
