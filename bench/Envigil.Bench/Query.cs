using System.Diagnostics;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Bench;

/// <summary>
/// The two reads behind the map and the charts, through <see cref="MonitoringQueries"/> as the endpoints call it (a
/// new scope per call, like a request): latest values of every station of a 2,000-station province (8 datastreams
/// each, one value each, loaded through the pipeline), and one year of hourly data of one datastream (8,760 hourly
/// rollups inserted directly) at 1-hour resolution. Options: --stations 2000 --runs 30 --series-runs 100.
/// </summary>
public static class Query
{
    public static async Task RunAsync(BenchArgs args)
    {
        var stationCount = args.Int("stations", 2000);
        var runs = args.Int("runs", 30);
        var seriesRuns = args.Int("series-runs", 100);
        foreach (var provider in args.Providers("query"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false);
            var stations = await BenchProvince.RegisterAsync(host.Services, stationCount, clean: true);

            // One file (8 values) per station, through the pipeline, so latest values and station activity are real.
            var files = stations.Select(s => BenchProvince.Incoming(s,
                StationSimulator.FilesBetween(s.Demo.Simulation, BenchProvince.StartUtc, BenchProvince.StartUtc.AddMinutes(10), DemoProvince.Seed).First())).ToList();
            foreach (var chunk in files.Chunk(500))
                await host.Pipeline.ReceiveAsync(chunk);
            await host.Pipeline.DrainAsync();
            var latestRows = await host.ScalarAsync<long>($"SELECT count(*) FROM {host.Database.Table("monitoring", "latest_values")}");

            var datastream = stations[0].FirstDatastreamId;
            var yearStart = BenchProvince.StartUtc.AddHours(-8760);
            await InsertHourlyYearAsync(host, datastream, yearStart);
            var yearEnd = yearStart.AddHours(8759);

            var latestTimes = await TimeAsync(host, runs, async queries =>
            {
                var summaries = await queries.StationsAsync(null);
                return summaries.Sum(s => s.Latest.Count);
            });
            var seriesTimes = await TimeAsync(host, seriesRuns, async queries =>
                (await queries.SeriesAsync(datastream, Resolution.Hour, yearStart, yearEnd, null, MonitoringQueries.MaxPageSize)).Points.Count);

            BenchResult.Write("query",
                ("provider", host.Name), ("stations", stations.Count), ("latest_values", latestTimes.Result), ("latest_rows", latestRows),
                ("latest_p50_ms", BenchResult.Percentile(latestTimes.Milliseconds, 50)), ("latest_p95_ms", BenchResult.Percentile(latestTimes.Milliseconds, 95)),
                ("series_points", seriesTimes.Result),
                ("series_p50_ms", BenchResult.Percentile(seriesTimes.Milliseconds, 50)), ("series_p95_ms", BenchResult.Percentile(seriesTimes.Milliseconds, 95)),
                ("runs", runs), ("series_runs", seriesRuns), ("load", load));
        }
    }

    private static async Task<(List<double> Milliseconds, int Result)> TimeAsync(BenchHost host, int runs, Func<MonitoringQueries, Task<int>> query)
    {
        var times = new List<double>(runs);
        var result = 0;
        for (var i = -3; i < runs; i++) // three warm-up calls
        {
            await using var scope = host.Services.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<MonitoringQueries>();
            var started = Stopwatch.GetTimestamp();
            result = await query(queries);
            if (i >= 0)
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (times, result);
    }

    /// <summary>8,760 hourly rollups (12 samples each, a daily cycle around 70) for one datastream.</summary>
    private static async Task InsertHourlyYearAsync(BenchHost host, long datastream, DateTime fromUtc)
    {
        await using var connection = await host.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {host.Database.Table("monitoring", "rollups_hourly")} (datastream_id, bucket_utc, sample_count, valid_count, late_count, value_sum, value_min, value_max) " +
                             "VALUES (@ds, @b, 12, 12, 0, @sum, @min, @max) ON CONFLICT DO NOTHING";
        var ds = insert.CreateParameter();
        ds.ParameterName = "ds";
        ds.Value = datastream;
        insert.Parameters.Add(ds);
        var b = insert.CreateParameter();
        b.ParameterName = "b";
        insert.Parameters.Add(b);
        var sum = insert.CreateParameter();
        sum.ParameterName = "sum";
        insert.Parameters.Add(sum);
        var min = insert.CreateParameter();
        min.ParameterName = "min";
        insert.Parameters.Add(min);
        var max = insert.CreateParameter();
        max.ParameterName = "max";
        insert.Parameters.Add(max);
        for (var h = 0; h < 8760; h++)
        {
            var bucket = fromUtc.AddHours(h);
            var mean = 70 + 15 * Math.Cos(2 * Math.PI * (bucket.Hour - 7) / 24);
            b.Value = host.Provider == DatabaseProvider.Postgres ? bucket : ObservationStore.SqliteTime(bucket);
            sum.Value = mean * 12;
            min.Value = mean - 4;
            max.Value = mean + 4;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
