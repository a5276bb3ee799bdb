using System.Text;
using System.Text.Json.Nodes;

namespace Workspaces.Api.Tests.Fuzz;

// Hostile requests: each carries at least one defect the contract refuses, whatever else it holds.
public sealed partial class FuzzRequests
{
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
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":[{"companyId":"c{X}"}]}"""),
            (Route.UpsertCompany, "POST", $"{Companies}/upsert", """{"companyId":"c1","traits":{"k":"v{X}"}}"""),
            (Route.PutMember, "PUT", $"{Companies}/cmp_x/members/prs_x", """{"attributes":{"k{X}":1}}"""),
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
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":[{"companyId":"c1","companyId":"c2"}]}"""),
            (Route.UpsertCompany, "POST", $"{Companies}/upsert", """{"companyId":"c1","companyId":"c2"}"""),
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
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":{"companyId":"c1"}}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":[{"companyId":"c1","attributes":[1]}]}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":[{"companyId":"c1"},{"companyId":"c1"}]}"""),
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","pruneCompanies":"yes"}"""),
            (Route.UpsertCompany, "POST", $"{Companies}/upsert", """{"companyId":42}"""),
            (Route.UpsertCompany, "POST", $"{Companies}/upsert", """{"traits":{"a":1}}"""),
            (Route.PutMember, "PUT", $"{Companies}/cmp_x/members/prs_x", """{"attributes":"admin"}"""),
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
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":[{"companyId":"c1","role":"admin"}]}"""),
            (Route.UpsertCompany, "POST", $"{Companies}/upsert", """{"companyId":"c1","memberCount":3}"""),
            (Route.PutMember, "PUT", $"{Companies}/cmp_x/members/prs_x", """{"role":"admin"}"""),
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
            (Route.Upsert, "POST", $"{People}/upsert", """{"userId":"u1","companies":[{"companyId":"c{X}1"}]}"""),
            (Route.UpsertCompany, "POST", $"{Companies}/upsert", """{"companyId":"c{X}1"}"""),
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
}
