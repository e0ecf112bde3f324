using Envigil.Kernel.Notifications;
using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Alerts.Notifications;

/// <summary>
/// Sends monitoring's outbox (alert e-mails and JSON webhooks) with the kernel's <see cref="OutboxDispatcher"/> loop:
/// claims with a lease, at-least-once delivery, retries with backoff.
/// </summary>
internal sealed class NotificationDispatcher(
    IServiceScopeFactory scopes,
    EnvigilDatabase database,
    NotificationSignal signal,
    SmtpSender email,
    WebhookSender webhook,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : OutboxDispatcher(scopes, database, signal, options, time, logger)
{
    protected override string Table { get; } = database.Table(MonitoringDb.Module, "notification_outbox");

    protected override async Task<IReadOnlyList<OutboxSend>> PrepareAsync(IServiceProvider services, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<MonitoringDb>();
        var messages = await db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var webhookIds = messages.Where(m => m.WebhookId is not null).Select(m => m.WebhookId!.Value).Distinct().ToList();
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        return [.. messages.Select(m => new OutboxSend(m.Id, m.Channel.ToString(), m.Attempts, ct => DeliverAsync(m, webhooks, ct)))];
    }

    private async Task<DeliveryOutcome> DeliverAsync(OutboxMessage message, IReadOnlyDictionary<long, WebhookSubscription> webhooks, CancellationToken cancellationToken)
    {
        if (message.Channel == NotificationChannel.Email)
            return await email.SendAsync(message.Target, message.Subject, message.Body, cancellationToken);
        if (message.WebhookId is not { } webhookId || !webhooks.TryGetValue(webhookId, out var subscription))
            return DeliveryOutcome.GiveUp("webhook subscription deleted");
        if (!subscription.Enabled)
            return DeliveryOutcome.GiveUp("webhook subscription deleted or disabled");
        // JSON is UTF-8 by definition (RFC 8259 §8.1): no charset parameter.
        return await webhook.SendAsync(new WebhookPost(message.Target, subscription.Secret, message.Event, message.Id, message.Body, "application/json"), cancellationToken);
    }
}
