using System.Text.Json.Nodes;

namespace Workspaces.Api.Tests.Fuzz;

// Valid requests over every route: they may change things, and may be refused for what they ask (404, 409, 403).
public sealed partial class FuzzRequests
{
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

    // Companies and memberships: every company route, on known and unknown ids.
    private FuzzRequest CompanyRequest()
    {
        var company = KnownCompanyId();
        var person = KnownPersonId();
        var page = random.Next(2) == 0 ? $"?limit={random.Next(1, 60)}" : "";
        return random.Next(9) switch
        {
            < 2 => Json(Route.UpsertCompany, "valid", "POST", $"{Companies}/upsert" + (random.Next(10) == 0 ? "?updateOnly=true" : ""), state.WriteToken,
                Serialize(new JsonObject { ["companyId"] = CompanyId(), ["traits"] = Traits(1) })),
            2 => Plain(Route.GetCompany, "GET", $"{Companies}/{company}", state.ReadToken),
            3 => Plain(Route.ListCompanies, "GET", random.Next(2) == 0 ? $"{Companies}{page}" : $"{Companies}?companyId={Uri.EscapeDataString(CompanyId())}", state.ReadToken),
            4 when random.Next(4) == 0 => Plain(Route.DeleteCompany, "DELETE", $"{Companies}/{company}", state.WriteToken),
            5 => Json(Route.PutMember, "valid", "PUT", $"{Companies}/{company}/members/{person}", state.WriteToken, Serialize(new JsonObject { ["attributes"] = Traits(1) })),
            6 => Plain(Route.RemoveMember, "DELETE", $"{Companies}/{company}/members/{person}", state.WriteToken),
            7 => Plain(Route.ListMembers, "GET", $"{Companies}/{company}/members{page}", state.ReadToken),
            _ => Plain(Route.ListPersonCompanies, "GET", $"{People}/{person}/companies{page}", state.ReadToken),
        };
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

    // This API has one database server: a move is refused (already there, or no such server), and changes nothing.
    private FuzzRequest MoveWorkspace() => Json(
        Route.MoveWorkspace, "valid", "POST", $"{Admin}/{Pick(state.SideWorkspaces) ?? FuzzState.Ws}/move", state.AdminToken,
        Serialize(new JsonObject { ["server"] = random.Next(2) == 0 ? "default" : "db9" }));

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
}
