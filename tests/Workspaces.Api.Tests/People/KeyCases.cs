using System.Text;
using System.Text.Json.Nodes;
using Workspaces.Data.People;

namespace Workspaces.Api.Tests.People;

/// <param name="Key">Which of <paramref name="UserId"/> and <paramref name="Email"/> the upsert gives.</param>
/// <param name="Stored">The person stored before the upsert, or null when nobody holds either key.</param>
/// <param name="Other">A second stored person holding the email, when the first holds the userId (a conflict).</param>
public sealed record KeyCase(
    int Index, PersonKey Key, string UserId, string Email, Person? Stored, Person? Other, JsonObject? Patch, DateTimeOffset? LastSeenAt)
{
    public PersonInput Input => new(Key == PersonKey.Email ? null : UserId, Key == PersonKey.UserId ? null : Email, Patch, LastSeenAt);
}

// A seeded table of upserts by one key or both over stored people: nulls (removals), nested values, equal values
// (numbers spelled differently too), strings heavy in escapes and non-ASCII, key counts near TraitLimits.MaxKeys, sizes
// near TraitLimits.MaxBytes (in characters that escaping makes six times longer as well), and lastSeenAt before, at and
// after. With both keys, the stored people take every shape of IdentityResolution: one person holding both, the userId
// with no or another email, the email with no userId or another one, and the two keys held by two people.
public static class KeyCases
{
    public static readonly DateTimeOffset StoredAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset SeenAt = new(2026, 3, 1, 8, 30, 0, 500, TimeSpan.Zero);

    private static readonly string[] Keys =
        ["plan", "seats", "a", "b", "c", "d", "nested", "list", "k\"q", "k\\b", "ключ", "emoji😀", "<tag>", "tab\tkey", "sp ace", "$dollar"];

    private static readonly string[] Strings =
        ["", "plain", "<script>&'", "quote\"inside", "back\\slash", "line\nbreak", "tab\there", "ctl\u0001\u001f", "é", "ключ", "😀👍", "\u2028sep", "1"];

    private static readonly string[] Numbers = ["0", "1", "1.0", "1.50", "-42", "3.14159", "1000000"];

