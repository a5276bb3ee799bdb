using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workspaces.Data;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;

namespace Workspaces.Api.Health;

public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReachable>("database", tags: [Ready])
            .AddCheck<WorkspaceServersReachable>("servers", tags: [Ready]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
    }

    // {"status":"Degraded","servers":{"default":"Healthy","db2":"Unhealthy"}}: which server is down, nothing more.
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var servers = report.Entries.TryGetValue("servers", out var entry) ? entry.Data : new Dictionary<string, object>();
        return JsonSerializer.SerializeAsync(
            http.Response.Body, new { status = report.Status.ToString(), servers }, cancellationToken: http.RequestAborted);
    }

    private sealed class DatabaseReachable(ControlPlaneDbContext control) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await control.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database is not reachable.");
    }

    // Every workspace server, by name (the control plane's own is the check above). One that is down degrades readiness
    // (still 200): the instance serves every other server's workspaces, so a load balancer must not take it out of
    // rotation; the body names the server.
    private sealed class WorkspaceServersReachable(IDatabaseEngine engine, PeopleContextPools people) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var reachable = await Task.WhenAll(engine.Servers.Select(async server =>
                (server, up: await people.CanConnectAsync(server, cancellationToken))));
            var down = reachable.Where(r => !r.up).Select(r => r.server).ToList();
            var data = reachable.ToDictionary(r => r.server, r => (object)(r.up ? "Healthy" : "Unhealthy"));
            return down.Count == 0
                ? HealthCheckResult.Healthy(data: data)
                : HealthCheckResult.Degraded($"Database server(s) not reachable: {string.Join(", ", down)}.", data: data);
        }
    }
}
