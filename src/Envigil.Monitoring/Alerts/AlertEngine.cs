using System.Globalization;
using System.Text.Json;
using Envigil.Kernel.Persistence;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Alerts.Notifications;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Monitoring.Alerts;

/// <summary>A condition of one rule on one subject, as found now.</summary>
internal sealed record Condition(
    string SubjectKey,
    string? StationCode,
    string? FacilityId,
    string? ParameterCode,
    string TitleVi,
    string TitleEn,
    string DetailVi,
    string DetailEn,
    IReadOnlyList<long> EpisodeIds,
    IReadOnlyList<long> SignalIds);

/// <summary>What an alert change means to the outside: written to the outbox, published to live pages.</summary>
public sealed record AlertChange(Alert Alert, AlertEventKind Kind);

/// <summary>
/// Evaluates the alert rules against what the compliance engine found and what the stations do. State (open alerts,
/// conditions waiting out their hysteresis) lives in the database, so a restart continues where it stopped; several
/// hosts sharing one PostgreSQL take turns through an advisory lock.
/// </summary>
public sealed class AlertEngine(IServiceScopeFactory scopes, EnvigilDatabase database, RegistryCache registry, NotificationSignal notifications, AlertBroadcaster broadcaster, TimeProvider time)
{
    private const long LockKey = 0x45_56_47_41_4C_52_54; // "EVGALRT"
    // One evaluation at a time in this process (SQLite has no advisory locks; the tick and a test may both call).
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="kinds">Only the rules of these kinds (null: all).</param>
    public async Task EvaluateAsync(CancellationToken cancellationToken, IReadOnlyCollection<AlertKind>? kinds = null)
    {
        var changes = new List<AlertChange>();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var distributed = await database.LockAsync(LockKey, cancellationToken);
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            await AlertRules.EnsureDefaultsAsync(db, time, cancellationToken);
            var snapshot = await registry.GetAsync(cancellationToken);
            var rules = (await db.AlertRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken))
                .Where(r => kinds is null || kinds.Contains(r.Kind)).ToList();
            foreach (var rule in rules)
            {
                var conditions = await ConditionsAsync(db, snapshot, rule, cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var ruleChanges = await ReconcileAsync(db, rule, conditions, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
                changes.AddRange(ruleChanges);
            }
        }
        finally
        {
            _gate.Release();
        }
        await PublishAsync(changes);
    }

