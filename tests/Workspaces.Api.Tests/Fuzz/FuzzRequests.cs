using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Api.Tests.Testing;

namespace Workspaces.Api.Tests.Fuzz;

public enum Expect
{
    // Any answer but a 5xx; a 4xx is a problem.
    Anything,

    // A 4xx problem, and nothing changes.
    Refused,

    // Kestrel refuses it before the application sees it: a 4xx with an empty body (README, "Hostile input"), nothing changes.
    RefusedByKestrel,
}

public enum Route
{
    Upsert,
    Batch,
    GetPerson,
    ListPeople,
    LookupPerson,
    DeletePerson,
    CreateWorkspace,
    ListWorkspaces,
    GetWorkspace,
    PatchWorkspace,
    DeleteWorkspace,
    CreateToken,
    ListTokens,
    RevokeToken,
    Health,
}

public sealed record FuzzRequest(
    Route Route, string Class, string Method, byte[] Target, IReadOnlyList<(string Name, byte[] Value)> Headers, byte[]? Body, Expect Expect, string? Subject = null)
{
    public byte[] ToBytes() => RawHttp.Request(Method, Target, Headers, Body);

    public override string ToString() =>
        $"[{Class}] {Method} {Clip(Encoding.Latin1.GetString(Target))} body: {Clip(Body is null ? "-" : Encoding.Latin1.GetString(Body))}";

    private static string Clip(string text) => text.Length > 300 ? text[..300] + $"... ({text.Length} chars)" : text;
}

// What the generator knows of the server: the ids it learnt from answers. Requests pick from these by the seeded
// random, so a seed replays the same sequence of choices.
public sealed class FuzzState(string adminToken, string writeToken, string readToken)
{
    public const string Ws = "fuzz";

    public string AdminToken { get; } = adminToken;
    public string WriteToken { get; } = writeToken;
    public string ReadToken { get; } = readToken;
    public List<string> PersonIds { get; } = [];
    public List<string> SideWorkspaces { get; } = [];
    public List<(string Workspace, string TokenId)> SideTokens { get; } = [];
    public string? PeopleCursor { get; private set; }
    public string? WorkspacesCursor { get; private set; }
    public int WorkspacesCreated { get; set; }

    public void Learn(FuzzRequest request, RawResponse response)
    {
        if (response.Status >= 300 || response.Body.Length == 0 || !(response.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal))
        {
            Forget(request, response.Status);
            return;
        }

        var body = JsonNode.Parse(response.Body)!;
        switch (request.Route)
        {
            case Route.Upsert:
                AddPerson(body["id"]?.GetValue<string>());
                break;
            case Route.Batch:
                foreach (var result in body["results"]!.AsArray())
                {
                    AddPerson(result!["person"]?["id"]?.GetValue<string>());
                }

                break;
            case Route.ListPeople:
                PeopleCursor = body["nextCursor"]?.GetValue<string>();
                break;
            case Route.ListWorkspaces:
                WorkspacesCursor = body["nextCursor"]?.GetValue<string>();
                break;
            case Route.CreateWorkspace:
                SideWorkspaces.Add(body["id"]!.GetValue<string>());
                break;
            case Route.CreateToken:
                SideTokens.Add((request.Subject!, body["id"]!.GetValue<string>()));
                break;
        }
    }

    private void Forget(FuzzRequest request, int status)
    {
        if (status != 204)
        {
            return;
        }

        switch (request.Route)
        {
            case Route.DeletePerson:
                PersonIds.Remove(request.Subject!);
                break;
            case Route.DeleteWorkspace:
                SideWorkspaces.Remove(request.Subject!);
                SideTokens.RemoveAll(t => t.Workspace == request.Subject);
                break;
            case Route.RevokeToken:
                SideTokens.RemoveAll(t => t.TokenId == request.Subject);
                break;
        }
    }

    private void AddPerson(string? id)
    {
        if (id is not null && !PersonIds.Contains(id))
        {
            PersonIds.Add(id);
        }
    }
}

// Requests over every route: valid ones (which may change state) and hostile ones (which must be refused and change
// nothing). Every hostile request carries at least one defect the contract refuses, whatever else it holds.
public sealed class FuzzRequests(Random random, FuzzState state)
{
    private const string People = "/v1/workspaces/" + FuzzState.Ws + "/people";
    private const string Admin = "/v1/admin/workspaces";

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
        < 26 => Upsert(),
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
        < 85 => Health(),
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

    // Valid requests ---------------------------------------------------------------------------------------------

