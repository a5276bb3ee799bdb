using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Workspaces.Data.SqlServer;

// How SQL Server says "that key is taken", "try again" or "no such table", by error number (never by message text,
// which is localised). SqlException.IsTransient is DbException's and always false; EF's own list is internal API.
public static class SqlServerErrors
{
    public const int UniqueIndex = 2601;
    public const int UniqueConstraint = 2627;
    public const int Deadlock = 1205;
    public const int InvalidObject = 208;

    // A statement conflicted with a constraint: a foreign key here (the only other constraints, the JSON object checks,
    // hold for every value the service writes).
    public const int ConstraintConflict = 547;

    // Retried like PostgreSQL's transient faults: a deadlock victim (its transaction was rolled back, nothing was
    // written), a lock timeout, and the connection and Azure SQL faults EF's SQL Server retrying strategy retries.
    public static readonly IReadOnlySet<int> Transient = new HashSet<int>
    {
        Deadlock,
        1222,  // lock request time out period exceeded
        20,    // the instance does not support encryption (a failover in progress)
        64, 121, 233, 10053, 10054, 10060, // connection lost or refused on the way
        4060,  // cannot open the database (failover, restart)
        10928, 10929, 40197, 40501, 40613, 49918, 49919, 49920, 49977, 49983, // Azure SQL: busy, reconfiguring, unavailable
        41301, 41302, 41305, 41325, 41839, // In-Memory OLTP validation failures
        42108, 42109, // Azure SQL serverless: resuming
    };

    // Numbers that mean the server could not be reached at all: the request answers 503 rather than 500.
    private static readonly HashSet<int> Unreachable = [-2, 2, 53, 10060, 10061, 11001, 4060, 40613];

    public static bool IsUniqueViolation(Exception exception) => Numbers(exception).Any(n => n is UniqueIndex or UniqueConstraint);

    public static bool IsForeignKeyViolation(Exception exception) => Numbers(exception).Any(n => n == ConstraintConflict);

    public static bool IsTransient(Exception exception) =>
        Numbers(exception).Any(Transient.Contains) || exception is TimeoutException or DbUpdateException { InnerException: TimeoutException };

    // A workspace deleted while a request was already on its way to its schema.
    public static bool IsMissingSchema(Exception exception) => Numbers(exception).Any(n => n == InvalidObject);

    public static bool IsUnavailable(Exception exception) => IsTransient(exception) || Numbers(exception).Any(Unreachable.Contains);

    private static IEnumerable<int> Numbers(Exception exception) =>
        (exception as SqlException ?? exception.InnerException as SqlException) is { } sql
            ? sql.Errors.Cast<SqlError>().Select(e => e.Number)
            : [];
}
