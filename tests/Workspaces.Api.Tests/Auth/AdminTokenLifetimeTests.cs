using System.Net;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Auth;

// Admin tokens must expire, within Auth:Admin:MaxLifetime (1 hour by default), measured as exp - iat, or exp - nbf
// when the token has no iat. Here for the service-signed admin tokens of Development; AdminIdentityProviderTests holds
// the provider's tokens to the same rule.
public sealed class AdminTokenLifetimeTests : ApiTest
{
    [Test]
    public async Task A_service_signed_admin_token_within_MaxLifetime_is_accepted_in_Development() =>
        Assert.That(await ListWorkspacesAsync(Tokens.Admin(TimeSpan.FromMinutes(59))), Is.EqualTo(HttpStatusCode.OK));

    [Test]
    public async Task An_admin_token_without_exp_is_401() =>
        Assert.That(await ListWorkspacesAsync(Tokens.Admin(lifetime: null)), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task An_admin_token_living_longer_than_MaxLifetime_is_401() =>
        Assert.That(await ListWorkspacesAsync(Tokens.Admin(TimeSpan.FromDays(365))), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Without_iat_the_lifetime_is_exp_minus_nbf() =>
        Assert.That(await ListWorkspacesAsync(Tokens.Admin(TimeSpan.FromHours(2), withIssuedAt: false)), Is.EqualTo(HttpStatusCode.Unauthorized));

    private static async Task<HttpStatusCode> ListWorkspacesAsync(string token)
    {
        using var client = Client(token);
        using var response = await client.GetAsync("/v1/admin/workspaces");
        return response.StatusCode;
    }
}
