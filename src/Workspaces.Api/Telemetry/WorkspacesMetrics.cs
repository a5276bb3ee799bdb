using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Workspaces.Data.People;

namespace Workspaces.Api.Telemetry;

// The service's request and upsert instruments (meter "Workspaces.Api"; ControlPlaneChangeFeed has the cache ones); docs/observability.md lists them with their labels.
public sealed class WorkspacesMetrics
{
    public const string MeterName = "Workspaces.Api";

    // Workspaces past this many (per process) are counted under "other": labels stay bounded however many
    // workspaces an instance serves, and the first ones seen keep their own series for the life of the process.
    public const string OtherWorkspaces = "other";

    // The entity label of workspaces.upserts.
    public const string Person = "person";
    public const string Company = "company";

    private readonly Counter<long> _upserts;
    private readonly Counter<long> _workspaceRequests;
    private readonly ConcurrentDictionary<string, byte> _labelledWorkspaces = new(StringComparer.Ordinal);
    private readonly int _workspaceLabelLimit;

    public WorkspacesMetrics(IMeterFactory meters, IConfiguration configuration)
    {
        var meter = meters.Create(MeterName);
        _workspaceLabelLimit = configuration.GetValue("Telemetry:WorkspaceLabels", 100);
        _upserts = meter.CreateCounter<long>(
            "workspaces.upserts", "{upsert}", "Upserts by entity (person, company) and outcome, batch items included.");
        _workspaceRequests = meter.CreateCounter<long>(
            "workspaces.workspace.requests", "{request}",
            $"Requests of resolved workspaces by workspace; past the first {_workspaceLabelLimit} workspaces seen, under \"{OtherWorkspaces}\".");
    }

    public void Upserted(string entity, UpsertStatus status) =>
        _upserts.Add(1, new TagList { { "entity", entity }, { "outcome", Outcome(status) } });

    public void WorkspaceRequest(string workspaceId) =>
        _workspaceRequests.Add(1, new KeyValuePair<string, object?>("workspace", WorkspaceLabel(workspaceId)));

    private string WorkspaceLabel(string workspaceId)
    {
        if (_labelledWorkspaces.ContainsKey(workspaceId))
        {
            return workspaceId;
        }

        // Racing first requests may let the count pass the limit by a few; the bound still holds to within the thread count.
        return _labelledWorkspaces.Count < _workspaceLabelLimit && _labelledWorkspaces.TryAdd(workspaceId, 0) ? workspaceId : OtherWorkspaces;
    }

    private static string Outcome(UpsertStatus status) => status switch
    {
        UpsertStatus.Created => "created",
        UpsertStatus.Updated => "updated",
        UpsertStatus.Unchanged => "unchanged",
        UpsertStatus.Conflict => "conflict",
        UpsertStatus.NotFound => "not_found",
        UpsertStatus.Invalid => "invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
