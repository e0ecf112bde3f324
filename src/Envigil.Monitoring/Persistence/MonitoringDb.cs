using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Persistence;

/// <summary>
/// The monitoring module's tables (schema <c>monitoring</c>; migrations in Persistence/Migrations). Observations,
/// rollups and latest values are written by <see cref="ObservationStore"/>'s bulk path and read through here.
/// </summary>
public sealed class MonitoringDb(DbContextOptions<MonitoringDb> options) : DbContext(options)
{
    public const string Module = "monitoring";

    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<Datastream> Datastreams => Set<Datastream>();
    public DbSet<ParameterAlias> ParameterAliases => Set<ParameterAlias>();
    public DbSet<FileReceipt> FileReceipts => Set<FileReceipt>();
    public DbSet<QuarantinedLine> QuarantinedLines => Set<QuarantinedLine>();
    public DbSet<StoredObservation> Observations => Set<StoredObservation>();
    public DbSet<ObservationConflict> ObservationConflicts => Set<ObservationConflict>();
    public DbSet<HourlyRollup> HourlyRollups => Set<HourlyRollup>();
    public DbSet<DailyRollup> DailyRollups => Set<DailyRollup>();
    public DbSet<LatestValue> LatestValues => Set<LatestValue>();
    public DbSet<StationActivity> StationActivity => Set<StationActivity>();
    public DbSet<StoredRegulationCatalogue> RegulationCatalogues => Set<StoredRegulationCatalogue>();
    public DbSet<FacilityLimitBasis> LimitBases => Set<FacilityLimitBasis>();
    public DbSet<StoredPermitLimit> PermitLimits => Set<StoredPermitLimit>();
    public DbSet<StoredEpisode> Episodes => Set<StoredEpisode>();
    public DbSet<EpisodeChangeRecord> EpisodeChanges => Set<EpisodeChangeRecord>();
    public DbSet<StoredSignal> Signals => Set<StoredSignal>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<PendingCondition> PendingConditions => Set<PendingCondition>();
    public DbSet<AlertEvent> AlertEvents => Set<AlertEvent>();
    public DbSet<WebhookSubscription> Webhooks => Set<WebhookSubscription>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Facility>(f =>
        {
            f.ToTable("facilities");
            f.HasKey(x => x.Id);
            f.Property(x => x.DesignWastewaterM3PerDay).HasColumnName("design_wastewater_m3_per_day");
            f.Property(x => x.DesignEmissionM3PerHour).HasColumnName("design_emission_m3_per_hour");
        });
        model.Entity<Station>(s =>
        {
            s.ToTable("stations");
            s.HasKey(x => x.Code);
            s.Property(x => x.Kind).HasConversion<string>();
        });
        model.Entity<Datastream>(d =>
        {
            d.ToTable("datastreams");
            d.HasKey(x => x.Id);
            d.HasIndex(x => new { x.StationCode, x.ParameterCode }).IsUnique();
        });
        model.Entity<ParameterAlias>(a =>
        {
            a.ToTable("parameter_aliases");
            a.HasKey(x => x.Alias);
        });
        model.Entity<FileReceipt>(r =>
        {
            r.ToTable("file_receipts");
            r.HasKey(x => x.Id);
        });
        model.Entity<QuarantinedLine>(i =>
        {
            i.ToTable("line_issues");
            i.HasKey(x => new { x.ReceiptId, x.LineNumber });
        });
        model.Entity<StoredObservation>(o =>
        {
            o.ToTable("observations");
            o.HasKey(x => new { x.DatastreamId, x.PhenomenonTimeUtc });
        });
        model.Entity<ObservationConflict>(c =>
        {
            c.ToTable("observation_conflicts");
            c.HasKey(x => x.Id);
        });
        model.Entity<HourlyRollup>(r =>
        {
            r.ToTable("rollups_hourly");
            r.HasKey(x => new { x.DatastreamId, x.BucketUtc });
        });
        model.Entity<DailyRollup>(r =>
        {
            r.ToTable("rollups_daily");
            r.HasKey(x => new { x.DatastreamId, x.BucketUtc });
        });
        model.Entity<LatestValue>(l =>
        {
            l.ToTable("latest_values");
            l.HasKey(x => x.DatastreamId);
        });
        model.Entity<StationActivity>(a =>
        {
            a.ToTable("station_activity");
            a.HasKey(x => x.StationCode);
        });

