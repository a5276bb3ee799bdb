using System.Text;
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
    MoveWorkspace,
    DeleteWorkspace,
    CreateToken,
    ListTokens,
    RevokeToken,
    Health,
    UpsertCompany,
    GetCompany,
    ListCompanies,
    DeleteCompany,
    PutMember,
    RemoveMember,
    ListMembers,
    ListPersonCompanies,
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
    public List<string> CompanyIds { get; } = [];
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
            case Route.UpsertCompany:
                if (body["id"]?.GetValue<string>() is { } companyId && !CompanyIds.Contains(companyId))
                {
                    CompanyIds.Add(companyId);
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
