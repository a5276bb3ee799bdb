using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Servers;

// A test against an API that places workspaces on two database servers: "default" (the control plane's, the run's
// first PostgreSQL cluster) and "db2" (the second cluster infra/test.sh starts).
[PostgreSqlOnly("the second database server is a second local PostgreSQL cluster")]
public abstract class ServersTest : ApiTest
{
    protected ApiFactory TwoServers { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartTwoServerApi()
    {
        TwoServers = new ApiFactory(settings: SecondServer.Settings);
        TwoServers.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public async Task StopTwoServerApiAsync()
    {
        await TwoServers.DisposeAsync();
        await SecondServer.DropWorkspaceSchemasAsync();
    }

    [SetUp]
    public async Task ResetSecondServerAsync()
    {
        await SecondServer.DropWorkspaceSchemasAsync();
        ((MemoryCache)TwoServers.Services.GetRequiredService<IMemoryCache>()).Clear();
    }

    /// <returns>The created workspace as the admin API shows it.</returns>
    protected async Task<JsonObject> CreateOnAsync(string id, string? server = null)
    {
        using var admin = Client(AdminToken(TwoServers), TwoServers);
        using var response = await admin.PostAsJsonAsync("/v1/admin/workspaces", server is null ? new { id, name = id } : (object)new { id, name = id, server });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    /// <returns>A read+write client of the two-server API for a new workspace on the given server.</returns>
    protected async Task<HttpClient> WorkspaceOnAsync(string id, string server)
    {
        await CreateOnAsync(id, server);
        return Client(await CreateTokenAsync(id), TwoServers);
    }
}
