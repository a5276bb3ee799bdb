using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Workspaces.Data.PostgreSql;

// How PostgreSQL says "that key is taken", "try again", "that schema is gone" or "I cannot be reached": by SQLSTATE and type.
internal static class PostgreSqlErrors
{
    public static bool IsUniqueViolation(Exception exception) =>
        exception is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }
        or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static bool IsForeignKeyViolation(Exception exception) =>
        exception is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } }
        or PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        DbUpdateException { InnerException: NpgsqlException npgsql } => npgsql.IsTransient,
        InvalidOperationException { InnerException: NpgsqlException npgsql } => npgsql.IsTransient,
        _ => false,
    };

    public static bool IsMissingSchema(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName }
        or DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName } };

    public static bool IsUnavailable(Exception exception) =>
        IsTransient(exception) || exception is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException };
}
