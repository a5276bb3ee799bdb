namespace Workspaces.Data.Tokens;

public static class TokenClaims
{
    public const string Workspace = "workspace";
    public const string Scope = "scope";
}
