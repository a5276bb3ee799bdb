namespace Workspaces.Data;

// Database:* settings, plus ConnectionStrings:Workspaces.
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string PostgreSql = "PostgreSQL";
    public const string SqlServer = "SqlServer";

    // The control plane's own server (ConnectionStrings:Workspaces), which also holds workspaces: a deployment without
    // Database:Servers has this one server, and every workspace made before servers existed was recorded on it.
    public const string DefaultServer = "default";

    public const string ServerNameRule = "^[a-z0-9][a-z0-9-]{0,61}$";

    // Which engine runs the service; composition (DatabaseEngines) is the only place that reads it.
    public string Provider { get; set; } = PostgreSql;

    public string? ConnectionString { get; set; }

    // More servers for workspaces, by name (Database:Servers:{name}): connection strings beside the control plane's.
    public Dictionary<string, string> Servers { get; set; } = [];

    // Workspaces are spread over this many connection pools on each server (IDatabaseEngine.PartitionOf).
    public int PeoplePartitions { get; set; } = 4;

    // False when the CLI's `migrate` runs as a deploy step instead.
    public bool MigrateOnStartup { get; set; } = true;

    // Every server workspaces may live on, the control plane's first; names in ordinal order after it.
    public IReadOnlyList<KeyValuePair<string, string>> WorkspaceServers() =>
        [new(DefaultServer, ConnectionString ?? throw new InvalidOperationException("ConnectionStrings:Workspaces is not configured.")),
            .. Servers.Where(s => s.Key != DefaultServer).OrderBy(s => s.Key, StringComparer.Ordinal)];
}
