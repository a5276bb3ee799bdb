using Microsoft.EntityFrameworkCore;

namespace Workspaces.Data.ControlPlane;

// Workspaces and their tokens, in the "control" schema shared by the whole service.
public sealed class ControlPlaneDbContext(DbContextOptions<ControlPlaneDbContext> options) : DbContext(options)
{
    public const string Schema = "control";

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceToken> Tokens => Set<WorkspaceToken>();
    public DbSet<ControlPlaneChange> Changes => Set<ControlPlaneChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Workspace>(workspace =>
        {
            workspace.ToTable("workspaces");
            workspace.HasKey(w => w.Id);
            workspace.Property(w => w.Id).HasMaxLength(63);
            workspace.Property(w => w.Name).HasMaxLength(200);
            workspace.Property(w => w.SchemaName).HasMaxLength(63);
            workspace.HasIndex(w => w.SchemaName).IsUnique();
            workspace.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
            workspace.Property(w => w.SchemaMigration).HasMaxLength(150);
            workspace.Property(w => w.Server).HasMaxLength(63).HasDefaultValue(DatabaseOptions.DefaultServer);
            // Placement counts workspaces per server.
            workspace.HasIndex(w => w.Server);
            workspace.Property(w => w.MovingTo).HasMaxLength(63);
        });

        modelBuilder.Entity<WorkspaceToken>(token =>
        {
            token.ToTable("tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(40);
            token.Property(t => t.WorkspaceId).HasMaxLength(63);
            token.Property(t => t.Name).HasMaxLength(200);
            token.Property(t => t.Scopes).HasMaxLength(200);
            token.HasIndex(t => t.WorkspaceId);
            token.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ControlPlaneChange>(change =>
        {
            change.ToTable("changes");
            change.HasKey(c => c.Seq);
            change.Property(c => c.Seq).ValueGeneratedOnAdd();
            change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.Key).HasMaxLength(63);
            // Each engine stamps At with its own clock function (its model customizer).
            change.Property(c => c.At);
            change.HasIndex(c => c.At);
        });
    }
}
