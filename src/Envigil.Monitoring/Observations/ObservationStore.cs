using System.Data.Common;
using Envigil.Kernel.Persistence;
using Envigil.Kernel.Time;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Envigil.Monitoring.Observations;

/// <summary>A value ready to store, with what the pipeline decided about it.</summary>
public readonly record struct ObservationRow(
    long DatastreamId,
    string StationCode,
    DateTime TimeUtc,
    double Value,
    short Status,
    long ReceiptId,
    DateTime ReceivedAtUtc,
    bool Valid,
    bool Late);

/// <summary>What happened to one receipt's rows.</summary>
public sealed class ReceiptOutcome
{
    public int Stored { get; set; }
    public int Duplicates { get; set; }
    public int Conflicts { get; set; }
}

/// <summary>
/// The bulk write path for observations (PRODUCT.md: prepared batched inserts on SQLite, binary COPY on
/// PostgreSQL). One call stores a batch inside the caller's transaction and, for the rows that were new, updates
/// hourly and daily rollups, latest values and station activity incrementally. Rows already stored with the same
/// value are duplicates; with a different value they become conflicts for review and the stored value stays.
/// </summary>
public sealed class ObservationStore(EnvigilDatabase database)
{
    /// <summary>Circular 10/2021 (via TT 24/2017 Art. 56): a result is due within 5 minutes of measurement.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(5);

