using Envigil.Hazards.Delivery;
using Envigil.Hazards.Registers;
using Envigil.Hazards.Response;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Hazards.Persistence;

/// <summary>The hazards module's tables (schema <c>hazards</c> on PostgreSQL, prefix <c>hazards_</c> on SQLite; migrations in Persistence/Migrations).</summary>
public sealed class HazardsDb(DbContextOptions<HazardsDb> options) : DbContext(options)
{
    public const string Module = "hazards";

    public DbSet<HazardZone> Zones => Set<HazardZone>();
    public DbSet<ErosionSite> ErosionSites => Set<ErosionSite>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Shelter> Shelters => Set<Shelter>();
    public DbSet<ReviewRound> Reviews => Set<ReviewRound>();
    public DbSet<HazardWarning> Warnings => Set<HazardWarning>();
    public DbSet<WarningTask> Tasks => Set<WarningTask>();
    public DbSet<WarningWebhook> Webhooks => Set<WarningWebhook>();
    public DbSet<WarningDelivery> Deliveries => Set<WarningDelivery>();

    // ---- response to an event and lessons (migration 0003_response)
    public DbSet<EvacuationReport> EvacuationReports => Set<EvacuationReport>();
    public DbSet<ShelterReport> ShelterReports => Set<ShelterReport>();
    public DbSet<DamageReport> DamageReports => Set<DamageReport>();
    public DbSet<EventLessons> Lessons => Set<EventLessons>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        var postgres = Database.IsNpgsql();
        model.Entity<HazardZone>(z =>
        {
            z.ToTable("zones");
            z.HasKey(x => x.Id);
            z.Property(x => x.Hazard).HasConversion<string>();
            z.Property(x => x.Susceptibility).HasConversion<string>();
            if (!postgres)
                z.Property(x => x.Geometry).HasConversion(ModuleModelConventions.GeometryAsWkb);
        });
        model.Entity<ErosionSite>(e =>
        {
            e.ToTable("erosion_sites");
            e.HasKey(x => x.Id);
            e.Property(x => x.Hazard).HasConversion<string>();
            if (!postgres)
                e.Property(x => x.Geometry).HasConversion(ModuleModelConventions.GeometryAsWkb);
        });
        model.Entity<Household>(h =>
        {
            h.ToTable("households");
            h.HasKey(x => x.Id);
            h.Property(x => x.Relocation).HasConversion<string>();
            h.Property(x => x.Version).IsConcurrencyToken();
            h.Ignore(x => x.Vulnerable);
        });
        model.Entity<Shelter>(s =>
        {
            s.ToTable("shelters");
            s.HasKey(x => x.Id);
        });
        model.Entity<ReviewRound>(r =>
        {
            r.ToTable("reviews");
            r.HasKey(x => x.Id);
        });
        model.Entity<HazardWarning>(w =>
        {
            w.ToTable("warnings");
            w.HasKey(x => x.Id);
            w.Property(x => x.Hazard).HasConversion<string>();
            w.Property(x => x.Status).HasConversion<string>();
            w.Property(x => x.Version).IsConcurrencyToken();
            w.Ignore(x => x.Communes);
            if (!postgres)
                w.Property(x => x.Area).HasConversion(ModuleModelConventions.GeometryAsWkb);
        });
        model.Entity<WarningTask>(t =>
        {
            t.ToTable("warning_tasks");
            t.HasKey(x => x.Id);
            t.Property(x => x.Status).HasConversion<string>();
            t.HasIndex(x => new { x.WarningId, x.CommuneCode }).IsUnique();
        });
        model.Entity<WarningWebhook>(h =>
        {
            h.ToTable("webhook_subscriptions");
            h.HasKey(x => x.Id);
        });
        model.Entity<WarningDelivery>(d =>
        {
            d.ToTable("delivery_outbox");
            d.HasKey(x => x.Id);
            d.Property(x => x.Channel).HasConversion<string>();
            d.Ignore(x => x.State);
        });
        MapResponse(model);
        ModuleModelConventions.MapAuditLog(model);
        ModuleModelConventions.Apply(model, Module, postgres);
    }

    /// <summary>The response and lessons tables (migration 0003_response).</summary>
    private static void MapResponse(ModelBuilder model)
    {
        model.Entity<EvacuationReport>(r =>
        {
            r.ToTable("evacuation_reports");
            r.HasKey(x => x.Id);
        });
        model.Entity<ShelterReport>(r =>
        {
            r.ToTable("shelter_reports");
            r.HasKey(x => x.Id);
        });
        model.Entity<DamageReport>(r =>
        {
            r.ToTable("damage_reports");
            r.HasKey(x => x.Id);
        });
        model.Entity<EventLessons>(l =>
        {
            l.ToTable("event_lessons");
            l.HasKey(x => x.Id);
            l.Property(x => x.Version).IsConcurrencyToken();
            l.HasIndex(x => x.WarningId).IsUnique();
        });
    }
}
