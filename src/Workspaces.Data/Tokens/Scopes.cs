namespace Workspaces.Data.Tokens;

public static class Scopes
{
    public const string PeopleRead = "people:read";
    public const string PeopleWrite = "people:write";
    public const string WorkspacesAdmin = "workspaces:admin";

    public static readonly IReadOnlyList<string> WorkspaceScopes = [PeopleRead, PeopleWrite];
}
