using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Companies;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;

namespace Workspaces.Data.SqlServer;

// What the shared models need on SQL Server beyond what they say provider-neutrally. Applied after each context's
// own OnModelCreating, so the migrations in this project and the runtime model are the same model.
public sealed class SqlServerModel(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    // SQL Server's default collations ignore case: "U1" and "u1" would be one userId. Every external id (and the
    // email, stored already normalised) compares by code point instead. nvarchar: BIN2 is exact on UTF-16.
    public const string BinaryCollation = "Latin1_General_100_BIN2";

    // ISJSON(x, OBJECT) and GREATEST need SQL Server 2022 (compatibility level 160) or Azure SQL.
    public const string TraitsAreAnObject = "ISJSON([Traits], OBJECT) = 1";
    public const string AttributesAreAnObject = "ISJSON([Attributes], OBJECT) = 1";

    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        switch (context)
        {
            case PeopleDbContext:
                modelBuilder.Entity<Person>(person =>
                {
                    Binary(person.Property(p => p.Id));
                    Binary(person.Property(p => p.UserId));
                    Binary(person.Property(p => p.Email));
                    person.Property(p => p.Traits).HasColumnType("nvarchar(max)");
                    person.ToTable(table => table.HasCheckConstraint("CK_people_Traits_IsObject", TraitsAreAnObject));
                });
                modelBuilder.Entity<Company>(company =>
                {
                    Binary(company.Property(c => c.Id));
                    Binary(company.Property(c => c.ExternalId));
                    company.Property(c => c.Traits).HasColumnType("nvarchar(max)");
                    company.ToTable(table => table.HasCheckConstraint("CK_companies_Traits_IsObject", TraitsAreAnObject));
                });
                modelBuilder.Entity<Membership>(membership =>
                {
                    membership.Property(m => m.Attributes).HasColumnType("nvarchar(max)");
                    membership.ToTable(table => table.HasCheckConstraint("CK_memberships_Attributes_IsObject", AttributesAreAnObject));
                });
                break;
            case ControlPlaneDbContext:
                modelBuilder.Entity<Workspace>(workspace =>
                {
                    Binary(workspace.Property(w => w.Id));
                    Binary(workspace.Property(w => w.SchemaName));
                });
                modelBuilder.Entity<WorkspaceToken>(token =>
                {
                    Binary(token.Property(t => t.Id));
                    Binary(token.Property(t => t.WorkspaceId));
                });
                modelBuilder.Entity<ControlPlaneChange>(change =>
                {
                    Binary(change.Property(c => c.Key));
                    change.Property(c => c.At).HasDefaultValueSql("SYSUTCDATETIME()");
                });
                break;
        }
    }

    private static void Binary(PropertyBuilder property) => property.UseCollation(BinaryCollation);
}
