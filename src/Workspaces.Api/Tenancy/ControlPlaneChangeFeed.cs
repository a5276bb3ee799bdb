using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Workspaces.Api.Tenancy;

// The cache-freshness gate: whether this instance may serve workspaces (WorkspaceStore) and token liveness
// (TokenRevocations) from memory. Entries live long: every PollInterval ControlPlaneChangePoller reads what any instance changed (control.changes) and drops
// those entries. While the poller is behind (database unreachable, a slow query) the caches are not read at all, so
// a change on another instance still takes effect here within MaxStaleness; when it catches up, everything cached
// during the lapse is dropped. With thousands of workspaces, short expiries made nearly every request query the
// control plane (infra/bench: 0.3-0.5 ms of API CPU per request).
public sealed class ControlPlaneChangeFeed : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // The contract allows 5 s for a revocation to reach every instance; this leaves room for a slow request.
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromSeconds(3);

    // Every poll re-reads this much history. It covers a change committed a little after the time it was stamped
    // with, and an old row read just before a change but cached just after a poll (the next polls drop it again).
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    // Rows older than this are deleted; no poll reads them.
    public static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    // Entries nobody asks for leave memory after this.
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly TimeProvider _time;
    private readonly Counter<long> _lookups;
    private CancellationTokenSource _generation = new();
    private long _seenAtTicks;

    public ControlPlaneChangeFeed(TimeProvider time, IMeterFactory meters)
    {
        _time = time;
        var meter = meters.Create(Telemetry.WorkspacesMetrics.MeterName);
        _lookups = meter.CreateCounter<long>(
            "workspaces.control_plane.cache.lookups", "{lookup}",
            "Control-plane cache lookups by cache (workspace, token) and result (hit, miss, bypassed while the change poll is behind).");
        meter.CreateObservableGauge(
            "workspaces.control_plane.change_poll.lag",
            () => Lag is { } lag ? [new Measurement<double>(lag.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s",
            "Time since the start of the last control-plane change poll that succeeded; the caches are bypassed past 3 s.");
    }

    // Null until the first poll succeeds.
    public TimeSpan? Lag => Volatile.Read(ref _seenAtTicks) is var seen and > 0 ? _time.GetUtcNow() - new DateTimeOffset(seen, TimeSpan.Zero) : null;

    // Whether every change made more than MaxStaleness ago has been applied to the caches.
    public bool AreCurrent => _time.GetUtcNow().UtcTicks - Volatile.Read(ref _seenAtTicks) < MaxStaleness.Ticks;

    // A cached control-plane entry, only while the caches are current; counted by cache and result.
    public bool TryRead<T>(IMemoryCache cache, (string Cache, string Key) key, out T? value)
    {
        if (!AreCurrent)
        {
            value = default;
            Count(key.Cache, "bypassed");
            return false;
        }

        var hit = cache.TryGetValue(key, out value);
        Count(key.Cache, hit ? "hit" : "miss");
        return hit;
    }

    public MemoryCacheEntryOptions CacheEntry() =>
        new MemoryCacheEntryOptions { SlidingExpiration = Idle }.AddExpirationToken(new CancellationChangeToken(Volatile.Read(ref _generation).Token));

    // The poller read every change up to pollStartedAt (minus commit delays the Window covers).
    internal void Seen(DateTimeOffset pollStartedAt)
    {
        if (!AreCurrent)
        {
            // Not disposed: a request may still be reading its token to cache an entry, which then expires at once.
            Interlocked.Exchange(ref _generation, new CancellationTokenSource()).Cancel();
        }

        Volatile.Write(ref _seenAtTicks, pollStartedAt.UtcTicks);
    }

    public void Dispose() => _generation.Dispose();

    private void Count(string cache, string result) => _lookups.Add(1, new TagList { { "cache", cache }, { "result", result } });
}
