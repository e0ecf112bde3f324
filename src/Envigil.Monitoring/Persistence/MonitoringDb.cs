using Envigil.Kernel.Persistence;
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

        ModuleModelConventions.MapAuditLog(model);
        ModuleModelConventions.Apply(model, Module, Database.IsNpgsql());
    }
}
