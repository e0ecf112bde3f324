using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Envigil.Kernel.Audit;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Envigil.Monitoring.Simulation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Bench;

/// <summary>
/// What judging data against the law costs, and how soon an exceedance becomes an alert.
/// <para>Cost: --stations stations (limit bases QCVN 40:2011 B / QCVN 19:2009 B) deliver --hours of data with the engine
/// off; then the engine judges all of it (episodes + integrity signals) and the alert rules run once. Reported per
/// 1,000 observations, against the physical baseline of reading the same observations from the same database.</para>
/// <para>Latency: files are written into the drop folder at --rate files/s (default 375 = 10× the national load)
/// while the engine runs; --exceeding stations send COD at 5× their limit. For each, the clock starts at the rename of
/// the file that makes its first hour judgeable (the 9th of 12 values, 75 %) and stops when the alert is published to
/// live pages (which is also when the e-mail dispatcher is woken).</para>
/// Options: --stations 150 --hours 24 --rate 375 --seconds 60 --exceeding 10 --provider all|sqlite|postgres.
/// </summary>
public static partial class ComplianceBench
{
    public static async Task RunAsync(BenchArgs args)
    {
        foreach (var provider in args.Providers("compliance"))
        {
            var part = args.String("part", "all");
            if (part is "all" or "cost")
                await CostAsync(provider, args.Int("stations", 150), args.Int("hours", 24));
            if (part is "all" or "file-to-alert")
                await LatencyAsync(provider, args.Int("stations", 150), args.Double("rate", 375), args.Int("seconds", 60), args.Int("exceeding", 10));
        }
    }

    private static async Task CostAsync(Kernel.Configuration.DatabaseProvider provider, int stationCount, int hours)
    {
        var load = BenchMachine.LoadAverage();
        await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false, "--Envigil:Monitoring:ComplianceEngine:Enabled=false");
        var stations = await BenchProvince.RegisterAsync(host.Services, stationCount);
        await SetLimitBasesAsync(host.Services, stations);
        var files = BenchProvince.FilesBetween(stations, BenchProvince.StartUtc, BenchProvince.StartUtc.AddHours(hours));
        BenchResult.Progress($"compliance cost {host.Name}: storing {files.Count} files of {hours} h for {stations.Count} stations");
        foreach (var chunk in files.Chunk(2000))
            await host.Pipeline.ReceiveAsync(chunk.Select(x => BenchProvince.Incoming(x.Station, x.File)).ToList());
        await host.Pipeline.DrainAsync();
        var observations = await host.ScalarAsync<long>($"SELECT count(*) FROM {host.Database.Table("monitoring", "observations")}");

