using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Companies;
using Workspaces.Data.Schemas;

namespace Workspaces.Data.People;

// One EF model for every workspace: tables live in a placeholder schema that
// WorkspaceSchemaInterceptor rewrites to this context's workspace schema on every command.
// The model never varies, so contexts can be pooled: each use sets its workspace (InSchema), and a context
// forgets it when disposed or returned to the pool, so one that was not set fails instead of reusing a schema.
public sealed class PeopleDbContext(DbContextOptions<PeopleDbContext> options) : DbContext(options)
{
    private IWorkspaceSchema? _workspaceSchema;

    public DbSet<Person> People => Set<Person>();

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<Membership> Memberships => Set<Membership>();

    // Read per command, so an unresolved workspace fails the command instead of reaching any schema.
    public string SchemaName => WorkspaceSchemaName.EnsureValid(
        (_workspaceSchema ?? throw new InvalidOperationException("No workspace schema is set for this context.")).Name);

    public PeopleDbContext InSchema(IWorkspaceSchema workspaceSchema)
    {
        _workspaceSchema = workspaceSchema;
        return this;
    }

    public override void Dispose()
    {
        _workspaceSchema = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _workspaceSchema = null;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(WorkspaceSchemaName.Placeholder);

        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("people");
            person.HasKey(p => p.Seq);
            person.Property(p => p.Seq).ValueGeneratedOnAdd();
            person.Property(p => p.Id).HasMaxLength(40).IsRequired();
            person.HasIndex(p => p.Id).IsUnique();
            person.Property(p => p.UserId).HasMaxLength(255);
            person.HasIndex(p => p.UserId).IsUnique();
            person.Property(p => p.Email).HasMaxLength(254);
            person.HasIndex(p => p.Email).IsUnique();
            // Each engine gives the traits column its JSON type (its model customizer).
            person.Property(p => p.Traits);
            person.Property(p => p.Version).IsConcurrencyToken();
        });

        CompanyModel.Configure(modelBuilder);
    }
}
