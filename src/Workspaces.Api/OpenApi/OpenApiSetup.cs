using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workspaces.Api.OpenApi;

// The v1 document (/openapi/v1.json). The generator describes routes, bodies and [Description]s; these transformers add
// what it cannot see: the bearer scheme and scopes (BearerScopes), the statuses every route can answer (CommonResponses),
// path and query parameters (RouteParameters), request examples (Examples) and the schemas it gets wrong (SchemaRules,
// ComponentSchemas).
public static class OpenApiSetup
{
    public static IServiceCollection AddWorkspacesOpenApi(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.CreateSchemaReferenceId = type =>
            type.Type == typeof(JsonObject) ? "Traits"
            : type.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) ? "Problem"
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddDocumentTransformer(DescribeDocumentAsync);
        options.AddSchemaTransformer(SchemaRules.TransformAsync);
        options.AddOperationTransformer(RouteParameters.TransformAsync);
        options.AddOperationTransformer(BearerScopes.TransformAsync);
        options.AddOperationTransformer(CommonResponses.TransformAsync);
        options.AddOperationTransformer(Examples.TransformAsync);
        options.AddDocumentTransformer(ComponentSchemas.TransformAsync);
    });

    // Servers come from configuration (OpenApi:ServerUrl), never from the request's Host; absent when not configured.
    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Workspaces API",
            Version = "1.0",
            Description = "A multi-tenant People API. Customer apps upsert, read, list and delete the people of their workspace with a " +
                "workspace token (scopes people:read, people:write); admins onboard workspaces and mint tokens with an admin token " +
                "(scope workspaces:admin). Every error is an RFC 9457 problem (application/problem+json). Times are ISO-8601 UTC " +
                "with milliseconds.",
        };
        var serverUrl = context.ApplicationServices.GetRequiredService<IConfiguration>()["OpenApi:ServerUrl"];
        document.Servers = string.IsNullOrWhiteSpace(serverUrl) ? [] : [new OpenApiServer { Url = serverUrl.TrimEnd('/') }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "People", Description = "The people of one workspace, by their userId and/or email (workspace tokens)." },
            new() { Name = "Companies", Description = "The companies of one workspace and the people who belong to them (workspace tokens)." },
            new() { Name = "Workspaces (admin)", Description = "Onboarding workspaces and minting their tokens (admin tokens)." },
        };
        return Task.CompletedTask;
    }
}
