using Npgsql;

namespace Workspaces.Data.PostgreSql;

// Connection-pool defaults the connection string may override; the measurements behind them are in docs/performance.md.
internal static class PostgreSqlPools
{
    // - Few connections: per partition, 2 backends served one workspace as fast as 8 and many workspaces faster
    //   (fewer schemas to warm per backend, fewer processes on the cores). Size it to the server's cores.
    // - A new backend needs minutes to warm its partition's catalog entries, so a partition keeps its connections
    //   (minimum = maximum) and recycles them hourly.
    // - Hot statements are prepared automatically; nothing keeps session state (every command names its schema), so
    //   sessions are not reset, and multiplexing shares connections and network writes outside transactions.
    // The maximum pool size (given or default) is shared out among the partitions.
    public static string WithDefaults(string connectionString, int partitions, bool keepWarm)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size"))
        {
            builder.MaxPoolSize = 8;
        }

        builder.MaxPoolSize = Math.Max(2, builder.MaxPoolSize / partitions);

        if (!given.ContainsKey("Connection Lifetime"))
        {
            builder.ConnectionLifetime = 3600;
        }

        if (keepWarm && !given.ContainsKey("Minimum Pool Size") && !given.ContainsKey("Min Pool Size"))
        {
            builder.MinPoolSize = builder.MaxPoolSize;
        }

        // A given minimum applies to each pool too, so it cannot exceed a partition's share.
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);

        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Multiplexing"))
        {
            builder.Multiplexing = true;
        }

        return builder.ConnectionString;
    }
}
