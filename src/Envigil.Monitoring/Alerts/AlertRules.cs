using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Alerts;

/// <summary>
/// The rules a province starts with (engineering defaults, not law: no retrieved regulation sets alert thresholds)
/// and the checks every edited rule must pass. Rules are rows: an admin edits them per province and per facility type.
/// </summary>
public static class AlertRules
{
    public static IReadOnlyList<AlertRule> Defaults(DateTime now) =>
    [
        new()
        {
            Code = "exceedance", NameVi = "Vượt giới hạn xả thải", NameEn = "Discharge limit exceeded", Kind = AlertKind.Exceedance,
            Severity = AlertSeverity.Warning, Threshold = 1, ClearAfterMinutes = 60, EscalateAfterMinutes = 120, EscalateToSeverity = AlertSeverity.Critical,
            UpdatedAtUtc = now, UpdatedBy = "system",
        },
        new()
        {
            Code = "outage", NameVi = "Trạm mất kết nối", NameEn = "Station outage", Kind = AlertKind.Outage, Severity = AlertSeverity.Warning,
            Threshold = 60, ClearAfterMinutes = 15, AutoResolve = true, EscalateAfterMinutes = 24 * 60, UpdatedAtUtc = now, UpdatedBy = "system",
        },
        new()
        {
            Code = "integrity", NameVi = "Dấu hiệu bất thường của dữ liệu", NameEn = "Data-integrity signal", Kind = AlertKind.Integrity,
            Severity = AlertSeverity.Warning, ClearAfterMinutes = 60, UpdatedAtUtc = now, UpdatedBy = "system",
        },
        new()
        {
            Code = "completeness", NameVi = "Dữ liệu 24 giờ không đầy đủ", NameEn = "Incomplete data over 24 hours", Kind = AlertKind.Completeness,
            Severity = AlertSeverity.Info, Threshold = 0.8, RaiseAfterMinutes = 60, ClearAfterMinutes = 60, AutoResolve = true, UpdatedAtUtc = now, UpdatedBy = "system",
        },
    ];

    public static async Task EnsureDefaultsAsync(MonitoringDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.AlertRules.AnyAsync(cancellationToken))
            return;
        db.AlertRules.AddRange(Defaults(time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Every problem of a rule as a person reads it; empty when it can be saved.</summary>
    public static IReadOnlyList<string> Check(AlertRule rule)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(rule.Code) || rule.Code.Length > 60 || !rule.Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add("code: 1–60 letters, digits, '-' or '_'");
        if (string.IsNullOrWhiteSpace(rule.NameVi) || string.IsNullOrWhiteSpace(rule.NameEn) || rule.NameVi.Length > 200 || rule.NameEn.Length > 200)
            errors.Add("names in Vietnamese and English are required (≤ 200 characters)");
        switch (rule.Kind)
        {
            case AlertKind.Exceedance when rule.Threshold is { } t && (t < 1 || t > 1000 || t != Math.Floor(t)):
                errors.Add("exceedance threshold is a whole number of averaging windows, 1–1000");
                break;
            case AlertKind.Outage when rule.Threshold is not { } t || t < 5 || t > 60 * 24 * 31:
                errors.Add("outage threshold is required: minutes without a file, 5–44640");
                break;
            case AlertKind.Completeness when rule.Threshold is not { } t || t <= 0 || t > 1:
                errors.Add("completeness threshold is required: a fraction above 0 and at most 1 (0.8 = 80 %)");
                break;
        }
        if (rule.RaiseAfterMinutes is < 0 or > 60 * 24 * 7 || rule.ClearAfterMinutes is < 0 or > 60 * 24 * 7)
            errors.Add("raise-after and clear-after are minutes, 0–10080");
        if (rule.EscalateAfterMinutes is { } e && (e < 1 || e > 60 * 24 * 31))
            errors.Add("escalate-after is minutes, 1–44640");
        if (rule.SignalKinds is { } kinds)
        {
            var unknown = kinds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(k => !Enum.TryParse<IntegritySignalKind>(k, ignoreCase: true, out _)).ToList();
            if (unknown.Count > 0)
                errors.Add($"unknown signal kinds: {string.Join(", ", unknown)} (known: {string.Join(", ", Enum.GetNames<IntegritySignalKind>())})");
        }
        foreach (var (name, list) in new[] { ("notify e-mails", rule.NotifyEmails), ("escalation e-mails", rule.EscalationEmails) })
        {
            if (list is null)
                continue;
            if (list.Length > 2000)
                errors.Add($"{name}: at most 2000 characters");
            foreach (var address in list.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!System.Net.Mail.MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
                    errors.Add($"{name}: '{address}' is not an e-mail address");
            }
        }
        return errors;
    }
}
