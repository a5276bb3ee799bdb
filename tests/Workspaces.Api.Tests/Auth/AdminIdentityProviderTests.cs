using System.Net;
using System.Net.Http.Json;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Auth;

// Outside Development admins come from the OpenID Connect provider (Auth:Admin), checked through its discovery
// document and JWKS; the service's own key mints no admin tokens there. The API here runs as Production, against a
// provider the test starts on loopback (so plain-HTTP discovery is allowed), refreshing its keys at most every second.
public sealed class AdminIdentityProviderTests : ApiTest
{
    private const string AdminAudience = "workspaces-admin-api";
    private const string ProductionKey = "a-production-secret-of-at-least-32-bytes!";
    private static readonly Dictionary<string, object> AdminRole = new() { ["roles"] = new[] { "viewer", "workspaces-admin" } };

    private IdentityProvider _provider = null!;
    private ApiFactory _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = await IdentityProvider.StartAsync();
        _api = new ApiFactory(settings: new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Auth:Issuer"] = "https://workspaces.example",
            ["Auth:Audience"] = "workspaces-api",
            ["Auth:SigningKey"] = ProductionKey,
            ["Auth:Admin:Authority"] = _provider.Issuer,
            ["Auth:Admin:Audience"] = AdminAudience,
            ["Auth:Admin:ClaimType"] = "roles",
            ["Auth:Admin:ClaimValue"] = "workspaces-admin",
            ["Auth:Admin:RefreshInterval"] = "00:00:01",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Test]
    public async Task A_provider_token_with_the_admin_claim_is_an_admin_outside_Development() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10))), Is.EqualTo(HttpStatusCode.OK));

    [Test]
    public async Task A_provider_token_without_the_admin_claim_is_403() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, new Dictionary<string, object> { ["roles"] = "viewer" }, TimeSpan.FromMinutes(10))), Is.EqualTo(HttpStatusCode.Forbidden));

    [Test]
    public async Task A_provider_token_carrying_workspaces_admin_as_its_own_scope_claim_is_403() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, new Dictionary<string, object> { ["scope"] = "workspaces:admin" }, TimeSpan.FromMinutes(10))), Is.EqualTo(HttpStatusCode.Forbidden));

    [Test]
    public async Task A_provider_token_for_another_audience_is_401() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token("another-api", AdminRole, TimeSpan.FromMinutes(10))), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task A_provider_token_from_another_issuer_is_401() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10), issuer: "https://evil.example/")), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task A_provider_token_signed_by_a_key_not_in_its_JWKS_is_401() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10), IdentityProvider.NewRsaKey())), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task A_provider_token_without_exp_is_401() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, lifetime: null)), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task A_provider_token_living_longer_than_MaxLifetime_is_401() =>
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1))), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task An_admin_token_signed_with_the_services_key_is_401_outside_Development() =>
        Assert.That(await ListWorkspacesAsync(Tokens.Admin(TimeSpan.FromMinutes(10), _api)), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Workspace_tokens_still_work_outside_Development_and_are_403_on_admin_routes()
    {
        var admin = _provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10));
        using var adminClient = Client(admin, _api);
        using var created = await adminClient.PostAsJsonAsync("/v1/admin/workspaces", new { id = "acme", name = "Acme" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var minted = await adminClient.PostAsJsonAsync("/v1/admin/workspaces/acme/tokens", new { name = "app", scopes = new[] { "people:write" } });
        var token = (await BodyAsync(minted))["token"]!.GetValue<string>();

        using var client = Client(token, _api);
        using var upsert = await UpsertAsync(client, "acme", new { userId = "u1" });
        Assert.That(upsert.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ListWorkspacesAsync(token), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    // The provider rotates: a new key (EC this time, a new kid) signs, the old one leaves its JWKS. The running API
    // fetches the JWKS again when it meets the unknown kid (at most every RefreshInterval), without a restart.
    [Test]
    public async Task A_key_rollover_at_the_provider_is_picked_up_and_the_removed_key_is_refused()
    {
        var oldKey = _provider.CurrentKey;
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10))), Is.EqualTo(HttpStatusCode.OK));

        _provider.Rollover(IdentityProvider.NewEcKey());
        var newToken = _provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10));
        var since = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = await ListWorkspacesAsync(newToken)) != HttpStatusCode.OK && since.Elapsed < TimeSpan.FromSeconds(10))
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "until the new JWKS is fetched");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "a token signed with the provider's new key");
        Assert.That(await ListWorkspacesAsync(_provider.Token(AdminAudience, AdminRole, TimeSpan.FromMinutes(10), oldKey)), Is.EqualTo(HttpStatusCode.Unauthorized), "a token signed with the removed key");
    }

    private async Task<HttpStatusCode> ListWorkspacesAsync(string token)
    {
        using var client = Client(token, _api);
        using var response = await client.GetAsync("/v1/admin/workspaces");
        return response.StatusCode;
    }
}
