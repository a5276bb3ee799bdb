using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Input;

// Over a real Kestrel server, byte for byte. Kestrel's limits sit at twice StrictInput's, so an over-long target or
// header block within them gets a problem; what Kestrel refuses itself (it cannot be hooked) is a 4xx with an empty
// body — the README lists these.
public sealed class KestrelRefusalTests : ApiTest
{
    private ApiFactory _kestrel = null!;
    private IPEndPoint _server = null!;

    [OneTimeSetUp]
    public void StartKestrel()
    {
        _kestrel = new ApiFactory();
        _kestrel.UseKestrel(0);
        _kestrel.StartServer();
        var address = new Uri(_kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _server = new IPEndPoint(IPAddress.Loopback, address.Port);
    }

    [OneTimeTearDown]
    public async Task StopKestrelAsync() => await _kestrel.DisposeAsync();

    [TestCase("/v1/admin/workspaces/%zz", 400)]
    [TestCase("/v1/admin/workspaces/%C0%80", 400)]
    [TestCase("/v1/admin/workspaces/%01", 400)]
    [TestCase("/v1/admin/workspaces?limit=%00", 400)]
    [TestCase("/v1/admin/workspaces?pad=LONG", 414)]
    public async Task What_reaches_the_application_is_answered_with_a_problem(string target, int status)
    {
        var response = await SendAsync(target.Replace("LONG", new string('a', 9000), StringComparison.Ordinal));

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.ContentType, Does.StartWith("application/problem+json"), response.BodyText);
    }

    [Test]
    public async Task Headers_over_the_application_limit_but_within_Kestrels_get_a_431_problem()
    {
        var response = await SendAsync("/v1/admin/workspaces", ("X-Padding", new string('h', 40_000)));

        Assert.That(response.Status, Is.EqualTo(431));
        Assert.That(response.ContentType, Does.StartWith("application/problem+json"));
    }

    [TestCase("/v1/admin/workspaces/%00", 400)]
    [TestCase("/v1/admin/workspaces?a=b c", 400)]
    [TestCase("/v1/admin/workspaces?pad=LONG", 414)]
    public async Task What_Kestrel_refuses_itself_is_a_4xx_with_an_empty_body(string target, int status)
    {
        var response = await SendAsync(target.Replace("LONG", new string('a', 17_000), StringComparison.Ordinal));

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.Body, Is.Empty);
    }

    [Test]
    public async Task Headers_over_Kestrels_limit_are_a_431_with_an_empty_body()
    {
        var response = await SendAsync("/v1/admin/workspaces", ("X-Padding", new string('h', 70_000)));

        Assert.That(response.Status, Is.EqualTo(431));
        Assert.That(response.Body, Is.Empty);
    }

    private Task<RawResponse> SendAsync(string target, params (string Name, string Value)[] headers) => RawHttp.SendAsync(
        _server,
        RawHttp.Request("GET", Encoding.Latin1.GetBytes(target), [("Authorization", Encoding.ASCII.GetBytes("Bearer " + AdminToken())), .. headers.Select(h => (h.Name, Encoding.ASCII.GetBytes(h.Value)))], null),
        CancellationToken.None);
}
