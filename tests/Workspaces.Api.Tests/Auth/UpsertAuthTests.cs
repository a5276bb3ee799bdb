using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.Auth;

// Contract §1 "Outcomes", one rule per test, on the upsert route (and the get-person route where cheap).
// Every refusal is an application/problem+json; every 401 carries WWW-Authenticate: Bearer; a refused upsert writes nothing.
// Each bad token differs from a real one of the workspace (same jti, workspace and scopes) in the one defect under test.
public sealed class UpsertAuthTests : ApiTest
{
    private const string Ws = "acme";
    private const string Other = "globex";
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly object Person = new { userId = "u1", email = "ada@example.com", traits = new { plan = "pro" } };

    private string _schema = null!;

    // A real read+write token of Ws, and its jti (the stored token id).
    private string _token = null!;
    private string _tokenId = null!;

    private static AuthOptions Settings => Api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value;

    [SetUp]
    public async Task ArrangeAsync()
    {
        await CreateWorkspaceAsync(Ws);
        _schema = (await Database.SchemaOfAsync(Ws))!;
        _token = await CreateTokenAsync(Ws, Scopes.PeopleRead, Scopes.PeopleWrite);
        _tokenId = new JsonWebToken(_token).Id;
    }

    [Test]
    public async Task Upsert_with_a_valid_workspace_token_is_accepted()
    {
        using var client = Client(_token);
        using var response = await UpsertAsync(client, Ws, Person);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(await Database.CountPeopleAsync(_schema), Is.EqualTo(1), "the matrix below is not refusing everything");
    }

    // ---- 401: no valid, live token ----

