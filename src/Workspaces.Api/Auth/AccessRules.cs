using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workspaces.Api.Tenancy;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Auth;

// Who may call what. 401: no valid, live token. 403: a valid token for another workspace,
// without the route's scope, or a workspace token on an admin route.
public static class AccessRules
{
    public const string PeopleRead = Scopes.PeopleRead;
    public const string PeopleWrite = Scopes.PeopleWrite;
    public const string Admin = Scopes.WorkspacesAdmin;

    public static IServiceCollection AddAccessRules(this IServiceCollection services)
    {
        services.AddSingleton<TokenRevocations>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AuthSettings>((options, settings) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = settings.SigningKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                // Workspace tokens may be issued without an expiry (like an API key); admin tokens always carry one.
                RequireExpirationTime = false,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = RejectRevokedTokensAsync };
        });

        services.AddSingleton<IAuthorizationHandler, WorkspaceAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PeopleRead, policy => policy.AddRequirements(new WorkspaceAccessRequirement(PeopleRead)))
            .AddPolicy(PeopleWrite, policy => policy.AddRequirements(new WorkspaceAccessRequirement(PeopleWrite)))
            .AddPolicy(Admin, policy => policy.RequireAssertion(context =>
                HasScope(context.User, Admin) && !context.User.HasClaim(c => c.Type == AuthSettings.WorkspaceClaim)));
        return services;
    }

    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindFirst(AuthSettings.ScopeClaim)?.Value.Split(' ').Contains(scope) == true;

    private static async Task RejectRevokedTokensAsync(TokenValidatedContext context)
    {
        var user = context.Principal!;
        var workspace = user.FindFirst(AuthSettings.WorkspaceClaim)?.Value;
        if (workspace is null)
        {
            if (!HasScope(user, Admin))
            {
                context.Fail("The token is neither a workspace token nor an admin token.");
            }

            return;
        }

        var tokenId = user.FindFirst(JwtRegisteredClaimNames.Jti)?.Value;
        var revocations = context.HttpContext.RequestServices.GetRequiredService<TokenRevocations>();
        if (tokenId is null || !await revocations.IsLiveAsync(tokenId, workspace, context.HttpContext.RequestAborted))
        {
            context.Fail("The token has been revoked.");
        }
    }
}

public sealed record WorkspaceAccessRequirement(string Scope) : IAuthorizationRequirement;

// The route's workspace must be the token's workspace, and the token must carry the route's scope.
internal sealed class WorkspaceAccessHandler : AuthorizationHandler<WorkspaceAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceAccessRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && http.GetRouteValue(WorkspaceResolver.RouteValue) is string routeWorkspace
            && context.User.FindFirst(AuthSettings.WorkspaceClaim)?.Value == routeWorkspace
            && AccessRules.HasScope(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
