using Envigil.Kernel.Notifications;

namespace Envigil.Hazards.Delivery;

/// <summary>A receiver of hazards warnings as signed CAP 1.2 POSTs (a province system, an SMS gateway); separate from monitoring's alert webhooks.</summary>
public sealed class WarningWebhook
{
    public long Id { get; set; }
    public required string Url { get; set; }

    /// <summary>HMAC-SHA256 key for X-Envigil-Signature; shown once when created, never in the audit log.</summary>
    public required string Secret { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>One push of a warning to one recipient: written in the same transaction as the issue (or cancel), so none is lost.</summary>
public sealed class WarningDelivery
{
    public long Id { get; set; }
    public long WarningId { get; set; }

    /// <summary><see cref="WarningDeliveries.Issued"/> or <see cref="WarningDeliveries.Cancelled"/>.</summary>
    public required string Event { get; set; }
    public OutboxChannel Channel { get; set; }

    /// <summary>E-mail address, or webhook URL.</summary>
    public required string Target { get; set; }

    /// <summary>Why this address gets the warning: a role, "CommuneOfficer 32002", "contact 32002".</summary>
    public string? RecipientReason { get; set; }
    public long? WebhookId { get; set; }
    public required string Subject { get; set; }

    /// <summary>Plain-text mail body, or the CAP 1.2 XML of a webhook.</summary>
    public required string Body { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public DateTime? FailedAtUtc { get; set; }
    public string? LastError { get; set; }

    public string State => SentAtUtc is not null ? "sent" : FailedAtUtc is not null ? "failed" : "pending";
}
