using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Workspaces.Data.Companies;
using Workspaces.Data.ControlPlane;
using Workspaces.Data.People;

namespace Workspaces.Data.PostgreSql;

// What the shared models leave to the engine: traits and attributes are jsonb, and change records are stamped by the database clock.
internal sealed class PostgreSqlModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        switch (context)
        {
            case PeopleDbContext:
                modelBuilder.Entity<Person>().Property(p => p.Traits).HasColumnType("jsonb");
                modelBuilder.Entity<Company>().Property(c => c.Traits).HasColumnType("jsonb");
                modelBuilder.Entity<Membership>().Property(m => m.Attributes).HasColumnType("jsonb");
                break;
            case ControlPlaneDbContext:
                modelBuilder.Entity<ControlPlaneChange>().Property(c => c.At).HasDefaultValueSql("now()");
                break;
        }
    }
}
