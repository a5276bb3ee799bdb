namespace Workspaces.Data.People;

public enum IdentityAction
{
    Create,
    Update,
    Conflict,
    NotFound,
}

public sealed record IdentityDecision(IdentityAction Action, Person? Target = null, IReadOnlyList<string>? ConflictingIds = null);

// Contract §2 "Identity resolution". A is the person whose userId matches, B the one whose email matches.
public static class IdentityResolution
{
    public static IdentityDecision Resolve(Person? byUserId, Person? byEmail, string? userId, bool updateOnly)
    {
        // 1. A and B both exist and differ: never merge two people silently.
        if (byUserId is not null && byEmail is not null && byUserId.Id != byEmail.Id)
        {
            return new(IdentityAction.Conflict, ConflictingIds: [byUserId.Id, byEmail.Id]);
        }

        // 2. A exists: update A (its email becomes the given one, if any).
        if (byUserId is not null)
        {
            return new(IdentityAction.Update, byUserId);
        }

        if (byEmail is not null)
        {
            // 3. B has no userId: update B and attach the userId. A request without a userId simply updates B.
            // 4. B already belongs to a different userId: a conflict, not a takeover.
            return byEmail.UserId is null || userId is null
                ? new(IdentityAction.Update, byEmail)
                : new(IdentityAction.Conflict, ConflictingIds: [byEmail.Id]);
        }

        // 5. Nobody matches: create, unless the caller only wants updates.
        return updateOnly ? new(IdentityAction.NotFound) : new(IdentityAction.Create);
    }

    // Whether an engine's one statement may decide the upsert (IDatabaseEngine.UpsertOnKeyAsync). With one key given,
    // only one person can match, so rules 1 and 4 cannot apply and the rules reduce to "update the person holding the
    // key (2 or 3), else create (5)": one statement on that key's unique index, atomic under any concurrency. With both,
    // the statement decides rules 2, 3 and 5 and leaves a conflict (1 and 4) to the read, which names the people in the
    // way. updateOnly needs the read (404).
    public static bool InOneStatement(string? userId, string? email, bool updateOnly) => !updateOnly && (userId is not null || email is not null);
}
