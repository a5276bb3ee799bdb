using Microsoft.EntityFrameworkCore;
using Workspaces.Data.People;

namespace Workspaces.Data.Companies;

// The companies and memberships tables of a workspace schema (PeopleDbContext), beside its people.
internal static class CompanyModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Company>(company =>
        {
            company.ToTable("companies");
            company.HasKey(c => c.Seq);
            company.Property(c => c.Seq).ValueGeneratedOnAdd();
            company.Property(c => c.Id).HasMaxLength(40).IsRequired();
            company.HasIndex(c => c.Id).IsUnique();
            company.Property(c => c.ExternalId).HasMaxLength(255).IsRequired();
            company.HasIndex(c => c.ExternalId).IsUnique();
            // Each engine gives the traits column its JSON type (its model customizer).
            company.Property(c => c.Traits);
            company.Property(c => c.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Membership>(membership =>
        {
            membership.ToTable("memberships");
            membership.HasKey(m => m.Seq);
            membership.Property(m => m.Seq).ValueGeneratedOnAdd();
            membership.HasOne(m => m.Company).WithMany().HasForeignKey(m => m.CompanySeq).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonSeq).OnDelete(DeleteBehavior.Cascade);
            // One membership per person and company; the two lists page through (owner, Seq).
            membership.HasIndex(m => new { m.CompanySeq, m.PersonSeq }).IsUnique();
            membership.HasIndex(m => new { m.CompanySeq, m.Seq });
            membership.HasIndex(m => new { m.PersonSeq, m.Seq });
            membership.Property(m => m.Attributes);
            membership.Property(m => m.Version).IsConcurrencyToken();
        });
    }
}
