using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workspaces.Api.Tests.Telemetry;

// The check behind every test's TearDown (Testing/LogSecrets.cs) finds a secret that was logged, so its silence means something.
public sealed class LogSecretsTests : WorkspaceTest
{
    [Test]
    public async Task A_token_or_email_logged_by_the_API_is_found()
    {
        using var response = await UpsertAsync(WsClient, Ws, new { userId = "u1", email = "leaky.person@example.com" });
        var token = WsClient.DefaultRequestHeaders.Authorization!.Parameter!;
        var logger = Api.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Leaky");

        logger.LogTrace("careless {Token}", token);
        logger.LogDebug("careless {Email}", "leaky.person@example.com");
        var leaks = Testing.LogSecrets.TakeLeaks(TestContext.CurrentContext.Test.ID);

        Assert.That(leaks, Has.Some.Contains(token));
        Assert.That(leaks, Has.Some.Contains("leaky.person@example.com"));
    }
}
