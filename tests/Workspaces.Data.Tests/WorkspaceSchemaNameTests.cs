using System.Text;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.Tests;

public sealed class WorkspaceSchemaNameTests
{
    [Test]
    public void New_names_are_random_lowercase_and_fit_PostgreSQL_identifiers()
    {
        var names = Enumerable.Range(0, 100).Select(_ => WorkspaceSchemaName.New()).ToList();

        Assert.That(names, Is.Unique);
        Assert.That(names, Has.All.Matches<string>(WorkspaceSchemaName.IsValid));
        Assert.That(names, Has.All.Matches<string>(n => Encoding.UTF8.GetByteCount(n) <= 63));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("acme")]
    [TestCase("ws_acme")]
    [TestCase("ws_0123456789abcdef0123456789ABCDEF")]
    [TestCase("ws_0123456789abcdef0123456789abcdef\"; DROP SCHEMA control; --")]
    [TestCase(WorkspaceSchemaName.Placeholder)]
    public void Anything_else_is_refused(string? name)
    {
        Assert.That(WorkspaceSchemaName.IsValid(name), Is.False);
        Assert.Throws<InvalidOperationException>(() => WorkspaceSchemaName.EnsureValid(name));
    }

    [Test]
    public void A_host_without_a_resolved_workspace_has_no_schema() =>
        Assert.Throws<InvalidOperationException>(() => _ = new NoWorkspaceSchema().Name);
}
