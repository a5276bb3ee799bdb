using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Workspaces.Data.PostgreSql;

// Npgsql traces its commands and measures its pools itself (ActivitySource and Meter "Npgsql"); this subscribes to both.
// Spans carry the SQL text, never parameter values.
public static class PostgreSqlTelemetry
{
    public static TracerProviderBuilder AddPostgreSqlInstrumentation(this TracerProviderBuilder tracing) => tracing.AddNpgsql();

    public static MeterProviderBuilder AddPostgreSqlInstrumentation(this MeterProviderBuilder metrics) => metrics.AddNpgsqlInstrumentation();
}
