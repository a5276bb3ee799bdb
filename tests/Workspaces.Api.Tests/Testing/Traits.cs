namespace Workspaces.Api.Tests.Testing;

// SQL over the stored traits, as each engine says it (jsonb on PostgreSQL, JSON text on SQL Server), for assertions.
public static class Traits
{
    /// <returns>The trait's value as text.</returns>
    public static string Text(string key) => TestEngine.IsSqlServer ? $"JSON_VALUE(\"Traits\", N'$.\"{key}\"')" : $"\"Traits\"->>'{key}'";

    /// <returns>A condition: the traits have the key.</returns>
    public static string Has(string key) => TestEngine.IsSqlServer ? $"JSON_PATH_EXISTS(\"Traits\", N'$.\"{key}\"') = 1" : $"\"Traits\" ? '{key}'";

    /// <returns>How many keys the traits have.</returns>
    public static string KeyCount => TestEngine.IsSqlServer
        ? "(SELECT count(*) FROM OPENJSON(\"Traits\"))"
        : "(SELECT count(*) FROM jsonb_object_keys(\"Traits\"))";
}
