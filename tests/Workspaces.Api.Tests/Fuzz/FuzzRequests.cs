using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Fuzz;

// Requests over every route: valid ones (which may change state) and hostile ones (which must be refused and change
// nothing). Every hostile request carries at least one defect the contract refuses, whatever else it holds.
public sealed partial class FuzzRequests(Random random, FuzzState state)
{
    private const string People = "/v1/workspaces/" + FuzzState.Ws + "/people";
    private const string Admin = "/v1/admin/workspaces";
    private const string Companies = "/v1/workspaces/" + FuzzState.Ws + "/companies";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] TraitKeys = ["plan", "seats", "ключ", "😀", "nested", "a.b", "tags", "k" + new string('x', 120)];

    // Text that must be refused wherever it appears inside a JSON string (raw bytes or the JSON escape as sent).
    private static readonly byte[][] BadText =
    [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
        "\\ud800"u8.ToArray(), "\\udfff"u8.ToArray(), "\\ud83d\\u0041"u8.ToArray(), "\\ude00\\ud83d"u8.ToArray(), "\\u0000"u8.ToArray(),
    ];

    // Percent-encoded defects in a path or query value, all refused by the application (StrictInput).
    private static readonly string[] BadTargetText = ["%01", "%1F", "%7F", "%0A", "%FF", "%C0%80", "%ED%A0%80", "%E2%82", "%zz", "%", "%4", "%80"];

    public FuzzRequest Valid() => random.Next(100) switch
    {
        < 18 => Upsert(),
        < 26 => CompanyRequest(),
        < 33 => Batch(),
        < 40 => GetPerson(),
        < 46 => ListPeople(),
        < 53 => Lookup(),
        < 57 => DeletePerson(),
        < 59 when state.SideWorkspaces.Count < 3 => CreateWorkspace(),
        < 63 => ListWorkspaces(),
        < 66 => GetWorkspace(),
        < 70 => PatchWorkspace(),
        < 71 => DeleteWorkspace(),
        < 75 => CreateToken(),
        < 78 => ListTokens(),
        < 81 => RevokeToken(),
        < 83 => Health(),
        < 85 => MoveWorkspace(),
        _ => Misdirected(),
    };

    public FuzzRequest Hostile() => random.Next(100) switch
    {
        < 18 => BadTextInBody(),
        < 24 => BadNumber(),
        < 28 => DeepNesting(),
        < 33 => DuplicateKeys(),
        < 37 => HugeString(),
        < 45 => WrongType(),
        < 51 => UnknownMember(),
        < 57 => WrongContentType(),
        < 60 => Oversize(),
        < 66 => MalformedJson(),
        < 69 => ControlCharacterInField(),
        < 84 => BadTarget(),
        < 87 => LongTarget(),
        < 89 => BigHeaders(),
        < 94 => BadToken(),
        _ => KestrelLevel(),
    };

    private FuzzRequest AnyValid()
    {
        var request = Valid();
        return request.Route == Route.CreateWorkspace ? ListWorkspaces() : request;
    }

    private FuzzRequest ValidBodyRequest() => random.Next(5) switch
    {
        0 => Upsert(),
        1 => Batch(),
        2 => Json(Route.CreateWorkspace, "valid", "POST", Admin, state.AdminToken, Serialize(new JsonObject { ["name"] = "would be created" })),
        3 => Json(Route.PatchWorkspace, "valid", "PATCH", $"{Admin}/{FuzzState.Ws}", state.AdminToken, Serialize(new JsonObject { ["name"] = "would be renamed" })),
        _ => Json(Route.CreateToken, "valid", "POST", $"{Admin}/{FuzzState.Ws}/tokens", state.AdminToken,
            Serialize(new JsonObject { ["name"] = "would be created", ["scopes"] = new JsonArray("people:read") })),
    };

    private FuzzRequest Hostile(Route route, string name, string method, string target, byte[] body) =>
        Json(route, name, method, target, TokenFor(route), body) with { Expect = Expect.Refused };

    private string TokenFor(Route route) => route is Route.Upsert or Route.Batch or Route.DeletePerson
            or Route.UpsertCompany or Route.DeleteCompany or Route.PutMember or Route.RemoveMember ? state.WriteToken
        : route is Route.GetPerson or Route.ListPeople or Route.LookupPerson
            or Route.GetCompany or Route.ListCompanies or Route.ListMembers or Route.ListPersonCompanies ? state.ReadToken
        : state.AdminToken;

    private static FuzzRequest Json(Route route, string name, string method, string target, string token, byte[] body) => new(
        route, name, method, Encoding.Latin1.GetBytes(target),
        [("Authorization", Encoding.ASCII.GetBytes("Bearer " + token)), ("Content-Type", "application/json"u8.ToArray()), ("Content-Length", Encoding.ASCII.GetBytes(body.Length.ToString()))],
        body, Expect.Anything);

    private static FuzzRequest Plain(Route route, string method, string target, string? token) => new(
        route, "valid", method, Encoding.Latin1.GetBytes(target),
        token is null ? [] : [("Authorization", Encoding.ASCII.GetBytes("Bearer " + token))],
        null, Expect.Anything);

    private static List<(string Name, byte[] Value)> WithLength(IReadOnlyList<(string Name, byte[] Value)> headers, int length) =>
        [.. headers.Where(h => h.Name != "Content-Length"), ("Content-Length", Encoding.ASCII.GetBytes(length.ToString()))];

    private JsonObject UpsertBody()
    {
        var body = new JsonObject();
        switch (random.Next(3))
        {
            case 0:
                body["userId"] = UserId();
                break;
            case 1:
                body["email"] = Email();
                break;
            default:
                body["userId"] = UserId();
                body["email"] = Email();
                break;
        }

        if (random.Next(3) > 0)
        {
            body["traits"] = Traits(1);
        }

        if (random.Next(5) == 0)
        {
            var companies = new JsonArray();
            foreach (var companyId in Enumerable.Range(0, random.Next(0, 3)).Select(_ => CompanyId()).Distinct())
            {
                companies.Add(new JsonObject { ["companyId"] = companyId, ["traits"] = Traits(1), ["attributes"] = Traits(1) });
            }

            body["companies"] = companies;
            body["pruneCompanies"] = random.Next(3) == 0;
        }

        if (random.Next(5) == 0)
        {
            body["lastSeenAt"] = DateTimeOffset.UtcNow.AddMinutes(-random.Next(100_000)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        }

        return body;
    }

    private JsonObject Traits(int level)
    {
        var traits = new JsonObject();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            traits[Pick(TraitKeys)] = TraitValue(level);
        }

        return traits;
    }

    private JsonNode? TraitValue(int level) => random.Next(level < 3 ? 8 : 6) switch
    {
        0 => null,
        1 => random.Next(-1000, 1000),
        2 => random.NextDouble() * 1e6,
        3 => random.Next(2) == 0,
        4 => Pick("pro", "free", "ünïcødé ✓", "😀👍", "", "line\nbreak\ttab"),
        5 => "1" + new string('9', random.Next(1, 900)),
        6 => Traits(level + 1),
        _ => new JsonArray(TraitValue(level + 1), TraitValue(level + 1)),
    };

    private string UserId() => random.Next(20) == 0 ? "ü-ñ-😀-7" : $"u{random.Next(30)}";

    private string Email()
    {
        var email = $"e{random.Next(30)}@ex.com";
        return random.Next(4) == 0 ? $"  {email.ToUpperInvariant()} " : email;
    }

    private string CompanyId() => random.Next(20) == 0 ? "Ç-😀" : random.Next(2) == 0 ? $"c{random.Next(10)}" : $"C{random.Next(10)}";

    private string KnownCompanyId() => Pick(state.CompanyIds) is { } id && random.Next(8) > 0 ? id : "cmp_" + random.Next().ToString("x8");

    private string KnownPersonId() => Pick(state.PersonIds) is { } id && random.Next(8) > 0 ? id : "prs_" + random.Next().ToString("x8");

    private string AnyWorkspace() => random.Next(6) switch
    {
        0 => "no-such-workspace",
        < 3 => FuzzState.Ws,
        _ => Pick(state.SideWorkspaces) ?? FuzzState.Ws,
    };

    private IEnumerable<string> Scopes() => random.Next(3) switch
    {
        0 => ["people:read"],
        1 => ["people:write"],
        _ => ["people:read", "people:write"],
    };

    private static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Relaxed);

    private static byte[] Splice(string template, string marker, byte[] value)
    {
        var at = template.IndexOf(marker, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. value, .. Encoding.UTF8.GetBytes(template[(at + marker.Length)..])];
    }

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    private string? Pick(List<string> items) => items.Count == 0 ? null : items[random.Next(items.Count)];
}
