using System.Text;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Hazards.Delivery;

public sealed record DeliveryView(long Id, long WarningId, string Event, OutboxChannel Channel, string Target, string? RecipientReason, string State,
    DateTime CreatedAtUtc, int Attempts, DateTime NextAttemptUtc, DateTime? SentAtUtc, DateTime? FailedAtUtc, string? LastError);

/// <summary>A warning's pushes and how far they got; <see cref="EmailEnabled"/> false means e-mail waits until SMTP is configured.</summary>
public sealed record DeliveryReport(IReadOnlyList<DeliveryView> Items, int Sent, int Pending, int Failed, bool EmailEnabled);

/// <summary>
/// Writes a warning's pushes into the hazards outbox, in the caller's unit of work (the issue or cancel saves them with
/// the warning, so a push is never lost), and reads them back for the warning page and the API.
/// E-mail: the Vietnamese text (<see cref="WarningMail"/>) to the recipients of <see cref="WarningDeliveryOptions"/>;
/// webhooks: the CAP 1.2 document, signed as monitoring's webhooks are.
/// </summary>
public sealed class WarningDeliveries(HazardsDb db, NotificationRecipients recipients, ProvinceGeography geography, SmtpSender smtp,
    IOptions<HazardsOptions> options, IOptions<EnvigilOptions> envigil, Risk.Decision18Rules rules, TimeProvider time)
{
    public const string Issued = "warning.issued";
    public const string Cancelled = "warning.cancelled";
    public const string CapMediaType = "application/cap+xml";

    /// <summary>A warning reaches at most this many e-mail addresses (one outbox row each); the rest is reported, not queued.</summary>
    public const int MaxEmailRecipients = 2_000;

    /// <summary>The base URL for links: configured, else the request's.</summary>
    public string? WebBase(string? requestBase) =>
        (string.IsNullOrWhiteSpace(options.Value.Delivery.PublicBaseUrl) ? requestBase : options.Value.Delivery.PublicBaseUrl)?.TrimEnd('/');

    /// <summary>Adds the rows for <paramref name="warning"/> (already in its issued or cancelled state) to the context; the caller saves.</summary>
    /// <returns>How many rows were queued.</returns>
    public async Task<int> EnqueueAsync(HazardWarning warning, string? webBase, CancellationToken ct)
    {
        var cancelled = warning.Status == WarningStatus.Cancelled;
        var @event = cancelled ? Cancelled : Issued;
        var now = time.GetUtcNow().UtcDateTime;
        var hazards = options.Value;
        var province = geography.Current;
        var (subject, body) = WarningMail.Write(warning, cancelled, rules, province, hazards.CapSenderName, webBase);
        var delivery = hazards.Delivery;
        var emails = await recipients.ForCommunesAsync(delivery.EmailRoleList, warning.Communes, delivery.EmailCommuneOfficers, delivery.EmailCommuneContacts, ct);
        var queued = 0;
        foreach (var to in emails.Take(MaxEmailRecipients))
        {
            db.Deliveries.Add(new WarningDelivery
            {
                WarningId = warning.Id, Event = @event, Channel = OutboxChannel.Email, Target = to.Email, RecipientReason = to.Reason, Subject = subject, Body = body,
                CreatedAtUtc = now, NextAttemptUtc = now,
            });
            queued++;
        }
        var hooks = await db.Webhooks.AsNoTracking().Where(h => h.Enabled).OrderBy(h => h.Id).ToListAsync(ct);
        if (hooks.Count > 0)
        {
            var cap = Encoding.UTF8.GetString(CapDocument.Write(warning, new CapDocument.Context(hazards.CapSender, hazards.CapSenderName, province.Province.Code,
                envigil.Value.DemoMode, webBase, rules, province)));
            foreach (var hook in hooks)
            {
                db.Deliveries.Add(new WarningDelivery
                {
                    WarningId = warning.Id, Event = @event, Channel = OutboxChannel.Webhook, Target = hook.Url, WebhookId = hook.Id, RecipientReason = hook.Description,
                    Subject = subject, Body = cap, CreatedAtUtc = now, NextAttemptUtc = now,
                });
                queued++;
            }
        }
        return queued;
    }

    public async Task<DeliveryReport> ForWarningAsync(long warningId, CancellationToken ct)
    {
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.WarningId == warningId).OrderBy(d => d.Id).Take(MaxEmailRecipients + 500)
            .Select(d => new DeliveryView(d.Id, d.WarningId, d.Event, d.Channel, d.Target, d.RecipientReason,
                d.SentAtUtc != null ? "sent" : d.FailedAtUtc != null ? "failed" : "pending",
                d.CreatedAtUtc, d.Attempts, d.NextAttemptUtc, d.SentAtUtc, d.FailedAtUtc, d.LastError))
            .ToListAsync(ct);
        return new DeliveryReport(rows, rows.Count(r => r.State == "sent"), rows.Count(r => r.State == "pending"), rows.Count(r => r.State == "failed"), smtp.Enabled);
    }
}
