namespace Workspaces.Data.People;

// The unique key a one-key upsert is decided on.
public enum PersonKey
{
    UserId,
    Email,
}

/// <param name="Set">The patch's non-null traits as a JSON object.</param>
/// <param name="PatchKeys">Every key the patch names, null-valued ones (removals) included.</param>
/// <param name="MaxKeptBytes">The guard: write only when the stored traits the patch keeps are at most this long as text.</param>
/// <param name="MaxKeys">The guard: write only when the merged traits have at most this many keys.</param>
public readonly record struct OneKeyUpsert(
    PersonKey Key, string Value, string Set, string[] PatchKeys, int MaxKeptBytes, int MaxKeys, DateTimeOffset? LastSeenAt, DateTimeOffset Now);

public readonly record struct OneKeyUpsertResult(Person Person, bool Created);
