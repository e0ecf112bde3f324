using Envigil.Hazards.Persistence;
using Envigil.Kernel.Notifications;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Hazards.Delivery;

/// <summary>Wakes the <see cref="DeliveryDispatcher"/> once an issue or cancel has committed its pushes.</summary>
public sealed class DeliverySignal : OutboxSignal;

/// <summary>
/// Sends the hazards outbox with the kernel's loop (<see cref="OutboxDispatcher"/>: lease, retries with backoff,
/// <c>Envigil:Notifications</c>): e-mail through the kernel's SMTP sender, webhooks as signed CAP 1.2 POSTs.
/// </summary>
internal sealed class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    EnvigilDatabase database,
    DeliverySignal signal,
    SmtpSender email,
    WebhookSender webhook,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : OutboxDispatcher(scopes, database, signal, options, time, logger)
{
    protected override string Table { get; } = database.Table(HazardsDb.Module, "delivery_outbox");

    protected override async Task<IReadOnlyList<OutboxSend>> PrepareAsync(IServiceProvider services, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<HazardsDb>();
        var rows = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var hookIds = rows.Where(d => d.WebhookId is not null).Select(d => d.WebhookId!.Value).Distinct().ToList();
        var hooks = await db.Webhooks.AsNoTracking().Where(h => hookIds.Contains(h.Id)).ToDictionaryAsync(h => h.Id, cancellationToken);
        return [.. rows.Select(d => new OutboxSend(d.Id, d.Channel.ToString(), d.Attempts, ct => DeliverAsync(d, hooks, ct)))];
    }

    private async Task<DeliveryOutcome> DeliverAsync(WarningDelivery row, IReadOnlyDictionary<long, WarningWebhook> hooks, CancellationToken ct)
    {
        if (row.Channel == OutboxChannel.Email)
            return await email.SendAsync(row.Target, row.Subject, row.Body, ct);
        if (row.WebhookId is not { } id || !hooks.TryGetValue(id, out var hook) || !hook.Enabled)
            return DeliveryOutcome.GiveUp("webhook subscription deleted or disabled");
        // CAP 1.2 is XML in UTF-8 (its declaration says so); the media type CAP receivers expect.
        return await webhook.SendAsync(new WebhookPost(row.Target, hook.Secret, row.Event, row.Id, row.Body, $"{WarningDeliveries.CapMediaType}; charset=utf-8"), ct);
    }
}
