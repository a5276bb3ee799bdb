using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;

namespace Workspaces.Data;

// Retries a unit of work that lost a unique-key, foreign-key or optimistic-concurrency race, or hit a transient fault, as the
// engine classifies them. Each attempt must start from a clear change tracker and re-read what it decides on.
public static class DatabaseRetry
{
    public static ResiliencePipeline Create(IDatabaseEngine engine) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(engine.IsRetryable),
            // Racing writers on one person settle one per round, so allow a generous number of short retries.
            MaxRetryAttempts = 12,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(250),
        })
        .Build();

    public static bool IsRetryable(this IDatabaseEngine engine, Exception e) =>
        engine.IsUniqueViolation(e) || engine.IsForeignKeyViolation(e) || e is DbUpdateConcurrencyException || engine.IsTransient(e);
}
