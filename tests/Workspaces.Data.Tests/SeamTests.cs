using Workspaces.Data.PostgreSql;

namespace Workspaces.Data.Tests;

// Workspaces.Data is engine-neutral: every engine-specific line lives in an engine's project, behind IDatabaseEngine.
public sealed class SeamTests
{
    private static readonly string[] EngineAssemblies = ["Npgsql", "Microsoft.Data.SqlClient", "Microsoft.EntityFrameworkCore.SqlServer", "System.Data.SqlClient"];

    [Test]
    public void The_data_layer_references_no_database_engine()
    {
        var references = typeof(IDatabaseEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.That(references, Has.None.Matches<string>(name => EngineAssemblies.Any(engine => name.StartsWith(engine, StringComparison.Ordinal))));
        Assert.That(references, Does.Contain("Microsoft.EntityFrameworkCore.Relational"));
    }

    [Test]
    public void The_PostgreSQL_engine_implements_the_seam() =>
        Assert.That(typeof(PostgreSqlEngine).GetInterfaces(), Does.Contain(typeof(IDatabaseEngine)));
}
