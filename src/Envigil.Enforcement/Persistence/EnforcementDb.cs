using Envigil.Enforcement.Cases;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Enforcement.Persistence;

/// <summary>The enforcement module's tables (schema <c>enforcement</c>; migrations in Persistence/Migrations).</summary>
public sealed class EnforcementDb(DbContextOptions<EnforcementDb> options) : DbContext(options)
{
    public const string Module = "enforcement";

    public DbSet<ViolationCase> Cases => Set<ViolationCase>();
    public DbSet<CaseAlert> CaseAlerts => Set<CaseAlert>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<CaseDocument> CaseDocuments => Set<CaseDocument>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ViolationCase>(c =>
        {
            c.ToTable("cases");
            c.HasKey(x => x.Id);
            c.HasIndex(x => x.Number).IsUnique();
            c.HasIndex(x => new { x.Year, x.Sequence }).IsUnique();
            c.Property(x => x.Status).HasConversion<string>();
            c.Property(x => x.Version).IsConcurrencyToken();
        });
        model.Entity<CaseAlert>(a =>
        {
            a.ToTable("case_alerts");
            a.HasKey(x => new { x.CaseId, x.AlertId });
        });
        model.Entity<CaseEvent>(e =>
        {
            e.ToTable("case_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>();
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
        });
        model.Entity<CaseDocument>(d =>
        {
            d.ToTable("case_documents");
            d.HasKey(x => x.Id);
        });
        ModuleModelConventions.MapAuditLog(model);
        ModuleModelConventions.Apply(model, Module, Database.IsNpgsql());
    }
}
