using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Workspaces.Api.Tests.Testing;

// Keeps every log entry at minLevel or above that a test host writes: what operators would see (Warning), or
// which commands EF ran (Information, category Microsoft.EntityFrameworkCore.Database.Command).
public sealed class CapturedLogs(LogLevel minLevel = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();
    private readonly LogLevel _minLevel = minLevel;

    public IReadOnlyCollection<(LogLevel Level, string Category, string Message)> Entries => _entries;

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= logs._minLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs._entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