    [Test]
    public async Task Upsert_without_a_token_is_401_with_WWW_Authenticate()
    {
        await AssertUpsertRefusedAsync(null, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_malformed_token_is_401_with_WWW_Authenticate()
    {
        await AssertUpsertRefusedAsync(Tokens.Garbage, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_token_signed_by_another_key_is_401_with_WWW_Authenticate()
    {
        await AssertUpsertRefusedAsync(Tokens.Forged(Ws, _tokenId), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_an_unsigned_alg_none_token_is_401_with_WWW_Authenticate()
    {
        var token = Tokens.AlgNone(Ws, _tokenId);
        Assert.That(token, Does.EndWith("."), "an unsigned JWT: header.payload. with an empty signature");

        await AssertUpsertRefusedAsync(token, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_an_expired_token_is_401_with_WWW_Authenticate()
    {
        var token = Tokens.Expired(Ws, _tokenId);
        Assert.That(new JsonWebToken(token).ValidTo, Is.LessThan(DateTime.UtcNow.AddMinutes(-5)), "expired well beyond the 30 s clock skew");

        await AssertUpsertRefusedAsync(token, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_token_from_another_issuer_is_401_with_WWW_Authenticate()
    {
        await AssertUpsertRefusedAsync(Tokens.WithIssuer("https://elsewhere.example", Ws, _tokenId), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_token_for_another_audience_is_401_with_WWW_Authenticate()
    {
        await AssertUpsertRefusedAsync(Tokens.WithAudience("someone-else", Ws, _tokenId), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_revoked_token_is_401_with_WWW_Authenticate()
    {
        // Revoked before its first use, so no cache on the instance has seen it live.
        var token = await CreateTokenAsync(Ws, Scopes.PeopleWrite);
        await RevokeAsync(new JsonWebToken(token).Id);

        await AssertUpsertRefusedAsync(token, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_validly_signed_token_whose_jti_is_not_stored_is_401_with_WWW_Authenticate()
    {
        await AssertUpsertRefusedAsync(ValidlySigned(Ws, "tok_never_issued"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Upsert_with_a_validly_signed_token_naming_another_workspaces_jti_is_401_with_WWW_Authenticate()
    {
        // The jti is stored, but for Other: a token may not claim a workspace its stored row is not bound to.
        await CreateWorkspaceAsync(Other);
        var otherTokenId = new JsonWebToken(await CreateTokenAsync(Other)).Id;

        await AssertUpsertRefusedAsync(ValidlySigned(Ws, otherTokenId), HttpStatusCode.Unauthorized);
    }

    // ---- 403: a valid token that may not do this ----

    [Test]
    public async Task Upsert_with_a_token_without_people_write_is_403()
    {
        await AssertUpsertRefusedAsync(await CreateTokenAsync(Ws, Scopes.PeopleRead), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Upsert_with_an_admin_token_is_403()
    {
        await AssertUpsertRefusedAsync(AdminToken(), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Upsert_with_another_workspaces_valid_token_is_403()
    {
        await CreateWorkspaceAsync(Other);

        await AssertUpsertRefusedAsync(await CreateTokenAsync(Other), HttpStatusCode.Forbidden);
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Other))!), Is.Zero, "nothing written in the token's own workspace either");
    }

    [Test]
    public async Task Creating_a_workspace_with_a_workspace_token_is_403()
    {
        using var client = Client(_token);
        using var response = await client.PostAsJsonAsync("/v1/admin/workspaces", new { id = "intruder", name = "Intruder" });

        await AssertRefusalAsync(response, HttpStatusCode.Forbidden);
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.workspaces WHERE \"Id\" = $1", "intruder"), Is.Zero);
        Assert.That(await Database.SchemaOfAsync("intruder"), Is.Null);
    }

    [Test]
    public async Task Creating_a_token_with_a_workspace_token_is_403()
    {
        var before = await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens");
        using var client = Client(_token);
        using var response = await client.PostAsJsonAsync($"/v1/admin/workspaces/{Ws}/tokens", new { name = "escalation", scopes = new[] { Scopes.PeopleWrite } });

        await AssertRefusalAsync(response, HttpStatusCode.Forbidden);
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens"), Is.EqualTo(before));
    }

    [Test]
    public async Task Foreign_workspace_403_is_byte_identical_whether_or_not_the_workspace_exists()
    {
        await CreateWorkspaceAsync(Other);
        using var client = Client(_token);

        using var existing = await PostWithTraceAsync(client, $"/v1/workspaces/{Other}/people/upsert");
        using var missing = await PostWithTraceAsync(client, "/v1/workspaces/does-not-exist/people/upsert");

        var existingBody = await existing.Content.ReadAsStringAsync();
        var missingBody = await missing.Content.ReadAsStringAsync();
        Assert.That(existing.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), existingBody);
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), missingBody);
        Assert.That(existing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(missingBody, Is.EqualTo(existingBody), "no existence oracle in the body");
        Assert.That(missing.Content.Headers.ContentType?.ToString(), Is.EqualTo(existing.Content.Headers.ContentType?.ToString()));
        Assert.That(missing.Content.Headers.ContentLength, Is.EqualTo(existing.Content.Headers.ContentLength));
        Assert.That(await Database.CountPeopleAsync((await Database.SchemaOfAsync(Other))!), Is.Zero);
    }

    // ---- The same rules on GET /v1/workspaces/{workspaceId}/people/{id} ----

    [Test]
    public async Task Get_person_without_a_token_is_401_with_WWW_Authenticate()
    {
        await AssertGetRefusedAsync(null, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Get_person_with_an_expired_token_is_401_with_WWW_Authenticate()
    {
        await AssertGetRefusedAsync(Tokens.Expired(Ws, _tokenId), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Get_person_with_a_revoked_token_is_401_with_WWW_Authenticate()
    {
        var token = await CreateTokenAsync(Ws, Scopes.PeopleRead);
        await RevokeAsync(new JsonWebToken(token).Id);

        await AssertGetRefusedAsync(token, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Get_person_with_a_token_without_people_read_is_403()
    {
        await AssertGetRefusedAsync(await CreateTokenAsync(Ws, Scopes.PeopleWrite), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Get_person_with_an_admin_token_is_403()
    {
        await AssertGetRefusedAsync(AdminToken(), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Get_person_with_another_workspaces_valid_token_is_403()
    {
        await CreateWorkspaceAsync(Other);

        await AssertGetRefusedAsync(await CreateTokenAsync(Other), HttpStatusCode.Forbidden);
    }

    private static string ValidlySigned(string workspaceId, string tokenId) =>
        Tokens.WithAudience(Settings.Audience, workspaceId, tokenId);

    private static async Task RevokeAsync(string tokenId)
    {
        await Database.ScalarAsync<int>("UPDATE control.tokens SET \"RevokedAt\" = CURRENT_TIMESTAMP WHERE \"Id\" = $1", tokenId);
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM control.tokens WHERE \"Id\" = $1 AND \"RevokedAt\" IS NOT NULL", tokenId), Is.EqualTo(1));
    }

    private static async Task<HttpResponseMessage> PostWithTraceAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Person) };
        request.Headers.Add("traceparent", TraceParent);
        return await client.SendAsync(request);
    }

    private async Task AssertUpsertRefusedAsync(string? token, HttpStatusCode expected)
    {
        using var client = Client(token);
        using var response = await UpsertAsync(client, Ws, Person);

        await AssertRefusalAsync(response, expected);
        Assert.That(await Database.CountPeopleAsync(_schema), Is.Zero, "a refused upsert writes nothing");
    }

    private async Task AssertGetRefusedAsync(string? token, HttpStatusCode expected)
    {
        string id;
        using (var owner = Client(_token))
        using (var created = await UpsertAsync(owner, Ws, Person))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            id = (await BodyAsync(created))["id"]!.GetValue<string>();
        }

        using var client = Client(token);
        using var response = await client.GetAsync($"/v1/workspaces/{Ws}/people/{id}");

        await AssertRefusalAsync(response, expected);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("ada@example.com"), "no person data in a refusal");
    }

    private static async Task AssertRefusalAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        Assert.That((await BodyAsync(response))["status"]?.GetValue<int>(), Is.EqualTo((int)expected), body);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        }
    }
}
