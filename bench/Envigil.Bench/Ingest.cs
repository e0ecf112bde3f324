using System.Data.Common;
using System.Diagnostics;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Envigil.Bench;

/// <summary>
/// Ingest throughput of the whole reception pipeline (archive with fsync, receipt, parse, check against the registry and
/// the sender, store with duplicate/conflict detection, hourly/daily rollups, latest values, station activity, receipt
/// settlement) next to the physical floor of the same database: the same rows written straight into the same
/// observations table (SQLite: one prepared INSERT per row in one transaction; PostgreSQL: one binary COPY). In
/// between, the archive alone (<see cref="FileArchive"/>, same files and batches) and the bulk store alone
/// (<see cref="ObservationStore"/> without files and receipts) show how the gap splits.
/// Options: --stations 150 --hours 24 --batch 500 --provider all|sqlite|postgres.
/// </summary>
public static class Ingest
{
    public static async Task RunAsync(BenchArgs args)
    {
        var stationCount = args.Int("stations", 150);
        var hours = args.Int("hours", 24);
        var batch = args.Int("batch", 500);
        foreach (var provider in args.Providers("ingest"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false);
            var stations = await BenchProvince.RegisterAsync(host.Services, stationCount);
            BenchResult.Progress($"ingest {host.Name}: {stations.Count} stations registered");

            // Warm-up (JIT, pools, caches): the two hours before, not timed.
            var warmUp = BenchProvince.FilesBetween(stations, BenchProvince.StartUtc.AddHours(-2), BenchProvince.StartUtc);
            foreach (var chunk in warmUp.Select(x => BenchProvince.Incoming(x.Station, x.File)).Chunk(batch))
                await host.Pipeline.ReceiveAsync(chunk);
            await host.Pipeline.DrainAsync();
            var lastWarmUpReceipt = await host.ScalarAsync<long>($"SELECT coalesce(max(id), 0) FROM {host.Database.Table("monitoring", "file_receipts")}");

            var files = BenchProvince.FilesBetween(stations, BenchProvince.StartUtc, BenchProvince.StartUtc.AddHours(hours));
            var lines = files.Sum(x => BenchProvince.LineCount(x.File));
            var incoming = files.Select(x => BenchProvince.Incoming(x.Station, x.File)).ToList();
            BenchResult.Progress($"ingest {host.Name}: {incoming.Count} files, {lines} lines generated; timing the pipeline");

            var feeding = TimeSpan.Zero;
            var watch = Stopwatch.StartNew();
            foreach (var chunk in incoming.Chunk(batch))
            {
                var started = Stopwatch.GetTimestamp();
                await host.Pipeline.ReceiveAsync(chunk);
                feeding += Stopwatch.GetElapsedTime(started);
            }
            await host.Pipeline.DrainAsync();
            var wall = watch.Elapsed;
            var states = await host.ReceiptStatesAsync(lastWarmUpReceipt);
            if (states.Contains("pending", StringComparison.Ordinal))
                throw new InvalidOperationException($"receipts left pending after the drain: {states}");

            var rows = await StoredRowsAsync(host, lastWarmUpReceipt);
            BenchResult.Progress($"ingest {host.Name}: pipeline {wall.TotalSeconds:F1} s for {rows.Count} stored rows ({states}); timing the raw insert");

            // The physical floor: the same rows, into the same table, which holds the warm-up rows as it did before.
            await host.ExecuteAsync($"DELETE FROM {host.Database.Table("monitoring", "observations")} WHERE receipt_id > {lastWarmUpReceipt}");
            await host.ExecuteAsync(provider == DatabaseProvider.Postgres ? "VACUUM ANALYZE monitoring.observations" : "PRAGMA wal_checkpoint(TRUNCATE)");
            var raw = await RawInsertAsync(host, rows);
            var afterRaw = await host.ScalarAsync<long>($"SELECT count(*) FROM {host.Database.Table("monitoring", "observations")} WHERE receipt_id > {lastWarmUpReceipt}");
            if (afterRaw != rows.Count)
                throw new InvalidOperationException($"raw insert stored {afterRaw} rows, expected {rows.Count}");

            // The bulk store alone, batch for batch as the pipeline calls it, on the same rows moved 400 days on (new keys).
            var store = await StoreOnlyAsync(host, rows, batch);

            // The archive alone (hash, write, flush, rename) for the same files, batch for batch, into an empty folder.
            var archiveOnly = await ArchiveOnlyAsync(incoming, batch);

            var pipelineRate = rows.Count / wall.TotalSeconds;
            var rawRate = rows.Count / raw.TotalSeconds;
            BenchResult.Write("ingest",
                ("provider", host.Name), ("stations", stations.Count), ("hours", hours), ("files", incoming.Count), ("lines", lines), ("stored", rows.Count),
                ("obs_per_s", pipelineRate), ("raw_obs_per_s", rawRate), ("ratio", pipelineRate / rawRate),
                ("store_only_obs_per_s", rows.Count / store.TotalSeconds), ("files_per_s", incoming.Count / wall.TotalSeconds),
                ("archive_only_files_per_s", incoming.Count / archiveOnly.TotalSeconds),
                ("wall_s", wall.TotalSeconds), ("receive_s", feeding.TotalSeconds), ("batch", batch), ("receipts", states), ("load", load));
        }
    }

