using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data;

// What differs from one database engine to another, and nothing else: its connection pools, how it reports errors,
// the people statements it runs in its own SQL, and the DDL that drops a workspace. Each engine's project
// (Workspaces.Data.PostgreSql, Workspaces.Data.SqlServer) implements it; composition picks one from Database:Provider.
// Everything else in Workspaces.Data is engine-neutral EF Core and plain C# rules.
public interface IDatabaseEngine : IDisposable
{
    // The servers workspaces live on (DatabaseOptions.WorkspaceServers), the control plane's first.
    IReadOnlyList<string> Servers { get; }

    // On each server, workspaces are spread over this many pools of connections (and pools of contexts), each by its
    // schema name.
    int PeoplePartitions { get; }

    int PartitionOf(string schemaName);

    void ConfigureControlPlane(DbContextOptionsBuilder options);

    // A partition of the server's pools; without one, the server's pool for provisioning and migrations (on the
    // default server, the control plane's).
    void ConfigurePeople(DbContextOptionsBuilder options, int? partition = null, string server = DatabaseOptions.DefaultServer);

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

    /// <summary>An upsert in one statement, repeating the rules of <see cref="PersonPatch"/> and (both keys given) those of
    /// <see cref="IdentityResolution"/> that do not end in a conflict, in the engine's SQL.</summary>
    /// <returns>The person as it now is and whether it was created; null when the upserter must decide the usual way.</returns>
    Task<KeyUpsertResult?> UpsertOnKeyAsync(PeopleDbContext db, KeyUpsert upsert, CancellationToken cancellationToken);

    /// <summary>
    /// An upsert with companies (each company upserted, the person joined to it) in one statement, all or
    /// nothing, repeating the rules of PersonPatch, CompanyWrites and ObjectPatch in the engine's SQL.
    /// </summary>
    /// <returns>The person and each entry's company and membership, in entry order; null, with nothing written, when the
    /// statement could not do it all (a guard stopped a write, a row committed meanwhile is in the way) or the engine has
    /// no such statement: the upserter then decides the usual way.</returns>
    Task<Companies.KeyJoinResult?> UpsertOnKeyWithCompaniesAsync(
        PeopleDbContext db, KeyUpsert upsert, IReadOnlyList<Companies.CompanyJoinEntry> companies, CancellationToken cancellationToken);

    // Moving a workspace to another server (WorkspaceMover). Holds the workspace's tables against writes until the
    // context's transaction ends; reads go on.
    Task LockAgainstWritesAsync(PeopleDbContext db, IEnumerable<string> tables, CancellationToken cancellationToken);

    // Copies every row of one table of the workspace schema, in the engine's bulk way, from the source context's server
    // to the target's (both in transactions), identity values included.
    Task CopyTableAsync(PeopleDbContext source, PeopleDbContext target, Microsoft.EntityFrameworkCore.Metadata.ITable table, CancellationToken cancellationToken);

    // Drops a workspace's schema and everything in it, inside the context's current transaction if it has one.
    Task DropSchemaAsync(DbContext db, string schemaName, CancellationToken cancellationToken);
}
