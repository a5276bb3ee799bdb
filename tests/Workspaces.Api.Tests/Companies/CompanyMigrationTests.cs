using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Tests.Testing;
using Workspaces.Data.People;
using Workspaces.Data.Schemas;
using static Workspaces.Api.Tests.Companies.CompanyRoutes;

namespace Workspaces.Api.Tests.Companies;

// Contract §5 and issue 16: the migration that adds companies and memberships reaches every existing workspace schema
// through `migrate` (the same DatabaseMigrator runs at start-up), keeping its people.
public sealed class CompanyMigrationTests : WorkspaceTest
{
    [Test]
    public async Task Migrate_adds_the_company_tables_to_a_schema_created_before_them()
    {
        var person = Id(await UpsertPersonAsync(WsClient, Ws, new { userId = "ada" }));
        var before = await RollBackToBeforeCompaniesAsync();
        Assert.That(await TableCountAsync(), Is.Zero, "the schema is as a workspace created before the migration has it");

        var output = await Cli.RunAsync("migrate");

        Assert.That(output, Does.Contain("workspace acme: migrated"));
        Assert.That(await TableCountAsync(), Is.EqualTo(2));
        Assert.That(
            await Database.ScalarAsync<string>("SELECT \"SchemaMigration\" FROM control.workspaces WHERE \"Id\" = 'acme'"),
            Is.Not.EqualTo(before).And.EndsWith("_Companies"));
        var joined = await UpsertPersonAsync(WsClient, Ws, new { userId = "ada", companies = new[] { new { companyId = "c1" } } }, System.Net.HttpStatusCode.OK);
        Assert.That(Id(joined), Is.EqualTo(person), "the person made before the migration is kept");
    }

    // Takes acme's schema back to the migration before companies and records that in the control plane.
    private async Task<string> RollBackToBeforeCompaniesAsync()
    {
        await using var people = Api.Services.GetRequiredService<PeopleContextPools>().CreateDirect(new FixedWorkspaceSchema(Schema));
        var previous = people.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_Companies", StringComparison.Ordinal)).Last();
        await people.GetService<IMigrator>().MigrateAsync(previous);
        await Database.ScalarAsync<int>("UPDATE control.workspaces SET \"SchemaMigration\" = $1 WHERE \"Id\" = 'acme'", previous);
        return previous;
    }

    private Task<long> TableCountAsync() => Database.ScalarAsync<long>(TestEngine.IsSqlServer
        ? $"SELECT count(*) FROM sys.tables WHERE schema_id = SCHEMA_ID('{Schema}') AND name IN ('companies', 'memberships')"
        : $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{Schema}' AND table_name IN ('companies', 'memberships')");
}