    /// <summary>After a commit: live pages hear of every change, and the notification dispatcher wakes for the outbox rows.</summary>
    internal Task PublishAsync(IReadOnlyList<AlertChange> changes)
    {
        if (changes.Count == 0)
            return Task.CompletedTask;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (alert, kind) in changes)
        {
            broadcaster.Publish(new AlertChanged(alert.Id, KindOf(kind), alert.State, alert.Severity, alert.FacilityId, alert.StationCode,
                alert.TitleVi, alert.TitleEn, now));
        }
        notifications.Pulse();
        return Task.CompletedTask;
    }

    private static string KindOf(AlertEventKind kind) => kind switch
    {
        AlertEventKind.Opened or AlertEventKind.Returned or AlertEventKind.Recurred => AlertChangeKinds.Opened,
        AlertEventKind.Escalated => AlertChangeKinds.Escalated,
        AlertEventKind.Acknowledged => AlertChangeKinds.Acknowledged,
        AlertEventKind.Commented or AlertEventKind.OperatorAcknowledged => AlertChangeKinds.Commented,
        AlertEventKind.Resolved => AlertChangeKinds.Resolved,
        _ => AlertChangeKinds.Cleared,
    };

    private async Task<Dictionary<string, Condition>> ConditionsAsync(MonitoringDb db, RegistrySnapshot snapshot, AlertRule rule, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var found = new Dictionary<string, Condition>();
        bool Applies(string? stationCode)
        {
            if (stationCode is null || snapshot.Station(stationCode) is not { } station)
                return false;
            if (rule.StationKind is { } kind && station.Kind != kind)
                return false;
            if (rule.IndustryType is { } industry)
                return station.FacilityId is { } f && string.Equals(snapshot.Facility(f)?.IndustryType, industry, StringComparison.OrdinalIgnoreCase);
            return true;
        }

        switch (rule.Kind)
        {
            case AlertKind.Exceedance:
            {
                var minWindows = (int)Math.Max(1, rule.Threshold ?? 1);
                var episodes = await db.Episodes.AsNoTracking()
                    .Where(e => e.State == EpisodeState.Active && e.WindowCount >= minWindows && (e.AlertId == null || e.IsOngoing))
                    .OrderBy(e => e.StartUtc)
                    .ToListAsync(cancellationToken);
                foreach (var group in episodes.Where(e => Applies(e.StationCode)).GroupBy(e => e.DatastreamId))
                {
                    var worst = group.MaxBy(e => e.RatioToLimit ?? 0)!;
                    var last = group.Last();
                    var station = snapshot.Station(worst.StationCode)!;
                    var direction = worst.Direction == ExceedanceDirection.Above;
                    found[$"ds:{group.Key}"] = new Condition($"ds:{group.Key}", worst.StationCode, worst.FacilityId, worst.ParameterCode,
                        $"Vượt giới hạn {worst.ParameterCode} tại {station.Name}",
                        $"{worst.ParameterCode} {(direction ? "above" : "below")} its limit at {station.Name}",
                        $"{worst.ParameterCode}: {(direction ? "cao nhất" : "thấp nhất")} {Number(worst.Peak)} {worst.Unit} so với giới hạn {Number(worst.LimitValue)} {worst.Unit}" +
                        $"{Ratio(worst)}, {worst.WindowCount} khung trung bình từ {VietnamTime.FormatDateTime(last.StartUtc)}. Giới hạn: {worst.LimitFormula}" +
                        (worst.LimitVerified ? "" : " (giá trị giới hạn chưa được kiểm chứng)"),
                        $"{worst.ParameterCode}: {(direction ? "peak" : "lowest")} {Number(worst.Peak)} {worst.Unit} against a limit of {Number(worst.LimitValue)} {worst.Unit}" +
                        $"{Ratio(worst)}, {worst.WindowCount} averaging window(s) from {VietnamTime.FormatDateTime(last.StartUtc)} (Vietnam time). Limit: {worst.LimitFormula}" +
                        (worst.LimitVerified ? "" : " (limit value not verified)"),
                        group.Where(e => e.AlertId is null).Select(e => e.Id).ToList(), []);
                }
                break;
            }
            case AlertKind.Integrity:
            {
                var recent = now.AddMinutes(-Math.Max(60, rule.ClearAfterMinutes));
                var signals = await db.Signals.AsNoTracking()
                    .Where(s => s.AlertId == null || s.LastDetectedAtUtc >= recent)
                    .OrderBy(s => s.StartUtc)
                    .ToListAsync(cancellationToken);
                foreach (var group in signals.Where(s => rule.Covers(s.Kind) && Applies(s.StationCode)).GroupBy(s => $"sig:{s.StationCode}:{s.Kind}:{s.ParameterCode}"))
                {
                    var latest = group.MaxBy(s => s.EndUtc)!;
                    var station = snapshot.Station(latest.StationCode)!;
                    found[group.Key] = new Condition(group.Key, latest.StationCode, latest.FacilityId, latest.ParameterCode,
                        $"Dấu hiệu bất thường dữ liệu ({AlertText.SignalVi(latest.Kind)}) tại {station.Name}",
                        $"Data-integrity signal ({AlertText.SignalEn(latest.Kind)}) at {station.Name}",
                        latest.ExplanationVi, latest.ExplanationEn,
                        [], group.Where(s => s.AlertId is null).Select(s => s.Id).ToList());
                }
                break;
            }
            case AlertKind.Outage:
            {
                var minutes = rule.Threshold ?? 60;
                var cutoff = now.AddMinutes(-minutes);
                var activity = await db.StationActivity.AsNoTracking().ToDictionaryAsync(a => a.StationCode, cancellationToken);
                foreach (var station in snapshot.Stations.Where(s => Applies(s.Code)))
                {
                    var last = activity.TryGetValue(station.Code, out var a) ? a.LastReceivedUtc : station.CreatedAtUtc;
                    if (last >= cutoff)
                        continue;
                    found[$"st:{station.Code}"] = new Condition($"st:{station.Code}", station.Code, station.FacilityId, null,
                        $"Mất kết nối: {station.Name}", $"Outage: {station.Name}",
                        $"Không nhận được tệp dữ liệu nào từ {VietnamTime.FormatDateTime(last)} (quá {Number(minutes)} phút).",
                        $"No data file received since {VietnamTime.FormatDateTime(last)} Vietnam time (more than {Number(minutes)} minutes).",
                        [], []);
                }
                break;
            }
            case AlertKind.Completeness:
            {
                var threshold = rule.Threshold ?? 0.8;
                var to = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
                var from = to.AddHours(-24);
                var valid = await db.HourlyRollups.AsNoTracking()
                    .Where(r => r.BucketUtc >= from && r.BucketUtc < to)
                    .GroupBy(r => r.DatastreamId)
                    .Select(g => new { g.Key, Valid = g.Sum(r => r.ValidCount) })
                    .ToDictionaryAsync(x => x.Key, x => x.Valid, cancellationToken);
                foreach (var station in snapshot.Stations.Where(s => Applies(s.Code) && s.CreatedAtUtc <= from))
                {
                    var streams = snapshot.DatastreamsById.Values.Where(d => d.StationCode == station.Code).ToList();
                    if (streams.Count == 0)
                        continue;
                    double expected = streams.Sum(d => 24 * 3600.0 / d.CadenceSeconds);
                    double got = streams.Sum(d => valid.GetValueOrDefault(d.Id));
                    var share = Math.Min(1, got / expected);
                    if (share >= threshold)
                        continue;
                    found[$"st:{station.Code}"] = new Condition($"st:{station.Code}", station.Code, station.FacilityId, null,
                        $"Dữ liệu không đầy đủ: {station.Name}", $"Incomplete data: {station.Name}",
                        $"24 giờ qua chỉ có {Percent(share)} số giá trị hợp lệ cần có (ngưỡng {Percent(threshold)}).",
                        $"Only {Percent(share)} of the expected valid values in the last 24 hours (threshold {Percent(threshold)}).",
                        [], []);
                }
                break;
            }
        }
        return found;
    }

    private async Task<List<AlertChange>> ReconcileAsync(MonitoringDb db, AlertRule rule, Dictionary<string, Condition> conditions, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changes = new List<AlertChange>();
        var open = await db.Alerts.Where(a => a.RuleId == rule.Id && a.State != AlertState.Resolved).ToDictionaryAsync(a => a.SubjectKey, cancellationToken);
        var pending = await db.PendingConditions.Where(p => p.RuleId == rule.Id).ToDictionaryAsync(p => p.SubjectKey, cancellationToken);

        foreach (var condition in conditions.Values)
        {
            if (open.TryGetValue(condition.SubjectKey, out var alert))
            {
                alert.LastTrueAtUtc = now;
                if (alert.ClearedSinceUtc is not null)
                {
                    alert.ClearedSinceUtc = null;
                    changes.Add(new AlertChange(alert, AlertEventKind.Returned));
                    db.AlertEvents.Add(Event(alert, AlertEventKind.Returned, "Điều kiện cảnh báo xuất hiện lại / The condition is back", now));
                }
                var added = condition.EpisodeIds.Count + condition.SignalIds.Count;
                if (added > 0)
                {
                    alert.Occurrences += added;
                    alert.DetailVi = condition.DetailVi;
                    alert.DetailEn = condition.DetailEn;
                    db.AlertEvents.Add(Event(alert, AlertEventKind.Recurred, $"+{added}: {condition.DetailVi}", now));
                    await AttachAsync(db, alert.Id, condition, cancellationToken);
                }
                continue;
            }

            if (!pending.TryGetValue(condition.SubjectKey, out var waiting))
            {
                waiting = new PendingCondition { RuleId = rule.Id, SubjectKey = condition.SubjectKey, SinceUtc = now, LastSeenUtc = now };
                db.PendingConditions.Add(waiting);
                pending[condition.SubjectKey] = waiting;
            }
            waiting.LastSeenUtc = now;
            if (now - waiting.SinceUtc < TimeSpan.FromMinutes(rule.RaiseAfterMinutes))
                continue;

            var opened = new Alert
            {
                RuleId = rule.Id, SubjectKey = condition.SubjectKey, Kind = rule.Kind, Severity = rule.Severity, State = AlertState.Open,
                StationCode = condition.StationCode, FacilityId = condition.FacilityId, ParameterCode = condition.ParameterCode,
                TitleVi = condition.TitleVi, TitleEn = condition.TitleEn, DetailVi = condition.DetailVi, DetailEn = condition.DetailEn,
                Occurrences = Math.Max(1, condition.EpisodeIds.Count + condition.SignalIds.Count),
                ConditionSinceUtc = waiting.SinceUtc, OpenedAtUtc = now, LastTrueAtUtc = now,
            };
            db.Alerts.Add(opened);
            db.PendingConditions.Remove(waiting);
            pending.Remove(condition.SubjectKey);
            await db.SaveChangesAsync(cancellationToken);
            await AttachAsync(db, opened.Id, condition, cancellationToken);
            db.AlertEvents.Add(Event(opened, AlertEventKind.Opened, opened.DetailVi, now));
            changes.Add(new AlertChange(opened, AlertEventKind.Opened));
            await AlertOutbox.EnqueueAsync(db, rule, opened, "opened", rule.NotifyEmails, now, cancellationToken);
        }

        foreach (var stale in pending.Values.Where(p => !conditions.ContainsKey(p.SubjectKey)))
            db.PendingConditions.Remove(stale);

        foreach (var alert in open.Values.Where(a => !conditions.ContainsKey(a.SubjectKey)))
        {
            if (alert.ClearedSinceUtc is null)
            {
                alert.ClearedSinceUtc = now;
                db.AlertEvents.Add(Event(alert, AlertEventKind.Cleared, "Điều kiện cảnh báo không còn / The condition no longer holds", now));
                changes.Add(new AlertChange(alert, AlertEventKind.Cleared));
            }
            if (rule.AutoResolve && now - alert.ClearedSinceUtc >= TimeSpan.FromMinutes(rule.ClearAfterMinutes))
            {
                alert.State = AlertState.Resolved;
                alert.ResolvedAtUtc = now;
                alert.ResolvedBy = "system";
                alert.Resolution = $"Tự đóng: điều kiện đã hết {rule.ClearAfterMinutes} phút / Resolved automatically: the condition was gone for {rule.ClearAfterMinutes} minutes";
                db.AlertEvents.Add(Event(alert, AlertEventKind.Resolved, alert.Resolution, now));
                changes.Add(new AlertChange(alert, AlertEventKind.Resolved));
                await AlertOutbox.EnqueueAsync(db, rule, alert, "resolved", rule.NotifyEmails, now, cancellationToken);
            }
        }

        if (rule.EscalateAfterMinutes is { } escalateAfter)
        {
            foreach (var alert in open.Values.Where(a => a.State == AlertState.Open && a.EscalationLevel == 0 && now - a.OpenedAtUtc >= TimeSpan.FromMinutes(escalateAfter)))
            {
                alert.EscalationLevel = 1;
                alert.EscalatedAtUtc = now;
                alert.Severity = rule.EscalateToSeverity ?? (alert.Severity == AlertSeverity.Info ? AlertSeverity.Warning : AlertSeverity.Critical);
                db.AlertEvents.Add(Event(alert, AlertEventKind.Escalated,
                    $"Chưa được xác nhận sau {escalateAfter} phút: nâng mức {alert.Severity} / Not acknowledged after {escalateAfter} minutes: raised to {alert.Severity}", now));
                changes.Add(new AlertChange(alert, AlertEventKind.Escalated));
                await AlertOutbox.EnqueueAsync(db, rule, alert, "escalated", rule.EscalationEmails ?? rule.NotifyEmails, now, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return changes;
    }

    private static async Task AttachAsync(MonitoringDb db, long alertId, Condition condition, CancellationToken cancellationToken)
    {
        if (condition.EpisodeIds.Count > 0)
        {
            var ids = condition.EpisodeIds;
            await db.Episodes.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(u => u.SetProperty(e => e.AlertId, alertId), cancellationToken);
        }
        if (condition.SignalIds.Count > 0)
        {
            var ids = condition.SignalIds;
            await db.Signals.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.AlertId, alertId), cancellationToken);
        }
    }

    internal static AlertEvent Event(Alert alert, AlertEventKind kind, string? body, DateTime now) => new()
    {
        AlertId = alert.Id, Kind = kind, Actor = "system", Body = body is { Length: > 4000 } ? body[..4000] : body, AtUtc = now,
    };

    private static string Ratio(StoredEpisode e) => e.RatioToLimit is { } r ? $" (×{Number(r)})" : "";

    internal static string Number(double v) => v.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Percent(double f) => (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

/// <summary>Writes the notifications of an alert change into the outbox, in the caller's transaction.</summary>
public static class AlertOutbox
{
    public static async Task EnqueueAsync(MonitoringDb db, AlertRule rule, Alert alert, string @event, string? emails, DateTime now, CancellationToken cancellationToken)
    {
        var (subject, body) = AlertText.Mail(alert, @event);
        foreach (var address in (emails ?? "").Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Outbox.Add(new OutboxMessage
            {
                AlertId = alert.Id, Event = @event, Channel = NotificationChannel.Email, Target = address, Subject = subject, Body = body,
                CreatedAtUtc = now, NextAttemptUtc = now,
            });
        }
        if (!rule.NotifyWebhooks)
            return;
        var payload = JsonSerializer.Serialize(new
        {
            @event,
            at = now,
            alert = new
            {
                alert.Id, kind = alert.Kind.ToString(), severity = alert.Severity.ToString(), state = alert.State.ToString(), alert.StationCode, alert.FacilityId,
                alert.ParameterCode, title = new { vi = alert.TitleVi, en = alert.TitleEn }, detail = new { vi = alert.DetailVi, en = alert.DetailEn },
                alert.OpenedAtUtc, alert.ConditionSinceUtc, alert.Occurrences, alert.EscalationLevel,
            },
        }, EpisodeWindow.Json);
        foreach (var hook in await db.Webhooks.AsNoTracking().Where(w => w.Enabled).ToListAsync(cancellationToken))
        {
            db.Outbox.Add(new OutboxMessage
            {
                AlertId = alert.Id, Event = @event, Channel = NotificationChannel.Webhook, Target = hook.Url, WebhookId = hook.Id, Subject = subject,
                Body = payload, CreatedAtUtc = now, NextAttemptUtc = now,
            });
        }
    }
}
