using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Simulation;

namespace Envigil.Bench;

/// <summary>
/// Time from a file landing in the drop folder to its values being readable, under a steady load: files are written
/// as an FTP server writes them (to <c>name.part</c> under the facility's account folder, then renamed) at --rate
/// files per second (default 375 files of 8 lines = 3,000 obs/s, ten times the national load) for --seconds, while
/// the host's own drop-folder reception (inotify watcher → archive → receipt → pipeline) runs. A poller reads the
/// latest-values table (the map's read path) every --poll-ms and takes, for each file, the start of the first poll
/// whose snapshot shows the file's time for its station: latency = that poll's start − the rename, an upper bound
/// at most one poll interval too high. Files renamed during the first --warmup seconds are left out.
/// Stations are clean (no outages or resends), so each file moves its station's latest value forward;
/// simulated time runs fast (each station sends its next 5-minute file every stations/rate seconds).
/// Options: --rate 375 --seconds 60 --stations 150 --warmup 5 --poll-ms 10 --provider all|sqlite|postgres.
/// </summary>
public static class Latency
{
    private sealed record Pending(long RenamedAt, DateTime MeasuredUtc, bool Measured);

    public static async Task RunAsync(BenchArgs args)
    {
        var rate = args.Double("rate", 375);
        var seconds = args.Int("seconds", 60);
        var stationCount = args.Int("stations", 150);
        var warmUpSeconds = args.Int("warmup", 5);
        var pollInterval = TimeSpan.FromMilliseconds(args.Int("poll-ms", 10));
        foreach (var provider in args.Providers("latency"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: true);
            var stations = await BenchProvince.RegisterAsync(host.Services, stationCount, clean: true);

            // File k of every station is its k-th 5-minute slot; the writer goes round the stations.
            var total = (int)(rate * seconds);
            var perStation = total / stations.Count + 1;
            var schedule = stations.Select(s => StationSimulator
                    .FilesBetween(s.Demo.Simulation, BenchProvince.StartUtc, BenchProvince.StartUtc.AddMinutes(5 * (perStation + 2)), DemoProvince.Seed)
                    .OrderBy(f => f.MeasuredAtUtc).Take(perStation)
                    .Select(f => (Name: f.FileName, Bytes: Encoding.UTF8.GetBytes(f.Content), f.MeasuredAtUtc)).ToArray())
                .ToArray();
            foreach (var station in stations)
                Directory.CreateDirectory(Path.Combine(host.DropFolder, station.Account));
            var pending = stations.Select(_ => new ConcurrentQueue<Pending>()).ToArray();
            BenchResult.Progress($"latency {host.Name}: writing {total} files at {rate} files/s into {host.DropFolder}");

            var start = Stopwatch.GetTimestamp();
            var warmUpEnd = start + warmUpSeconds * Stopwatch.Frequency;
            var writerDone = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = new Thread(() =>
            {
                for (var i = 0; i < total; i++)
                {
                    var due = start + (long)(i / rate * Stopwatch.Frequency);
                    while (Stopwatch.GetTimestamp() < due)
                        Thread.Sleep(1);
                    var s = i % stations.Count;
                    var file = schedule[s][i / stations.Count];
                    var folder = Path.Combine(host.DropFolder, stations[s].Account);
                    var temporary = Path.Combine(folder, file.Name + ".part");
                    File.WriteAllBytes(temporary, file.Bytes);
                    File.Move(temporary, Path.Combine(folder, file.Name));
                    var renamedAt = Stopwatch.GetTimestamp();
                    pending[s].Enqueue(new Pending(renamedAt, file.MeasuredAtUtc, renamedAt >= warmUpEnd));
                }
                writerDone.SetResult(Stopwatch.GetTimestamp());
            }) { IsBackground = true, Name = "drop-folder writer" };
            writer.Start();

            var latencies = new List<double>(total);
            var resolved = 0;
            var ids = string.Join(",", stations.Select(s => s.FirstDatastreamId));
            var slot = stations.Select((s, i) => (s.FirstDatastreamId, i)).ToDictionary(x => x.FirstDatastreamId, x => x.i);
            var latest = new DateTime[stations.Count];
            await using (var connection = await host.Database.OpenConnectionAsync())
            {
                await using var poll = connection.CreateCommand();
                poll.CommandText = $"SELECT datastream_id, phenomenon_time_utc FROM {host.Database.Table("monitoring", "latest_values")} WHERE datastream_id IN ({ids})";
                var deadline = long.MaxValue;
                while (resolved < total && Stopwatch.GetTimestamp() < deadline)
                {
                    var polledAt = Stopwatch.GetTimestamp();
                    await using (var reader = await poll.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                            latest[slot[reader.GetInt64(0)]] = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                    }
                    for (var s = 0; s < stations.Count; s++)
                    {
                        while (pending[s].TryPeek(out var file) && file.MeasuredUtc <= latest[s])
                        {
                            pending[s].TryDequeue(out _);
                            resolved++;
                            if (file.Measured)
                                latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(file.RenamedAt, polledAt).TotalMilliseconds));
                        }
                    }
                    if (writerDone.Task.IsCompleted && deadline == long.MaxValue)
                        deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency; // stragglers get 30 s more
                    await Task.Delay(pollInterval);
                }
            }
            var writingEnded = await writerDone.Task;
            var writingSeconds = Stopwatch.GetElapsedTime(start, writingEnded).TotalSeconds;
            var states = await host.ReceiptStatesAsync();

            BenchResult.Write("latency",
                ("provider", host.Name), ("stations", stations.Count), ("files", total), ("rate_files_per_s", total / writingSeconds),
                ("obs_per_s", total * 8 / writingSeconds), ("measured", latencies.Count), ("missing", total - resolved),
                ("p50_ms", BenchResult.Percentile(latencies, 50)), ("p95_ms", BenchResult.Percentile(latencies, 95)),
                ("p99_ms", BenchResult.Percentile(latencies, 99)), ("max_ms", latencies.Count > 0 ? latencies.Max() : double.NaN),
                ("poll_ms", pollInterval.TotalMilliseconds), ("warmup_s", warmUpSeconds), ("receipts", states), ("load", load));
        }
    }
}
