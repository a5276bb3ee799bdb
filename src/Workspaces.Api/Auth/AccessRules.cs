using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workspaces.Api.Tenancy;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Auth;

// Who may call what. 401: no valid, live token. 403: a valid token for another workspace,
// without the route's scope, or a workspace token on an admin route. docs/security.md lists every case.
// Two schemes: "Bearer", the service's own tokens (key by kid from SigningKeyRing), and "admin-oidc",
// admin tokens of the OpenID Connect provider (Auth:Admin), whose keys come from its discovery document and JWKS.
public static class AccessRules
{
    public const string PeopleRead = Scopes.PeopleRead;
    public const string PeopleWrite = Scopes.PeopleWrite;
    public const string Admin = Scopes.WorkspacesAdmin;
    public const string AdminScheme = "admin-oidc";

    public static IServiceCollection AddAccessRules(this IServiceCollection services)
    {
        services.AddSingleton<TokenRevocations>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer().AddJwtBearer(AdminScheme);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>, SigningKeyRing>((options, auth, keys) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Value.Issuer,
                ValidAudience = auth.Value.Audience,
                // The token's kid names the key; no kid is a token of the first version, signed by the legacy key.
                IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Find(keyId) is { } key ? [key] : [],
                // RS256 for the named keys, HS256 for the legacy key; each kid has one key, so one algorithm.
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.HmacSha256],
                // Workspace tokens may be issued without an expiry (like an API key); admin tokens are held to AdminLifetime.
                RequireExpirationTime = false,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = CheckServiceTokenAsync };
        });
        services.AddOptions<JwtBearerOptions>(AdminScheme).Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            var admin = auth.Value.Admin;
            options.MapInboundClaims = false;
            options.Authority = admin.Authority?.ToString();
            options.Audience = admin.Audience;
            // Plain-HTTP discovery only from this machine (the tests' provider); any other authority must be HTTPS.
            options.RequireHttpsMetadata = admin.Authority?.IsLoopback != true;
            options.RefreshInterval = admin.RefreshInterval;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = context => AdminFromProvider(context, admin) };
        });

        // After JwtBearer made its configuration manager: no fallback to an earlier ("last known good") JWKS, which
        // would keep accepting a key the provider removed for up to an hour after the new JWKS was fetched.
        services.PostConfigure<JwtBearerOptions>(AdminScheme, options =>
        {
            if (options.ConfigurationManager is BaseConfigurationManager manager)
            {
                manager.UseLastKnownGoodConfiguration = false;
            }
        });

        services.AddSingleton<IAuthorizationHandler, WorkspaceAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PeopleRead, policy => policy.AddRequirements(new WorkspaceAccessRequirement(PeopleRead)))
            .AddPolicy(PeopleWrite, policy => policy.AddRequirements(new WorkspaceAccessRequirement(PeopleWrite)));
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((options, auth) => options.AddPolicy(Admin, policy =>
        {
            // The service's scheme stays in the policy so that a workspace token on an admin route is a 403, not a 401.
            policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme);
            if (auth.Value.Admin.Authority is not null)
            {
                policy.AddAuthenticationSchemes(AdminScheme);
            }

            policy.RequireAssertion(context => HasScope(context.User, Admin) && !context.User.HasClaim(c => c.Type == TokenClaims.Workspace));
        }));
        return services;
    }

    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindFirst(TokenClaims.Scope)?.Value.Split(' ').Contains(scope) == true;

    private static async Task CheckServiceTokenAsync(TokenValidatedContext context)
    {
        var user = context.Principal!;
        var workspace = user.FindFirst(TokenClaims.Workspace)?.Value;
        if (workspace is null)
        {
            var services = context.HttpContext.RequestServices;
            if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
            {
                context.Fail("Outside Development admin tokens come from the identity provider (Auth:Admin), not the service's key.");
            }
            else if (!HasScope(user, Admin))
            {
                context.Fail("The token is neither a workspace token nor an admin token.");
            }
            else if (AdminLifetime.Refusal(context.SecurityToken, services.GetRequiredService<IOptions<AuthOptions>>().Value.Admin.MaxLifetime) is { } refusal)
            {
                context.Fail(refusal);
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

    // The provider's token becomes a principal of the service's own claims: its subject, and workspaces:admin when it
    // carries the configured claim (else a 403). Nothing else of it is kept, so a provider's "scope" or "workspace"
    // claim means nothing here.
    private static Task AdminFromProvider(TokenValidatedContext context, AdminOptions admin)
    {
        if (AdminLifetime.Refusal(context.SecurityToken, admin.MaxLifetime) is { } refusal)
        {
            context.Fail(refusal);
            return Task.CompletedTask;
        }

        var provider = context.Principal!;
        var granted = provider.FindAll(admin.ClaimType!).Any(c => c.Value.Split(' ').Contains(admin.ClaimValue, StringComparer.Ordinal));
        List<Claim> claims = [new(JwtRegisteredClaimNames.Sub, provider.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "")];
        if (granted)
        {
            claims.Add(new Claim(TokenClaims.Scope, Admin));
        }

        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, AdminScheme, JwtRegisteredClaimNames.Sub, null));
        return Task.CompletedTask;
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
            && context.User.FindFirst(TokenClaims.Workspace)?.Value == routeWorkspace
            && AccessRules.HasScope(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
