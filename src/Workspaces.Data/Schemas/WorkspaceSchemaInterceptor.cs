using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Workspaces.Data.People;

namespace Workspaces.Data.Schemas;

// Points every command of the shared people model at the context's own workspace schema.
// Works the same on any provider (SQL Server has no per-connection search_path), and keeps
// one model and one query cache for all workspaces. Schema names are validated and always quoted by EF.
public sealed class WorkspaceSchemaInterceptor : DbCommandInterceptor
{
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (eventData.Context is PeopleDbContext people)
        {
            result.CommandText = result.CommandText.Replace(WorkspaceSchemaName.Placeholder, people.SchemaName, StringComparison.Ordinal);
        }
        else if (result.CommandText.Contains(WorkspaceSchemaName.Placeholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A workspace-schema command ran outside a PeopleDbContext.");
        }

        return result;
    }
}
