namespace Workspaces.Data.People;

// The unique keys an upsert names, which a statement is decided on.
public enum PersonKey
{
    UserId,
    Email,
    Both,
}

/// <summary>An upsert by its keys, as an engine's one-statement upsert takes it (IDatabaseEngine.UpsertOnKeyAsync).</summary>
/// <param name="Set">The patch's non-null traits as a JSON object.</param>
/// <param name="PatchKeys">Every key the patch names, null-valued ones (removals) included.</param>
/// <param name="MaxKeptBytes">The guard: write only when the stored traits the patch keeps print in at most this many bytes.</param>
/// <param name="MaxKeys">The guard: write only when the merged traits have at most this many keys.</param>
public readonly record struct KeyUpsert(
    string? UserId, string? Email, string Set, string[] PatchKeys, int MaxKeptBytes, int MaxKeys, DateTimeOffset? LastSeenAt, DateTimeOffset Now)
{
    public PersonKey Key => (UserId, Email) switch
    {
        (not null, null) => PersonKey.UserId,
        (null, not null) => PersonKey.Email,
        _ => PersonKey.Both,
    };

    public static KeyUpsert For(PersonInput input, DateTimeOffset now)
    {
        var traits = PatchParameters.For(input.Traits);
        return new(input.UserId, input.Email, traits.Set, traits.Keys, traits.MaxKeptBytes, TraitLimits.MaxKeys, input.LastSeenAt?.TruncateToMilliseconds(), now);
    }
}

/// <param name="Changed">Whether the upsert wrote the person (always, when it created it).</param>
public readonly record struct KeyUpsertResult(Person Person, bool Created, bool Changed)
{
    public UpsertStatus Status => Created ? UpsertStatus.Created : Changed ? UpsertStatus.Updated : UpsertStatus.Unchanged;
}
