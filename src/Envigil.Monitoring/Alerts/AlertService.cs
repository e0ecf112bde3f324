using System.Security.Claims;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Alerts;

/// <summary>The result of a person's action on an alert.</summary>
public enum AlertActionResult
{
    Done,
    NotFound,
    Forbidden,

    /// <summary>The alert's state does not allow it (e.g. acknowledging a resolved alert).</summary>
    Conflict,
    Invalid,
}

/// <summary>What happened to one alert of a bulk acknowledgement.</summary>
public sealed record BulkAcknowledgement(long Id, AlertActionResult Result);

/// <summary>Orders of the alerts inbox.</summary>
public enum AlertSort
{
    Newest,
    Severity,

    /// <summary>Longest-standing condition first.</summary>
    Oldest,
    Station,
    Occurrences,
}

/// <summary>An alert with what proves it.</summary>
public sealed record AlertDetail(Alert Alert, AlertRule Rule, IReadOnlyList<AlertEvent> Events, IReadOnlyList<StoredEpisode> Episodes, IReadOnlyList<StoredSignal> Signals);

/// <summary>Reading alerts within a person's scope, and the lifecycle actions: acknowledge, comment, resolve.</summary>
public sealed class AlertService(MonitoringDb db, AlertEngine engine, TimeProvider time)
{
    public const int MaxTextLength = 2000;

    /// <summary>Who may acknowledge and resolve: province staff who work alerts.</summary>
    public static bool MayWork(ClaimsPrincipal user) =>
        user.IsInRole(EnvigilRoles.Admin) || user.IsInRole(EnvigilRoles.Officer) || user.IsInRole(EnvigilRoles.Inspector);

    public IQueryable<Alert> Visible(ClaimsPrincipal user)
    {
        var scope = MonitoringAccess.FacilityScope(user);
        return scope is null ? db.Alerts.AsNoTracking() : db.Alerts.AsNoTracking().Where(a => a.FacilityId != null && scope.Contains(a.FacilityId));
    }

