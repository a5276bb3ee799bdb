using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Provisioning;
using Workspaces.Data.Schemas;
using Workspaces.Data.SqlServer.Tests.Capture;

namespace Workspaces.Data.SqlServer.Tests;

// Moving a workspace to another server, on SQL Server: the statements the mover sends the old server (a shared table
// lock held to the end of its transaction on every table of the people model, then each table's row count) parse as
// T-SQL and name the workspace's schema only. The copy itself is SqlBulkCopy, which needs a real server.
public sealed class SqlServerMoveTests
{
    [Test]
    public async Task A_move_holds_every_workspace_table_with_a_shared_lock_and_counts_its_rows_in_TSql()
    {
        var capture = new CommandCapture();
        var schema = WorkspaceSchemaName.New();
        await using var people = Offline.People(schema, capture);
        string[] tables = [.. people.Model.GetRelationalModel().Tables.Select(t => t.Name)];

        await Offline.Engine().LockAgainstWritesAsync(people, tables, CancellationToken.None);
        foreach (var table in tables)
        {
            await people.Database.ExecuteSqlRawAsync(WorkspaceTables.CountRowsSql(table));
        }

        var sent = capture.Commands.Select(c => c.Text).ToList();
        Assert.That(sent, Has.Count.EqualTo(2 * tables.Length));
        Assert.That(sent.Take(tables.Length), Has.All.Contains("WITH (TABLOCK, HOLDLOCK)"));
        Assert.That(sent.SelectMany(s => TSql.Parse(s).Errors), Is.Empty);
        Assert.That(sent.SelectMany(s => TSql.Parse(s).SchemaNames).Distinct(), Is.EqualTo(new[] { schema }));
    }
}
