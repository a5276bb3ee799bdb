namespace Workspaces.Data.People;

// The people one unit of work has read or made, indexed by userId and email, so that later items of a
// batch see what earlier items did (the same key twice behaves as two upserts in sequence).
internal sealed class KnownPeople
{
    private readonly Dictionary<string, Person> _byUserId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Person> _byEmail = new(StringComparer.Ordinal);

    public KnownPeople(IEnumerable<Person> people)
    {
        foreach (var person in people)
        {
            Reindex(person, null, null);
        }
    }

    public Person? ByUserId(string? userId) => userId is null ? null : _byUserId.GetValueOrDefault(userId);

    public Person? ByEmail(string? email) => email is null ? null : _byEmail.GetValueOrDefault(email);

    public void Reindex(Person person, string? oldUserId, string? oldEmail)
    {
        Move(_byUserId, person, oldUserId, person.UserId);
        Move(_byEmail, person, oldEmail, person.Email);
    }

    private static void Move(Dictionary<string, Person> index, Person person, string? oldKey, string? newKey)
    {
        if (oldKey is not null && oldKey != newKey && index.GetValueOrDefault(oldKey) == person)
        {
            index.Remove(oldKey);
        }

        if (newKey is not null)
        {
            index[newKey] = person;
        }
    }
}
