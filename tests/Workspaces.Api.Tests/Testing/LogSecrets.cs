using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            foreach (var value in SecretValues(Parse(body), inTraits: false))
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

    private static JsonNode? Parse(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SecretValues(JsonNode? node, bool inTraits)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (value is JsonValue v && v.TryGetValue(out string? text)
                        && (inTraits || name is "userId" or "email" or "token"))
                    {
                        yield return text;
                    }

                    foreach (var nested in SecretValues(value, inTraits || name == "traits"))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var nested in SecretValues(item, inTraits))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValue value when inTraits && value.TryGetValue(out string? text):
                yield return text;
                break;
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
