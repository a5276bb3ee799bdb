using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Workspaces.Api.Tests.Testing;

// Proves no secret reaches a log. Every API instance the tests start (ApiFactory) logs to Capture at Trace, every
// category (but the one the app turns off itself, TelemetrySetup.FrameworkRequestLines); every test client
// (ConformanceHandler) records the secrets its exchanges carry: the bearer token, tokens the API returned, and the
// userId, email and trait string values of JSON bodies and query strings. ApiTest's TearDown fails the test when a
// line logged during it (message, exception or scope) holds one of them.
// Matching: a plain ordinal substring search, for values of 8+ characters or of 5+ with a digit or '@' (tokens and
// emails always qualify). Shorter values such as userId "u1" or a trait "gold" would also match ordinary words and SQL
// text ("u1" in "u1_idx"), so they are not searched.
public static class LogSecrets
{
    public static readonly CaptureProvider Capture = new();

    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> Secrets = new();

    public static void Record(string testId, HttpRequestMessage request, string? requestBody, string? responseBody)
    {
        var found = Secrets.GetOrAdd(testId, _ => new(StringComparer.Ordinal));
        void Add(string? value)
        {
            if (value is not null && Searchable(value))
            {
                found.TryAdd(value, 0);
            }
        }

        Add(request.Headers.Authorization?.Parameter);
        foreach (var pair in (request.RequestUri?.Query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            Add(Uri.UnescapeDataString(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        }

        foreach (var body in new[] { requestBody, responseBody })
        {
            foreach (var value in SecretValues(body))
            {
                Add(value);
            }
        }
    }

    // Forgets the test's secrets and returns every logged line that holds one; the capture starts afresh.
    public static IReadOnlyList<string> TakeLeaks(string testId)
    {
        var secrets = Secrets.TryRemove(testId, out var found) ? found.Keys.ToList() : [];
        var lines = Capture.Take();
        return [.. from line in lines from secret in secrets where line.Contains(secret, StringComparison.Ordinal)
                select $"'{secret}' in: {line}"];
    }

    public static void Forget() => Capture.Take();

    private static bool Searchable(string value) =>
        value.Length >= 8 || (value.Length >= 5 && value.Any(c => char.IsAsciiDigit(c) || c == '@'));

    // JsonDocument, not JsonNode: bodies the tests send on purpose may hold duplicate keys or lone surrogates.
    private static List<string> SecretValues(string? body)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(body))
        {
            return found;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            Collect(document.RootElement, inTraits: false, found);
        }
        catch (JsonException)
        {
            // Not JSON: nothing to record.
        }

        return found;
    }

    private static void Collect(JsonElement element, bool inTraits, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && !inTraits && property.Name is "userId" or "email" or "token")
                    {
                        AddString(property.Value, found);
                    }

                    Collect(property.Value, inTraits || property.Name == "traits", found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, inTraits, found);
                }

                break;
            case JsonValueKind.String when inTraits:
                AddString(element, found);
                break;
        }
    }

    private static void AddString(JsonElement value, List<string> found)
    {
        try
        {
            found.Add(value.GetString()!);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate cannot be read as a string, so it cannot be logged as one either.
        }
    }

    public sealed class CaptureProvider : ILoggerProvider
    {
        private ConcurrentQueue<string> _lines = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        internal List<string> Take() => [.. Interlocked.Exchange(ref _lines, new ConcurrentQueue<string>())];

        private sealed class Logger(CaptureProvider capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                capture._lines.Enqueue($"[{category} scope] {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture._lines.Enqueue($"[{logLevel} {category}] {formatter(state, exception)} {exception}");
        }
    }
}
