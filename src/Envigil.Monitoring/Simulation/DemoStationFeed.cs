using System.Globalization;
using System.Text;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Simulation;

/// <summary>
/// Demo mode only: registers the demo province's facilities and stations, then plays the role of their
/// dataloggers. History since the last run (at most <see cref="MonitoringOptions.SimulatorBackfillHours"/>) is
/// delivered straight to the pipeline, as a datalogger resends after an outage; from then on each file is written
/// into the drop folder under its facility's FTP account, exactly where the FTP server would put it.
/// </summary>
public sealed partial class DemoStationFeed(
    IServiceScopeFactory scopes,
    ReceptionPipeline pipeline,
    RegistryCache registry,
    IOptions<EnvigilOptions> envigil,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<DemoStationFeed> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!envigil.Value.DemoMode || !options.Value.SimulatorEnabled)
            return;
        try
        {
            await SeedRegistryAsync(stoppingToken);
            await SeedLimitBasesAsync(stoppingToken);
            var statePath = Path.Combine(envigil.Value.ResolvedDataDirectory, "simulator.state");
            var now = time.GetUtcNow().UtcDateTime;
            var since = ReadState(statePath) is { } last && last > now.AddHours(-options.Value.SimulatorBackfillHours)
                ? last
                : now.AddHours(-options.Value.SimulatorBackfillHours);
            await BackfillAsync(since, now, stoppingToken);
            await File.WriteAllTextAsync(statePath, now.ToString("O", CultureInfo.InvariantCulture), stoppingToken);
            var dropRoot = DropFolderReception.RootOf(options.Value, envigil.Value);
            var from = now;
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Tick, time, stoppingToken);
                var to = time.GetUtcNow().UtcDateTime;
                var written = 0;
                foreach (var station in DemoProvince.Stations)
                {
                    foreach (var file in StationSimulator.FilesBetween(station.Simulation, from, to, DemoProvince.Seed))
                    {
                        await WriteToDropFolderAsync(dropRoot, AccountOf(station), file, stoppingToken);
                        written++;
                    }
                }
                from = to;
                await File.WriteAllTextAsync(statePath, to.ToString("O", CultureInfo.InvariantCulture), stoppingToken);
                if (written > 0)
                    LogDelivered(written);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private string AccountOf(DemoStation station) =>
        station.FacilityId is null ? options.Value.PublicNetworkAccount : DemoProvince.Facilities.Single(f => f.Id == station.FacilityId).FtpAccount!;

    private async Task SeedRegistryAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        if (await db.Facilities.AnyAsync(cancellationToken))
            return;
        var now = time.GetUtcNow().UtcDateTime;
        // In dependency order: the tables reference each other but the model has no navigations to order them.
        using (AuditInterceptor.SuppressPerEntityEntries())
        {
            db.Facilities.AddRange(DemoProvince.Facilities.Select(f => f.ToFacility(now)));
            await db.SaveChangesAsync(cancellationToken);
            db.Stations.AddRange(DemoProvince.Stations.Select(s => s.ToStation(now)));
            await db.SaveChangesAsync(cancellationToken);
            db.Datastreams.AddRange(DemoProvince.Stations.SelectMany(s => s.ToDatastreams()));
            await db.SaveChangesAsync(cancellationToken);
        }
        await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync("loaded", "monitoring.registry", "demo-province",
            new { facilities = DemoProvince.Facilities.Count, stations = DemoProvince.Stations.Count, note = "demo mode: simulated facilities and stations" });
        await registry.ReloadAsync(cancellationToken);
        LogSeeded(DemoProvince.Facilities.Count, DemoProvince.Stations.Count);
    }

    /// <summary>
    /// Demo limit bases, so the demo judges its data: wastewater under QCVN 40:2011 column B into a river (a
    /// made-up low flow of 60 m³/s), stacks under QCVN 19:2009 column B in zone 3. Illustrative, not the facilities' real permits.
    /// </summary>
    private async Task SeedLimitBasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        if (await db.LimitBases.AnyAsync(cancellationToken))
            return;
        var now = time.GetUtcNow().UtcDateTime;
        using (AuditInterceptor.SuppressPerEntityEntries())
        {
            foreach (var (f, water) in DemoProvince.Facilities.SelectMany(f => new[] { (f, true), (f, false) })
                         .Where(x => x.Item2 ? x.f.DesignWastewaterM3PerDay is not null : x.f.DesignEmissionM3PerHour is not null))
            {
                db.LimitBases.Add(new Compliance.FacilityLimitBasis
                {
                    FacilityId = f.Id, Medium = water ? Compliance.RegulatedMedium.Wastewater : Compliance.RegulatedMedium.Emission, RegulationId = water ? "QCVN40:2011" : "QCVN19:2009", RegulationColumn = "B", PermittedOn = f.PermitDate,
                    ReceivingWaterKind = water ? Compliance.ReceivingWaterKind.River : null, LowestFlowM3PerSecond = water ? 60 : null,
                    EmissionZone = water ? null : "3", PermitReference = f.PermitNumber is null ? "demo" : $"{f.PermitNumber} (demo)",
                    UpdatedAtUtc = now, UpdatedBy = "demo",
                });
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync("loaded", "monitoring.facility_limit_bases", "demo-province",
            new { note = "demo mode: illustrative limit bases (QCVN 40:2011 B, QCVN 19:2009 B)" });
        scope.ServiceProvider.GetRequiredService<Compliance.ComplianceCatalogue>().Invalidate();
    }

    private async Task BackfillAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var files = DemoProvince.Stations
            .SelectMany(station => StationSimulator.FilesBetween(station.Simulation, fromUtc, toUtc, DemoProvince.Seed).Select(file => (station, file)))
            .OrderBy(x => x.file.DeliverAtUtc)
            .Select(x => new IncomingFile(x.file.FileName, Encoding.UTF8.GetBytes(x.file.Content), Sender(x.station)))
            .ToList();
        foreach (var chunk in files.Chunk(500))
            await pipeline.ReceiveAsync(chunk, cancellationToken);
        if (files.Count > 0)
            LogBackfilled(files.Count, fromUtc, toUtc);
    }

    private SenderScope Sender(DemoStation station) => station.FacilityId is null
        ? new SenderScope(options.Value.PublicNetworkAccount, ReceptionChannels.DropFolder, PublicNetwork: true)
        : new SenderScope(AccountOf(station), ReceptionChannels.DropFolder, FacilityId: station.FacilityId);

    /// <summary>Like an FTP upload: written under a temporary name, then renamed, so the watcher never sees half a file.</summary>
    public static async Task WriteToDropFolderAsync(string dropRoot, string account, SimulatedFile file, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(dropRoot, account);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, file.FileName + ".part");
        await File.WriteAllTextAsync(temporary, file.Content, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, Path.Combine(folder, file.FileName), overwrite: true);
    }

    private static DateTime? ReadState(string path) =>
        File.Exists(path) && DateTime.TryParse(File.ReadAllText(path), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo registry loaded: {Facilities} facilities, {Stations} stations")]
    private partial void LogSeeded(int facilities, int stations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator delivered {Count} files measured between {From} and {To}")]
    private partial void LogBackfilled(int count, DateTime from, DateTime to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulator wrote {Count} files into the drop folder")]
    private partial void LogDelivered(int count);
}
