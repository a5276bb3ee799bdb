using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using Workspaces.Data;

namespace Workspaces.Api.Tests.Testing;

// Which engine this run of the integration suite talks to. PostgreSQL unless WORKSPACES_TEST_PROVIDER=SqlServer,
// which infra/test.sh sets for its second pass when WORKSPACES_TEST_SQLSERVER (a connection string) is given.
public static class TestEngine
{
    public const string SqlServerVariable = "WORKSPACES_TEST_SQLSERVER";
    public const string ProviderVariable = "WORKSPACES_TEST_PROVIDER";

    public static bool IsSqlServer => Environment.GetEnvironmentVariable(ProviderVariable) == DatabaseOptions.SqlServer;

    public static string Provider => IsSqlServer ? DatabaseOptions.SqlServer : DatabaseOptions.PostgreSql;

    public static string ConnectionString => IsSqlServer
        ? Environment.GetEnvironmentVariable(SqlServerVariable)
            ?? throw new InvalidOperationException($"{SqlServerVariable} is not set: the SQL Server pass needs a connection string.")
        : Environment.GetEnvironmentVariable("ConnectionStrings__Workspaces")
            ?? throw new InvalidOperationException("ConnectionStrings__Workspaces is not set: run the tests with infra/test.sh.");
}

// A test of something only PostgreSQL has (a query plan, an Npgsql fault, a PostgreSQL statement): in the SQL Server
// pass it is reported as skipped, with the reason, never run and never counted as passed.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PostgreSqlOnlyAttribute(string reason) : NUnitAttribute, IApplyToTest
{
    public void ApplyToTest(Test test)
    {
        test.Properties.Add(PropertyNames.Category, "PostgreSqlOnly");
        if (TestEngine.IsSqlServer && test.RunState is not RunState.NotRunnable)
        {
            test.RunState = RunState.Ignored;
            test.Properties.Set(PropertyNames.SkipReason, $"PostgreSQL only: {reason}");
        }
    }
}
