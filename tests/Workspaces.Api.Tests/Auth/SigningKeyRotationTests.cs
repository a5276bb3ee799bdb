using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Auth;

// Rotating the workspace-token keys, on two running instances that read the same watched configuration file
// (README "Configuration", docs/security.md runbook): add a key, make it the signing key, retire the old one.
// Each step reaches both instances within the propagation bound; tokens of a key keep working until it is retired.
public sealed class SigningKeyRotationTests : ApiTest
{
    private const string Ws = "acme";
    private const string NewKey = "k2";
    private static readonly string NewPrivateKey = System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem();

    private string _directory = null!;
    private string _file = null!;
    private ApiFactory _first = null!;
    private ApiFactory _second = null!;

    [SetUp]
    public void StartInstances()
    {
        _directory = Directory.CreateTempSubdirectory("workspaces-keys-").FullName;
        _file = Path.Combine(_directory, "keys.json");
        WriteKeys(new { });
        _first = new ApiFactory(settingsFile: _file);
        _second = new ApiFactory(settingsFile: _file);
    }

    [TearDown]
    public async Task StopInstancesAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Add_switch_and_retire_reach_both_instances_and_only_the_retired_keys_tokens_are_refused()
    {
        await CreateWorkspaceAsync(Ws, _first);
        var legacy = await MintAsync(_first);
        Assert.That(new JsonWebToken(legacy).Kid, Is.EqualTo("legacy"), "before any rotation the legacy key signs, under kid \"legacy\"");
        var tokenId = new JsonWebToken(legacy).Id;
        var withoutKid = Tokens.WithoutKeyId(Ws, tokenId, _first);
        var withNewKey = Tokens.SignedBy(NewKey, NewPrivateKey, Ws, tokenId);
        using var legacyOnSecond = Client(legacy, _second);
        using var withoutKidOnSecond = Client(withoutKid, _second);
        using var newKeyOnSecond = Client(withNewKey, _second);
        await AssertUpsertAnsweredWithinBoundAsync(legacyOnSecond, Ws, HttpStatusCode.Created, Stopwatch.StartNew());
        await AssertUpsertAnsweredWithinBoundAsync(withoutKidOnSecond, Ws, HttpStatusCode.OK, Stopwatch.StartNew());
        var cursor = await FirstPageCursorAsync(legacy);
        using (var early = await UpsertAsync(newKeyOnSecond, Ws, new { userId = "u1" }))
        {
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a key not yet added");
        }

        // 1. Add the new key, for validation only: both instances accept its tokens; the legacy key still signs.
        var since = Stopwatch.StartNew();
        WriteKeys(new { SigningKeys = new Dictionary<string, object> { [NewKey] = new { PrivateKey = NewPrivateKey } } });
        await AssertUpsertAnsweredWithinBoundAsync(newKeyOnSecond, Ws, HttpStatusCode.OK, since, meanwhile: HttpStatusCode.Unauthorized);
        using (var newKeyOnFirst = Client(withNewKey, _first))
        {
            await AssertUpsertAnsweredWithinBoundAsync(newKeyOnFirst, Ws, HttpStatusCode.OK, since, meanwhile: HttpStatusCode.Unauthorized);
        }

        Assert.That(new JsonWebToken(await MintAsync(_first)).Kid, Is.EqualTo("legacy"));

        // 2. Make it the signing key: both instances sign with it; tokens of either key work on both.
        since = Stopwatch.StartNew();
        WriteKeys(new { SigningKeys = new Dictionary<string, object> { [NewKey] = new { PrivateKey = NewPrivateKey, Signing = true } } });
        foreach (var instance in new[] { _first, _second })
        {
            string minted;
            while (new JsonWebToken(minted = await MintAsync(instance)).Kid != NewKey && since.Elapsed < PropagationBound)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }

            Assert.That(new JsonWebToken(minted).Kid, Is.EqualTo(NewKey), $"signing with the new key {since.Elapsed} after the switch");
            Assert.That(new JsonWebToken(minted).Alg, Is.EqualTo("RS256"));
            foreach (var other in new[] { _first, _second })
            {
                using var client = Client(minted, other);
                using var response = await UpsertAsync(client, Ws, new { userId = "u1" });
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
        }

        await AssertUpsertAnsweredWithinBoundAsync(legacyOnSecond, Ws, HttpStatusCode.OK, Stopwatch.StartNew());
        await AssertUpsertAnsweredWithinBoundAsync(withoutKidOnSecond, Ws, HttpStatusCode.OK, Stopwatch.StartNew());
        Assert.That(await NextPageStatusAsync(withNewKey, cursor), Is.EqualTo(HttpStatusCode.OK), "a cursor made before the switch still pages");

        // 3. Retire the legacy key: its tokens, with or without kid, are refused on both instances; the new key's work.
        since = Stopwatch.StartNew();
        WriteKeys(new { SigningKey = "", SigningKeys = new Dictionary<string, object> { [NewKey] = new { PrivateKey = NewPrivateKey, Signing = true } } });
        await AssertUpsertAnsweredWithinBoundAsync(legacyOnSecond, Ws, HttpStatusCode.Unauthorized, since);
        await AssertUpsertAnsweredWithinBoundAsync(withoutKidOnSecond, Ws, HttpStatusCode.Unauthorized, since);
        using (var legacyOnFirst = Client(legacy, _first))
        {
            await AssertUpsertAnsweredWithinBoundAsync(legacyOnFirst, Ws, HttpStatusCode.Unauthorized, since);
        }

        using (var response = await UpsertAsync(newKeyOnSecond, Ws, new { userId = "u1" }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the new key's tokens outlive the retirement");
        }

        Assert.That(await NextPageStatusAsync(withNewKey, cursor), Is.EqualTo(HttpStatusCode.BadRequest), "a cursor of the retired key is refused; the listing starts again");
    }

    // Algorithm confusion: a token naming the RSA key's kid but "signed" HS256 with that key's public key as the secret.
    [Test]
    public async Task A_token_naming_an_RSA_key_but_signed_HS256_with_its_public_key_is_401()
    {
        await CreateWorkspaceAsync(Ws, _first);
        var tokenId = new JsonWebToken(await MintAsync(_first)).Id;
        WriteKeys(new { SigningKeys = new Dictionary<string, object> { [NewKey] = new { PrivateKey = NewPrivateKey } } });
        using var genuine = Client(Tokens.SignedBy(NewKey, NewPrivateKey, Ws, tokenId), _second);
        await AssertUpsertAnsweredWithinBoundAsync(genuine, Ws, HttpStatusCode.Created, Stopwatch.StartNew(), meanwhile: HttpStatusCode.Unauthorized);

        var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(NewPrivateKey);
        var forged = Tokens.SignedWithSecret(NewKey, System.Text.Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()), Ws, tokenId);
        using var client = Client(forged, _second);
        using var response = await UpsertAsync(client, Ws, new { userId = "u1" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    // The watched file is replaced in one rename, so an instance never reads it half-written.
    private void WriteKeys(object auth)
    {
        var next = _file + ".next";
        File.WriteAllText(next, JsonSerializer.Serialize(new { Auth = auth }));
        File.Move(next, _file, overwrite: true);
    }

    private static async Task<string> MintAsync(ApiFactory instance)
    {
        using var admin = Client(AdminToken(instance), instance);
        using var response = await admin.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/tokens", new { name = "app", scopes = new[] { "people:read", "people:write" } });
        return (await BodyAsync(response))["token"]!.GetValue<string>();
    }

    private async Task<string> FirstPageCursorAsync(string token)
    {
        using var client = Client(token, _first);
        using (var second = await UpsertAsync(client, Ws, new { userId = "u2" }))
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var page = await client.GetAsync($"/v1/workspaces/{Ws}/people?limit=1");
        return (await BodyAsync(page))["nextCursor"]!.GetValue<string>();
    }

    private async Task<HttpStatusCode> NextPageStatusAsync(string token, string cursor)
    {
        using var client = Client(token, _second);
        using var page = await client.GetAsync($"/v1/workspaces/{Ws}/people?limit=1&cursor={Uri.EscapeDataString(cursor)}");
        return page.StatusCode;
    }
}
