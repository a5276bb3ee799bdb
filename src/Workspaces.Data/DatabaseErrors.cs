using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Workspaces.Data;

// How the database says "that key is taken" or "try again", in one place per provider.
public static class DatabaseErrors
{
    public static bool IsUniqueViolation(Exception exception) =>
        exception is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }
        or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        DbUpdateException { InnerException: NpgsqlException npgsql } => npgsql.IsTransient,
        InvalidOperationException { InnerException: NpgsqlException npgsql } => npgsql.IsTransient,
        _ => false,
    };

    // A workspace deleted while a request was already on its way to the schema.
    public static bool IsMissingSchema(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName }
        or DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName } };

    public static bool IsUnavailable(Exception exception) =>
        IsTransient(exception) || exception is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException };
}