        MapCompliance(model);
        MapAlerts(model);
        ModuleModelConventions.MapAuditLog(model);
        ModuleModelConventions.Apply(model, Module, Database.IsNpgsql());
    }

    private static void MapCompliance(ModelBuilder model)
    {
        model.Entity<StoredRegulationCatalogue>(c =>
        {
            c.ToTable("regulation_catalogues");
            c.HasKey(x => x.Id);
        });
        model.Entity<FacilityLimitBasis>(b =>
        {
            b.ToTable("facility_limit_bases");
            b.HasKey(x => new { x.FacilityId, x.Medium });
            b.Property(x => x.Medium).HasConversion<string>();
            b.Property(x => x.ReceivingWaterKind).HasConversion<string>();
            b.Property(x => x.CoastalUse).HasConversion<string>();
            b.Property(x => x.LowestFlowM3PerSecond).HasColumnName("lowest_flow_m3_per_second");
            b.Property(x => x.VolumeM3).HasColumnName("volume_m3");
        });
        model.Entity<StoredPermitLimit>(l =>
        {
            l.ToTable("permit_limits");
            l.HasKey(x => x.Id);
            l.HasIndex(x => new { x.FacilityId, x.Medium, x.ParameterCode }).IsUnique();
            l.Property(x => x.Medium).HasConversion<string>();
        });
        model.Entity<StoredEpisode>(e =>
        {
            e.ToTable("exceedance_episodes");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion<string>();
            e.Property(x => x.Direction).HasConversion<string>();
            e.Property(x => x.AveragingPeriod).HasConversion<string>();
        });
        model.Entity<EpisodeChangeRecord>(c =>
        {
            c.ToTable("episode_changes");
            c.HasKey(x => x.Id);
            c.Property(x => x.Kind).HasConversion<string>();
        });
        model.Entity<StoredSignal>(s =>
        {
            s.ToTable("integrity_signals");
            s.HasKey(x => x.Id);
            s.HasIndex(x => x.SignalKey).IsUnique();
            s.Property(x => x.Kind).HasConversion<string>();
            s.Property(x => x.Severity).HasConversion<string>();
        });
    }

    private static void MapAlerts(ModelBuilder model)
    {
        model.Entity<AlertRule>(r =>
        {
            r.ToTable("alert_rules");
            r.HasKey(x => x.Id);
            r.HasIndex(x => x.Code).IsUnique();
            r.Property(x => x.Kind).HasConversion<string>();
            r.Property(x => x.Severity).HasConversion<string>();
            r.Property(x => x.StationKind).HasConversion<string>();
            r.Property(x => x.EscalateToSeverity).HasConversion<string>();
        });
        model.Entity<Alert>(a =>
        {
            a.ToTable("alerts");
            a.HasKey(x => x.Id);
            a.Property(x => x.Kind).HasConversion<string>();
            a.Property(x => x.Severity).HasConversion<string>();
            a.Property(x => x.State).HasConversion<string>();
        });
        model.Entity<PendingCondition>(c =>
        {
            c.ToTable("alert_conditions");
            c.HasKey(x => new { x.RuleId, x.SubjectKey });
        });
        model.Entity<AlertEvent>(e =>
        {
            e.ToTable("alert_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>();
        });
        model.Entity<WebhookSubscription>(w =>
        {
            w.ToTable("webhook_subscriptions");
            w.HasKey(x => x.Id);
        });
        model.Entity<OutboxMessage>(o =>
        {
            o.ToTable("notification_outbox");
            o.HasKey(x => x.Id);
            o.Property(x => x.Channel).HasConversion<string>();
        });
    }
}
