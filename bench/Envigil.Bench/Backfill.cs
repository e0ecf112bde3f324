using System.Diagnostics;

namespace Envigil.Bench;

/// <summary>
/// Importing history: every 5-minute file of 150 stations × 8 parameters over --days days (a year would be 15.8 M
/// files and 126 M observations, far longer than one run here), fed day by day through the pipeline as an import tool
/// or a datalogger catching up would, each day drained before the next. Reports the wall time of the import (file
/// generation excluded), the rate on the first and the last day (does it slow down as the tables grow?), peak memory
/// of the process, database and archive size, and a full year extrapolated from the measured days.
/// Options: --days 7 --stations 150 --batch 500 --provider all|sqlite|postgres.
/// </summary>
public static class Backfill
{
    public static async Task RunAsync(BenchArgs args)
    {
        var days = args.Int("days", 7);
        var stationCount = args.Int("stations", 150);
        var batch = args.Int("batch", 500);
        foreach (var provider in args.Providers("backfill"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false);
            var stations = await BenchProvince.RegisterAsync(host.Services, stationCount);
            using var memory = MemorySampler.Start();

            var importing = TimeSpan.Zero;
            long files = 0, lines = 0;
            var dayRates = new List<double>();
            for (var day = 0; day < days; day++)
            {
                var from = BenchProvince.StartUtc.AddDays(day);
                var generated = BenchProvince.FilesBetween(stations, from, from.AddDays(1));
                var incoming = generated.Select(x => BenchProvince.Incoming(x.Station, x.File)).ToList();
                var dayLines = generated.Sum(x => BenchProvince.LineCount(x.File));
                generated.Clear();

                var watch = Stopwatch.StartNew();
                foreach (var chunk in incoming.Chunk(batch))
                    await host.Pipeline.ReceiveAsync(chunk);
                await host.Pipeline.DrainAsync();
                var elapsed = watch.Elapsed;

                importing += elapsed;
                files += incoming.Count;
                lines += dayLines;
                dayRates.Add(dayLines / elapsed.TotalSeconds);
                BenchResult.Progress($"backfill {host.Name}: day {day + 1}/{days}: {incoming.Count} files, {dayLines} lines in {elapsed.TotalSeconds:F1} s ({dayRates[^1]:F0} obs/s)");
            }

            var states = await host.ReceiptStatesAsync();
            if (states.Contains("pending", StringComparison.Ordinal))
                throw new InvalidOperationException($"receipts left pending after the drain: {states}");
            var stored = await host.ScalarAsync<long>($"SELECT count(*) FROM {host.Database.Table("monitoring", "observations")}");
            var (archiveFiles, archiveBytes) = BenchMachine.FolderSize(Path.Combine(host.DataDirectory, "archive"));
            var databaseBytes = await host.DatabaseBytesAsync();
            var (peakWorkingSet, peakHeap) = memory.Peaks();

            const double mib = 1024 * 1024;
            var yearFactor = 365.0 / days;
            BenchResult.Write("backfill",
                ("provider", host.Name), ("days", days), ("stations", stations.Count), ("files", files), ("lines", lines), ("stored", stored),
                ("wall_s", importing.TotalSeconds), ("obs_per_s", lines / importing.TotalSeconds),
                ("first_day_obs_per_s", dayRates[0]), ("last_day_obs_per_s", dayRates[^1]),
                ("peak_working_set_mb", peakWorkingSet / mib), ("peak_gc_heap_mb", peakHeap / mib),
                ("db_mb", databaseBytes / mib), ("archive_files", archiveFiles), ("archive_mb", archiveBytes / mib),
                // A straight line through the measured days; the last-day rate is the more cautious basis as tables grow.
                ("extrapolated_year_h", importing.TotalHours * yearFactor),
                ("extrapolated_year_h_at_last_day_rate", lines * yearFactor / dayRates[^1] / 3600),
                ("extrapolated_year_db_gb", databaseBytes * yearFactor / (mib * 1024)),
                ("receipts", states), ("load", load));
        }
    }
}
