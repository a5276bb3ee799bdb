namespace Workspaces.Data.People;

// The unique key a one-key upsert is decided on.
public enum PersonKey
{
    UserId,
    Email,
}

/// <summary>An upsert by one key, as an engine's one-statement upsert takes it (IDatabaseEngine.UpsertOnKeyAsync).</summary>
/// <param name="Set">The patch's non-null traits as a JSON object.</param>
/// <param name="PatchKeys">Every key the patch names, null-valued ones (removals) included.</param>
/// <param name="MaxKeptBytes">The guard: write only when the stored traits the patch keeps print in at most this many bytes.</param>
/// <param name="MaxKeys">The guard: write only when the merged traits have at most this many keys.</param>
public readonly record struct OneKeyUpsert(
    PersonKey Key, string Value, string Set, string[] PatchKeys, int MaxKeptBytes, int MaxKeys, DateTimeOffset? LastSeenAt, DateTimeOffset Now)
{
    public static OneKeyUpsert For(PersonKey key, string value, PersonInput input, DateTimeOffset now)
    {
        var traits = PatchParameters.For(input.Traits);
        return new(key, value, traits.Set, traits.Keys, traits.MaxKeptBytes, TraitLimits.MaxKeys, input.LastSeenAt?.TruncateToMilliseconds(), now);
    }
}

/// <param name="Changed">Whether the upsert wrote the person (always, when it created it).</param>
public readonly record struct OneKeyUpsertResult(Person Person, bool Created, bool Changed)
{
    public UpsertStatus Status => Created ? UpsertStatus.Created : Changed ? UpsertStatus.Updated : UpsertStatus.Unchanged;
}