    /// <summary>
    /// One page of alerts in the person's scope. Newest first pages by key (<paramref name="before"/>: stable while alerts
    /// arrive); the other orders page by <paramref name="skip"/>.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> ListAsync(ClaimsPrincipal user, AlertState? state, string? facilityId, string? stationCode, long? before, int limit, CancellationToken cancellationToken,
        AlertKind? kind = null, AlertSeverity? severity = null, AlertSort sort = AlertSort.Newest, int skip = 0)
    {
        var query = Visible(user);
        if (state is { } s)
            query = query.Where(a => a.State == s);
        if (kind is { } k)
            query = query.Where(a => a.Kind == k);
        if (severity is { } v)
            query = query.Where(a => a.Severity == v);
        if (facilityId is not null)
            query = query.Where(a => a.FacilityId == facilityId);
        if (stationCode is not null)
            query = query.Where(a => a.StationCode == stationCode);
        if (sort == AlertSort.Newest)
        {
            if (before is { } b)
                query = query.Where(a => a.Id < b);
            return await query.OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        }
        var ordered = sort switch
        {
            // Severity is stored by name, so rank it explicitly rather than alphabetically.
            AlertSort.Severity => query.OrderByDescending(a => a.Severity == AlertSeverity.Critical ? 2 : a.Severity == AlertSeverity.Warning ? 1 : 0).ThenByDescending(a => a.Id),
            AlertSort.Oldest => query.OrderBy(a => a.ConditionSinceUtc).ThenBy(a => a.Id),
            AlertSort.Station => query.OrderBy(a => a.StationCode).ThenByDescending(a => a.Id),
            _ => query.OrderByDescending(a => a.Occurrences).ThenByDescending(a => a.Id),
        };
        return await ordered.Skip(Math.Clamp(skip, 0, 100_000)).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
    }

    public async Task<AlertDetail?> FindAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken)
    {
        var alert = await Visible(user).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
            return null;
        var rule = await db.AlertRules.AsNoTracking().FirstAsync(r => r.Id == alert.RuleId, cancellationToken);
        var events = await db.AlertEvents.AsNoTracking().Where(e => e.AlertId == id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var episodes = await db.Episodes.AsNoTracking().Where(e => e.AlertId == id).OrderBy(e => e.StartUtc).ToListAsync(cancellationToken);
        var signals = await db.Signals.AsNoTracking().Where(s => s.AlertId == id).OrderBy(s => s.StartUtc).ToListAsync(cancellationToken);
        return new AlertDetail(alert, rule, events, episodes, signals);
    }

    /// <summary>
    /// Province staff acknowledge an open alert: it leaves the "open" inbox and stops escalating. A facility operator
    /// acknowledges too (issue 5: "a facility operator ... can acknowledge/comment"), but only for their facility and
    /// only as a record that the facility has seen it: the alert's state stays with the province, so an operator cannot
    /// silence escalation to the officers who must act on it. Each operator acknowledges an unresolved alert once.
    /// </summary>
    public async Task<AlertActionResult> AcknowledgeAsync(ClaimsPrincipal user, long id, string? comment, CancellationToken cancellationToken)
    {
        if (!MayWork(user) && user.IsInRole(EnvigilRoles.FacilityOperator))
        {
            var actor = user.Identity?.Name ?? "?";
            var already = await db.AlertEvents.AnyAsync(e => e.AlertId == id && e.Kind == AlertEventKind.OperatorAcknowledged && e.Actor == actor, cancellationToken);
            return await ActAsync(user, id, comment, requireText: false, workerOnly: false, AlertEventKind.OperatorAcknowledged,
                (alert, _) => !already && alert.State != AlertState.Resolved, cancellationToken);
        }
        return await ActAsync(user, id, comment, requireText: false, workerOnly: true, AlertEventKind.Acknowledged, (alert, now) =>
        {
            if (alert.State != AlertState.Open)
                return false;
            alert.State = AlertState.Acknowledged;
            alert.AcknowledgedAtUtc = now;
            alert.AcknowledgedBy = user.Identity?.Name;
            alert.AcknowledgementComment = comment?.Trim() is { Length: > 0 } c ? c : null;
            return true;
        }, cancellationToken);
    }

    /// <summary>Whether this person has an acknowledge button on this alert.</summary>
    public static bool MayAcknowledge(ClaimsPrincipal user, Alert alert, IReadOnlyList<AlertEvent> events) =>
        MayWork(user) ? alert.State == AlertState.Open
            : user.IsInRole(EnvigilRoles.FacilityOperator) && alert.State != AlertState.Resolved
              && !events.Any(e => e.Kind == AlertEventKind.OperatorAcknowledged && e.Actor == user.Identity?.Name);

    /// <summary>At most this many alerts in one bulk acknowledgement: an inbox page holds 50.</summary>
    public const int MaxBulk = 200;

    /// <summary>
    /// Acknowledges each alert through <see cref="AcknowledgeAsync"/>, so scope, role and state are checked per alert; one
    /// that may not be acknowledged is skipped with its reason and the others still are. Ids are taken once each, in order.
    /// </summary>
    public async Task<IReadOnlyList<BulkAcknowledgement>> AcknowledgeManyAsync(ClaimsPrincipal user, IEnumerable<long> ids, string? comment, CancellationToken cancellationToken)
    {
        var results = new List<BulkAcknowledgement>();
        foreach (var id in ids.Distinct().Take(MaxBulk))
            results.Add(new BulkAcknowledgement(id, await AcknowledgeAsync(user, id, comment, cancellationToken)));
        return results;
    }

    /// <summary>Anyone who may see the alert may comment on it, facility operators included.</summary>
    public Task<AlertActionResult> CommentAsync(ClaimsPrincipal user, long id, string? text, CancellationToken cancellationToken) =>
        ActAsync(user, id, text, requireText: true, workerOnly: false, AlertEventKind.Commented, (_, _) => true, cancellationToken);

    public Task<AlertActionResult> ResolveAsync(ClaimsPrincipal user, long id, string? resolution, CancellationToken cancellationToken) =>
        ActAsync(user, id, resolution, requireText: true, workerOnly: true, AlertEventKind.Resolved, (alert, now) =>
        {
            if (alert.State == AlertState.Resolved)
                return false;
            alert.State = AlertState.Resolved;
            alert.ResolvedAtUtc = now;
            alert.ResolvedBy = user.Identity?.Name;
            alert.Resolution = resolution!.Trim();
            return true;
        }, cancellationToken);

    private async Task<AlertActionResult> ActAsync(ClaimsPrincipal user, long id, string? text, bool requireText, bool workerOnly, AlertEventKind kind,
        Func<Alert, DateTime, bool> apply, CancellationToken cancellationToken)
    {
        if (text is { Length: > MaxTextLength } || requireText && string.IsNullOrWhiteSpace(text))
            return AlertActionResult.Invalid;
        var scope = MonitoringAccess.FacilityScope(user);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || scope is not null && (alert.FacilityId is null || !scope.Contains(alert.FacilityId)))
            return AlertActionResult.NotFound;
        if (workerOnly && !MayWork(user))
            return AlertActionResult.Forbidden;
        var now = time.GetUtcNow().UtcDateTime;
        if (!apply(alert, now))
            return AlertActionResult.Conflict;
        db.AlertEvents.Add(new AlertEvent
        {
            AlertId = id, Kind = kind, Actor = user.Identity?.Name ?? "?", ActorRole = Role(user), Body = text?.Trim() is { Length: > 0 } t ? t : null, AtUtc = now,
        });
        if (kind == AlertEventKind.Resolved)
        {
            var rule = await db.AlertRules.AsNoTracking().FirstAsync(r => r.Id == alert.RuleId, cancellationToken);
            await AlertOutbox.EnqueueAsync(db, rule, alert, "resolved", rule.NotifyEmails, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await engine.PublishAsync([new AlertChange(alert, kind)]);
        return AlertActionResult.Done;
    }

    private static string? Role(ClaimsPrincipal user) =>
        new[] { EnvigilRoles.Admin, EnvigilRoles.Officer, EnvigilRoles.Inspector, EnvigilRoles.FacilityOperator, EnvigilRoles.Leader, EnvigilRoles.CommuneOfficer, EnvigilRoles.Viewer }
            .FirstOrDefault(user.IsInRole);
}