    private FuzzRequest Upsert()
    {
        var query = random.Next(10) == 0 ? "?updateOnly=true" : "";
        return Json(Route.Upsert, "valid", "POST", $"{People}/upsert{query}", state.WriteToken, Serialize(UpsertBody()));
    }

    private FuzzRequest Batch()
    {
        var items = new JsonArray();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            // Now and then an item of the wrong shape: that item's 400, the others apply.
            items.Add(random.Next(12) == 0 ? new JsonObject { ["userId"] = 5 } : UpsertBody());
        }

        return Json(Route.Batch, "valid", "POST", $"{People}/batch", state.WriteToken, Serialize(new JsonObject { ["people"] = items }));
    }

    private FuzzRequest GetPerson() =>
        Plain(Route.GetPerson, "GET", $"{People}/{KnownPersonId()}", random.Next(2) == 0 ? state.ReadToken : state.WriteToken);

    private FuzzRequest ListPeople()
    {
        var query = new List<string>();
        if (random.Next(2) == 0)
        {
            query.Add($"limit={random.Next(1, 60)}");
        }

        if (state.PeopleCursor is { } cursor && random.Next(2) == 0)
        {
            query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        }

        return Plain(Route.ListPeople, "GET", People + (query.Count > 0 ? "?" + string.Join('&', query) : ""), state.ReadToken);
    }

    private FuzzRequest Lookup() => Plain(
        Route.LookupPerson,
        "GET",
        random.Next(2) == 0 ? $"{People}?userId={Uri.EscapeDataString(UserId())}" : $"{People}?email={Uri.EscapeDataString(Email())}",
        state.ReadToken);

    private FuzzRequest DeletePerson()
    {
        var id = KnownPersonId();
        return Plain(Route.DeletePerson, "DELETE", $"{People}/{id}", state.WriteToken) with { Subject = id };
    }

    private FuzzRequest CreateWorkspace()
    {
        var body = new JsonObject { ["name"] = $"Side {state.WorkspacesCreated} ✓" };
        if (random.Next(2) == 0)
        {
            body["id"] = $"fz-{state.WorkspacesCreated}";
        }

        state.WorkspacesCreated++;
        return Json(Route.CreateWorkspace, "valid", "POST", Admin, state.AdminToken, Serialize(body));
    }

    private FuzzRequest ListWorkspaces()
    {
        var query = random.Next(2) == 0 ? $"?limit={random.Next(1, 5)}" : "";
        if (state.WorkspacesCursor is { } cursor && random.Next(2) == 0)
        {
            query = $"?limit=2&cursor={Uri.EscapeDataString(cursor)}";
        }

        return Plain(Route.ListWorkspaces, "GET", Admin + query, state.AdminToken);
    }

    private FuzzRequest GetWorkspace() => Plain(Route.GetWorkspace, "GET", $"{Admin}/{AnyWorkspace()}", state.AdminToken);

    private FuzzRequest PatchWorkspace()
    {
        // The fuzz workspace is only ever renamed: its tokens must keep working.
        var side = Pick(state.SideWorkspaces);
        var body = new JsonObject { ["name"] = $"Renamed {random.Next(1000)}" };
        if (side is not null && random.Next(2) == 0)
        {
            body["status"] = random.Next(2) == 0 ? "suspended" : "active";
        }

        return Json(Route.PatchWorkspace, "valid", "PATCH", $"{Admin}/{side ?? FuzzState.Ws}", state.AdminToken, Serialize(body));
    }

    private FuzzRequest DeleteWorkspace()
    {
        var id = Pick(state.SideWorkspaces) ?? "no-such-workspace";
        return Plain(Route.DeleteWorkspace, "DELETE", $"{Admin}/{id}", state.AdminToken) with { Subject = id };
    }

    private FuzzRequest CreateToken()
    {
        var workspace = Pick(state.SideWorkspaces) ?? FuzzState.Ws;
        var body = new JsonObject
        {
            ["name"] = $"token {random.Next(1000)}",
            ["scopes"] = new JsonArray([.. Scopes()]),
        };
        if (random.Next(3) == 0)
        {
            body["expiresAt"] = DateTimeOffset.UtcNow.AddDays(random.Next(1, 400)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        }

        return Json(Route.CreateToken, "valid", "POST", $"{Admin}/{workspace}/tokens", state.AdminToken, Serialize(body)) with { Subject = workspace };
    }

    private FuzzRequest ListTokens() => Plain(Route.ListTokens, "GET", $"{Admin}/{AnyWorkspace()}/tokens", state.AdminToken);

    private FuzzRequest RevokeToken()
    {
        if (state.SideTokens.Count == 0)
        {
            return Plain(Route.RevokeToken, "DELETE", $"{Admin}/{FuzzState.Ws}/tokens/tok_none", state.AdminToken);
        }

        var (workspace, tokenId) = state.SideTokens[random.Next(state.SideTokens.Count)];
        return Plain(Route.RevokeToken, "DELETE", $"{Admin}/{workspace}/tokens/{tokenId}", state.AdminToken) with { Subject = tokenId };
    }

    private FuzzRequest Health() => Plain(Route.Health, "GET", random.Next(2) == 0 ? "/health/live" : "/health/ready", null);

    // Well-formed requests with the wrong credentials: 401/403 problems.
    private FuzzRequest Misdirected() => random.Next(4) switch
    {
        0 => Json(Route.Upsert, "valid", "POST", $"{People}/upsert", state.ReadToken, Serialize(UpsertBody())),
        1 => Json(Route.Upsert, "valid", "POST", $"{People}/upsert", state.AdminToken, Serialize(UpsertBody())),
        2 => Plain(Route.ListWorkspaces, "GET", Admin, state.WriteToken),
        _ => Plain(Route.GetPerson, "GET", $"{People}/{KnownPersonId()}", null),
    };

    // Hostile requests -------------------------------------------------------------------------------------------

    // Invalid UTF-8, a lone surrogate or NUL inside any string (a value, a trait key, a nested value, a batch item).
    private FuzzRequest BadTextInBody()
    {
        var (route, method, target, template) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u{X}1"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"email":"a{X}@ex.com"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"k{X}":1}}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"k":"v{X}"}}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"k":{"n":["a","{X}"]}}}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u1"},{"userId":"u{X}"}]}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u2","traits":{"{X}":true}}]}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":"N{X}"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":"N{X}"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t{X}","scopes":["people:read"]}"""));
        var bad = BadText[random.Next(BadText.Length)];
        return Hostile(route, "bad-text", method, target, Splice(template, "{X}", bad));
    }

    // 5,000-digit numbers and exponents no database number holds.
    private FuzzRequest BadNumber()
    {
        var number = random.Next(3) switch
        {
            0 => "1" + new string('7', 4999),
            1 => "0." + new string('3', 5000),
            _ => $"{random.Next(1, 9)}e{(random.Next(2) == 0 ? "-" : "")}{random.Next(309, 9_999_999)}",
        };
        var (route, method, target, template) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"n":{N}}}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"n":[1,{"m":{N}}]}}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u3","traits":{"n":{N}}}]}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":{N}}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":["people:read"],"expiresAt":{N}}"""));
        return Hostile(route, "big-number", method, target, Splice(template, "{N}", Encoding.ASCII.GetBytes(number)));
    }

    private FuzzRequest DeepNesting()
    {
        var depth = random.Next(2) == 0 ? 10_000 : random.Next(65, 2000);
        var deep = random.Next(2) == 0
            ? string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth))
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + string.Concat(Enumerable.Repeat("}", depth));
        var (route, method, target, template) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"d":{D}}}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u1","traits":{"d":{D}}}]}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":"x","d":{D}}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":{D}}"""));
        return Hostile(route, "deep-nesting", method, target, Splice(template, "{D}", Encoding.ASCII.GetBytes(deep)));
    }

    private FuzzRequest DuplicateKeys()
    {
        var (route, method, target, body) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","userId":"u2"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"plan":"a","plan":"b"}}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u1"}],"people":[{"userId":"u2"}]}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u1","email":"a@ex.com","email":"b@ex.com"}]}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":"a","name":"b"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":"a","name":"b"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":["people:read"],"scopes":["people:write"]}"""));
        return Hostile(route, "duplicate-keys", method, target, Encoding.UTF8.GetBytes(body));
    }

    // Strings far over their field's limit, but within the body limit (so the field's rule answers).
    private FuzzRequest HugeString()
    {
        var huge = new string((char)random.Next('a', 'z' + 1), random.Next(40_000, 900_000));
        var (route, method, target, template) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"{X}"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"big":"{X}"}}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":{"{X}":1}}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":"{X}"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":"{X}"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"{X}","scopes":["people:read"]}"""));
        return Hostile(route, "huge-string", method, target, Splice(template, "{X}", Encoding.ASCII.GetBytes(huge)));
    }

    private FuzzRequest WrongType()
    {
        var (route, method, target, body) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":123}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":"plan"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","traits":[1,2]}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","lastSeenAt":"yesterday"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"email":true}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """["u1"]"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":{"userId":"u1"}}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[]}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":"u1"}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":["a"]}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"id":7,"name":"a"}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"id":"Not_Valid!","name":"a"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"status":"deleted"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"status":1}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":""}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":"people:read"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":["workspaces:admin"]}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":[]}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":["people:read"],"expiresAt":"2001-01-01T00:00:00.000Z"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":["people:read"],"expiresAt":42}"""));
        return Hostile(route, "wrong-type", method, target, Encoding.UTF8.GetBytes(body));
    }

    private FuzzRequest UnknownMember()
    {
        var (route, method, target, body) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","id":"prs_x"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","createdAt":"2026-01-01T00:00:00.000Z"}"""),
            (Route.Batch, "POST", $"{People}/batch", """{"people":[{"userId":"u1"}],"atomic":true}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":"a","owner":"me"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":"a","schemaName":"public"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t","scopes":["people:read"],"workspace":"other"}"""));
        return Hostile(route, "unknown-member", method, target, Encoding.UTF8.GetBytes(body));
    }

    private FuzzRequest WrongContentType()
    {
        var valid = ValidBodyRequest();
        var contentType = Pick<string?>("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/jsonx", null);
        var headers = valid.Headers.Where(h => h.Name != "Content-Type").ToList();
        if (contentType is not null)
        {
            headers.Add(("Content-Type", Encoding.ASCII.GetBytes(contentType)));
        }

        return valid with { Class = "wrong-content-type", Headers = headers, Expect = Expect.Refused };
    }

    // Over the route's limit (1 MiB; batch 5 MiB): declared and cut short, or really sent.
    private FuzzRequest Oversize()
    {
        var valid = ValidBodyRequest();
        var limit = valid.Route == Route.Batch ? 5 * 1024 * 1024 : 1024 * 1024;
        if (random.Next(4) > 0)
        {
            var headers = valid.Headers.Where(h => h.Name != "Content-Length").Append(("Content-Length", Encoding.ASCII.GetBytes((limit + 1 + random.Next(1000)).ToString()))).ToList();
            return valid with { Class = "oversize-declared", Headers = headers, Body = valid.Body![..Math.Min(valid.Body!.Length, 16)], Expect = Expect.Refused };
        }

        // Valid JSON all the way and chunked (no length to refuse it by up front): only reading it finds it too large.
        var json = Encoding.UTF8.GetBytes($$$"""{"userId":"u1","traits":{"pad":"{{{new string('p', limit)}}}"}}""");
        byte[] chunked = [.. Encoding.ASCII.GetBytes($"{json.Length:x}\r\n"), .. json, .. "\r\n0\r\n\r\n"u8];
        return new FuzzRequest(
            Route.Upsert, "oversize-chunked", "POST", Encoding.Latin1.GetBytes($"{People}/upsert"),
            [("Authorization", Encoding.ASCII.GetBytes("Bearer " + state.WriteToken)), ("Content-Type", "application/json"u8.ToArray()), ("Transfer-Encoding", "chunked"u8.ToArray())],
            chunked, Expect.Refused);
    }

    private FuzzRequest MalformedJson()
    {
        var valid = ValidBodyRequest();
        var text = Encoding.UTF8.GetString(valid.Body!);
        var broken = random.Next(6) switch
        {
            0 => text[..random.Next(1, text.Length - 1)],
            1 => text + "}",
            2 => text + " garbage",
            3 => text.Replace(":", "", StringComparison.Ordinal),
            4 => "{'userId':'u1'}",
            _ => "",
        };
        return valid with { Class = "malformed-json", Body = Encoding.UTF8.GetBytes(broken), Headers = WithLength(valid.Headers, Encoding.UTF8.GetByteCount(broken)), Expect = Expect.Refused };
    }

    // Valid JSON, but a field's own rule refuses a control character (JSON-escaped, so the body itself is fine).
    private FuzzRequest ControlCharacterInField()
    {
        var control = $"\\u{random.Next(1, 32):x4}";
        var (route, method, target, template) = Pick(
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u{X}1"}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"email":"a{X}@ex.com"}"""),
            (Route.CreateWorkspace, "POST", Admin, """{"name":"N{X}n"}"""),
            (Route.PatchWorkspace, "PATCH", $"{Admin}/{FuzzState.Ws}", """{"name":"N{X}n"}"""),
            (Route.CreateToken, "POST", $"{Admin}/{FuzzState.Ws}/tokens", """{"name":"t{X}t","scopes":["people:read"]}"""));
        return Hostile(route, "control-character", method, target, Splice(template, "{X}", Encoding.ASCII.GetBytes(control)));
    }

    // A defect in a path segment or a query value of any route, on an otherwise valid request.
    private FuzzRequest BadTarget()
    {
        var valid = AnyValid();
        var target = Encoding.Latin1.GetString(valid.Target);
        var bad = Pick(BadTargetText);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        string mutated;
        if (random.Next(2) == 0)
        {
            // Into the last path segment (or a query value); NUL in a path is Kestrel's to refuse.
            var path = question < 0 ? target : target[..question];
            var nul = random.Next(8) == 0;
            mutated = path + (nul ? "%00" : bad) + (question < 0 ? "" : target[question..]);
            return valid with { Class = nul ? "nul-in-path" : "bad-path", Target = Encoding.Latin1.GetBytes(mutated), Expect = nul ? Expect.RefusedByKestrel : Expect.Refused };
        }

        var name = Pick("userId", "email", "limit", "cursor", "updateOnly", "x");
        mutated = target + (question < 0 ? "?" : "&") + name + "=" + (random.Next(4) == 0 ? "%00" : "a" + bad);
        return valid with { Class = "bad-query", Target = Encoding.Latin1.GetBytes(mutated), Expect = Expect.Refused };
    }

    // Over StrictInput's 8 KiB: its 414 problem; over Kestrel's 16 KiB request line: Kestrel's empty 414.
    private FuzzRequest LongTarget()
    {
        var valid = AnyValid();
        var kestrel = random.Next(3) == 0;
        var padding = new string('a', kestrel ? 17_000 : random.Next(8_300, 15_000));
        var target = Encoding.Latin1.GetString(valid.Target);
        var mutated = target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "pad=" + padding;
        return valid with { Class = kestrel ? "target-over-kestrel-limit" : "long-target", Target = Encoding.Latin1.GetBytes(mutated), Expect = kestrel ? Expect.RefusedByKestrel : Expect.Refused };
    }

    // Over StrictInput's 32 KiB of headers: its 431 problem; over Kestrel's 64 KiB: Kestrel's empty 431.
    private FuzzRequest BigHeaders()
    {
        var valid = AnyValid();
        var kestrel = random.Next(3) == 0;
        var headers = valid.Headers.Append(("X-Padding", Encoding.ASCII.GetBytes(new string('h', kestrel ? 70_000 : random.Next(33_000, 60_000))))).ToList();
        return valid with { Class = kestrel ? "headers-over-kestrel-limit" : "big-headers", Headers = headers, Expect = kestrel ? Expect.RefusedByKestrel : Expect.Refused };
    }

    private FuzzRequest BadToken()
    {
        var valid = AnyValid();
        var (name, token) = Pick<(string, string?)>(("no-token", null), ("garbage-token", "not-a-jwt"), ("truncated-token", state.WriteToken[..^5]),
            ("token-with-bad-signature", state.WriteToken[..^3] + "abc"));
        var headers = valid.Headers.Where(h => h.Name != "Authorization").ToList();
        if (token is not null)
        {
            headers.Add(("Authorization", Encoding.ASCII.GetBytes("Bearer " + token)));
        }

        // Health needs no token: give it a defect of its own.
        return valid.Route == Route.Health ? BadTarget() : valid with { Class = name, Headers = headers, Expect = Expect.Refused };
    }

    // What Kestrel refuses itself, before any middleware: raw bytes a request line or header may not hold.
    private FuzzRequest KestrelLevel()
    {
        var valid = AnyValid();
        var target = Encoding.Latin1.GetString(valid.Target);
        return random.Next(4) switch
        {
            0 => valid with { Class = "raw-space-in-target", Target = Encoding.Latin1.GetBytes(target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "a=b c"), Expect = Expect.RefusedByKestrel },
            1 => valid with { Class = "raw-byte-in-target", Target = Encoding.Latin1.GetBytes(target + "\u00ff"), Expect = Expect.RefusedByKestrel },
            2 => valid with { Class = "nul-in-header", Headers = [.. valid.Headers, ("X-Bad", "a\0b"u8.ToArray())], Expect = Expect.RefusedByKestrel },
            _ => valid with { Class = "non-ascii-header", Headers = [.. valid.Headers, ("X-Bad", [0xFF, 0xFE])], Expect = Expect.RefusedByKestrel },
        };
    }

    // Helpers ----------------------------------------------------------------------------------------------------

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

    private string TokenFor(Route route) => route is Route.Upsert or Route.Batch or Route.DeletePerson ? state.WriteToken
        : route is Route.GetPerson or Route.ListPeople or Route.LookupPerson ? state.ReadToken
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
