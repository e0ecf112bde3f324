using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Envigil.Monitoring.Reception;

/// <summary>A file as it arrived on any channel.</summary>
public sealed record IncomingFile(string FileName, byte[] Content, SenderScope Sender);

/// <summary>What a batch of stored observations touched, for listeners (compliance, live pages) in this host.</summary>
public sealed record ObservationsStored(IReadOnlyList<long> ReceiptIds, IReadOnlyCollection<string> StationCodes, IReadOnlyCollection<long> DatastreamIds, DateTime MinTimeUtc, DateTime MaxTimeUtc);

public interface IObservationsStoredListener
{
    Task OnStoredAsync(ObservationsStored batch, CancellationToken cancellationToken);
}

/// <summary>
/// One pipeline for every channel (PRODUCT.md contract): archive the bytes, record the receipt, then parse,
/// check against the registry and the sender's scope, and store — each file exactly once however often it is
/// sent, and nothing lost: a receipt is committed before processing starts, and a receipt left pending by a crash
/// is processed again at start.
/// </summary>
public sealed partial class ReceptionPipeline(
    IServiceScopeFactory scopes,
    FileArchive archive,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<ReceptionPipeline> logger) : BackgroundService
{
    /// <summary>Files larger than this are refused at the door (HTTP 413); a datalogger file is a few hundred bytes.</summary>
    public const int MaxFileBytes = 1024 * 1024;
    private const int MaxBatch = 500;
    private const int MaxAttempts = 5;

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<FileReceipt>> _waiters = new();

    /// <summary>Archives the files and records their receipts (one transaction), then queues them for processing.</summary>
    public Task<IReadOnlyList<FileReceipt>> ReceiveAsync(IReadOnlyList<IncomingFile> files, CancellationToken cancellationToken = default) =>
        ReceiveAsync(files, waitFor: false, cancellationToken);

    private async Task<IReadOnlyList<FileReceipt>> ReceiveAsync(IReadOnlyList<IncomingFile> files, bool waitFor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var receipts = new List<FileReceipt>(files.Count);
        // One archive batch: the files' flushes to disk overlap instead of waiting for each other.
        var hashes = await archive.StoreManyAsync(files.Select(f => f.Content).ToList(), cancellationToken);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            receipts.Add(new FileReceipt
            {
                Sha256 = hashes[i],
                FileName = file.FileName.Length <= 255 ? file.FileName : file.FileName[..255],
                Channel = file.Sender.Channel,
                Sender = file.Sender.Sender,
                SenderScope = file.Sender.Encode(),
                ReceivedAtUtc = now,
                SizeBytes = file.Content.Length,
                State = ReceiptStates.Pending,
            });
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        // The same file (name and bytes) already processed: recognised at once and recorded as a duplicate arrival.
        // Identical bytes under another name (another station, another time) are a different delivery.
        var distinctHashes = hashes.Distinct().ToList();
        var processed = (await db.FileReceipts.AsNoTracking()
                .Where(r => distinctHashes.Contains(r.Sha256) && (r.State == ReceiptStates.Stored || r.State == ReceiptStates.Duplicate))
                .Select(r => new { r.Sha256, r.FileName, r.Id })
                .ToListAsync(cancellationToken))
            .GroupBy(r => (r.Sha256, r.FileName))
            .ToDictionary(g => g.Key, g => g.Min(r => r.Id));
        foreach (var receipt in receipts)
        {
            if (!processed.TryGetValue((receipt.Sha256, receipt.FileName), out var first))
                continue;
            receipt.State = ReceiptStates.Duplicate;
            receipt.Reason = $"identical to receipt {first} (same file name and SHA-256): already stored";
            receipt.ProcessedAtUtc = now;
        }
        db.FileReceipts.AddRange(receipts);
        // A receipt is machine data with its own history (state, counts, reasons); it is not a change anyone made.
        using (AuditInterceptor.SuppressPerEntityEntries())
            await db.SaveChangesAsync(cancellationToken);
        foreach (var receipt in receipts.Where(r => r.State == ReceiptStates.Pending))
        {
            if (waitFor) // before queueing, so a fast worker cannot finish before anyone listens
                _waiters.TryAdd(receipt.Id, new TaskCompletionSource<FileReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
            _queue.Writer.TryWrite(receipt.Id);
        }
        return receipts;
    }

    /// <summary>Receives one file and waits (up to the timeout) until it has been processed.</summary>
    public async Task<FileReceipt> ReceiveAndWaitAsync(IncomingFile file, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var receipt = (await ReceiveAsync([file], waitFor: true, cancellationToken))[0];
        if (receipt.State != ReceiptStates.Pending || !_waiters.TryGetValue(receipt.Id, out var waiter))
            return receipt;
        try
        {
            return await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return receipt; // still pending: the caller reports 202 with the receipt to poll
        }
        finally
        {
            _waiters.TryRemove(receipt.Id, out _);
        }
    }

    /// <summary>Processes a receipt again (after a registry fix): its quarantined lines are read anew; stored ones are duplicates.</summary>
    public async Task<bool> ReprocessAsync(long receiptId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var updated = await db.FileReceipts.Where(r => r.Id == receiptId && r.State != ReceiptStates.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReceiptStates.Pending).SetProperty(r => r.Attempts, 0), cancellationToken);
        if (updated == 0)
            return false;
        _queue.Writer.TryWrite(receiptId);
        return true;
    }

    /// <summary>Waits until no receipt is queued (tests and benchmarks).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (_queue.Reader.Count > 0 || _busy)
            await Task.Delay(10, cancellationToken);
    }

    private volatile bool _busy;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverPendingAsync(stoppingToken);
        var batch = new List<long>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            _busy = true;
            try
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var id))
                    batch.Add(id);
                await ProcessWithRetryAsync(batch, stoppingToken);
            }
            finally
            {
                _busy = _queue.Reader.Count > 0;
            }
        }
    }

    private async Task RecoverPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var pending = await db.FileReceipts.AsNoTracking().Where(r => r.State == ReceiptStates.Pending).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        if (pending.Count > 0)
            LogRecovering(pending.Count);
        foreach (var id in pending)
            _queue.Writer.TryWrite(id);
    }

    private async Task ProcessWithRetryAsync(List<long> batch, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchFailed(ex, batch.Count);
            // One by one, so a single bad receipt cannot hold back the others.
            foreach (var id in batch)
            {
                try
                {
                    await ProcessAsync([id], cancellationToken);
                }
                catch (Exception single) when (single is not OperationCanceledException)
                {
                    await MarkFailedAsync(id, single, cancellationToken);
                }
            }
        }
    }

    private async Task MarkFailedAsync(long id, Exception ex, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var receipt = await db.FileReceipts.SingleAsync(r => r.Id == id, cancellationToken);
        receipt.Attempts++;
        if (receipt.Attempts >= MaxAttempts)
        {
            receipt.State = ReceiptStates.Quarantined;
            receipt.Reason = $"processing failed {receipt.Attempts} times: {ex.Message}";
            receipt.ProcessedAtUtc = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (receipt.State == ReceiptStates.Pending)
        {
            _ = Task.Delay(TimeSpan.FromSeconds(receipt.Attempts * 2), cancellationToken)
                .ContinueWith(_ => _queue.Writer.TryWrite(id), TaskScheduler.Default);
        }
        else
        {
            Complete(receipt);
        }
    }

    /// <summary>A file's lines as the pipeline judged them.</summary>
    private sealed record Judged(FileReceipt Receipt, string? StationCode, List<ObservationRow> Rows, List<QuarantinedLine> Issues, string? FileProblem, bool Refused);

    internal async Task ProcessAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var registry = await scope.ServiceProvider.GetRequiredService<RegistryCache>().GetAsync(cancellationToken);
        var receipts = await db.FileReceipts.AsNoTracking().Where(r => ids.Contains(r.Id) && r.State == ReceiptStates.Pending).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        if (receipts.Count == 0)
            return;

        var judged = new List<Judged>(receipts.Count);
        foreach (var receipt in receipts)
            judged.Add(Judge(receipt, await archive.ReadAsync(receipt.Sha256, cancellationToken), registry, options.Value.PublicNetworkAccount));

        var database = scope.ServiceProvider.GetRequiredService<EnvigilDatabase>();
        var store = scope.ServiceProvider.GetRequiredService<ObservationStore>();
        var now = time.GetUtcNow().UtcDateTime;
        var rows = judged.SelectMany(j => j.Rows).ToList();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var outcomes = await store.StoreAsync(connection, transaction, rows, now, cancellationToken);
            foreach (var j in judged)
                Settle(j, outcomes.GetValueOrDefault(j.Receipt.Id) ?? new ReceiptOutcome(), now);
            await SaveReceiptsAsync(connection, transaction, database, judged, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var j in judged.Where(j => j.Refused))
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await audit.RecordAsync("delivery-refused", "monitoring.file_receipts", j.Receipt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { j.Receipt.FileName, j.Receipt.Sender, j.Receipt.Channel, j.Receipt.Reason }, new AuditActor(j.Receipt.Sender, "machine"));
        }
        foreach (var j in judged)
            Complete(j.Receipt);

        if (rows.Count > 0)
        {
            var stored = new ObservationsStored(judged.Select(j => j.Receipt.Id).ToList(), rows.Select(r => r.StationCode).ToHashSet(),
                rows.Select(r => r.DatastreamId).ToHashSet(), rows.Min(r => r.TimeUtc), rows.Max(r => r.TimeUtc));
            foreach (var listener in scope.ServiceProvider.GetServices<IObservationsStoredListener>())
            {
                try
                {
                    await listener.OnStoredAsync(stored, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogListenerFailed(ex, listener.GetType().Name);
                }
            }
        }
    }

    private static Judged Judge(FileReceipt receipt, byte[] content, RegistrySnapshot registry, string publicNetworkAccount)
    {
        var rows = new List<ObservationRow>();
        var issues = new List<QuarantinedLine>();
        if (!Circular10FileName.TryParse(receipt.FileName, out var name, out var nameError))
            return new Judged(receipt, null, rows, issues, $"file name '{receipt.FileName}': {nameError}", false);
        var station = registry.StationForKey(name.StationKey, name.Station);
        if (station is null)
            return new Judged(receipt, null, rows, issues, $"station '{name.StationKey}' in the file name is not registered", false);
        var refusal = SenderScope.Decode(receipt.Sender, receipt.Channel, receipt.SenderScope).Resolve(registry, publicNetworkAccount).Refusal(station);
        if (refusal is not null)
            return new Judged(receipt, station.Code, rows, issues, refusal, true);

        var parsed = Circular10Parser.Parse(content);
        if (parsed.FileError is not null)
            return new Judged(receipt, station.Code, rows, issues, parsed.FileError, false);
        foreach (var issue in parsed.Issues)
            issues.Add(new QuarantinedLine { ReceiptId = receipt.Id, LineNumber = issue.LineNumber, RawLine = issue.RawLine, Reason = issue.Reason });
        var seen = new Dictionary<(long Datastream, DateTime Time), int>();
        foreach (var line in parsed.Lines)
        {
            var code = ParameterCatalogue.Resolve(line.RawCode, registry.Aliases);
            if (code is null)
            {
                issues.Add(Issue(receipt, line, $"parameter '{line.RawCode}' is not in the catalogue; add an alias for it"));
                continue;
            }
            var datastream = registry.Datastream(station.Code, code);
            if (datastream is null)
            {
                issues.Add(Issue(receipt, line, $"parameter {code} is not registered for station {station.Code}"));
                continue;
            }
            var value = line.Value;
            if (!string.Equals(line.RawUnit, datastream.Unit, StringComparison.Ordinal))
            {
                if (!ParameterCatalogue.TryNormalizeUnit(line.RawUnit, datastream.Unit, out var factor))
                {
                    issues.Add(Issue(receipt, line, $"unit '{line.RawUnit}' does not match the registered unit '{datastream.Unit}' of {code}"));
                    continue;
                }
                value *= factor;
            }
            if (!seen.TryAdd((datastream.Id, line.TimeUtc), line.LineNumber))
            {
                issues.Add(Issue(receipt, line, $"duplicate of line {seen[(datastream.Id, line.TimeUtc)]}: both are {code} at the same time once the code is resolved"));
                continue;
            }
            var status = (short)line.Status;
            var valid = status == ObservationStatus.Measuring
                        && (datastream.PhysicalMin is not { } min || value >= min)
                        && (datastream.PhysicalMax is not { } max || value <= max);
            rows.Add(new ObservationRow(datastream.Id, station.Code, line.TimeUtc, value, status, receipt.Id, receipt.ReceivedAtUtc, valid,
                receipt.ReceivedAtUtc - line.TimeUtc > ObservationStore.LateAfter));
        }
        return new Judged(receipt, station.Code, rows, issues, null, false);
    }

    private static QuarantinedLine Issue(FileReceipt receipt, ParsedLine line, string reason) =>
        new() { ReceiptId = receipt.Id, LineNumber = line.LineNumber, RawLine = line.RawLine.Length <= 500 ? line.RawLine : line.RawLine[..500], Reason = reason };

    private static void Settle(Judged j, ReceiptOutcome outcome, DateTime now)
    {
        var r = j.Receipt;
        r.StationCode = j.StationCode;
        r.Attempts++;
        r.ProcessedAtUtc = now;
        r.LineCount = j.Rows.Count + j.Issues.Count;
        r.StoredCount = outcome.Stored;
        r.DuplicateCount = outcome.Duplicates;
        r.ConflictCount = outcome.Conflicts;
        r.RejectedCount = j.Issues.Count;
        if (j.FileProblem is not null)
        {
            r.State = j.Refused ? ReceiptStates.Rejected : ReceiptStates.Quarantined;
            r.Reason = j.FileProblem;
        }
        else if (j.Rows.Count == 0)
        {
            r.State = ReceiptStates.Quarantined;
            r.Reason = j.Issues.Count == 0 ? "the file holds no data lines" : $"none of the {j.Issues.Count} lines could be stored";
        }
        else if (j.Issues.Count > 0)
        {
            r.State = ReceiptStates.Partial;
            r.Reason = $"{j.Issues.Count} of {r.LineCount} lines quarantined";
        }
        else
        {
            r.State = outcome.Stored == 0 && outcome.Conflicts == 0 ? ReceiptStates.Duplicate : ReceiptStates.Stored;
            r.Reason = outcome.Conflicts > 0 ? $"{outcome.Conflicts} values differ from values already stored: kept as conflicts for review" :
                r.State == ReceiptStates.Duplicate ? "every value was already stored" : null;
        }
    }

    /// <summary>What became of each receipt of the batch and its quarantined lines, in a few statements for the whole batch.</summary>
    private static async Task SaveReceiptsAsync(DbConnection connection, DbTransaction transaction, EnvigilDatabase database, List<Judged> judged, CancellationToken cancellationToken)
    {
        var receipts = judged.Select(j => j.Receipt).ToList();
        var issues = judged.SelectMany(j => j.Issues).ToList();
        if (connection is NpgsqlConnection postgres)
        {
            // One round trip: arrays (unnest) instead of a statement per receipt.
            await using var batch = new NpgsqlBatch(postgres, (NpgsqlTransaction)transaction);
            // A receipt processed again (after a registry fix) replaces its earlier quarantined lines.
            var delete = new NpgsqlBatchCommand("DELETE FROM monitoring.line_issues WHERE receipt_id = ANY(@ids)");
            delete.Parameters.AddWithValue("ids", receipts.Select(r => r.Id).ToArray());
            batch.BatchCommands.Add(delete);
            if (issues.Count > 0)
            {
                var insert = new NpgsqlBatchCommand("INSERT INTO monitoring.line_issues (receipt_id, line_number, raw_line, reason) SELECT * FROM unnest(@id, @n, @raw, @reason)");
                insert.Parameters.AddWithValue("id", issues.Select(i => i.ReceiptId).ToArray());
                insert.Parameters.AddWithValue("n", issues.Select(i => i.LineNumber).ToArray());
                insert.Parameters.AddWithValue("raw", issues.Select(i => i.RawLine).ToArray());
                insert.Parameters.AddWithValue("reason", issues.Select(i => i.Reason).ToArray());
                batch.BatchCommands.Add(insert);
            }
            var update = new NpgsqlBatchCommand(
                "UPDATE monitoring.file_receipts AS r SET state = u.state, reason = u.reason, station_code = u.station, line_count = u.lines, stored_count = u.stored, " +
                "duplicate_count = u.duplicates, conflict_count = u.conflicts, rejected_count = u.rejected, processed_at_utc = u.at, attempts = r.attempts + 1 " +
                "FROM unnest(@id, @state, @reason, @station, @lines, @stored, @duplicates, @conflicts, @rejected, @at) " +
                "AS u(id, state, reason, station, lines, stored, duplicates, conflicts, rejected, at) WHERE r.id = u.id");
            update.Parameters.AddWithValue("id", receipts.Select(r => r.Id).ToArray());
            update.Parameters.AddWithValue("state", receipts.Select(r => r.State).ToArray());
            update.Parameters.AddWithValue("reason", NpgsqlDbType.Array | NpgsqlDbType.Text, receipts.Select(r => r.Reason).ToArray());
            update.Parameters.AddWithValue("station", NpgsqlDbType.Array | NpgsqlDbType.Text, receipts.Select(r => r.StationCode).ToArray());
            update.Parameters.AddWithValue("lines", receipts.Select(r => r.LineCount).ToArray());
            update.Parameters.AddWithValue("stored", receipts.Select(r => r.StoredCount).ToArray());
            update.Parameters.AddWithValue("duplicates", receipts.Select(r => r.DuplicateCount).ToArray());
            update.Parameters.AddWithValue("conflicts", receipts.Select(r => r.ConflictCount).ToArray());
            update.Parameters.AddWithValue("rejected", receipts.Select(r => r.RejectedCount).ToArray());
            update.Parameters.AddWithValue("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, receipts.Select(r => DateTime.SpecifyKind(r.ProcessedAtUtc!.Value, DateTimeKind.Utc)).ToArray());
            batch.BatchCommands.Add(update);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // SQLite runs in process: prepared statements reused for every receipt cost microseconds each.
        var issuesTable = database.Table("monitoring", "line_issues");
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {issuesTable} WHERE receipt_id IN ({string.Join(",", receipts.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (issues.Count > 0)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {issuesTable} (receipt_id, line_number, raw_line, reason) VALUES (@id, @n, @raw, @reason)";
            var id = Add(insert, "id", 0L);
            var n = Add(insert, "n", 0);
            var raw = Add(insert, "raw", "");
            var reason = Add(insert, "reason", "");
            foreach (var issue in issues)
            {
                id.Value = issue.ReceiptId;
                n.Value = issue.LineNumber;
                raw.Value = issue.RawLine;
                reason.Value = issue.Reason;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = $"UPDATE {database.Table("monitoring", "file_receipts")} SET state = @state, reason = @reason, station_code = @station, line_count = @lines, " +
                                 "stored_count = @stored, duplicate_count = @duplicates, conflict_count = @conflicts, rejected_count = @rejected, processed_at_utc = @at, attempts = attempts + 1 " +
                                 "WHERE id = @id";
            var state = Add(update, "state", "");
            var reason = Add(update, "reason", DBNull.Value);
            var station = Add(update, "station", DBNull.Value);
            var lines = Add(update, "lines", 0);
            var stored = Add(update, "stored", 0);
            var duplicates = Add(update, "duplicates", 0);
            var conflicts = Add(update, "conflicts", 0);
            var rejected = Add(update, "rejected", 0);
            var at = Add(update, "at", "");
            var id = Add(update, "id", 0L);
            foreach (var r in receipts)
            {
                state.Value = r.State;
                reason.Value = (object?)r.Reason ?? DBNull.Value;
                station.Value = (object?)r.StationCode ?? DBNull.Value;
                lines.Value = r.LineCount;
                stored.Value = r.StoredCount;
                duplicates.Value = r.DuplicateCount;
                conflicts.Value = r.ConflictCount;
                rejected.Value = r.RejectedCount;
                at.Value = ObservationStore.SqliteTime(r.ProcessedAtUtc!.Value);
                id.Value = r.Id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private void Complete(FileReceipt receipt)
    {
        if (_waiters.TryGetValue(receipt.Id, out var waiter))
            waiter.TrySetResult(receipt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovering {Count} receipts left pending")]
    private partial void LogRecovering(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing a batch of {Count} receipts failed; retrying one by one")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listener {Listener} failed")]
    private partial void LogListenerFailed(Exception ex, string listener);
}
