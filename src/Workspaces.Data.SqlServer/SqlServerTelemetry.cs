using OpenTelemetry.Trace;

namespace Workspaces.Data.SqlServer;

// Microsoft.Data.SqlClient reports commands through a DiagnosticListener, which OpenTelemetry's SqlClient
// instrumentation turns into spans (SQL text only, no parameter values).
public static class SqlServerTelemetry
{
    public static TracerProviderBuilder AddSqlServerInstrumentation(this TracerProviderBuilder tracing) => tracing.AddSqlClientInstrumentation();
}
