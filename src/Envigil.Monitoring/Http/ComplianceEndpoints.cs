using System.Security.Claims;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Http;

public sealed record LimitBasisInput(
    string RegulationId,
    string Column,
    DateOnly? PermittedOn = null,
    string? SuccessorColumn = null,
    string? Scope = null,
    string? SuccessorScope = null,
    ReceivingWaterKind? ReceivingWater = null,
    double? LowestFlowM3PerSecond = null,
    double? VolumeM3 = null,
    bool SalineOrBrackish = false,
    CoastalUse? CoastalUse = null,
    string? EmissionZone = null,
    string? SizeClass = null,
    string? PermitReference = null);

public sealed record PermitLimitInput(double? Lower, double? Upper, string Unit, string Source, RegulatedMedium Medium = RegulatedMedium.Wastewater);

public sealed record CatalogueInput(string Json, string? Note);

public sealed record AlertActionInput(string? Text);

public sealed record BulkAcknowledgeInput(IReadOnlyList<long>? Ids, string? Text);

public sealed record AlertRuleInput(
    string Code,
    string NameVi,
    string NameEn,
    AlertKind Kind,
    AlertSeverity Severity,
    string? IndustryType = null,
    Registry.StationKind? StationKind = null,
    double? Threshold = null,
    string? SignalKinds = null,
    int RaiseAfterMinutes = 0,
    int ClearAfterMinutes = 0,
    bool AutoResolve = false,
    int? EscalateAfterMinutes = null,
    AlertSeverity? EscalateToSeverity = null,
    string? NotifyEmails = null,
    string? EscalationEmails = null,
    bool NotifyWebhooks = true,
    bool Enabled = true);

