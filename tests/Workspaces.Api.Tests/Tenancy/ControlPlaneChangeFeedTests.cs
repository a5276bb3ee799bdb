using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Tests.Tenancy;

// Each instance caches workspaces and token liveness for minutes and learns other instances' changes from
// control.changes (ControlPlaneChangeFeed). Contract: a revocation (TokenTests), suspension or deletion reaches every
// instance within 5 seconds, even one that cannot read the changes.
public sealed class ControlPlaneChangesTests : ApiTest
{
    private const string Ws = "acme";
    private const string WorkspacePath = $"/v1/admin/workspaces/{Ws}";

    [SetUp]
    public Task CreateAcmeAsync() => CreateWorkspaceAsync(Ws);

    [Test]
    public async Task Suspension_on_one_instance_reaches_another_within_5_seconds()
    {
        await using var other = new ApiFactory();
        using var there = await WarmClientAsync(other);
        using var admin = Client(AdminToken());

        using (var suspend = await admin.PatchAsJsonAsync(WorkspacePath, new { status = "suspended" }))
        {
            Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.OK), await suspend.Content.ReadAsStringAsync());
        }

        await AssertUpsertAnsweredWithinBoundAsync(there, Ws, HttpStatusCode.Forbidden, Stopwatch.StartNew());
    }

    [Test]
    public async Task Deletion_on_one_instance_reaches_another_within_5_seconds()
    {
        await using var other = new ApiFactory();
        using var there = await WarmClientAsync(other);
        using var admin = Client(AdminToken());

        using (var delete = await admin.DeleteAsync(WorkspacePath))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await delete.Content.ReadAsStringAsync());
        }

        // Until then the instance may still find the workspace cached, but not its schema: 404.
        await AssertUpsertAnsweredWithinBoundAsync(there, Ws, HttpStatusCode.Unauthorized, Stopwatch.StartNew(), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Revocation_reaches_an_instance_that_cannot_read_the_changes_within_5_seconds()
    {
        var fault = new FailReadingChanges();
        await using var other = new ApiFactory(services => services.ConfigureDbContext<ControlPlaneDbContext>(options => options.AddInterceptors(fault)));
        using var there = await WarmClientAsync(other);
        using var admin = Client(AdminToken());
        var tokenId = await Database.ScalarAsync<string>("SELECT \"Id\" FROM control.tokens WHERE \"WorkspaceId\" = $1", Ws);

        using (var revoke = await admin.DeleteAsync($"{WorkspacePath}/tokens/{tokenId}"))
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await AssertUpsertAnsweredWithinBoundAsync(there, Ws, HttpStatusCode.Unauthorized, Stopwatch.StartNew());
        Assert.That(fault.Failures, Is.GreaterThan(0), "the other instance tried to read the changes and failed");
    }

    [Test]
    public async Task Changes_older_than_an_hour_are_deleted()
    {
        await Database.ScalarAsync<int>(TestEngine.IsSqlServer
            ? "INSERT INTO control.changes (\"Kind\", \"Key\", \"At\") VALUES ('Token', 'old', DATEADD(hour, -2, SYSUTCDATETIME())), ('Token', 'new', SYSUTCDATETIME())"
            : "INSERT INTO control.changes (\"Kind\", \"Key\", \"At\") VALUES ('Token', 'old', now() - interval '2 hours'), ('Token', 'new', now())");

        await using var other = new ApiFactory();
        using var client = Client(null, other);
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var waited = Stopwatch.StartNew();
        while (await Database.ScalarAsync<long>("SELECT count(*) FROM control.changes WHERE \"Key\" = 'old'") > 0 && waited.Elapsed < PropagationBound)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.That(await Database.ScalarAsync<string>("SELECT string_agg(\"Key\", ',') FROM control.changes"), Is.EqualTo("new"));
    }

    // A client of the other instance whose token and workspace that instance has cached.
    private static async Task<HttpClient> WarmClientAsync(ApiFactory other)
    {
        var client = Client(await CreateTokenAsync(Ws), other);
        using var warm = await UpsertAsync(client, Ws, new { userId = "u1" });
        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Created), await warm.Content.ReadAsStringAsync());
        return client;
    }

    private sealed class FailReadingChanges : DbCommandInterceptor
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // "control.changes" on PostgreSQL, "[control].[changes]" on SQL Server.
            if (command.CommandText.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
                .Contains("control.changes", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _failures);
                throw new TimeoutException("Injected: the changes could not be read.");
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
