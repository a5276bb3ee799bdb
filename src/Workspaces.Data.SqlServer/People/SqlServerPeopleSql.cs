using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.SqlServer.People;

// The people statements in T-SQL. They name the placeholder schema, which WorkspaceSchemaInterceptor rewrites per
// command like EF's own. Keys and rows travel as one JSON parameter each (OPENJSON, SQL Server 2016+): no table type
// to create in every workspace schema. A write is all or nothing: a one-key upsert's read and write share one
// transaction (its read's locks last until commit); a batch's write is one transaction of its own.
public static class SqlServerPeopleSql
{
    public const string Table = $"[{WorkspaceSchemaName.Placeholder}].[people]";

    private const string Columns = "[Seq], [Id], [UserId], [Email], [Traits], [CreatedAt], [UpdatedAt], [LastSeenAt], [Version]";

    // A batch's one read: every person holding one of the keys (a person holding two appears twice), one seek per key
    // on its unique index. No lock hint: it runs alone, outside a transaction, so a lock would end with the statement;
    // the batch write's version guard and the unique indexes catch whatever changes before the write.
    public const string Candidates = $"""
        SELECT p.* FROM OPENJSON(@user_ids) WITH (v nvarchar(255) '$') AS k
            CROSS APPLY (SELECT TOP (1) {Columns} FROM {Table} WHERE [UserId] = k.v) AS p
        UNION ALL
        SELECT p.* FROM OPENJSON(@emails) WITH (v nvarchar(254) '$') AS k
            CROSS APPLY (SELECT TOP (1) {Columns} FROM {Table} WHERE [Email] = k.v) AS p
        """;

    // A one-key upsert's read, inside its transaction: the person holding the key, locked until commit. UPDLOCK: a
    // concurrent upsert of the same person waits here instead of reading it too and overwriting this one's change.
    // HOLDLOCK: when nobody holds the key yet, its key range stays locked, so a concurrent first insert of the same key
    // waits for this transaction instead of racing it to a unique-key violation.
    public const string HolderOfUserId = $"SELECT TOP (1) {Columns} FROM {Table} WITH (UPDLOCK, HOLDLOCK) WHERE [UserId] = @key";

    public const string HolderOfEmail = $"SELECT TOP (1) {Columns} FROM {Table} WITH (UPDLOCK, HOLDLOCK) WHERE [Email] = @key";

    // No hint: inside a one-key upsert the read above has locked what it touches; in a batch (no transaction around
    // the read) the version guard and the unique indexes catch whatever changed since.
    public const string InsertOne = $"""
        INSERT INTO {Table} ([Id], [UserId], [Email], [Traits], [CreatedAt], [UpdatedAt], [LastSeenAt], [Version])
        VALUES (@id, @user_id, @email, @traits, @created_at, @updated_at, @last_seen_at, 0)
        """;

    // Guarded by the version read (inside a one-key upsert the read's update lock already keeps other writers out).
    public const string UpdateOne = $"""
        UPDATE {Table}
        SET [UserId] = @user_id, [Email] = @email, [Traits] = @traits, [UpdatedAt] = @updated_at,
            [LastSeenAt] = @last_seen_at, [Version] = @version + 1
        WHERE [Seq] = @seq AND [Version] = @version
        """;

    // A batch's writes, all or nothing in one transaction of their own (XACT_ABORT: any error, such as a unique-key
    // violation, rolls all of it back): every changed person, version-guarded, then, only if all of them were
    // written, every new one in item order (INSERT ... SELECT ... ORDER BY assigns the identity in that order); it
    // commits only when every row was written. Returns how many were; fewer means nothing was.
    // FORCESEEK: the update reaches each person by its key even when the optimizer misjudges how many rows OPENJSON
    // yields; a scan would take an update lock on every person of the workspace and block every other writer.
    public const string WriteMany = $"""
        SET XACT_ABORT ON;
        BEGIN TRANSACTION;
        UPDATE p
        SET [UserId] = v.user_id, [Email] = v.email, [Traits] = v.traits, [UpdatedAt] = v.updated_at,
            [LastSeenAt] = v.last_seen_at, [Version] = v.version + 1
        FROM OPENJSON(@changed) WITH (
            seq bigint, version int, user_id nvarchar(255), email nvarchar(254), traits nvarchar(max),
            updated_at datetimeoffset, last_seen_at datetimeoffset) AS v
        INNER JOIN {Table} AS p WITH (FORCESEEK) ON p.[Seq] = v.seq AND p.[Version] = v.version;
        DECLARE @updated int = @@ROWCOUNT, @inserted int = 0;
        IF @updated = @changed_count
        BEGIN
            INSERT INTO {Table} ([Id], [UserId], [Email], [Traits], [CreatedAt], [UpdatedAt], [LastSeenAt], [Version])
            SELECT v.id, v.user_id, v.email, v.traits, v.created_at, v.updated_at, v.last_seen_at, 0
            FROM OPENJSON(@created) WITH (
                n int, id nvarchar(40), user_id nvarchar(255), email nvarchar(254), traits nvarchar(max),
                created_at datetimeoffset, updated_at datetimeoffset, last_seen_at datetimeoffset) AS v
            ORDER BY v.n;
            SET @inserted = @@ROWCOUNT;
        END;
        IF @updated + @inserted = @changed_count + @created_count COMMIT TRANSACTION; ELSE ROLLBACK TRANSACTION;
        SELECT @updated + @inserted AS [Value];
        """;

    // Every hand-written statement, for the offline checks (each must parse as T-SQL and reach only its workspace).
    public static IReadOnlyList<string> All => [HolderOfUserId, HolderOfEmail, Candidates, InsertOne, UpdateOne, WriteMany];
}
