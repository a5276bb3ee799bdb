using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.Admin;

// Contract §3 tokens: the secret is shown once, listings never carry it, bad requests are 400/404;
// §1: revocation takes effect on the revoking instance at once and on every other instance within 5 seconds.
public sealed class TokenTests : ApiTest
{
    private const string Ws = "acme";
    private const string TokensPath = $"/v1/admin/workspaces/{Ws}/tokens";
    private HttpClient _admin = null!;

    [SetUp]
    public async Task CreateWorkspaceAndAdminAsync()
    {
        await CreateWorkspaceAsync(Ws);
        _admin = Client(AdminToken());
    }

    [TearDown]
    public void DisposeAdminClient() => _admin.Dispose();

    [Test]
    public async Task Created_token_is_returned_once_and_listed_without_its_secret()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
        string id;
        string secret;
        using (var created = await _admin.PostAsJsonAsync(TokensPath, new { name = "web app", scopes = new[] { Scopes.PeopleWrite }, expiresAt }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            var body = await BodyAsync(created);
            id = body["id"]!.GetValue<string>();
            secret = body["token"]!.GetValue<string>();
            Assert.Multiple(() =>
            {
                Assert.That(secret, Is.Not.Empty);
                Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("web app"));
                Assert.That(body["scopes"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { Scopes.PeopleWrite }));
                Assert.That(body.ContainsKey("createdAt"), Is.True);
                Assert.That(body.ContainsKey("expiresAt"), Is.True);
            });
        }

        using var list = await _admin.GetAsync(TokensPath);
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var raw = await list.Content.ReadAsStringAsync();
        var tokens = JsonNode.Parse(raw)!["data"]!.AsArray();
        Assert.That(tokens, Has.Count.EqualTo(1));
        var listed = tokens[0]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(listed.ContainsKey("token"), Is.False, "the secret is never listed");
            Assert.That(raw, Does.Not.Contain(secret));
            Assert.That(listed.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name", "scopes", "createdAt", "expiresAt", "revokedAt" }));
            Assert.That(listed["id"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(listed["name"]!.GetValue<string>(), Is.EqualTo("web app"));
            Assert.That(listed["scopes"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { Scopes.PeopleWrite }));
            Assert.That(listed["expiresAt"], Is.Not.Null);
            Assert.That(listed["revokedAt"], Is.Null);
        });
    }

    [Test]
    public async Task Invalid_scopes_are_400_and_create_nothing(
        [Values("workspaces:admin", "none", "people:read people:write", "people:delete")] string scope)
    {
        using var response = await _admin.PostAsJsonAsync(TokensPath, new { name = "bad", scopes = new[] { scope } });

        await AssertValidationProblemAsync(response, "scopes");
        Assert.That(await TokenCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Empty_scopes_are_400_and_create_nothing()
    {
        using var response = await _admin.PostAsJsonAsync(TokensPath, new { name = "bad", scopes = Array.Empty<string>() });

        await AssertValidationProblemAsync(response, "scopes");
        Assert.That(await TokenCountAsync(), Is.Zero);
    }

    [Test]
    public async Task ExpiresAt_in_the_past_is_400_and_creates_nothing()
    {
        using var response = await _admin.PostAsJsonAsync(
            TokensPath, new { name = "stale", scopes = new[] { Scopes.PeopleRead }, expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        await AssertValidationProblemAsync(response, "expiresAt");
        Assert.That(await TokenCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Token_for_an_unknown_workspace_is_404()
    {
        using var response = await _admin.PostAsJsonAsync("/v1/admin/workspaces/nobody/tokens", new { name = "x", scopes = new[] { Scopes.PeopleRead } });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens"), Is.Zero);
    }

    [Test]
    public async Task Revoked_token_is_401_at_once_on_the_same_instance_even_after_it_was_used()
    {
        var token = await CreateTokenAsync(Ws);
        var tokenId = await OnlyTokenIdAsync();
        using var client = Client(token);
        using (var warm = await UpsertAsync(client, Ws, new { userId = "u1" }))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the token is live and now cached");
        }

        using (var revoke = await _admin.DeleteAsync($"{TokensPath}/{tokenId}"))
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await revoke.Content.ReadAsStringAsync());
        }

        using (var refused = await UpsertAsync(client, Ws, new { userId = "u2" }))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await refused.Content.ReadAsStringAsync());
            Assert.That(refused.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        }

        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Ws))!), Is.EqualTo(1), "nothing written after revocation");
        Assert.That(
            await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens WHERE \"Id\" = $1 AND \"RevokedAt\" IS NOT NULL", tokenId),
            Is.EqualTo(1));
        using var list = await _admin.GetAsync(TokensPath);
        Assert.That((await BodyAsync(list))["data"]![0]!["revokedAt"], Is.Not.Null);
    }

    [Test]
    public async Task Revoking_an_unknown_token_is_404()
    {
        using var response = await _admin.DeleteAsync($"{TokensPath}/tok_unknown");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Revoking_twice_is_204_both_times_and_keeps_the_first_revocation_time()
    {
        await CreateTokenAsync(Ws);
        var tokenId = await OnlyTokenIdAsync();

        using (var first = await _admin.DeleteAsync($"{TokensPath}/{tokenId}"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var revokedAt = await Database.ScalarAsync<DateTime>("SELECT \"RevokedAt\" FROM control.tokens WHERE \"Id\" = $1", tokenId);
        using (var second = await _admin.DeleteAsync($"{TokensPath}/{tokenId}"))
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(await Database.ScalarAsync<DateTime>("SELECT \"RevokedAt\" FROM control.tokens WHERE \"Id\" = $1", tokenId), Is.EqualTo(revokedAt));
    }

    [Test]
    public async Task Revocation_reaches_another_instance_within_5_seconds()
    {
        await using var other = new ApiFactory();
        var token = await CreateTokenAsync(Ws);
        var tokenId = await OnlyTokenIdAsync();
        using var here = Client(token);
        using var there = Client(token, other);

        // Both instances have seen the token live, so both have it cached.
        using (var first = await UpsertAsync(here, Ws, new { userId = "u1" }))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        }

        using (var second = await UpsertAsync(there, Ws, new { userId = "u1" }))
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), await second.Content.ReadAsStringAsync());
        }

        using (var revoke = await _admin.DeleteAsync($"{TokensPath}/{tokenId}"))
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var revokedAt = Stopwatch.StartNew();
        using (var refused = await UpsertAsync(here, Ws, new { userId = "u1" }))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the revoking instance refuses at once");
        }

        await AssertUpsertAnsweredWithinBoundAsync(there, Ws, HttpStatusCode.Unauthorized, revokedAt);
    }

    private async Task<string> OnlyTokenIdAsync()
    {
        using var list = await _admin.GetAsync(TokensPath);
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var data = (await BodyAsync(list))["data"]!.AsArray();
        Assert.That(data, Has.Count.EqualTo(1));
        return data[0]!["id"]!.GetValue<string>();
    }

    private static Task<long> TokenCountAsync() =>
        Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens WHERE \"WorkspaceId\" = $1", Ws);
}
