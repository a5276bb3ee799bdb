using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Workspaces.Api.Auth;

namespace Workspaces.Api.OpenApi;

// Every v1 route takes a bearer JWT; its authorization policy is named after the scope it needs (AccessRules), so the
// requirement lists that scope (OpenAPI 3.1 lets a non-OAuth requirement name roles) and the description says it.
internal static class BearerScopes
{
    public const string Scheme = "bearer";

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        if (scope is null)
        {
            return Task.CompletedTask;
        }

        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(Scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT. Workspace tokens are signed by the service, bound to one workspace and carry people:read and/or " +
                "people:write. Admin tokens come from the identity provider the service trusts for admins (its claim that grants " +
                "workspaces:admin is configured), or in development are signed by the service with scope workspaces:admin; they " +
                "must carry exp, within the configured maximum lifetime (an hour by default). Each operation lists the scope it needs.",
        });
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [scope] }];
        var who = scope == AccessRules.Admin ? "an admin token" : "a token of this workspace";
        operation.Description = $"{operation.Description}\n\nRequires {who} with scope `{scope}`.".TrimStart();
        return Task.CompletedTask;
    }
}