    public static DateTime HourBucket(DateTime utc) => new(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Start of the Vietnam calendar day containing the instant, in UTC (17:00 UTC the day before).</summary>
    public static DateTime DayBucket(DateTime utc) => VietnamTime.ToUtc(VietnamTime.ToLocal(utc).Date);

    public async Task<IReadOnlyDictionary<long, ReceiptOutcome>> StoreAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ObservationRow> rows, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var outcomes = new Dictionary<long, ReceiptOutcome>();
        foreach (var row in rows)
        {
            if (!outcomes.ContainsKey(row.ReceiptId))
                outcomes[row.ReceiptId] = new ReceiptOutcome();
        }
        if (rows.Count == 0)
            return outcomes;

        var inserted = database.IsPostgres
            ? await InsertPostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, rows, outcomes, nowUtc, cancellationToken)
            : await InsertSqliteAsync((SqliteConnection)connection, (SqliteTransaction)transaction, rows, outcomes, nowUtc, cancellationToken);
        await UpdateDerivedAsync(connection, transaction, inserted, cancellationToken);
        return outcomes;
    }

    private async Task<List<ObservationRow>> InsertSqliteAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ObservationRow> rows,
        Dictionary<long, ReceiptOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var inserted = new List<ObservationRow>(rows.Count);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO monitoring_observations (datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc) " +
                             "VALUES ($ds, $t, $v, $s, $r, $at) ON CONFLICT DO NOTHING";
        var ds = insert.Parameters.Add("$ds", SqliteType.Integer);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var v = insert.Parameters.Add("$v", SqliteType.Real);
        var s = insert.Parameters.Add("$s", SqliteType.Integer);
        var r = insert.Parameters.Add("$r", SqliteType.Integer);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        insert.Prepare();

        await using var existing = connection.CreateCommand();
        existing.Transaction = transaction;
        existing.CommandText = "SELECT value, status, receipt_id FROM monitoring_observations WHERE datastream_id = $ds AND phenomenon_time_utc = $t";
        var eds = existing.Parameters.Add("$ds", SqliteType.Integer);
        var et = existing.Parameters.Add("$t", SqliteType.Text);
        existing.Prepare();

        await using var conflict = connection.CreateCommand();
        conflict.Transaction = transaction;
        conflict.CommandText = "INSERT INTO monitoring_observation_conflicts (datastream_id, phenomenon_time_utc, stored_value, stored_status, stored_receipt_id, " +
                               "offered_value, offered_status, offered_receipt_id, detected_at_utc) VALUES ($ds, $t, $sv, $ss, $sr, $ov, $os, $or, $at) ON CONFLICT DO NOTHING";
        var cds = conflict.Parameters.Add("$ds", SqliteType.Integer);
        var ct = conflict.Parameters.Add("$t", SqliteType.Text);
        var csv = conflict.Parameters.Add("$sv", SqliteType.Real);
        var css = conflict.Parameters.Add("$ss", SqliteType.Integer);
        var csr = conflict.Parameters.Add("$sr", SqliteType.Integer);
        var cov = conflict.Parameters.Add("$ov", SqliteType.Real);
        var cos = conflict.Parameters.Add("$os", SqliteType.Integer);
        var cor = conflict.Parameters.Add("$or", SqliteType.Integer);
        var cat = conflict.Parameters.Add("$at", SqliteType.Text);
        cat.Value = SqliteTime(nowUtc);
        conflict.Prepare();

        foreach (var row in rows)
        {
            ds.Value = row.DatastreamId;
            t.Value = SqliteTime(row.TimeUtc);
            v.Value = row.Value;
            s.Value = row.Status;
            r.Value = row.ReceiptId;
            at.Value = SqliteTime(row.ReceivedAtUtc);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                inserted.Add(row);
                outcomes[row.ReceiptId].Stored++;
                continue;
            }

            eds.Value = row.DatastreamId;
            et.Value = t.Value;
            await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (storedValue, storedStatus, storedReceipt) = (reader.GetDouble(0), (short)reader.GetInt64(1), reader.GetInt64(2));
            await reader.DisposeAsync();
            if (SameValue(storedValue, row.Value) && storedStatus == row.Status)
            {
                outcomes[row.ReceiptId].Duplicates++;
                continue;
            }
            cds.Value = row.DatastreamId;
            ct.Value = t.Value;
            csv.Value = storedValue;
            css.Value = storedStatus;
            csr.Value = storedReceipt;
            cov.Value = row.Value;
            cos.Value = row.Status;
            cor.Value = row.ReceiptId;
            if (await conflict.ExecuteNonQueryAsync(cancellationToken) == 1)
                outcomes[row.ReceiptId].Conflicts++;
            else
                outcomes[row.ReceiptId].Duplicates++; // the very same different value was offered before and is already under review
        }
        return inserted;
    }

    private static async Task<List<ObservationRow>> InsertPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ObservationRow> rows,
        Dictionary<long, ReceiptOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS envigil_observation_staging (ordinal integer, datastream_id bigint, phenomenon_time_utc timestamptz, value double precision, " +
            "status smallint, receipt_id bigint, received_at_utc timestamptz) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY envigil_observation_staging (ordinal, datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(row.DatastreamId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.TimeUtc, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(row.Value, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(row.Status, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(row.ReceiptId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.ReceivedAtUtc, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        // New rows go in; a key already present is left alone. The staging ordinal tells which input rows were new.
        var insertedOrdinals = new List<int>(rows.Count);
        await using (var insert = new NpgsqlCommand(
            "WITH ins AS (INSERT INTO monitoring.observations (datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc) " +
            "SELECT DISTINCT ON (datastream_id, phenomenon_time_utc) datastream_id, phenomenon_time_utc, value, status, receipt_id, received_at_utc " +
            "FROM envigil_observation_staging ORDER BY datastream_id, phenomenon_time_utc, ordinal ON CONFLICT DO NOTHING " +
            "RETURNING datastream_id, phenomenon_time_utc, receipt_id) " +
            "SELECT s.ordinal FROM ins JOIN envigil_observation_staging s USING (datastream_id, phenomenon_time_utc, receipt_id)", connection, transaction))
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                insertedOrdinals.Add(reader.GetInt32(0));
        }
        var inserted = new List<ObservationRow>(insertedOrdinals.Count);
        var isNew = new bool[rows.Count];
        foreach (var ordinal in insertedOrdinals)
        {
            isNew[ordinal] = true;
            inserted.Add(rows[ordinal]);
            outcomes[rows[ordinal].ReceiptId].Stored++;
        }
        if (inserted.Count == rows.Count)
            return inserted; // every row was new (the usual case): nothing to compare

        // The rest: the same value again (duplicate) or a different one (conflict, kept for review).
        var conflictOrdinals = new HashSet<int>();
        await using (var conflicts = new NpgsqlCommand(
            "WITH offered AS (SELECT s.ordinal, s.datastream_id, s.phenomenon_time_utc, o.value AS stored_value, o.status AS stored_status, o.receipt_id AS stored_receipt_id, " +
            "s.value, s.status, s.receipt_id FROM envigil_observation_staging s JOIN monitoring.observations o USING (datastream_id, phenomenon_time_utc) " +
            "WHERE (abs(o.value - s.value) > 1e-9 * greatest(1, abs(o.value), abs(s.value)) OR o.status <> s.status)), " +
            "ins AS (INSERT INTO monitoring.observation_conflicts (datastream_id, phenomenon_time_utc, stored_value, stored_status, stored_receipt_id, offered_value, offered_status, offered_receipt_id, detected_at_utc) " +
            "SELECT DISTINCT ON (datastream_id, phenomenon_time_utc, value, status) datastream_id, phenomenon_time_utc, stored_value, stored_status, stored_receipt_id, value, status, receipt_id, @now " +
            "FROM offered ORDER BY datastream_id, phenomenon_time_utc, value, status, ordinal ON CONFLICT DO NOTHING RETURNING datastream_id, phenomenon_time_utc, offered_value, offered_status, offered_receipt_id) " +
            "SELECT min(f.ordinal) FROM ins JOIN offered f ON f.datastream_id = ins.datastream_id AND f.phenomenon_time_utc = ins.phenomenon_time_utc " +
            "AND f.value = ins.offered_value AND f.status = ins.offered_status AND f.receipt_id = ins.offered_receipt_id GROUP BY ins.datastream_id, ins.phenomenon_time_utc, ins.offered_value, ins.offered_status",
            connection, transaction))
        {
            conflicts.Parameters.AddWithValue("now", nowUtc);
            await using var reader = await conflicts.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                conflictOrdinals.Add(reader.GetInt32(0));
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (isNew[i])
                continue;
            if (conflictOrdinals.Contains(i))
                outcomes[rows[i].ReceiptId].Conflicts++;
            else
                outcomes[rows[i].ReceiptId].Duplicates++;
        }
        return inserted;
    }

    /// <summary>Rollups, latest values and station activity move forward with the rows that were new.</summary>
    private async Task UpdateDerivedAsync(DbConnection connection, DbTransaction transaction, List<ObservationRow> inserted, CancellationToken cancellationToken)
    {
        if (inserted.Count == 0)
            return;
        var hourly = Aggregate(inserted, row => HourBucket(row.TimeUtc));
        var daily = Aggregate(inserted, row => DayBucket(row.TimeUtc));

        var latest = new Dictionary<long, ObservationRow>();
        foreach (var row in inserted)
        {
            if (!latest.TryGetValue(row.DatastreamId, out var current) || row.TimeUtc > current.TimeUtc)
                latest[row.DatastreamId] = row;
        }

        var stations = new Dictionary<string, (DateTime Observation, DateTime Received, short Status)>(StringComparer.Ordinal);
        foreach (var row in inserted)
        {
            if (!stations.TryGetValue(row.StationCode, out var current))
                stations[row.StationCode] = (row.TimeUtc, row.ReceivedAtUtc, row.Status);
            else
                stations[row.StationCode] = (
                    row.TimeUtc > current.Observation ? row.TimeUtc : current.Observation,
                    row.ReceivedAtUtc > current.Received ? row.ReceivedAtUtc : current.Received,
                    row.TimeUtc > current.Observation || (row.TimeUtc == current.Observation && row.Status > current.Status) ? row.Status : current.Status);
        }

        // Keys in a fixed order, so hosts writing overlapping keys at once lock rows in the same order.
        var hourlyRows = hourly.OrderBy(b => b.Key.Datastream).ThenBy(b => b.Key.Bucket).ToList();
        var dailyRows = daily.OrderBy(b => b.Key.Datastream).ThenBy(b => b.Key.Bucket).ToList();
        var latestRows = latest.Values.OrderBy(r => r.DatastreamId).ToList();
        var stationRows = stations.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();

        if (connection is NpgsqlConnection postgres)
        {
            // One statement per table over arrays (unnest) instead of one round trip per row.
            await using var batch = new NpgsqlBatch(postgres, (NpgsqlTransaction)transaction);
            batch.BatchCommands.Add(RollupsPostgres("monitoring.rollups_hourly", hourlyRows));
            batch.BatchCommands.Add(RollupsPostgres("monitoring.rollups_daily", dailyRows));
            var latestCommand = new NpgsqlBatchCommand(
                $"INSERT INTO monitoring.latest_values (datastream_id, phenomenon_time_utc, value, status, received_at_utc) " +
                $"SELECT * FROM unnest(@ds, @t, @v, @s, @at) {LatestOnConflict("monitoring.latest_values")}");
            latestCommand.Parameters.AddWithValue("ds", latestRows.Select(r => r.DatastreamId).ToArray());
            latestCommand.Parameters.AddWithValue("t", TimestampArray, latestRows.Select(r => Utc(r.TimeUtc)).ToArray());
            latestCommand.Parameters.AddWithValue("v", latestRows.Select(r => r.Value).ToArray());
            latestCommand.Parameters.AddWithValue("s", latestRows.Select(r => r.Status).ToArray());
            latestCommand.Parameters.AddWithValue("at", TimestampArray, latestRows.Select(r => Utc(r.ReceivedAtUtc)).ToArray());
            batch.BatchCommands.Add(latestCommand);
            var activityCommand = new NpgsqlBatchCommand(
                $"INSERT INTO monitoring.station_activity (station_code, last_observation_utc, last_received_utc, last_status) " +
                $"SELECT * FROM unnest(@code, @t, @at, @s) {ActivityOnConflict("monitoring.station_activity")}");
            activityCommand.Parameters.AddWithValue("code", stationRows.Select(s => s.Key).ToArray());
            activityCommand.Parameters.AddWithValue("t", TimestampArray, stationRows.Select(s => Utc(s.Value.Observation)).ToArray());
            activityCommand.Parameters.AddWithValue("at", TimestampArray, stationRows.Select(s => Utc(s.Value.Received)).ToArray());
            activityCommand.Parameters.AddWithValue("s", stationRows.Select(s => s.Value.Status).ToArray());
            batch.BatchCommands.Add(activityCommand);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // SQLite runs in process: a prepared statement per row costs microseconds.
        await UpsertRollupsSqliteAsync(connection, transaction, database.Table("monitoring", "rollups_hourly"), hourlyRows, cancellationToken);
        await UpsertRollupsSqliteAsync(connection, transaction, database.Table("monitoring", "rollups_daily"), dailyRows, cancellationToken);

        var latestTable = database.Table("monitoring", "latest_values");
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = $"INSERT INTO {latestTable} (datastream_id, phenomenon_time_utc, value, status, received_at_utc) VALUES (@ds, @t, @v, @s, @at) " +
                                 LatestOnConflict(latestTable);
            var ds = Parameter(upsert, "ds");
            var t = Parameter(upsert, "t");
            var v = Parameter(upsert, "v");
            var s = Parameter(upsert, "s");
            var at = Parameter(upsert, "at");
            foreach (var row in latestRows)
            {
                ds.Value = row.DatastreamId;
                t.Value = SqliteTime(row.TimeUtc);
                v.Value = row.Value;
                s.Value = row.Status;
                at.Value = SqliteTime(row.ReceivedAtUtc);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var activityTable = database.Table("monitoring", "station_activity");
        await using (var activity = connection.CreateCommand())
        {
            activity.Transaction = transaction;
            activity.CommandText = $"INSERT INTO {activityTable} (station_code, last_observation_utc, last_received_utc, last_status) VALUES (@code, @t, @at, @s) " +
                                   ActivityOnConflict(activityTable);
            var code = Parameter(activity, "code");
            var t = Parameter(activity, "t");
            var at = Parameter(activity, "at");
            var s = Parameter(activity, "s");
            foreach (var (station, value) in stationRows)
            {
                code.Value = station;
                t.Value = SqliteTime(value.Observation);
                at.Value = SqliteTime(value.Received);
                s.Value = value.Status;
                await activity.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static string LatestOnConflict(string table) =>
        $"ON CONFLICT (datastream_id) DO UPDATE SET phenomenon_time_utc = excluded.phenomenon_time_utc, value = excluded.value, status = excluded.status, " +
        $"received_at_utc = excluded.received_at_utc WHERE excluded.phenomenon_time_utc > {table}.phenomenon_time_utc";

    // The status follows the newest measurement; a late resend of old data does not change it.
    private static string ActivityOnConflict(string table) =>
        $"ON CONFLICT (station_code) DO UPDATE SET " +
        $"last_status = CASE WHEN excluded.last_observation_utc >= {table}.last_observation_utc THEN excluded.last_status ELSE {table}.last_status END, " +
        $"last_observation_utc = CASE WHEN excluded.last_observation_utc > {table}.last_observation_utc THEN excluded.last_observation_utc ELSE {table}.last_observation_utc END, " +
        $"last_received_utc = CASE WHEN excluded.last_received_utc > {table}.last_received_utc THEN excluded.last_received_utc ELSE {table}.last_received_utc END";

    // Adding to the stored aggregate is exact because observations are only ever added, never changed.
    private static string RollupOnConflict(string table) =>
        "ON CONFLICT (datastream_id, bucket_utc) DO UPDATE SET " +
        $"sample_count = {table}.sample_count + excluded.sample_count, valid_count = {table}.valid_count + excluded.valid_count, " +
        $"late_count = {table}.late_count + excluded.late_count, value_sum = {table}.value_sum + excluded.value_sum, " +
        $"value_min = CASE WHEN {table}.value_min IS NULL OR excluded.value_min < {table}.value_min THEN excluded.value_min ELSE {table}.value_min END, " +
        $"value_max = CASE WHEN {table}.value_max IS NULL OR excluded.value_max > {table}.value_max THEN excluded.value_max ELSE {table}.value_max END";

    private sealed class Accumulator
    {
        public int Samples;
        public int Valid;
        public int Late;
        public double Sum;
        public double? Min;
        public double? Max;
    }

    private static Dictionary<(long Datastream, DateTime Bucket), Accumulator> Aggregate(List<ObservationRow> rows, Func<ObservationRow, DateTime> bucketOf)
    {
        var result = new Dictionary<(long, DateTime), Accumulator>();
        foreach (var row in rows)
        {
            var key = (row.DatastreamId, bucketOf(row));
            if (!result.TryGetValue(key, out var a))
                result[key] = a = new Accumulator();
            a.Samples++;
            if (row.Late)
                a.Late++;
            if (!row.Valid)
                continue;
            a.Valid++;
            a.Sum += row.Value;
            a.Min = a.Min is { } min && min <= row.Value ? min : row.Value;
            a.Max = a.Max is { } max && max >= row.Value ? max : row.Value;
        }
        return result;
    }

    private static NpgsqlBatchCommand RollupsPostgres(string table, List<KeyValuePair<(long Datastream, DateTime Bucket), Accumulator>> buckets)
    {
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {table} (datastream_id, bucket_utc, sample_count, valid_count, late_count, value_sum, value_min, value_max) " +
            $"SELECT * FROM unnest(@ds, @b, @n, @valid, @late, @sum, @min, @max) {RollupOnConflict(table)}");
        command.Parameters.AddWithValue("ds", buckets.Select(b => b.Key.Datastream).ToArray());
        command.Parameters.AddWithValue("b", TimestampArray, buckets.Select(b => Utc(b.Key.Bucket)).ToArray());
        command.Parameters.AddWithValue("n", buckets.Select(b => b.Value.Samples).ToArray());
        command.Parameters.AddWithValue("valid", buckets.Select(b => b.Value.Valid).ToArray());
        command.Parameters.AddWithValue("late", buckets.Select(b => b.Value.Late).ToArray());
        command.Parameters.AddWithValue("sum", buckets.Select(b => b.Value.Sum).ToArray());
        command.Parameters.AddWithValue("min", NpgsqlDbType.Array | NpgsqlDbType.Double, buckets.Select(b => b.Value.Min).ToArray());
        command.Parameters.AddWithValue("max", NpgsqlDbType.Array | NpgsqlDbType.Double, buckets.Select(b => b.Value.Max).ToArray());
        return command;
    }

    private static async Task UpsertRollupsSqliteAsync(DbConnection connection, DbTransaction transaction, string table,
        List<KeyValuePair<(long Datastream, DateTime Bucket), Accumulator>> buckets, CancellationToken cancellationToken)
    {
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"INSERT INTO {table} (datastream_id, bucket_utc, sample_count, valid_count, late_count, value_sum, value_min, value_max) " +
                             $"VALUES (@ds, @b, @n, @valid, @late, @sum, @min, @max) {RollupOnConflict(table)}";
        var ds = Parameter(upsert, "ds");
        var b = Parameter(upsert, "b");
        var n = Parameter(upsert, "n");
        var valid = Parameter(upsert, "valid");
        var late = Parameter(upsert, "late");
        var sum = Parameter(upsert, "sum");
        var min = Parameter(upsert, "min");
        var max = Parameter(upsert, "max");
        foreach (var ((datastream, bucket), a) in buckets)
        {
            ds.Value = datastream;
            b.Value = SqliteTime(bucket);
            n.Value = a.Samples;
            valid.Value = a.Valid;
            late.Value = a.Late;
            sum.Value = a.Sum;
            min.Value = a.Min is { } mn ? mn : DBNull.Value;
            max.Value = a.Max is { } mx ? mx : DBNull.Value;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DateTime Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    private const NpgsqlDbType TimestampArray = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz;

    /// <summary>The text form EF Core's SQLite provider writes and reads, so raw and EF access agree on keys.</summary>
    public static string SqliteTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Values are compared as the datalogger wrote them (a few decimals); binary noise is not a conflict.</summary>
    public static bool SameValue(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
