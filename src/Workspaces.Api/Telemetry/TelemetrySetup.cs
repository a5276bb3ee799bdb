using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Workspaces.Api.Auth;
using Workspaces.Data.PostgreSql;
using Workspaces.Data.SqlServer;

namespace Workspaces.Api.Telemetry;

// Traces and metrics (OpenTelemetry), on unless Telemetry:Enabled is false. Spans leave the process only over OTLP and
// only when OTEL_EXPORTER_OTLP_ENDPOINT is set; metrics only on /metrics, for admin tokens, when
// Telemetry:Prometheus:Enabled is true. docs/observability.md describes what is recorded.
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    // The framework's own request lines carry the raw target, query string included (a person's email may be in it):
    // RequestLog replaces them, so this category is off whatever the configuration says.
    public const string FrameworkRequestLines = "Microsoft.AspNetCore.Hosting.Diagnostics";

    // Prometheus keeps the _count suffix for histograms and summaries (promtool check metrics refuses it elsewhere), so
    // the gauges that OpenTelemetry's conventions name *.count are exposed under these names.
    private static readonly Dictionary<string, string> PrometheusNames = new(StringComparer.Ordinal)
    {
        ["db.client.connection.count"] = "db.client.connections",
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter(FrameworkRequestLines, LogLevel.None);
        builder.Services.AddSingleton<WorkspacesMetrics>();

        var configuration = builder.Configuration;
        if (!configuration.GetValue("Telemetry:Enabled", true))
        {
            return builder;
        }

        var exportSpans = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("workspaces-api"))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation()
                    .AddPostgreSqlInstrumentation()
                    .AddSqlServerInstrumentation()
                    .AddProcessor<WorkspaceSpans>();
                if (exportSpans)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                // Of ASP.NET Core's meters, hosting's (request duration by route and status, active requests): the
                // others (routing, authentication, authorization, rate limiting) record on every request too, and
                // cost more than they tell here.
                metrics
                    .AddMeter("Microsoft.AspNetCore.Hosting")
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPostgreSqlInstrumentation()
                    .AddMeter(WorkspacesMetrics.MeterName)
                    .AddView(View);
                if (configuration.GetValue("Telemetry:Prometheus:Enabled", false))
                {
                    metrics.AddPrometheusExporter();
                }
            });
        return builder;
    }

    // Npgsql's per-command instruments (db.client.operation.*) are dropped, so Npgsql does not record them: a command's
    // duration is in its span; its pools (db.client.connection.*) are kept.
    private static MetricStreamConfiguration? View(Instrument instrument) =>
        instrument.Meter.Name == "Npgsql" && instrument.Name.StartsWith("db.client.operation.", StringComparison.Ordinal) ? MetricStreamConfiguration.Drop
        : PrometheusNames.TryGetValue(instrument.Name, out var name) ? new MetricStreamConfiguration { Name = name }
        : null;

    // Not in the OpenAPI document: it is for operators (an admin token), not for the API's clients.
    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Enabled", true) && app.Configuration.GetValue("Telemetry:Prometheus:Enabled", false))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(AccessRules.Admin).ExcludeFromDescription();
        }

        return app;
    }
}
