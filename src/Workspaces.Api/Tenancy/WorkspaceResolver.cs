using Workspaces.Api.Errors;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.Schemas;

namespace Workspaces.Api.Tenancy;

// The tenant resolver: route value {workspaceId} (strategy) → WorkspaceStore (store) → WorkspaceContext (per request).
// It runs after authorization, so only a token already bound to this workspace gets here: callers of
// other workspaces are refused before any lookup and learn nothing about whether a workspace exists.
public static class WorkspaceResolver
{
    public const string RouteValue = "workspaceId";

    public static IServiceCollection AddWorkspaceTenancy(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<WorkspaceStore>();
        services.AddSingleton<ControlPlaneChangeFeed>();
        services.AddHostedService<ControlPlaneChangePoller>();
        services.AddScoped<WorkspaceContext>();
        services.AddScoped<IWorkspaceSchema>(sp => sp.GetRequiredService<WorkspaceContext>());
        return services;
    }

    public static IApplicationBuilder UseWorkspaceResolver(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetRouteValue(RouteValue) is not string id)
        {
            await next(http);
            return;
        }

        var store = http.RequestServices.GetRequiredService<WorkspaceStore>();
        var workspace = await store.FindAsync(id, http.RequestAborted);
        var refusal = workspace switch
        {
            null => Problems.NotFound("Workspace"),
            { Status: WorkspaceStatus.Suspended } =>
                Problems.Problem(StatusCodes.Status403Forbidden, "workspace-suspended", "The workspace is suspended.", "An admin must activate the workspace first."),
            // Reads go on from where it is; a write could land in the copy being left behind.
            { Moving: true } when !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) =>
                Problems.Problem(StatusCodes.Status503ServiceUnavailable, "workspace-moving", "The workspace is moving to another database server.", "Writes are refused until it has moved; retry after Retry-After seconds."),
            _ => null,
        };
        if (refusal is not null)
        {
            if (refusal.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                http.Response.Headers.RetryAfter = "5";
            }

            await refusal.ExecuteAsync(http);
            return;
        }

        http.RequestServices.GetRequiredService<WorkspaceContext>().Set(workspace!);
        await next(http);
    });
}
