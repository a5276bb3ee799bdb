namespace Workspaces.Data;

// Database:* settings, plus ConnectionStrings:Workspaces.
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string PostgreSql = "PostgreSQL";
    public const string SqlServer = "SqlServer";

    // Which engine runs the service; composition (DatabaseEngines) is the only place that reads it.
    public string Provider { get; set; } = PostgreSql;

    public string? ConnectionString { get; set; }

    // Workspaces are spread over this many connection pools (IDatabaseEngine.PartitionOf).
    public int PeoplePartitions { get; set; } = 4;

    // False when the CLI's `migrate` runs as a deploy step instead.
    public bool MigrateOnStartup { get; set; } = true;
}
