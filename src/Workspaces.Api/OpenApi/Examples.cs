using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workspaces.Api.OpenApi;

// Request examples, by operation id: what a customer app sends most.
internal static class Examples
{
    private static readonly JsonObject Upsert = new()
    {
        ["userId"] = "u_123",
        ["email"] = "ada@example.com",
        ["traits"] = new JsonObject { ["plan"] = "pro", ["seats"] = 5, ["trialEndsAt"] = null },
        ["lastSeenAt"] = "2026-11-23T10:00:00.000Z",
    };

    private static readonly Dictionary<string, JsonNode> ByOperation = new()
    {
        ["UpsertPerson"] = Upsert,
        ["BatchUpsertPeople"] = new JsonObject
        {
            ["people"] = new JsonArray(
                Upsert.DeepClone(),
                new JsonObject { ["email"] = "grace@example.com", ["traits"] = new JsonObject { ["plan"] = "free" } },
                new JsonObject { ["userId"] = "u_456" }),
        },
        ["UpsertCompany"] = new JsonObject { ["companyId"] = "acme-42", ["traits"] = new JsonObject { ["plan"] = "enterprise", ["seats"] = 50 } },
        ["PutCompanyMember"] = new JsonObject { ["attributes"] = new JsonObject { ["role"] = "admin" } },
        ["CreateWorkspace"] = new JsonObject { ["id"] = "acme", ["name"] = "Acme Inc." },
        ["UpdateWorkspace"] = new JsonObject { ["status"] = "suspended" },
        ["MoveWorkspace"] = new JsonObject { ["server"] = "db2" },
        ["CreateWorkspaceToken"] = new JsonObject { ["name"] = "web app", ["scopes"] = new JsonArray("people:read", "people:write") },
    };

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var example)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
        {
            media.Example = example.DeepClone();
        }

        return Task.CompletedTask;
    }
}
