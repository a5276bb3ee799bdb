using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.Tokens;

namespace Workspaces.Api.Tests.Isolation;

// Every route of the API, sent with every kind of credential that must be refused, answers the exact status
// and changes nothing in either workspace's schema or in the control plane. A route missing here fails
// Every_route_of_the_app_is_in_the_matrix.
public sealed class IsolationMatrixTests : ApiTest
{
    private const string A = "ws-a";
    private const string B = "ws-b";

    public enum Access
    {
        Read,
        Write,
        Admin,
    }

    public sealed record Route(string Method, string Path, Access Access, string? Body = null)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    // The app's own route templates: {workspaceId} and an admin {id} are workspace A, a people {id} and {personId} are one
    // of A's people, a companies {id} is one of A's companies (of which that person is a member), {tokenId} one of A's tokens.
    private static readonly Route[] Routes =
    [
        new("POST", "/v1/workspaces/{workspaceId}/people/upsert", Access.Write, """{"userId":"intruder","email":"intruder@example.com"}"""),
        new("POST", "/v1/workspaces/{workspaceId}/people/batch", Access.Write, """{"people":[{"userId":"intruder"}]}"""),
        new("GET", "/v1/workspaces/{workspaceId}/people", Access.Read),
        new("GET", "/v1/workspaces/{workspaceId}/people/{id}", Access.Read),
        new("DELETE", "/v1/workspaces/{workspaceId}/people/{id}", Access.Write),
        new("GET", "/v1/workspaces/{workspaceId}/people/{id}/companies", Access.Read),
        new("POST", "/v1/workspaces/{workspaceId}/companies/upsert", Access.Write, """{"companyId":"intruder","traits":{"x":1}}"""),
        new("GET", "/v1/workspaces/{workspaceId}/companies", Access.Read),
        new("GET", "/v1/workspaces/{workspaceId}/companies/{id}", Access.Read),
        new("DELETE", "/v1/workspaces/{workspaceId}/companies/{id}", Access.Write),
        new("PUT", "/v1/workspaces/{workspaceId}/companies/{id}/members/{personId}", Access.Write, """{"attributes":{"role":"intruder"}}"""),
        new("DELETE", "/v1/workspaces/{workspaceId}/companies/{id}/members/{personId}", Access.Write),
        new("GET", "/v1/workspaces/{workspaceId}/companies/{id}/members", Access.Read),
        new("POST", "/v1/admin/workspaces", Access.Admin, """{"id":"intruder","name":"Intruder"}"""),
        new("GET", "/v1/admin/workspaces", Access.Admin),
        new("GET", "/v1/admin/workspaces/{id}", Access.Admin),
        new("PATCH", "/v1/admin/workspaces/{id}", Access.Admin, """{"status":"suspended"}"""),
        new("DELETE", "/v1/admin/workspaces/{id}", Access.Admin),
        new("POST", "/v1/admin/workspaces/{id}/move", Access.Admin, """{"server":"default"}"""),
        new("POST", "/v1/admin/workspaces/{id}/tokens", Access.Admin, """{"name":"intruder","scopes":["people:write"]}"""),
        new("GET", "/v1/admin/workspaces/{id}/tokens", Access.Admin),
        new("DELETE", "/v1/admin/workspaces/{id}/tokens/{tokenId}", Access.Admin),
    ];

