namespace Workspaces.Data.People;

// What one upsert or batch creates and changes, collected in memory and written once (IDatabaseEngine.WriteAsync).
public sealed class PeopleChanges
{
    private readonly List<Person> _created = [];
    private readonly List<ChangedPerson> _changed = [];
    private readonly HashSet<Person> _changedSet = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<Person> Created => _created;

    // Each changed person with the version it was read at; it is written once, however many items changed it.
    public IReadOnlyList<ChangedPerson> Changed => _changed;

    public int Count => _created.Count + _changed.Count;

    public void Create(Person person) => _created.Add(person);

    // People read from the database are changed in place; a person created by this unit is simply inserted as it ends up.
    public void Change(Person person)
    {
        if (person.Seq != 0 && _changedSet.Add(person))
        {
            _changed.Add(new(person, person.Version));
            person.Version++;
        }
    }
}

public readonly record struct ChangedPerson(Person Person, int ReadVersion);
