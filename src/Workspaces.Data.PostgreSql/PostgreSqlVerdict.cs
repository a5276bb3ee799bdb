using Npgsql;

namespace Workspaces.Data.PostgreSql;

// A statement that must do all of its work or none, sent on its own (so it is its own transaction), fails on purpose
// when it did not: it casts a text that is no integer (SQLSTATE 22P02), which aborts it and undoes everything it wrote.
// One round trip, and no explicit transaction holding a connection and its row locks for the round trip of a COMMIT.
internal static class PostgreSqlVerdict
{
    private const string Incomplete = "incomplete: not everything was written";

    /// <returns>An integer expression: 0 when <paramref name="condition"/> holds; otherwise the statement fails.</returns>
    public static string ZeroUnless(string condition) => $"(CASE WHEN {condition} THEN '0' ELSE '{Incomplete}' END)::int";

    // Only a verdict casts text the statement did not make itself: every value comes in as a typed parameter.
    public static bool Failed(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.InvalidTextRepresentation };
}
