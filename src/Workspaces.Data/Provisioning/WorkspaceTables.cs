using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Provisioning;

// The tables of a workspace schema as the move sees them: every table of the people model (whatever later migrations
// add), in an order its foreign keys allow, and each one's row count.
public static class WorkspaceTables
{
    // The placeholder schema is rewritten to the context's own (WorkspaceSchemaInterceptor); double quotes suit both
    // engines (SqlClient sets QUOTED_IDENTIFIER ON). The comment names the step in logs, and for a test injecting a fault.
    public const string VerifyMarker = "/* workspace move: verify rows */";

    public static string CountRowsSql(string table) =>
        $"{VerifyMarker} SELECT CAST(count(*) AS bigint) AS \"Value\" FROM \"{WorkspaceSchemaName.Placeholder}\".\"{table}\"";

    public static Task<long> CountAsync(PeopleDbContext db, string table, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<long>(CountRowsSql(table)).SingleAsync(cancellationToken);

    // Parents before children, so the target's foreign keys hold at every row.
    public static List<ITable> InCopyOrder(IModel model)
    {
        var left = model.GetRelationalModel().Tables.ToList();
        var ordered = new List<ITable>();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || !left.Contains(fk.PrincipalTable)))
                ?? throw new InvalidOperationException("The workspace tables' foreign keys form a cycle.");
            ordered.Add(next);
            left.Remove(next);
        }

        return ordered;
    }
}
