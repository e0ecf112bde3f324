using System.Data.Common;
using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Alerts.Notifications;

/// <summary>
/// Sends what the outbox holds: woken by <see cref="NotificationSignal"/> after a commit, or every
/// <see cref="NotificationOptions.PollSeconds"/>. Each pass claims up to <see cref="BatchSize"/> due messages (oldest
/// first) by moving their next attempt a lease ahead, so hosts sharing a PostgreSQL database never take the same
/// message (<c>FOR UPDATE SKIP LOCKED</c>), and a host that dies mid-send leaves its messages due again once the
/// lease ends. Delivery is therefore at least once: receivers de-duplicate by X-Envigil-Delivery.
/// </summary>
internal sealed partial class NotificationDispatcher(
    IServiceScopeFactory scopes,
    EnvigilDatabase database,
    NotificationSignal signal,
    SmtpDelivery email,
    WebhookDelivery webhook,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 50;

    /// <summary>Longer than a whole batch sent one by one at the slowest (every send timing out).</summary>
    private TimeSpan Lease => TimeSpan.FromSeconds(BatchSize * Math.Max(options.Value.WebhookTimeoutSeconds, SmtpDelivery.Timeout.TotalSeconds) + 60);

    // One pass at a time in this host: the loop and a caller of DispatchDueAsync (tests, operations) never overlap.
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Smtp.Enabled)
            LogSmtpDisabled();
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
                LogPassFailed(ex);
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

    /// <summary>One pass: claims the messages due now, sends each and records the outcome.</summary>
    /// <returns>How many messages were claimed.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var ids = await ClaimAsync(time.GetUtcNow().UtcDateTime, cancellationToken);
            if (ids.Count == 0)
                return 0;

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            var messages = await db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
            var webhookIds = messages.Where(m => m.WebhookId is not null).Select(m => m.WebhookId!.Value).Distinct().ToList();
            var webhooks = await db.Webhooks.AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
            foreach (var message in messages)
            {
                DeliveryOutcome outcome;
                try
                {
                    outcome = await DeliverAsync(message, webhooks, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogSendFailed(ex, message.Id);
                    outcome = DeliveryOutcome.Retry($"unexpected {ex.GetType().Name}");
                }
                await RecordAsync(db, message, outcome, cancellationToken);
            }
            return ids.Count;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<DeliveryOutcome> DeliverAsync(OutboxMessage message, IReadOnlyDictionary<long, WebhookSubscription> webhooks, CancellationToken cancellationToken)
    {
        if (message.Channel == NotificationChannel.Email)
            return await email.SendAsync(message, cancellationToken);
        if (message.WebhookId is not { } webhookId || !webhooks.TryGetValue(webhookId, out var subscription))
            return DeliveryOutcome.GiveUp("webhook subscription deleted");
        if (!subscription.Enabled)
            return DeliveryOutcome.GiveUp("webhook subscription deleted or disabled");
        return await webhook.SendAsync(message, subscription, cancellationToken);
    }

    private async Task RecordAsync(MonitoringDb db, OutboxMessage message, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = message.Attempts + 1;
        // ExecuteUpdate, not SaveChanges: delivery bookkeeping is operations data, not an audited change.
        var row = db.Outbox.Where(m => m.Id == message.Id && m.SentAtUtc == null && m.FailedAtUtc == null);
        if (outcome.Sent)
        {
            await row.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.SentAtUtc, now).SetProperty(m => m.LastError, (string?)null), cancellationToken);
        }
        else if (outcome.Permanent || attempts >= options.Value.MaxAttempts)
        {
            LogGaveUp(message.Id, message.Channel, attempts, outcome.Error);
            await row.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.FailedAtUtc, now).SetProperty(m => m.LastError, outcome.Error), cancellationToken);
        }
        else
        {
            var next = now + options.Value.BackoffAfter(attempts);
            LogRetrying(message.Id, message.Channel, attempts, next, outcome.Error);
            await row.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptUtc, next).SetProperty(m => m.LastError, outcome.Error), cancellationToken);
        }
    }

    /// <summary>Takes the due messages for this host by moving their next attempt to the end of a lease, in one statement.</summary>
    private async Task<List<long>> ClaimAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var table = database.Table(MonitoringDb.Module, "notification_outbox");
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // SQLite serves one host, and one pass at a time runs in it: no row locks needed there.
        command.CommandText =
            $"UPDATE {table} SET next_attempt_utc = @lease WHERE id IN (" +
            $"SELECT id FROM {table} WHERE sent_at_utc IS NULL AND failed_at_utc IS NULL AND next_attempt_utc <= @now AND channel <> @skipped " +
            $"ORDER BY id LIMIT @batch{(database.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")}) RETURNING id";
        var lease = nowUtc + Lease;
        Add(command, "lease", database.IsPostgres ? DateTime.SpecifyKind(lease, DateTimeKind.Utc) : ObservationStore.SqliteTime(lease));
        Add(command, "now", database.IsPostgres ? DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc) : ObservationStore.SqliteTime(nowUtc));
        // Without an SMTP host, e-mail stays pending (not failed) until one is configured.
        Add(command, "skipped", options.Value.Smtp.Enabled ? "" : nameof(NotificationChannel.Email));
        Add(command, "batch", BatchSize);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail notifications are off: Envigil:Notifications:Smtp:Host is not set; e-mail messages stay pending in the outbox until it is")]
    private partial void LogSmtpDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "A notification pass failed; trying again at the next wake-up")]
    private partial void LogPassFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending notification {OutboxId} failed unexpectedly")]
    private partial void LogSendFailed(Exception ex, long outboxId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {OutboxId} ({Channel}) attempt {Attempts} failed, next at {NextAttemptUtc:O}: {Error}")]
    private partial void LogRetrying(long outboxId, NotificationChannel channel, int attempts, DateTime nextAttemptUtc, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification {OutboxId} ({Channel}) failed for good after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(long outboxId, NotificationChannel channel, int attempts, string? error);
}
