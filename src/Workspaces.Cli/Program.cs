using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workspaces;
using Workspaces.Data;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;
using Workspaces.Data.Provisioning;
using Workspaces.Data.Schemas;
using Workspaces.Data.Tokens;

// Operator commands over the same data layer as the API. Results go to stdout; progress and errors to stderr.
var root = new RootCommand("Workspaces operator CLI");

var lifetime = new Option<int>("--minutes") { Description = "Lifetime of the admin token", DefaultValueFactory = _ => 60 };
var adminToken = new Command(
    "admin-token",
    "Development only: print an admin JWT (workspaces:admin) signed with the service's key, and nothing else. Outside Development the API accepts admin tokens only from the identity provider (Auth:Admin) and this command refuses to run")
{
    lifetime,
};
adminToken.SetAction(parse =>
{
    using var host = BuildHost();
    if (!host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment())
    {
        throw new InvalidOperationException("admin-token is a development convenience; outside Development get an admin token from the identity provider.");
    }

    Console.WriteLine(host.Services.GetRequiredService<TokenMinter>().MintAdminToken(TimeSpan.FromMinutes(parse.GetValue(lifetime))));
});
root.Subcommands.Add(adminToken);

var migrate = new Command("migrate", "Apply pending migrations to the control plane and every workspace schema, on every database server");
migrate.SetAction((_, cancellationToken) => WithScopeAsync<DatabaseMigrator>(async migrator =>
{
    // Progress goes to stdout; a server that failed is named on stderr and in the exit code, after the others were done.
    if (await migrator.MigrateAsync(Console.WriteLine, cancellationToken) is { Count: > 0 } failed)
    {
        throw new InvalidOperationException($"migrate: not finished on database server(s) {string.Join(", ", failed)}; run it again once they are reachable.");
    }
}));
root.Subcommands.Add(migrate);

var workspaceId = new Option<string?>("--id") { Description = "Workspace id (generated when absent)" };
var workspaceName = new Option<string>("--name") { Description = "Display name", Required = true };
var workspaceServer = new Option<string?>("--server") { Description = "Database server (default, or one of Database:Servers); the one with the fewest workspaces when absent" };
var createWorkspace = new Command("create", "Create a workspace and its migrated schema") { workspaceId, workspaceName, workspaceServer };
createWorkspace.SetAction((parse, cancellationToken) => WithScopeAsync<WorkspaceAdmin>(async admin =>
{
    var workspace = Done(
        await admin.CreateWorkspaceAsync(parse.GetValue(workspaceId), parse.GetRequiredValue(workspaceName), parse.GetValue(workspaceServer), cancellationToken),
        $"A workspace '{parse.GetValue(workspaceId)}' already exists.");
    Console.WriteLine(workspace.Id);
}));

var listWorkspaces = new Command("list", "List workspaces");
listWorkspaces.SetAction((_, cancellationToken) => WithScopeAsync<ControlPlaneDbContext>(async control =>
{
    foreach (var w in await control.Workspaces.AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken))
    {
        Console.WriteLine($"{w.Id}\t{w.Status.ToString().ToLowerInvariant()}\t{w.CreatedAt:O}\t{w.Server}\t{w.Name}");
    }
}));
var targetWorkspace = new Argument<string>("id") { Description = "Workspace id" };
Command SetStatus(string name, string status)
{
    var command = new Command(name, $"Mark a workspace {status} (every API instance sees it within 5 s)") { targetWorkspace };
    command.SetAction((parse, cancellationToken) => WithScopeAsync<WorkspaceAdmin>(async admin =>
    {
        var id = parse.GetRequiredValue(targetWorkspace);
        Done(await admin.UpdateWorkspaceAsync(id, null, status, cancellationToken), $"No workspace '{id}'.");
        Console.WriteLine($"{id}: {status}");
    }));
    return command;
}

var deleteWorkspace = new Command("delete", "Delete a workspace: drop its schema and revoke its tokens") { targetWorkspace };
deleteWorkspace.SetAction((parse, cancellationToken) => WithScopeAsync<WorkspaceAdmin>(async admin =>
{
    var id = parse.GetRequiredValue(targetWorkspace);
    var tokens = Done(await admin.DeleteWorkspaceAsync(id, cancellationToken), $"No workspace '{id}'.");
    Console.WriteLine($"{id}: deleted, {tokens.Count} token(s) revoked");
}));
var moveTo = new Option<string>("--to") { Description = "Database server to move it to (default, or one of Database:Servers)", Required = true };
var moveWorkspace = new Command(
    "move",
    "Move a workspace to another database server: its writes answer 503 while its schema is copied, counted and switched (every API instance follows within 5 s); the old schema is then dropped. A failure leaves it where it was")
{
    targetWorkspace, moveTo,
};
moveWorkspace.SetAction((parse, cancellationToken) => WithScopeAsync<WorkspaceMover>(async mover =>
{
    var id = parse.GetRequiredValue(targetWorkspace);
    var result = await mover.MoveAsync(id, parse.GetRequiredValue(moveTo), Console.Error.WriteLine, cancellationToken);
    var moved = result.Outcome == AdminOutcome.Conflict
        ? throw new InvalidOperationException($"Another move of '{id}' is under way.")
        : Done(result, $"No workspace '{id}'.");
    Console.WriteLine($"{id}: moved to {moved.Server}");
}));
root.Subcommands.Add(new Command("workspace", "Manage workspaces")
{
    createWorkspace, listWorkspaces, SetStatus("suspend", "suspended"), SetStatus("activate", "active"), deleteWorkspace, moveWorkspace,
});