    [Test]
    public void Every_route_of_the_app_is_in_the_matrix()
    {
        var appRoutes = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/v{version:apiVersion}", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m =>
                $"{m} {e.RoutePattern.RawText!.Replace("/v{version:apiVersion}", "/v1", StringComparison.Ordinal).TrimEnd('/')}"))
            .Order()
            .ToList();
        var matrix = Routes.Select(r => r.ToString()).Order().ToList();

        Assert.That(matrix, Is.EquivalentTo(appRoutes));
    }

    [TestCaseSource(nameof(Routes))]
    public async Task Route_refuses_every_caller_it_must_and_changes_nothing(Route route)
    {
        var (personId, companyId, tokenId, credentials) = await ArrangeAsync(route);
        var before = await SnapshotAsync();

        foreach (var (caller, token, expected) in credentials)
        {
            using var client = Client(token);
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), Expand(route.Path, personId, companyId, tokenId));
            if (route.Body is not null)
            {
                request.Content = new StringContent(route.Body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);

            Assert.That(response.StatusCode, Is.EqualTo(expected), $"{route} as {caller}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{route} as {caller}");
            if (expected == HttpStatusCode.Unauthorized)
            {
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"), $"{route} as {caller}");
            }
        }

        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "nothing changed in either schema or the control plane");
    }

    private static async Task<(string PersonId, string CompanyId, string TokenId, List<(string Caller, string? Token, HttpStatusCode Expected)>)> ArrangeAsync(Route route)
    {
        await CreateWorkspaceAsync(A);
        await CreateWorkspaceAsync(B);
        var aToken = await CreateTokenAsync(A);
        using var a = Client(aToken);
        var person = await BodyAsync(await UpsertAsync(a, A, new { userId = "a-user", email = "a@example.com", companies = new[] { new { companyId = "shared-id" } } }));
        using (var b = Client(await CreateTokenAsync(B)))
        {
            await UpsertAsync(b, B, new { userId = "b-user", email = "b@example.com", companies = new[] { new { companyId = "shared-id" } } });
        }

        var tokenId = (await Database.ScalarAsync<string>("SELECT min(\"Id\") FROM control.tokens WHERE \"WorkspaceId\" = $1", A))!;
        var revoked = await CreateTokenAsync(A);
        var revokedId = (await Database.ScalarAsync<string>("SELECT max(\"Id\") FROM control.tokens WHERE \"WorkspaceId\" = $1", A))!;
        await Database.ScalarAsync<int>("UPDATE control.tokens SET \"RevokedAt\" = CURRENT_TIMESTAMP WHERE \"Id\" = $1", revokedId);

        var forbidden = HttpStatusCode.Forbidden;
        var credentials = new List<(string, string?, HttpStatusCode)>
        {
            ("no token", null, HttpStatusCode.Unauthorized),
            ("a garbage token", Tokens.Garbage, HttpStatusCode.Unauthorized),
            ("a forged signature", Tokens.Forged(A, tokenId), HttpStatusCode.Unauthorized),
            ("alg=none", Tokens.AlgNone(A, tokenId), HttpStatusCode.Unauthorized),
            ("an expired token", Tokens.Expired(A, tokenId), HttpStatusCode.Unauthorized),
            ("a wrong issuer", Tokens.WithIssuer("https://elsewhere.example", A, tokenId), HttpStatusCode.Unauthorized),
            ("a wrong audience", Tokens.WithAudience("someone-else", A, tokenId), HttpStatusCode.Unauthorized),
            ("a revoked token", revoked, HttpStatusCode.Unauthorized),
            ("the other workspace's token", await CreateTokenAsync(B), forbidden),
        };
        credentials.Add(route.Access switch
        {
            Access.Read => ("a token without people:read", await CreateTokenAsync(A, Scopes.PeopleWrite), forbidden),
            Access.Write => ("a token without people:write", await CreateTokenAsync(A, Scopes.PeopleRead), forbidden),
            _ => ("a workspace token", aToken, forbidden),
        });
        if (route.Access != Access.Admin)
        {
            credentials.Add(("an admin token", AdminToken(), forbidden));
        }

        return (person["id"]!.GetValue<string>(), person["companies"]![0]!["id"]!.GetValue<string>(), tokenId, credentials);
    }

    private static string Expand(string path, string personId, string companyId, string tokenId) => path
        .Replace("{workspaceId}", A, StringComparison.Ordinal)
        .Replace("{personId}", personId, StringComparison.Ordinal)
        .Replace(
            "{id}",
            path.StartsWith("/v1/admin/", StringComparison.Ordinal) ? A : path.Contains("/companies/{id}", StringComparison.Ordinal) ? companyId : personId,
            StringComparison.Ordinal)
        .Replace("{tokenId}", tokenId, StringComparison.Ordinal);

    // Every row of both workspaces' people, companies and memberships, and of the control plane.
    private static async Task<string> SnapshotAsync()
    {
        var parts = new List<string?>();
        foreach (var ws in new[] { A, B })
        {
            var schema = await Database.SchemaOfAsync(ws);
            parts.Add(await Database.RowsAsync($"\"{schema}\".people", "\"Seq\""));
            parts.Add(await Database.RowsAsync($"\"{schema}\".companies", "\"Seq\""));
            parts.Add(await Database.RowsAsync($"\"{schema}\".memberships", "\"Seq\""));
        }

        parts.Add(await Database.RowsAsync("control.workspaces", "\"Id\""));
        parts.Add(await Database.RowsAsync("control.tokens", "\"Id\""));
        parts.Add((await Database.WorkspaceSchemasAsync()).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("|", parts);
    }
}