/// <summary>Limits (regulation catalogue, per-facility basis and permit limits), episodes, signals, alerts and alert rules.</summary>
public static class ComplianceEndpoints
{
    public static IEndpointRouteBuilder MapCompliance(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1").WithTags("Compliance");

        group.MapGet("/regulations", async (ComplianceCatalogue catalogue, MonitoringDb db, CancellationToken ct) =>
            {
                var (current, rowId) = await catalogue.CurrentAsync(ct);
                var row = rowId is { } id ? await db.RegulationCatalogues.AsNoTracking().FirstAsync(c => c.Id == id, ct) : null;
                return Results.Ok(new
                {
                    source = row is null ? "embedded" : "edited",
                    editedAtUtc = row?.CreatedAtUtc,
                    editedBy = row?.CreatedBy,
                    note = row?.Note,
                    regulations = current.Regulations.Select(r => new
                    {
                        r.Id,
                        columns = r.Columns.Select(c => new { c.Id, c.Description, c.Verified, c.Source }),
                        parameters = r.Parameters.Select(p => new { p.Code, p.Unit, kind = p.Kind.ToString(), p.CoefficientsApply, limits = p.Limits }),
                    }),
                    transitions = current.Transitions,
                });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("The regulation catalogue in force (QCVN 40, 14, 19 with versions, columns, values and their verified flags).");

        group.MapGet("/regulations/catalogue.json", async (MonitoringDb db, CancellationToken ct) =>
            {
                var row = await db.RegulationCatalogues.AsNoTracking().OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
                if (row is not null)
                    return Results.Text(row.Json, "application/json; charset=utf-8");
                using var stream = typeof(RegulationCatalogue).Assembly.GetManifestResourceStream(RegulationCatalogue.ResourceName)!;
                using var reader = new StreamReader(stream);
                return Results.Text(await reader.ReadToEndAsync(ct), "application/json; charset=utf-8");
            })
            .RequireAuthorization(EnvigilPolicies.Admin)
            .WithSummary("The catalogue's JSON document, to edit and send back with PUT.");

        group.MapPut("/regulations/catalogue.json", async (HttpRequest request, string? note, ClaimsPrincipal user, LimitService limits, CancellationToken ct) =>
            {
                if (request.ContentLength > ComplianceCatalogue.MaxJsonBytes)
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Catalogue too large", detail: "At most 2 MiB.");
                using var reader = new StreamReader(request.Body);
                var buffer = new char[ComplianceCatalogue.MaxJsonBytes + 1];
                var read = await reader.ReadBlockAsync(buffer, ct);
                if (read > ComplianceCatalogue.MaxJsonBytes)
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Catalogue too large", detail: "At most 2 MiB.");
                var errors = await limits.SaveCatalogueAsync(new string(buffer, 0, read), note, user.Identity?.Name ?? "?", ct);
                return errors.Count > 0 ? ProblemResponses.Invalid([.. errors]) : Results.NoContent();
            })
            .RequireAuthorization(EnvigilPolicies.Admin)
            .WithSummary("Replace the regulation catalogue (validated; the previous versions are kept; every limit is recomputed).");

        group.MapGet("/facilities/{facilityId}/limits", async (string facilityId, DateOnly? date, ClaimsPrincipal user, MonitoringDb db, LimitService limits, CancellationToken ct) =>
            {
                if (!await db.Facilities.AnyAsync(f => f.Id == facilityId, ct))
                    return Results.NotFound();
                if (!MonitoringAccess.MaySee(user, facilityId))
                    return Results.Forbid();
                var bases = new List<object>();
                foreach (var basis in await limits.StoredBasesAsync(facilityId, ct))
                {
                    var effective = await limits.EffectiveAsync(facilityId, basis.Medium, date, ct);
                    bases.Add(new
                    {
                        medium = basis.Medium.ToString(),
                        basis,
                        effective = effective is null ? null : Effective(effective),
                    });
                }
                return Results.Ok(new { bases, permitLimits = await limits.PermitLimitsAsync(facilityId, ct) });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("A facility's limit bases (one per medium: wastewater, emission), permit limits and effective limits on a date (Vietnam day; today by default) with the arithmetic C × K → Cmax.");

        group.MapPut("/facilities/{facilityId}/limit-basis", async (string facilityId, LimitBasisInput input, ClaimsPrincipal user, LimitService limits, CancellationToken ct) =>
            {
                var errors = await limits.SaveBasisAsync(new FacilityLimitBasis
                {
                    FacilityId = facilityId, RegulationId = input.RegulationId?.Trim() ?? "", RegulationColumn = input.Column?.Trim() ?? "", PermittedOn = input.PermittedOn,
                    SuccessorColumn = input.SuccessorColumn, Scope = input.Scope, SuccessorScope = input.SuccessorScope, ReceivingWaterKind = input.ReceivingWater,
                    LowestFlowM3PerSecond = input.LowestFlowM3PerSecond, VolumeM3 = input.VolumeM3, SalineOrBrackish = input.SalineOrBrackish, CoastalUse = input.CoastalUse,
                    EmissionZone = input.EmissionZone, SizeClass = input.SizeClass, PermitReference = input.PermitReference, UpdatedBy = "",
                }, user.Identity?.Name ?? "?", ct);
                return errors.Count > 0 ? ProblemResponses.Invalid([.. errors]) : Results.NoContent();
            })
            .RequireAuthorization(MonitoringPolicies.RegistryEditor)
            .WithSummary("Set which regulation and column apply to a facility (from its permit), its receiving water and zone for the coefficients.");

        group.MapPut("/facilities/{facilityId}/permit-limits/{parameter}", async (string facilityId, string parameter, PermitLimitInput input, LimitService limits, CancellationToken ct) =>
            {
                var errors = await limits.SavePermitLimitAsync(new StoredPermitLimit
                {
                    FacilityId = facilityId, Medium = input.Medium, ParameterCode = parameter, LowerBound = input.Lower, UpperBound = input.Upper, Unit = input.Unit ?? "", Source = input.Source ?? "",
                }, ct);
                return errors.Count > 0 ? ProblemResponses.Invalid([.. errors]) : Results.NoContent();
            })
            .RequireAuthorization(MonitoringPolicies.RegistryEditor)
            .WithSummary("A limit written in the facility's permit; applied where it is stricter than the national one.");

        group.MapDelete("/facilities/{facilityId}/permit-limits/{parameter}", async (string facilityId, string parameter, RegulatedMedium? medium, LimitService limits, CancellationToken ct) =>
                await limits.DeletePermitLimitAsync(facilityId, medium ?? RegulatedMedium.Wastewater, parameter, ct) ? Results.NoContent() : Results.NotFound())
            .RequireAuthorization(MonitoringPolicies.RegistryEditor)
            .WithSummary("Remove a permit limit.");

        group.MapGet("/episodes", async (string? station, string? facility, string? state, long? before, int? limit, ClaimsPrincipal user, MonitoringDb db, CancellationToken ct) =>
            {
                var query = db.Episodes.AsNoTracking();
                if (MonitoringAccess.FacilityScope(user) is { } scope)
                    query = query.Where(e => e.FacilityId != null && scope.Contains(e.FacilityId));
                if (station is not null)
                    query = query.Where(e => e.StationCode == station);
                if (facility is not null)
                    query = query.Where(e => e.FacilityId == facility);
                if (state is not null)
                {
                    if (!Enum.TryParse<EpisodeState>(state, true, out var s))
                        return ProblemResponses.Invalid("state: Active, Withdrawn or Replaced.");
                    query = query.Where(e => e.State == s);
                }
                if (before is { } b)
                    query = query.Where(e => e.Id < b);
                var page = await query.OrderByDescending(e => e.Id).Take(Math.Clamp(limit ?? 100, 1, 500)).ToListAsync(ct);
                return Results.Ok(new { items = page, nextBefore = page.Count > 0 ? page[^1].Id : (long?)null });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Exceedance episodes, newest first; keyset paging with before=<nextBefore>. Operators see only their facility.");

        group.MapGet("/episodes/{id:long}", async (long id, ClaimsPrincipal user, MonitoringDb db, CancellationToken ct) =>
            {
                var episode = await db.Episodes.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
                if (episode is null)
                    return Results.NotFound();
                if (episode.FacilityId is { } f && !MonitoringAccess.MaySee(user, f))
                    return Results.Forbid();
                var changes = await db.EpisodeChanges.AsNoTracking().Where(c => c.EpisodeId == id).OrderBy(c => c.Id).ToListAsync(ct);
                var readings = await EpisodeReadings.LoadAsync(db, episode, ct);
                return Results.Ok(new { episode, windows = EpisodeWindow.Parse(episode.WindowsJson), changes, readings });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("One episode with its windows, its history, and every reading behind it with the archived file (name, SHA-256) it came in.");

        group.MapGet("/signals", async (string? station, string? facility, long? before, int? limit, ClaimsPrincipal user, MonitoringDb db, CancellationToken ct) =>
            {
                var query = db.Signals.AsNoTracking();
                if (MonitoringAccess.FacilityScope(user) is { } scope)
                    query = query.Where(s => s.FacilityId != null && scope.Contains(s.FacilityId));
                if (station is not null)
                    query = query.Where(s => s.StationCode == station);
                if (facility is not null)
                    query = query.Where(s => s.FacilityId == facility);
                if (before is { } b)
                    query = query.Where(s => s.Id < b);
                var page = await query.OrderByDescending(s => s.Id).Take(Math.Clamp(limit ?? 100, 1, 500)).ToListAsync(ct);
                return Results.Ok(new { items = page, nextBefore = page.Count > 0 ? page[^1].Id : (long?)null });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Data-integrity signals (stuck sensor, calibration abuse, gaps near the limit, clock problems, flow) with explanations and evidence.");

        group.MapGet("/alerts", async (string? state, string? facility, string? station, long? before, int? limit, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
            {
                AlertState? wanted = null;
                if (state is not null)
                {
                    if (!Enum.TryParse<AlertState>(state, true, out var s))
                        return ProblemResponses.Invalid("state: Open, Acknowledged or Resolved.");
                    wanted = s;
                }
                var page = await alerts.ListAsync(user, wanted, facility, station, before, limit ?? 100, ct);
                return Results.Ok(new { items = page, nextBefore = page.Count > 0 ? page[^1].Id : (long?)null });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Alerts, newest first; filters state, facility, station; keyset paging with before=<nextBefore>. Operators see only their facility's.");

        group.MapGet("/alerts/{id:long}", async (long id, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
                await alerts.FindAsync(user, id, ct) is { } detail ? Results.Ok(detail) : Results.NotFound())
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("One alert with its rule, history (acknowledgements, comments, escalations), episodes and signals.");

        group.MapPost("/alerts/{id:long}/acknowledge", async (long id, AlertActionInput? input, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
                Outcome(await alerts.AcknowledgeAsync(user, id, input?.Text, ct), "Only an open alert can be acknowledged."))
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Acknowledge an alert, with an optional comment. Officers, inspectors, admins: an open alert becomes acknowledged. A facility operator: records that the facility has seen it (once per operator; the state is unchanged).");

        group.MapPost("/alerts/acknowledge", async (BulkAcknowledgeInput input, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
            {
                if (input.Ids is not { Count: > 0 and <= AlertService.MaxBulk })
                    return ProblemResponses.Invalid($"ids: 1 to {AlertService.MaxBulk} alert ids.");
                if (input.Text is { Length: > AlertService.MaxTextLength })
                    return ProblemResponses.Invalid($"text: at most {AlertService.MaxTextLength} characters.");
                var results = await alerts.AcknowledgeManyAsync(user, input.Ids, input.Text, ct);
                return Results.Ok(new
                {
                    acknowledged = results.Count(r => r.Result == AlertActionResult.Done),
                    results = results.Select(r => new { id = r.Id, result = BulkResult(r.Result) }),
                });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Acknowledge up to 200 alerts at once, with one optional comment; per id: acknowledged, notFound (or outside your scope), forbidden, notOpen.");

        group.MapPost("/alerts/{id:long}/comments", async (long id, AlertActionInput input, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
                Outcome(await alerts.CommentAsync(user, id, input.Text, ct), ""))
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Comment on an alert; facility operators may comment on their own facility's alerts.");

        group.MapPost("/alerts/{id:long}/resolve", async (long id, AlertActionInput input, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
                Outcome(await alerts.ResolveAsync(user, id, input.Text, ct), "The alert is already resolved."))
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Resolve an alert with the resolution in words (officers, inspectors, admins).");

        group.MapGet("/alert-rules", async (MonitoringDb db, CancellationToken ct) =>
                Results.Ok(await db.AlertRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct)))
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("The alert rules (kind, severity, thresholds, hysteresis, escalation, recipients).");

        group.MapPut("/alert-rules/{code}", async (string code, AlertRuleInput input, ClaimsPrincipal user, MonitoringDb db, TimeProvider time, CancellationToken ct) =>
            {
                var (rule, created, errors) = await SaveRuleAsync(db, code, input, user.Identity?.Name ?? "?", time.GetUtcNow().UtcDateTime, ct);
                if (errors.Count > 0)
                    return ProblemResponses.Invalid([.. errors]);
                return created ? Results.Created($"/api/v1/alert-rules/{code}", rule) : Results.Ok(rule);
            })
            .RequireAuthorization(EnvigilPolicies.Admin)
            .WithSummary("Create or change an alert rule (admins). Rules are data: per province, per facility industry type or station kind.");

        return endpoints;
    }

    private static object Effective(EffectiveLimitSet effective) => new
    {
        effective.OnDate,
        regulation = effective.Choice.Applied?.Id,
        column = effective.Choice.Column,
        reason = effective.Choice.Reason,
        limits = effective.Limits.Select(l => new
        {
            l.Parameter, kind = l.Kind.ToString(), l.Lower, l.Upper, l.Unit, l.C, l.Coefficients, l.Formula, l.Source, l.Verified, l.FromPermit,
            l.ReferenceOxygenPercent, l.Notes,
        }),
        effective.Problems,
        effective.Skipped,
    };

    /// <summary>Creates or changes an alert rule (the API's PUT and the rules page); returns the problems instead when it cannot be saved.</summary>
    public static async Task<(AlertRule Rule, bool Created, IReadOnlyList<string> Errors)> SaveRuleAsync(MonitoringDb db, string code, AlertRuleInput input, string actor, DateTime now,
        CancellationToken ct)
    {
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Code == code, ct);
        var created = rule is null;
        rule ??= new AlertRule { Code = code, NameVi = "", NameEn = "", UpdatedBy = "" };
        if (!created && rule.Kind != input.Kind)
        {
            db.ChangeTracker.Clear();
            return (rule, created, ["kind cannot change: disable this rule and create another one."]);
        }
        rule.NameVi = input.NameVi?.Trim() ?? "";
        rule.NameEn = input.NameEn?.Trim() ?? "";
        rule.Kind = input.Kind;
        rule.Severity = input.Severity;
        rule.IndustryType = string.IsNullOrWhiteSpace(input.IndustryType) ? null : input.IndustryType.Trim();
        rule.StationKind = input.StationKind;
        rule.Threshold = input.Threshold;
        rule.SignalKinds = string.IsNullOrWhiteSpace(input.SignalKinds) ? null : input.SignalKinds.Trim();
        rule.RaiseAfterMinutes = input.RaiseAfterMinutes;
        rule.ClearAfterMinutes = input.ClearAfterMinutes;
        rule.AutoResolve = input.AutoResolve;
        rule.EscalateAfterMinutes = input.EscalateAfterMinutes;
        rule.EscalateToSeverity = input.EscalateToSeverity;
        rule.NotifyEmails = string.IsNullOrWhiteSpace(input.NotifyEmails) ? null : input.NotifyEmails.Trim();
        rule.EscalationEmails = string.IsNullOrWhiteSpace(input.EscalationEmails) ? null : input.EscalationEmails.Trim();
        rule.NotifyWebhooks = input.NotifyWebhooks;
        rule.Enabled = input.Enabled;
        rule.UpdatedAtUtc = now;
        rule.UpdatedBy = actor;
        var errors = AlertRules.Check(rule);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return (rule, created, errors);
        }
        if (created)
            db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return (rule, created, []);
    }

    private static string BulkResult(AlertActionResult result) => result switch
    {
        AlertActionResult.Done => "acknowledged",
        AlertActionResult.NotFound => "notFound",
        AlertActionResult.Forbidden => "forbidden",
        AlertActionResult.Conflict => "notOpen",
        _ => "invalid",
    };

    private static IResult Outcome(AlertActionResult result, string conflict) => result switch
    {
        AlertActionResult.Done => Results.NoContent(),
        AlertActionResult.NotFound => Results.NotFound(),
        AlertActionResult.Forbidden => Results.Forbid(),
        AlertActionResult.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed in this state", detail: conflict),
        _ => ProblemResponses.Invalid($"text is required and at most {AlertService.MaxTextLength} characters."),
    };
}