    public static List<KeyCase> Generate(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => Case(random, i))];
    }

    private static KeyCase Case(Random random, int index)
    {
        var (userId, email) = ($"u{index}", $"e{index}@example.com");
        var key = random.Next(6) switch
        {
            0 => PersonKey.Email,
            1 or 2 => PersonKey.Both,
            _ => PersonKey.UserId,
        };
        if (random.Next(12) == 0)
        {
            return new(index, key, userId, email, null, null, Patch(random, new JsonObject()), LastSeen(random, null));
        }

        var traits = (index % 6) switch
        {
            0 => ManyKeys(random),
            1 => NearMaxBytes(random),
            _ => Small(random),
        };
        var storedSeen = random.Next(3) == 0 ? (DateTimeOffset?)null : SeenAt;
        // With both keys: the holder of both, of the userId (no email, another one, or the email held by another
        // person), of the email (no userId or another one).
        var (storedUserId, storedEmail, other) = key != PersonKey.Both ? (userId, email, null) : random.Next(6) switch
        {
            0 => (userId, null, null),
            1 => (userId, $"x{index}@example.com", null),
            2 => (null, email, null),
            3 => ($"w{index}", email, null),
            4 => (userId, null, new Person { Id = Person.NewId(), Email = email, Traits = "{}", CreatedAt = StoredAt, UpdatedAt = StoredAt }),
            _ => (userId, email, (Person?)null),
        };
        var stored = new Person
        {
            Id = Person.NewId(),
            UserId = storedUserId,
            Email = storedEmail,
            Traits = traits.ToJsonString(),
            CreatedAt = StoredAt,
            UpdatedAt = StoredAt,
            LastSeenAt = storedSeen,
        };
        var patch = (index % 6) switch
        {
            0 => ManyKeysPatch(random, traits),
            1 => NearMaxBytesPatch(random),
            _ => Patch(random, traits),
        };
        return new(index, key, userId, email, stored, other, patch, LastSeen(random, storedSeen));
    }

    private static JsonObject Small(Random random)
    {
        var traits = new JsonObject();
        for (var n = random.Next(7); n > 0; n--)
        {
            traits[Keys[random.Next(Keys.Length)]] = Value(random, 0);
        }

        return traits;
    }

    // Stored with 248-256 keys; the patch adds a few, removes a few or repeats some.
    private static JsonObject ManyKeys(Random random)
    {
        var traits = new JsonObject();
        for (var n = 0; n < TraitLimits.MaxKeys - random.Next(9); n++)
        {
            traits[$"n{n:D3}"] = n;
        }

        return traits;
    }

    private static JsonObject ManyKeysPatch(Random random, JsonObject stored)
    {
        var patch = new JsonObject();
        for (var n = random.Next(8); n > 0; n--)
        {
            patch[$"m{random.Next(20)}"] = Value(random, 1);
        }

        for (var n = random.Next(4); n > 0; n--)
        {
            var (name, value) = stored.ElementAt(random.Next(stored.Count));
            patch[name] = random.Next(2) == 0 ? null : value?.DeepClone();
        }

        return patch;
    }

    // Stored with one long string whose serialised size is near MaxBytes: plain ASCII, '<' (six bytes escaped) or
    // 'é' (two bytes, six escaped); the patch adds or replaces a string of up to a few hundred bytes.
    private static JsonObject NearMaxBytes(Random random)
    {
        var (unit, escapedBytes) = random.Next(3) switch
        {
            0 => ("x", 1),
            1 => ("<", 6),
            _ => ("é", 6),
        };
        var chars = ((TraitLimits.MaxBytes - 40) / escapedBytes) - random.Next(0, 400 / escapedBytes);
        return new JsonObject { ["big"] = new StringBuilder().Insert(0, unit, chars).ToString(), ["plan"] = "free" };
    }

    private static JsonObject NearMaxBytesPatch(Random random) => random.Next(4) switch
    {
        0 => new JsonObject { ["plan"] = "pro" },
        1 => new JsonObject { ["big"] = null, ["plan"] = "pro" },
        2 => new JsonObject { ["plan"] = "free" },
        _ => new JsonObject { ["note"] = new string('n', random.Next(1, 400)) },
    };

    private static JsonObject? Patch(Random random, JsonObject stored)
    {
        if (random.Next(10) == 0)
        {
            return null;
        }

        var patch = new JsonObject();
        for (var n = random.Next(5); n > 0; n--)
        {
            var name = Keys[random.Next(Keys.Length)];
            patch[name] = random.Next(6) switch
            {
                0 => null,
                1 when stored[name] is { } same => Respelled(same),
                _ => Value(random, 0),
            };
        }

        return patch;
    }

    // An equal value, as the same text or (for a whole number) with a decimal point.
    private static JsonNode Respelled(JsonNode value) =>
        value is JsonValue v && v.TryGetValue(out int whole) ? JsonNode.Parse($"{whole}.0")! : value.DeepClone();

    private static JsonNode? Value(Random random, int depth) => random.Next(depth < 2 ? 8 : 5) switch
    {
        0 => JsonNode.Parse(Numbers[random.Next(Numbers.Length)]),
        1 => random.Next(2) == 0,
        2 or 3 => Strings[random.Next(Strings.Length)] + Strings[random.Next(Strings.Length)],
        4 => random.Next(-5, 5),
        5 => new JsonObject { ["x"] = Value(random, depth + 1), ["y"] = null, ["z"] = new JsonArray(Value(random, depth + 1), Value(random, depth + 1)) },
        6 => new JsonArray(Value(random, depth + 1), null, Value(random, depth + 1)),
        _ => random.Next(2) == 0 ? new JsonObject() : new JsonArray(),
    };

    // Before, at, after the stored time, or between milliseconds (truncated to the stored time's millisecond).
    private static DateTimeOffset? LastSeen(Random random, DateTimeOffset? stored)
    {
        var at = stored ?? SeenAt;
        return random.Next(6) switch
        {
            0 => null,
            1 => at.AddSeconds(-1),
            2 => at,
            3 => at.AddTicks(4000),
            _ => at.AddMinutes(random.Next(1, 600)),
        };
    }
}
