using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspaces.Data.SqlServer.Tests.Capture;

public sealed record CapturedCommand(string Context, CommandSource Source, string Text);

// Hands EF an offline connection instead of the SqlConnection it would create, and records the text of every
// command as EF sends it, after every other interceptor (the workspace-schema rewrite) has run.
internal sealed class CommandCapture : IDbConnectionInterceptor, IDbCommandInterceptor
{
    private readonly ConcurrentQueue<CapturedCommand> _commands = new();

    public OfflineResults Results { get; } = new();

    public IReadOnlyCollection<CapturedCommand> Commands => _commands;

    public InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        InterceptionResult<DbConnection>.SuppressWithResult(new OfflineConnection(eventData.ConnectionString!, Results));

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Record(command, eventData, result);

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, eventData, result));

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Record(command, eventData, result);

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, eventData, result));

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Record(command, eventData, result);

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, eventData, result));

    private T Record<T>(DbCommand command, CommandEventData eventData, T result)
    {
        _commands.Enqueue(new(eventData.Context?.GetType().Name ?? "", eventData.CommandSource, command.CommandText));
        return result;
    }
}
