using System.Data.Common;
using System.Globalization;
using Envigil.Kernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel.Notifications;

/// <summary>One claimed outbox row, ready to send: <see cref="Send"/> makes one attempt.</summary>
/// <param name="Channel">"Email" or "Webhook", as stored in the row's channel column.</param>
/// <param name="Attempts">Attempts made before this one.</param>
public sealed record OutboxSend(long Id, string Channel, int Attempts, Func<CancellationToken, Task<DeliveryOutcome>> Send);

/// <summary>
/// Sends what a module's outbox table holds. Every module keeps its own table (columns <c>id, channel, attempts,
/// next_attempt_utc, sent_at_utc, failed_at_utc, last_error</c>, the rest its own); this class owns the loop, the claim
/// and the bookkeeping, and the module says how to send a claimed row (<see cref="PrepareAsync"/>).
/// Woken by the module's <see cref="OutboxSignal"/> after a commit, or every <see cref="NotificationOptions.PollSeconds"/>.
/// Each pass claims up to <see cref="BatchSize"/> due rows (oldest first) by moving their next attempt a lease ahead, so
/// hosts sharing a PostgreSQL database never take the same row (<c>FOR UPDATE SKIP LOCKED</c>), and a host that dies
/// mid-send leaves its rows due again once the lease ends. Delivery is therefore at least once: receivers de-duplicate
/// by X-Envigil-Delivery. Failures are retried with doubling waits (<see cref="NotificationOptions.BackoffAfter"/>) until
/// <see cref="NotificationOptions.MaxAttempts"/>.
/// </summary>
public abstract partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    EnvigilDatabase database,
    OutboxSignal signal,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    public const int BatchSize = 50;

    /// <summary>The outbox table as raw SQL names it (<see cref="EnvigilDatabase.Table"/>).</summary>
    protected abstract string Table { get; }

    /// <summary>Loads the claimed rows (and whatever they need, e.g. their subscriptions) in <paramref name="services"/>' scope.</summary>
    protected abstract Task<IReadOnlyList<OutboxSend>> PrepareAsync(IServiceProvider services, IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>Longer than a whole batch sent one by one at the slowest (every send timing out).</summary>
    private TimeSpan Lease => TimeSpan.FromSeconds(BatchSize * Math.Max(options.Value.WebhookTimeoutSeconds, SmtpSender.Timeout.TotalSeconds) + 60);

    // One pass at a time in this host: the loop and a caller of DispatchDueAsync (tests, operations) never overlap.
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Smtp.Enabled)
            LogSmtpDisabled(logger, Table);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due: go on without waiting.
                while (await DispatchDueAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex, Table);
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: claims the rows due now, sends each and records the outcome before the next.</summary>
    /// <returns>How many rows were claimed.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var ids = await ClaimAsync(time.GetUtcNow().UtcDateTime, cancellationToken);
            if (ids.Count == 0)
                return 0;

            await using var scope = scopes.CreateAsyncScope();
            foreach (var message in await PrepareAsync(scope.ServiceProvider, ids, cancellationToken))
            {
                DeliveryOutcome outcome;
                try
                {
                    outcome = await message.Send(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogSendFailed(logger, ex, Table, message.Id);
                    outcome = DeliveryOutcome.Retry($"unexpected {ex.GetType().Name}");
                }
                await RecordAsync(message, outcome, cancellationToken);
            }
            return ids.Count;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Delivery bookkeeping is operations data, not an audited change: plain UPDATEs, only of a row still pending.</summary>
    private async Task RecordAsync(OutboxSend message, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = message.Attempts + 1;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        const string pending = "WHERE id = @id AND sent_at_utc IS NULL AND failed_at_utc IS NULL";
        if (outcome.Sent)
        {
            command.CommandText = $"UPDATE {Table} SET attempts = @attempts, sent_at_utc = @now, last_error = NULL {pending}";
        }
        else if (outcome.Permanent || attempts >= options.Value.MaxAttempts)
        {
            LogGaveUp(logger, Table, message.Id, message.Channel, attempts, outcome.Error);
            command.CommandText = $"UPDATE {Table} SET attempts = @attempts, failed_at_utc = @now, last_error = @error {pending}";
        }
        else
        {
            var next = now + options.Value.BackoffAfter(attempts);
            LogRetrying(logger, Table, message.Id, message.Channel, attempts, next, outcome.Error);
            command.CommandText = $"UPDATE {Table} SET attempts = @attempts, next_attempt_utc = @next, last_error = @error {pending}";
            Add(command, "next", Time(next));
        }
        Add(command, "id", message.Id);
        Add(command, "attempts", attempts);
        Add(command, "now", Time(now));
        Add(command, "error", (object?)outcome.Error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Takes the due rows for this host by moving their next attempt to the end of a lease, in one statement.</summary>
    private async Task<List<long>> ClaimAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // SQLite serves one host, and one pass at a time runs in it: no row locks needed there.
        command.CommandText =
            $"UPDATE {Table} SET next_attempt_utc = @lease WHERE id IN (" +
            $"SELECT id FROM {Table} WHERE sent_at_utc IS NULL AND failed_at_utc IS NULL AND next_attempt_utc <= @now AND channel <> @skipped " +
            $"ORDER BY id LIMIT @batch{(database.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")}) RETURNING id";
        Add(command, "lease", Time(nowUtc + Lease));
        Add(command, "now", Time(nowUtc));
        // Without an SMTP host, e-mail stays pending (not failed) until one is configured.
        Add(command, "skipped", options.Value.Smtp.Enabled ? "" : nameof(OutboxChannel.Email));
        Add(command, "batch", BatchSize);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>A UTC time as each provider stores it: timestamptz, or the ISO text EF Core writes on SQLite.</summary>
    private object Time(DateTime utc) => database.IsPostgres
        ? DateTime.SpecifyKind(utc, DateTimeKind.Utc)
        : utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail from {Outbox} is off: Envigil:Notifications:Smtp:Host is not set; e-mail messages stay pending until it is")]
    private static partial void LogSmtpDisabled(ILogger logger, string outbox);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass over {Outbox} failed; trying again at the next wake-up")]
    private static partial void LogPassFailed(ILogger logger, Exception ex, string outbox);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending {Outbox} message {OutboxId} failed unexpectedly")]
    private static partial void LogSendFailed(ILogger logger, Exception ex, string outbox, long outboxId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outbox} message {OutboxId} ({Channel}) attempt {Attempts} failed, next at {NextAttemptUtc:O}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string outbox, long outboxId, string channel, int attempts, DateTime nextAttemptUtc, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Outbox} message {OutboxId} ({Channel}) failed for good after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string outbox, long outboxId, string channel, int attempts, string? error);
}
