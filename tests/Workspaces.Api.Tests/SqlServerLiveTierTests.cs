using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data;
using Workspaces.Data.PostgreSql;
using Workspaces.Data.SqlServer;

namespace Workspaces.Api.Tests;

// The integration suite runs once per engine: against PostgreSQL always, against SQL Server when
// WORKSPACES_TEST_SQLSERVER names one (infra/test.sh then runs this project a second time with
// WORKSPACES_TEST_PROVIDER=SqlServer). Without it, the SQL Server pass is reported here as skipped, with the reason.
public sealed class SqlServerLiveTierTests : ApiTest
{
    [Test]
    public void The_integration_suite_runs_against_SQL_Server()
    {
        if (!TestEngine.IsSqlServer)
        {
            Assert.Ignore(Environment.GetEnvironmentVariable(TestEngine.SqlServerVariable) is { Length: > 0 }
                ? "This is the PostgreSQL pass; the SQL Server pass runs the suite again (its TRX files start with results-sqlserver)."
                : $"{TestEngine.SqlServerVariable} is not set: the integration suite has NOT run against SQL Server. " +
                  "infra/test-sqlserver.sh starts SQL Server 2022 with Docker and runs it (docs/data-layer.md).");
        }

        Assert.That(Api.Services.GetRequiredService<IDatabaseEngine>(), Is.InstanceOf<SqlServerEngine>());
    }

    [Test]
    public void Each_pass_runs_on_the_engine_it_names() =>
        Assert.That(Api.Services.GetRequiredService<IDatabaseEngine>(),
            TestEngine.IsSqlServer ? Is.InstanceOf<SqlServerEngine>() : Is.InstanceOf<PostgreSqlEngine>());
}
