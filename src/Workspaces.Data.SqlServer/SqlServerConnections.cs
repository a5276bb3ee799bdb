using Microsoft.Data.SqlClient;

namespace Workspaces.Data.SqlServer;

// Connection strings for the control plane's pool and each partition's. SqlClient pools by connection string, so
// each partition gets an Application Name of its own (which also names it in sys.dm_exec_sessions).
// SQL Server has no per-backend catalog cache to keep warm (its plan and metadata caches are instance-wide), so a
// partition here only bounds how many connections one workspace can hold; connections close when idle as usual.
public static class SqlServerConnections
{
    public const int DefaultMaxPoolSize = 8;

    public static string ControlPlane(string connectionString) => WithPoolDefaults(connectionString, partitions: 1, "control");

    /// <param name="server">Named in the pool's Application Name unless it is the default server.</param>
    public static string Partition(string connectionString, int partitions, int partition, string server = DatabaseOptions.DefaultServer) =>
        WithPoolDefaults(connectionString, partitions, $"{Prefix(server)}people {partition}");

    // Another server's pool for provisioning and migrations.
    public static string Direct(string connectionString, string server) => WithPoolDefaults(connectionString, partitions: 1, $"{Prefix(server)}direct");

    private static string Prefix(string server) => server == DatabaseOptions.DefaultServer ? "" : $"{server} ";

    // Defaults the connection string may override: at most 8 connections per pool, shared out among the partitions
    // (at least 2 each), recycled hourly. Multiple active result sets stay off: nothing here reads two results at once.
    private static string WithPoolDefaults(string connectionString, int partitions, string pool)
    {
        var given = new SqlConnectionStringBuilder(connectionString);
        var builder = new SqlConnectionStringBuilder(connectionString);
        if (!given.ShouldSerialize("Max Pool Size"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        builder.MaxPoolSize = Math.Max(2, builder.MaxPoolSize / partitions);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        if (!given.ShouldSerialize("Load Balance Timeout"))
        {
            builder.LoadBalanceTimeout = 3600;
        }

        builder.ApplicationName = $"{(given.ShouldSerialize("Application Name") ? given.ApplicationName : "Workspaces")} ({pool})";
        return builder.ConnectionString;
    }
}
