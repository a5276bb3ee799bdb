using System.Diagnostics;
using OpenTelemetry;

namespace Workspaces.Api.Telemetry;

// Every span of a workspace's request carries the workspace id: the request's span gets it from RequestLog, and each
// span started under it (database commands, outgoing HTTP) copies it from its parent when it starts.
internal sealed class WorkspaceSpans : BaseProcessor<Activity>
{
    public const string Tag = "workspace.id";

    public override void OnStart(Activity data)
    {
        if (data.Parent?.GetTagItem(Tag) is string workspaceId)
        {
            data.SetTag(Tag, workspaceId);
        }
    }
}