var tokenWorkspace = new Option<string>("--workspace") { Description = "Workspace id", Required = true };
var tokenName = new Option<string>("--name") { Description = "Token name", Required = true };
var tokenScopes = new Option<string[]>("--scope")
{
    Description = "people:read and/or people:write (repeatable)",
    DefaultValueFactory = _ => [.. Scopes.WorkspaceScopes],
    AllowMultipleArgumentsPerToken = true,
};
var tokenExpiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "Expiry (ISO-8601); none when absent" };
var createToken = new Command("create", "Create a workspace token and print it (shown once)") { tokenWorkspace, tokenName, tokenScopes, tokenExpiresAt };
createToken.SetAction((parse, cancellationToken) => WithScopeAsync<WorkspaceAdmin>(async admin =>
{
    var id = parse.GetRequiredValue(tokenWorkspace);
    var created = Done(
        await admin.CreateTokenAsync(id, parse.GetRequiredValue(tokenName), parse.GetRequiredValue(tokenScopes), parse.GetValue(tokenExpiresAt), cancellationToken),
        $"No workspace '{id}'.");
    Console.WriteLine(created.Jwt);
}));
var listTokens = new Command("list", "List a workspace's tokens (never their secrets)") { tokenWorkspace };
listTokens.SetAction((parse, cancellationToken) => WithScopeAsync<ControlPlaneDbContext>(async control =>
{
    var id = parse.GetRequiredValue(tokenWorkspace);
    foreach (var t in await control.Tokens.AsNoTracking().Where(t => t.WorkspaceId == id).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken))
    {
        Console.WriteLine($"{t.Id}\t{(t.RevokedAt is null ? "active" : "revoked")}\t{t.Scopes.Replace(' ', ',')}\t{t.Name}");
    }
}));

var tokenId = new Argument<string>("token-id") { Description = "Token id (tok_...)" };
var revokeToken = new Command("revoke", "Revoke a token (other instances stop accepting it within 5 s)") { tokenId };
revokeToken.SetAction((parse, cancellationToken) => WithScopeAsync<WorkspaceAdmin>(async admin =>
{
    var id = parse.GetRequiredValue(tokenId);
    Done(await admin.RevokeTokenAsync(id, null, cancellationToken), $"No token '{id}'.");
    Console.WriteLine($"{id}: revoked");
}));
root.Subcommands.Add(new Command("token", "Manage workspace tokens") { createToken, listTokens, revokeToken });

var companyWorkspace = new Option<string>("--workspace") { Description = "Workspace id", Required = true };
var listCompanies = new Command("list", "List a workspace's companies, oldest first: id, companyId, memberCount") { companyWorkspace };
listCompanies.SetAction((parse, cancellationToken) => WithScopeAsync<IServiceProvider>(async services =>
{
    var id = parse.GetRequiredValue(companyWorkspace);
    var workspace = await services.GetRequiredService<ControlPlaneDbContext>().Workspaces.AsNoTracking()
        .FirstOrDefaultAsync(w => w.Id == id && w.Status != WorkspaceStatus.Provisioning, cancellationToken)
        ?? throw new InvalidOperationException($"No workspace '{id}'.");
    await using var people = services.GetRequiredService<PeopleContextPools>().CreateDirect(new FixedWorkspaceSchema(workspace.SchemaName, workspace.Server));
    var companies = people.Companies.AsNoTracking().OrderBy(c => c.Seq)
        .Select(c => new { c.Id, c.ExternalId, Members = people.Memberships.Count(m => m.CompanySeq == c.Seq) });
    await foreach (var c in companies.AsAsyncEnumerable().WithCancellation(cancellationToken))
    {
        Console.WriteLine($"{c.Id}\t{c.ExternalId}\t{c.Members}");
    }
}));
root.Subcommands.Add(new Command("company", "Read a workspace's companies") { listCompanies });

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

static IHost BuildHost()
{
    // A source checkout defaults to Development so the repository's settings file applies; production sets DOTNET_ENVIRONMENT.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
    });
    builder.Configuration.AddRepositoryDevelopmentSettings(builder.Environment);
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
    // Failures surface as exceptions with their own message; EF's per-command log would repeat them (and logs
    // the expected miss of a not-yet-created migrations table).
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
    builder.Services.AddWorkspacesDatabase();
    return builder.Build();
}

// The value of a change WorkspaceAdmin made, or the reason it refused, as the message of a failed command.
static T Done<T>(AdminResult<T> result, string notFound) => result switch
{
    { Outcome: AdminOutcome.Done, Value: { } value } => value,
    { Outcome: AdminOutcome.Invalid, Errors: { } errors } =>
        throw new InvalidOperationException(string.Join(Environment.NewLine, errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))),
    _ => throw new InvalidOperationException(notFound),
};

static async Task WithScopeAsync<T>(Func<T, Task> action)
    where T : notnull
{
    using var host = BuildHost();
    await using var scope = host.Services.CreateAsyncScope();
    await action(scope.ServiceProvider.GetRequiredService<T>());
}