    public sealed record StoredRow(long DatastreamId, DateTime TimeUtc, double Value, short Status, long ReceiptId, DateTime ReceivedAtUtc);

    /// <summary>The rows the pipeline stored for receipts after the given one, in the order it wrote them.</summary>
    private static async Task<List<StoredRow>> StoredRowsAsync(BenchHost host, long afterReceiptId)
    {
        var rows = new List<StoredRow>();
        await using var connection = await host.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc FROM {host.Database.Table("monitoring", "observations")} " +
                              $"WHERE receipt_id > {afterReceiptId} ORDER BY receipt_id, datastream_id";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(reader.GetInt64(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), reader.GetDouble(2), (short)reader.GetInt32(3),
                reader.GetInt64(4), DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc)));
        }
        return rows;
    }

    /// <summary>SQLite: one prepared INSERT executed per row in one transaction. PostgreSQL: one binary COPY in one transaction.</summary>
    private static async Task<TimeSpan> RawInsertAsync(BenchHost host, List<StoredRow> rows)
    {
        await using var connection = await host.Database.OpenConnectionAsync();
        var watch = Stopwatch.StartNew();
        if (connection is NpgsqlConnection postgres)
        {
            await using var transaction = await postgres.BeginTransactionAsync();
            await using (var copy = await postgres.BeginBinaryImportAsync(
                "COPY monitoring.observations (datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in rows)
                {
                    copy.StartRow();
                    copy.Write(row.DatastreamId, NpgsqlDbType.Bigint);
                    copy.Write(row.TimeUtc, NpgsqlDbType.TimestampTz);
                    copy.Write(row.Value, NpgsqlDbType.Double);
                    copy.Write(row.Status, NpgsqlDbType.Smallint);
                    copy.Write(row.ReceiptId, NpgsqlDbType.Bigint);
                    copy.Write(row.ReceivedAtUtc, NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync();
            await using var insert = sqlite.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO monitoring_observations (datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc) VALUES ($ds, $t, $v, $s, $r, $at)";
            var ds = insert.Parameters.Add("$ds", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Text);
            var v = insert.Parameters.Add("$v", SqliteType.Real);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var r = insert.Parameters.Add("$r", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            insert.Prepare();
            foreach (var row in rows)
            {
                ds.Value = row.DatastreamId;
                t.Value = ObservationStore.SqliteTime(row.TimeUtc);
                v.Value = row.Value;
                s.Value = row.Status;
                r.Value = row.ReceiptId;
                at.Value = ObservationStore.SqliteTime(row.ReceivedAtUtc);
                insert.ExecuteNonQuery();
            }
            await transaction.CommitAsync();
        }
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> ArchiveOnlyAsync(List<IncomingFile> files, int batch)
    {
        var folder = Path.Combine(Path.GetTempPath(), "envigil-bench", $"archive-{Guid.NewGuid():n}");
        var archive = new FileArchive(Options.Create(new EnvigilOptions { DataDirectory = folder }));
        try
        {
            var watch = Stopwatch.StartNew();
            foreach (var chunk in files.Chunk(batch))
                await archive.StoreManyAsync(chunk.Select(f => f.Content).ToList());
            return watch.Elapsed;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> StoreOnlyAsync(BenchHost host, List<StoredRow> rows, int receiptsPerBatch)
    {
        var registry = await host.Services.GetRequiredService<RegistryCache>().GetAsync();
        var store = host.Services.GetRequiredService<ObservationStore>();
        var shift = TimeSpan.FromDays(400);
        var batches = rows.GroupBy(r => r.ReceiptId).Chunk(receiptsPerBatch)
            .Select(receipts => receipts.SelectMany(g => g).Select(row =>
            {
                var datastream = registry.DatastreamsById[row.DatastreamId];
                var valid = row.Status == ObservationStatus.Measuring && (datastream.PhysicalMin is not { } min || row.Value >= min) && (datastream.PhysicalMax is not { } max || row.Value <= max);
                return new ObservationRow(row.DatastreamId, datastream.StationCode, row.TimeUtc + shift, row.Value, row.Status, row.ReceiptId, row.ReceivedAtUtc, valid,
                    row.ReceivedAtUtc - (row.TimeUtc + shift) > ObservationStore.LateAfter);
            }).ToList())
            .ToList();
        var watch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await using var connection = await host.Database.OpenConnectionAsync();
            await using DbTransaction transaction = await connection.BeginTransactionAsync();
            await store.StoreAsync(connection, transaction, batch, DateTime.UtcNow);
            await transaction.CommitAsync();
        }
        return watch.Elapsed;
    }
}
