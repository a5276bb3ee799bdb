using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data;

// What differs from one database engine to another, and nothing else: its connection pools, how it reports errors,
// the people statements it runs in its own SQL, and the DDL that drops a workspace. Each engine's project
// (Workspaces.Data.PostgreSql, Workspaces.Data.SqlServer) implements it; composition picks one from Database:Provider.
// Everything else in Workspaces.Data is engine-neutral EF Core and plain C# rules.
public interface IDatabaseEngine : IDisposable
{
    // Workspaces are spread over this many pools of connections (and pools of contexts), each by its schema name.
    int PeoplePartitions { get; }

    int PartitionOf(string schemaName);

    void ConfigureControlPlane(DbContextOptionsBuilder options);

    // Without a partition: the control plane's pool, which provisioning uses.
    void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null);

    // Error classification, by exception type and error code, never by message text.
    bool IsUniqueViolation(Exception exception);

    bool IsTransient(Exception exception);

    // A workspace's schema or table is gone (deleted while a request was on its way).
    bool IsMissingSchema(Exception exception);

    bool IsUnavailable(Exception exception);

    // A row the write refers to is gone (a company or person deleted meanwhile): retried, and decided again on fresh data.
    bool IsForeignKeyViolation(Exception exception);

    /// <returns>Every person holding one of the userIds or emails, each once.</returns>
    Task<List<Person>> CandidatesAsync(
        PeopleDbContext db, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> emails, CancellationToken cancellationToken);

    /// <summary>Writes what one unit of work created and changed, all or nothing.</summary>
    /// <exception cref="DbUpdateConcurrencyException">A changed person's version moved on since it was read; nothing was written.</exception>
    Task WriteAsync(PeopleDbContext db, PeopleChanges changes, CancellationToken cancellationToken);

    /// <summary>A one-key upsert in one statement, repeating the rules of <see cref="PersonPatch"/> in the engine's SQL.</summary>
    /// <returns>The person as it now is and whether it was created; null when the upserter must decide the usual way.</returns>
    Task<OneKeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, OneKeyUpsert upsert, CancellationToken cancellationToken);

    // Drops a workspace's schema and everything in it, inside the context's current transaction if it has one.
    Task DropSchemaAsync(DbContext db, string schemaName, CancellationToken cancellationToken);
}
