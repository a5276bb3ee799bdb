using System.Text.RegularExpressions;

namespace Workspaces.Data.Schemas;

// Workspace schema names come from a random internal key, never from request text:
// "ws_" + 32 hex digits (35 bytes, within PostgreSQL's 63 and SQL Server's 128).
public static partial class WorkspaceSchemaName
{
    // What the single EF model calls the workspace schema; rewritten per command. The capital letter makes
    // every provider quote it, so the real name always lands inside quotes.
    public const string Placeholder = "__Workspace__";

    public static string New() => "ws_" + Guid.NewGuid().ToString("N");

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string EnsureValid(string? name) =>
        IsValid(name) ? name! : throw new InvalidOperationException("No valid workspace schema is set for this context.");

    [GeneratedRegex("^ws_[0-9a-f]{32}$")]
    private static partial Regex Pattern();
}

// The workspace whose schema a PeopleDbContext works in, and the database server that schema is on. The API's is per
// request and fails closed when unresolved.
public interface IWorkspaceSchema
{
    string Name { get; }

    string Server { get; }
}

public sealed record FixedWorkspaceSchema(string Name, string Server = DatabaseOptions.DefaultServer) : IWorkspaceSchema;

// What a host that resolves no workspace gets: any people command fails instead of reaching a schema.
public sealed class NoWorkspaceSchema : IWorkspaceSchema
{
    public string Name => throw new InvalidOperationException("This host resolves no workspace.");

    public string Server => throw new InvalidOperationException("This host resolves no workspace.");
}