        // Baseline: read every observation the judgement reads, once, from the same database.
        var read = Stopwatch.StartNew();
        long rows = 0;
        await using (var connection = await host.Database.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT datastream_id, phenomenon_time_utc, value, status, received_at_utc FROM {host.Database.Table("monitoring", "observations")} ORDER BY datastream_id, phenomenon_time_utc";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                _ = reader.GetDouble(2);
            }
        }
        var readSeconds = read.Elapsed.TotalSeconds;

        var engine = host.Services.GetRequiredService<ComplianceEngine>();
        var byStation = stations.Select(s => new ObservationsStored([], [s.Code], s.DatastreamIds.Values.ToList(), BenchProvince.StartUtc, BenchProvince.StartUtc.AddHours(hours))).ToList();
        var judge = Stopwatch.StartNew();
        foreach (var batch in byStation)
            await engine.JudgeAsync([batch], CancellationToken.None);
        var judgeSeconds = judge.Elapsed.TotalSeconds;
        var rules = Stopwatch.StartNew();
        await host.Services.GetRequiredService<AlertEngine>().EvaluateAsync(CancellationToken.None);
        var rulesSeconds = rules.Elapsed.TotalSeconds;
        var (episodes, signals, alerts) = await CountsAsync(host.Services);

        BenchResult.Write("compliance",
            ("part", "cost"), ("provider", host.Name), ("stations", stations.Count), ("hours", hours), ("observations", observations),
            ("judge_s", judgeSeconds), ("ms_per_1000_obs", judgeSeconds * 1000 / observations * 1000),
            ("baseline_read_s", readSeconds), ("baseline_ms_per_1000_obs", readSeconds * 1000 / rows * 1000), ("ratio_to_read", judgeSeconds / readSeconds),
            ("alert_rules_s", rulesSeconds), ("episodes", episodes), ("signals", signals), ("alerts", alerts), ("load", load));
    }

    private static async Task LatencyAsync(Kernel.Configuration.DatabaseProvider provider, int stationCount, double rate, int seconds, int exceedingCount)
    {
        var load = BenchMachine.LoadAverage();
        await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: true, "--Envigil:Monitoring:ComplianceEngine:CatchUpHours=0");
        var stations = await BenchProvince.RegisterAsync(host.Services, stationCount, clean: true);
        await SetLimitBasesAsync(host.Services, stations);
        var catalogue = host.Services.GetRequiredService<ComplianceCatalogue>();
        var day = Kernel.Time.VietnamTime.DayOf(BenchProvince.StartUtc);
        var exceeding = new Dictionary<string, double>();
        foreach (var s in stations.Where(s => s.Demo.Kind == StationKind.Wastewater && s.DatastreamIds.ContainsKey("COD")))
        {
            if (exceeding.Count == exceedingCount)
                break;
            var set = await catalogue.LimitsAsync(s.Demo.FacilityId!, RegulatedMedium.Wastewater, day, CancellationToken.None);
            if (set?.Find("COD")?.Upper is { } upper)
                exceeding[s.Code] = upper * 5;
        }

        var total = (int)(rate * seconds);
        var perStation = total / stations.Count + 1;
        var schedule = stations.Select(s => StationSimulator
                .FilesBetween(s.Demo.Simulation, BenchProvince.StartUtc, BenchProvince.StartUtc.AddMinutes(5 * (perStation + 2)), DemoProvince.Seed)
                .OrderBy(f => f.MeasuredAtUtc).Take(perStation)
                .Select(f => (f.FileName, Bytes: Encoding.UTF8.GetBytes(exceeding.TryGetValue(s.Code, out var v) ? CodLine().Replace(f.Content, $"COD\t{v:0.##}\t") : f.Content), f.MeasuredAtUtc))
                .ToArray())
            .ToArray();
        foreach (var station in stations)
            Directory.CreateDirectory(Path.Combine(host.DropFolder, station.Account));

        // The 9th value of the first hour makes the window judgeable (75 % of 12).
        var trigger = BenchProvince.StartUtc.AddMinutes(40);
        var triggeredAt = new ConcurrentDictionary<string, long>();
        var alertedAt = new ConcurrentDictionary<string, long>();
        using var listening = new CancellationTokenSource();
        var broadcaster = host.Services.GetRequiredService<AlertBroadcaster>();
        var listener = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in broadcaster.Subscribe(listening.Token))
                {
                    // Exceedance alerts only (their title says so); the same stations may also raise integrity signals.
                    if (change.Kind == AlertChangeKinds.Opened && change.StationCode is { } code && exceeding.ContainsKey(code)
                        && change.TitleEn.StartsWith("COD above its limit", StringComparison.Ordinal))
                        alertedAt.TryAdd(code, Stopwatch.GetTimestamp());
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        BenchResult.Progress($"compliance latency {host.Name}: writing {total} files at {rate} files/s, {exceeding.Count} stations exceeding");
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i / rate * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < due)
                Thread.Sleep(1);
            var s = i % stations.Count;
            var k = i / stations.Count;
            if (k >= schedule[s].Length)
                continue;
            var file = schedule[s][k];
            var folder = Path.Combine(host.DropFolder, stations[s].Account);
            var temporary = Path.Combine(folder, file.FileName + ".part");
            await File.WriteAllBytesAsync(temporary, file.Bytes);
            File.Move(temporary, Path.Combine(folder, file.FileName));
            if (file.MeasuredAtUtc == trigger && exceeding.ContainsKey(stations[s].Code))
                triggeredAt.TryAdd(stations[s].Code, Stopwatch.GetTimestamp());
        }
        var writingSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (alertedAt.Count < triggeredAt.Count && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(50);
        await listening.CancelAsync();
        await listener;

        var latencies = triggeredAt.Where(t => alertedAt.ContainsKey(t.Key))
            .Select(t => Math.Max(0, Stopwatch.GetElapsedTime(t.Value, alertedAt[t.Key]).TotalMilliseconds)).ToList();
        BenchResult.Write("compliance",
            ("part", "file-to-alert"), ("provider", host.Name), ("stations", stations.Count), ("files", total), ("obs_per_s", total * 8 / writingSeconds),
            ("exceeding_stations", exceeding.Count), ("triggered", triggeredAt.Count), ("alerted", latencies.Count),
            ("p50_ms", BenchResult.Percentile(latencies, 50)), ("p95_ms", BenchResult.Percentile(latencies, 95)),
            ("max_ms", latencies.Count > 0 ? latencies.Max() : double.NaN), ("receipts", await host.ReceiptStatesAsync()), ("load", load));
    }

    /// <summary>Illustrative limit bases and design flows, as the demo has: QCVN 40:2011 B into a river, QCVN 19:2009 B in zone 3.</summary>
    private static async Task SetLimitBasesAsync(IServiceProvider services, IReadOnlyList<BenchStation> stations)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var now = DateTime.UtcNow;
        using (AuditInterceptor.SuppressPerEntityEntries())
        {
            foreach (var s in stations.Where(s => LimitService.MediumOf(s.Demo.Kind) is not null))
            {
                var water = s.Demo.Kind == StationKind.Wastewater;
                await db.Facilities.Where(f => f.Id == s.Demo.FacilityId).ExecuteUpdateAsync(u => u
                    .SetProperty(f => f.DesignWastewaterM3PerDay, water ? 500 : null)
                    .SetProperty(f => f.DesignEmissionM3PerHour, water ? null : 50_000));
                db.LimitBases.Add(new FacilityLimitBasis
                {
                    FacilityId = s.Demo.FacilityId!, Medium = water ? RegulatedMedium.Wastewater : RegulatedMedium.Emission,
                    RegulationId = water ? "QCVN40:2011" : "QCVN19:2009", RegulationColumn = "B", PermittedOn = new DateOnly(2020, 1, 1),
                    ReceivingWaterKind = water ? ReceivingWaterKind.River : null, LowestFlowM3PerSecond = water ? 60 : null, EmissionZone = water ? null : "3",
                    UpdatedAtUtc = now, UpdatedBy = "bench",
                });
            }
            await db.SaveChangesAsync();
        }
        await services.GetRequiredService<RegistryCache>().ReloadAsync();
        services.GetRequiredService<ComplianceCatalogue>().Invalidate();
    }

    private static async Task<(int Episodes, int Signals, int Alerts)> CountsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        return (await db.Episodes.CountAsync(), await db.Signals.CountAsync(), await db.Alerts.CountAsync());
    }

    [GeneratedRegex(@"(?m)^COD\t[^\t]*\t")]
    private static partial Regex CodLine();
}
