namespace Workspaces.Api.Tests;

// Database:Provider names the engine; composition (DatabaseEngines) is the only place that reads it.
public sealed class DatabaseEngineTests
{
    [Test]
    public async Task An_unknown_provider_stops_the_service_at_start_and_says_which()
    {
        await using var api = new Testing.ApiFactory(settings: new Dictionary<string, string> { ["Database:Provider"] = "Oracle" });

        Assert.That(() => api.CreateClient(), Throws.InvalidOperationException.With.Message.Contains("'Oracle' is not supported"));
    }
}
