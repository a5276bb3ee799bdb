using System.Text.Json.Serialization;
using Asp.Versioning;
using Scalar.AspNetCore;
using Workspaces;
using Workspaces.Api;
using Workspaces.Api.Admin;
using Workspaces.Api.Auth;
using Workspaces.Api.Companies;
using Workspaces.Api.Errors;
using Workspaces.Api.Health;
using Workspaces.Api.Input;
using Workspaces.Api.Limits;
using Workspaces.Api.OpenApi;
using Workspaces.Api.Paging;
using Workspaces.Api.People;
using Workspaces.Api.Telemetry;
using Workspaces.Api.Tenancy;
using Workspaces.Data;
using Workspaces.Data.Tokens;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRepositoryDevelopmentSettings(builder.Environment);

builder.Services.AddWorkspacesDatabase();
builder.Services.AddHostedService<StartupMigrations>();
builder.Services.AddProblems();
builder.Services.AddAccessRules();
builder.Services.AddWorkspaceTenancy();
builder.Services.AddPeople();
builder.Services.AddHealth();
builder.Services.AddRateLimits();
builder.Services.AddSingleton<Cursors>();
builder.AddTelemetry();

// Request bodies: unknown members and duplicate keys are errors, not silently dropped; bad bodies throw so
// ProblemExceptionHandler can name the field.
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    options.SerializerOptions.AllowDuplicateProperties = false;
    // Numbers are numbers: no quoted "5" for an int (the web default allows it, and the document would have to say so).
    options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    options.SerializerOptions.Converters.Add(new UtcMillisecondsConverter());
});
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

builder.Services.AddApiVersioning(options =>
    {
        options.ApiVersionReader = new UrlSegmentApiVersionReader();
        options.ReportApiVersions = true;
    })
    .AddApiExplorer(options =>
    {
        options.GroupNameFormat = "'v'VVV";
        options.SubstituteApiVersionInUrl = true;
    });
builder.Services.AddWorkspacesOpenApi();

// Kestrel answers requests it cannot parse, or whose request line or headers exceed its limits, itself, with an empty
// body. Its limits sit at twice StrictInput's, so an over-long request within them gets StrictInput's problem instead.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestLineSize = 2 * StrictInput.MaxTargetLength;
    kestrel.Limits.MaxRequestHeadersTotalSize = 2 * StrictInput.MaxHeadersBytes;
});

var app = builder.Build();

// Fail at start-up, not on the first request, when the signing keys are missing or a development key outside Development.
app.Services.GetRequiredService<SigningKeyRing>();

app.UseRequestLog();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseBodySizeLimits();
app.UseStrictInput();
app.UseWorkspaceResolver();

app.MapHealth();
app.MapOpenApi();
app.MapMetrics();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

var v1 = app.NewVersionedApi().MapGroup("/v{version:apiVersion}").HasApiVersion(1, 0);
v1.MapPeople();
v1.MapCompanies();
v1.MapAdmin();

app.Run();

public partial class Program;
