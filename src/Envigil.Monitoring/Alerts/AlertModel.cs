using Envigil.Monitoring.Compliance;

namespace Envigil.Monitoring.Alerts;

public enum AlertKind
{
    /// <summary>An exceedance episode of at least <see cref="AlertRule.Threshold"/> windows (1 when unset).</summary>
    Exceedance,

    /// <summary>No file from a station for more than <see cref="AlertRule.Threshold"/> minutes.</summary>
    Outage,

    /// <summary>A data-integrity signal of one of <see cref="AlertRule.SignalKinds"/> (any when unset).</summary>
    Integrity,

    /// <summary>Valid values over the last 24 h below <see cref="AlertRule.Threshold"/> (a fraction) of those expected.</summary>
    Completeness,
}

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

public enum AlertState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>
/// When to raise an alert, editable per province and per facility type. Hysteresis: a condition must hold for
/// <see cref="RaiseAfterMinutes"/> before an alert opens and be gone for <see cref="ClearAfterMinutes"/> before it
/// counts as cleared, so a value hovering at a threshold does not flap.
/// </summary>
public sealed class AlertRule
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public AlertKind Kind { get; set; }
    public AlertSeverity Severity { get; set; }

    /// <summary>Only facilities of this industry type (Facility.IndustryType); null = all.</summary>
    public string? IndustryType { get; set; }
    public Registry.StationKind? StationKind { get; set; }
    public double? Threshold { get; set; }

    /// <summary>Comma-separated <see cref="IntegritySignalKind"/> names for integrity rules; null = every kind.</summary>
    public string? SignalKinds { get; set; }
    public int RaiseAfterMinutes { get; set; }
    public int ClearAfterMinutes { get; set; }

    /// <summary>Resolve the alert by itself once cleared; otherwise a person resolves it.</summary>
    public bool AutoResolve { get; set; }
    public int? EscalateAfterMinutes { get; set; }
    public AlertSeverity? EscalateToSeverity { get; set; }

    /// <summary>Comma-separated e-mail addresses told when an alert opens or resolves.</summary>
    public string? NotifyEmails { get; set; }

    /// <summary>Comma-separated addresses told when an alert is escalated.</summary>
    public string? EscalationEmails { get; set; }
    public bool NotifyWebhooks { get; set; } = true;
    public bool Enabled { get; set; } = true;
    public DateTime UpdatedAtUtc { get; set; }
    public required string UpdatedBy { get; set; }

    public bool Covers(IntegritySignalKind kind) => string.IsNullOrWhiteSpace(SignalKinds) ||
        SignalKinds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(kind.ToString(), StringComparer.OrdinalIgnoreCase);
}

public sealed class Alert
{
    public long Id { get; set; }
    public long RuleId { get; set; }

    /// <summary>What the alert is about (datastream, station, station+signal kind): one alert that is not resolved per rule and subject.</summary>
    public required string SubjectKey { get; set; }
    public AlertKind Kind { get; set; }
    public AlertSeverity Severity { get; set; }
    public AlertState State { get; set; }
    public string? StationCode { get; set; }
    public string? FacilityId { get; set; }
    public string? ParameterCode { get; set; }
    public required string TitleVi { get; set; }
    public required string TitleEn { get; set; }
    public required string DetailVi { get; set; }
    public required string DetailEn { get; set; }

    /// <summary>How many episodes or signals this alert gathers (de-duplication).</summary>
    public int Occurrences { get; set; } = 1;
    public DateTime ConditionSinceUtc { get; set; }
    public DateTime OpenedAtUtc { get; set; }
    public DateTime LastTrueAtUtc { get; set; }

    /// <summary>Set while the condition no longer holds; cleared again if it returns.</summary>
    public DateTime? ClearedSinceUtc { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAtUtc { get; set; }
    public string? AcknowledgementComment { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
    public string? Resolution { get; set; }
    public int EscalationLevel { get; set; }
    public DateTime? EscalatedAtUtc { get; set; }
}

/// <summary>A condition that holds but has not yet held long enough to raise an alert; persisted so restarts do not reset hysteresis.</summary>
public sealed class PendingCondition
{
    public long RuleId { get; set; }
    public required string SubjectKey { get; set; }
    public DateTime SinceUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
}

public enum AlertEventKind
{
    Opened,
    Recurred,
    Escalated,
    Cleared,
    Returned,
    Acknowledged,
    Commented,
    Resolved,

    /// <summary>The facility's operator has seen the alert; the alert's state is unchanged (see AlertService.AcknowledgeAsync).</summary>
    OperatorAcknowledged,
}

/// <summary>The history of an alert: who did what and when, with comments.</summary>
public sealed class AlertEvent
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public AlertEventKind Kind { get; set; }
    public required string Actor { get; set; }
    public string? ActorRole { get; set; }
    public string? Body { get; set; }
    public DateTime AtUtc { get; set; }
}

public sealed class WebhookSubscription
{
    public long Id { get; set; }
    public required string Url { get; set; }

    /// <summary>HMAC-SHA256 key for the X-Envigil-Signature header; shown once when created, never in the audit log.</summary>
    public required string Secret { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
}

public enum NotificationChannel
{
    Email,
    Webhook,
}

/// <summary>A notification waiting to be sent (or sent): written in the same transaction as the alert change, so none is lost.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public long? AlertId { get; set; }

    /// <summary>opened, escalated, resolved…</summary>
    public required string Event { get; set; }
    public NotificationChannel Channel { get; set; }

    /// <summary>E-mail address, or webhook URL.</summary>
    public required string Target { get; set; }
    public long? WebhookId { get; set; }
    public required string Subject { get; set; }

    /// <summary>Plain-text mail body, or the JSON payload of a webhook.</summary>
    public required string Body { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public DateTime? FailedAtUtc { get; set; }
    public string? LastError { get; set; }
}
