using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Workspaces.Api.Tenancy;

namespace Workspaces.Api.Telemetry;

// One structured line per request: method, route template (never the path or query, which may carry person data),
// status, duration, workspace id and trace id. It runs first, so it sees the status the exception handler wrote.
public static class RequestLog
{
    public const string Category = "Workspaces.Api.Requests";

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        var metrics = app.ApplicationServices.GetRequiredService<WorkspacesMetrics>();
        return app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            // Read now: the exception handler clears the endpoint and route values before it writes its problem.
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var workspaceId = http.GetRouteValue(WorkspaceResolver.RouteValue) as string;
            if (workspaceId is not null)
            {
                http.Features.Get<IHttpActivityFeature>()?.Activity.SetTag(WorkspaceSpans.Tag, workspaceId);
            }

            try
            {
                await next(http);
            }
            finally
            {
                // Checked here too: the trace id's text would be made for a line that is then dropped.
                if (logger.IsEnabled(LogLevel.Information))
                {
                    Log.Request(
                        logger, http.Request.Method, route, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                        workspaceId ?? "-", Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier);
                }

                if (http.RequestServices.GetRequiredService<WorkspaceContext>().ResolvedId is { } resolved)
                {
                    metrics.WorkspaceRequest(resolved);
                }
            }
        });
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Method} {Route} answered {StatusCode} in {DurationMs:0.0} ms, workspace {WorkspaceId}, trace {TraceId}")]
    public static partial void Request(ILogger logger, string method, string route, int statusCode, double durationMs, string workspaceId, string traceId);
}
