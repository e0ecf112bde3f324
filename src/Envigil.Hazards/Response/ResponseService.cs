using System.Security.Claims;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Registers;
using Envigil.Hazards.Risk;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Hazards.Response;

public sealed record EvacuationInput(string? CommuneCode, int? PeopleEvacuated, string? Note);

public sealed record OccupancyInput(int? Occupants, string? Note);

public sealed record DamageInput(string? CommuneCode, int? Deaths, int? Injuries, int? HousesDamaged, int? HousesDestroyed, double? CropsHa, string? Notes);

public sealed record LessonsInput(string? WhatWorked, string? WhatDidNot, string? Actions, int? ExpectedVersion);

/// <summary>How "planned for evacuation" was counted for this warning (shown next to the figure).</summary>
public sealed record PlannedEvacuationRule(int EvacuateEveryoneFromLevel, bool EveryoneInArea, string ExplanationVi, string ExplanationEn);

/// <summary>One affected commune during the event: confirmation, households reached, people planned and evacuated.</summary>
public sealed record CommuneResponse(string CommuneCode, WarningTaskStatus TaskStatus, int HouseholdsListed, int? HouseholdsReached, int PeopleListed, int PeoplePlanned,
    int? PeopleEvacuated, DateTime? EvacuationReportedAtUtc, string? EvacuationReportedBy, int EvacuationReports);

public sealed record ShelterOccupancy(long ShelterId, string Name, string CommuneCode, int Capacity, int? Occupants, DateTime? ReportedAtUtc, string? ReportedBy, bool OverCapacity);

public sealed record ResponseTotals(int TasksTotal, int TasksConfirmed, int HouseholdsListed, int HouseholdsReached, int PeoplePlanned, int PeopleEvacuated,
    int ShelterCapacity, int ShelterOccupants, int SheltersOverCapacity);

/// <summary>One report in the history: kind Evacuation (per commune) or Shelter (per shelter).</summary>
public sealed record ResponseReportEntry(long Id, string Kind, string CommuneCode, long? ShelterId, int Count, string? Note, string ReportedBy, DateTime ReportedAtUtc);

public sealed record ResponseDashboard(long WarningId, string HeadlineVi, HazardType Hazard, int Level, WarningStatus Status, DateTime IssuedAtUtc, DateTime ValidToUtc,
    DateTime AtUtc, TimeSpan SinceIssue, PlannedEvacuationRule Planned, IReadOnlyList<CommuneResponse> Communes, IReadOnlyList<ShelterOccupancy> Shelters,
    ResponseTotals Totals, IReadOnlyList<ResponseReportEntry> History);

public sealed record DamageTotals(int Deaths, int Injuries, int HousesDamaged, int HousesDestroyed, double CropsHa);

/// <summary>A review round that has the event on its agenda.</summary>
public sealed record ReviewRef(long ReviewId, string CommuneCode, string Title, bool SignedOff);

/// <summary>After the event: the latest damage per commune (and every earlier report), the lessons, and the review rounds that consider them.</summary>
public sealed record EventAftermath(long WarningId, IReadOnlyList<DamageReport> Damage, DamageTotals Totals, IReadOnlyList<DamageReport> History, EventLessons? Lessons,
    IReadOnlyList<ReviewRef> Reviews);

/// <summary>An event on a review round's agenda: the warning, the commune's latest damage, the province's lessons.</summary>
public sealed record ReviewEvent(long WarningId, string HeadlineVi, HazardType Hazard, int Level, WarningStatus Status, DateTime IssuedAtUtc, DamageReport? Damage, EventLessons? Lessons);

/// <summary>
/// The response to an issued warning (during the event) and its aftermath. Every report is a row: the latest row per
/// commune (evacuated, damage) or per shelter (occupants) is the current count, earlier rows are the history, and the
/// audit log records who wrote each. A commune officer reports for their own communes only (checked here, whatever id a
/// client sends); province staff report for any affected commune.
/// </summary>
public sealed class ResponseService(HazardsDb db, AffectedArea affected, IAuditActorAccessor actors, TimeProvider time, IOptions<HazardsOptions> options)
{
    public const int MaxCount = 1_000_000;
    public const int HistoryLimit = 200;
    private static readonly RelocationStatus[] Relocating = [RelocationStatus.Planned, RelocationStatus.InProgress];

    private string Actor => actors.Current.Name;
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ------------------------------------------------------------ during the event

    public async Task<HazardResult<ResponseDashboard>> DashboardAsync(ClaimsPrincipal user, long warningId, CancellationToken ct)
    {
        var warning = await db.Warnings.AsNoTracking().SingleOrDefaultAsync(w => w.Id == warningId, ct);
        if (warning is not { IssuedAtUtc: { } issuedAt })
            return HazardFailure.NotFound("Không có cảnh báo đã ban hành này.", "No such issued warning.");
        var scope = HazardScope.Communes(user);
        var tasksQuery = db.Tasks.AsNoTracking().Where(t => t.WarningId == warningId);
        if (scope?.ToList() is { } inScope)
            tasksQuery = tasksQuery.Where(t => inScope.Contains(t.CommuneCode));
        var tasks = await tasksQuery.OrderBy(t => t.CommuneCode).ToListAsync(ct);
        var communes = tasks.Select(t => t.CommuneCode).ToList();

        // Planned: everyone the commune was asked to reach at issue when the level calls for it, else the households
        // whose relocation is planned or in progress inside the area now (HazardsOptions.EvacuateEveryoneFromLevel).
        var fromLevel = options.Value.EvacuateEveryoneFromLevel;
        var everyone = warning.Level >= fromLevel;
        IReadOnlyList<CommuneImpact> relocating = everyone ? [] : await affected.SummariseAsync(WarningService.AreaOf(warning), communes.ToHashSet(StringComparer.Ordinal), ct, Relocating);
        var rule = everyone
            ? new PlannedEvacuationRule(fromLevel, true, $"Cấp {warning.Level} ≥ {fromLevel}: mọi người trong vùng cảnh báo đều thuộc diện sơ tán.",
                $"Level {warning.Level} ≥ {fromLevel}: everyone in the warning area is to be evacuated.")
            : new PlannedEvacuationRule(fromLevel, false, $"Cấp {warning.Level} < {fromLevel}: chỉ tính người của các hộ trong vùng có kế hoạch di dời hoặc đang di dời.",
                $"Level {warning.Level} < {fromLevel}: only the people of households in the area whose relocation is planned or in progress.");

        // The latest report per commune (the highest id) and how many there were, grouped by the database.
        var evacuationReports = db.EvacuationReports.AsNoTracking().Where(r => r.WarningId == warningId && communes.Contains(r.CommuneCode));
        var evacuationLatest = await evacuationReports.GroupBy(r => r.CommuneCode).Select(g => new { Id = g.Max(r => r.Id), Count = g.Count() }).ToListAsync(ct);
        var latestEvacuationIds = evacuationLatest.Select(x => x.Id).ToList();
        var latestEvacuations = await db.EvacuationReports.AsNoTracking().Where(r => latestEvacuationIds.Contains(r.Id)).ToListAsync(ct);
        var rows = tasks.Select(t =>
        {
            var latest = latestEvacuations.FirstOrDefault(r => r.CommuneCode == t.CommuneCode);
            var reports = latest is null ? 0 : evacuationLatest.First(x => x.Id == latest.Id).Count;
            var planned = everyone ? t.People : relocating.FirstOrDefault(i => i.CommuneCode == t.CommuneCode)?.People ?? 0;
            return new CommuneResponse(t.CommuneCode, t.Status, t.Households, t.HouseholdsReached, t.People, planned, latest?.PeopleEvacuated, latest?.ReportedAtUtc,
                latest?.ReportedBy, reports);
        }).ToList();

        // Shelters: those of the affected communes in scope, and any other in scope that has a report for this warning.
        var reportedShelterIds = await db.ShelterReports.AsNoTracking().Where(r => r.WarningId == warningId).Select(r => r.ShelterId).Distinct().ToListAsync(ct);
        var sheltersQuery = db.Shelters.AsNoTracking().Where(s => communes.Contains(s.CommuneCode) || reportedShelterIds.Contains(s.Id));
        if (scope?.ToList() is { } shelterScope)
            sheltersQuery = sheltersQuery.Where(s => shelterScope.Contains(s.CommuneCode));
        var shelters = await sheltersQuery.OrderBy(s => s.CommuneCode).ThenBy(s => s.Name).Take(2_000).ToListAsync(ct);
        var shelterIds = shelters.Select(s => s.Id).ToList();
        var occupancyReports = db.ShelterReports.AsNoTracking().Where(r => r.WarningId == warningId && shelterIds.Contains(r.ShelterId));
        var latestOccupancyIds = await occupancyReports.GroupBy(r => r.ShelterId).Select(g => g.Max(r => r.Id)).ToListAsync(ct);
        var latestOccupancy = await db.ShelterReports.AsNoTracking().Where(r => latestOccupancyIds.Contains(r.Id)).ToListAsync(ct);
        var shelterRows = shelters.Select(s =>
        {
            var latest = latestOccupancy.FirstOrDefault(r => r.ShelterId == s.Id);
            return new ShelterOccupancy(s.Id, s.Name, s.CommuneCode, s.Capacity, latest?.Occupants, latest?.ReportedAtUtc, latest?.ReportedBy, latest is not null && latest.Occupants > s.Capacity);
        }).ToList();

        var totals = new ResponseTotals(rows.Count, rows.Count(r => r.TaskStatus == WarningTaskStatus.Confirmed), rows.Sum(r => r.HouseholdsListed),
            rows.Sum(r => r.HouseholdsReached ?? 0), rows.Sum(r => r.PeoplePlanned), rows.Sum(r => r.PeopleEvacuated ?? 0), shelterRows.Sum(s => s.Capacity),
            shelterRows.Sum(s => s.Occupants ?? 0), shelterRows.Count(s => s.OverCapacity));
        var evacuationHistory = await evacuationReports.OrderByDescending(r => r.Id).Take(HistoryLimit).ToListAsync(ct);
        var occupancyHistory = await occupancyReports.OrderByDescending(r => r.Id).Take(HistoryLimit).ToListAsync(ct);
        var history = evacuationHistory.Select(r => new ResponseReportEntry(r.Id, "Evacuation", r.CommuneCode, null, r.PeopleEvacuated, r.Note, r.ReportedBy, r.ReportedAtUtc))
            .Concat(occupancyHistory.Select(r => new ResponseReportEntry(r.Id, "Shelter", r.CommuneCode, r.ShelterId, r.Occupants, r.Note, r.ReportedBy, r.ReportedAtUtc)))
            .OrderByDescending(e => e.ReportedAtUtc).ThenByDescending(e => e.Id).Take(HistoryLimit).ToList();
        var now = Now;
        return new ResponseDashboard(warning.Id, warning.HeadlineVi, warning.Hazard, warning.Level, warning.Status, issuedAt, warning.ValidToUtc, now,
            now > issuedAt ? now - issuedAt : TimeSpan.Zero, rule, rows, shelterRows, totals, history);
    }

    public async Task<HazardResult<EvacuationReport>> ReportEvacuationAsync(ClaimsPrincipal user, long warningId, EvacuationInput input, CancellationToken ct)
    {
        var (warning, failure) = await EventAsync(warningId, duringOnly: true, ct);
        if (failure is not null)
            return failure;
        if (await CommuneFailureAsync(user, warning!.Id, input.CommuneCode, ct) is { } communeFailure)
            return communeFailure;
        var errors = new List<Message>();
        if (input.PeopleEvacuated is not (>= 0 and <= MaxCount))
            errors.Add(new($"Số người đã sơ tán phải từ 0 đến {MaxCount}.", $"People evacuated must be 0 to {MaxCount}."));
        if (input.Note is { Length: > 2000 })
            errors.Add(new("Ghi chú quá dài (tối đa 2000 ký tự).", "The note is too long (at most 2000 characters)."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);
        var report = new EvacuationReport
        {
            WarningId = warningId, CommuneCode = input.CommuneCode!, PeopleEvacuated = input.PeopleEvacuated!.Value, Note = Clean(input.Note), ReportedBy = Actor, ReportedAtUtc = Now,
        };
        db.EvacuationReports.Add(report);
        await db.SaveChangesAsync(ct);
        return report;
    }

    public async Task<HazardResult<ShelterReport>> ReportOccupancyAsync(ClaimsPrincipal user, long warningId, long shelterId, OccupancyInput input, CancellationToken ct)
    {
        var (_, failure) = await EventAsync(warningId, duringOnly: true, ct);
        if (failure is not null)
            return failure;
        var shelter = await db.Shelters.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shelterId, ct);
        if (shelter is null)
            return HazardFailure.NotFound("Không có điểm sơ tán này.", "No such shelter.");
        if (!HazardScope.Covers(user, shelter.CommuneCode))
            return HazardFailure.Forbidden("Bạn chỉ báo cáo cho điểm sơ tán của xã mình.", "You report for your own commune's shelters only.");
        var errors = new List<Message>();
        if (input.Occupants is not (>= 0 and <= MaxCount))
            errors.Add(new($"Số người đang ở phải từ 0 đến {MaxCount}.", $"Occupants must be 0 to {MaxCount}."));
        if (input.Note is { Length: > 2000 })
            errors.Add(new("Ghi chú quá dài (tối đa 2000 ký tự).", "The note is too long (at most 2000 characters)."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);
        // Over capacity is accepted (people are not turned away because of a form) and flagged on the dashboard.
        var report = new ShelterReport
        {
            WarningId = warningId, ShelterId = shelter.Id, CommuneCode = shelter.CommuneCode, Occupants = input.Occupants!.Value, Note = Clean(input.Note), ReportedBy = Actor,
            ReportedAtUtc = Now,
        };
        db.ShelterReports.Add(report);
        await db.SaveChangesAsync(ct);
        return report;
    }

    // ------------------------------------------------------------ after the event

    public async Task<HazardResult<EventAftermath>> AftermathAsync(ClaimsPrincipal user, long warningId, CancellationToken ct)
    {
        var warning = await db.Warnings.AsNoTracking().SingleOrDefaultAsync(w => w.Id == warningId, ct);
        if (warning is not { IssuedAtUtc: not null })
            return HazardFailure.NotFound("Không có cảnh báo đã ban hành này.", "No such issued warning.");
        var query = db.DamageReports.AsNoTracking().Where(r => r.WarningId == warningId);
        if (HazardScope.Communes(user)?.ToList() is { } scope)
            query = query.Where(r => scope.Contains(r.CommuneCode));
        var history = await query.OrderByDescending(r => r.Id).Take(HistoryLimit).ToListAsync(ct);
        var latestIds = await query.GroupBy(r => r.CommuneCode).Select(g => g.Max(r => r.Id)).ToListAsync(ct);
        var latest = (await db.DamageReports.AsNoTracking().Where(r => latestIds.Contains(r.Id)).ToListAsync(ct)).OrderBy(r => r.CommuneCode, StringComparer.Ordinal).ToList();
        var totals = new DamageTotals(latest.Sum(r => r.Deaths), latest.Sum(r => r.Injuries), latest.Sum(r => r.HousesDamaged), latest.Sum(r => r.HousesDestroyed),
            Math.Round(latest.Sum(r => r.CropsHa), 2));
        var lessons = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.WarningId == warningId, ct);

        // The review rounds that take this event up: for each affected commune (in scope), its next round.
        var communes = await db.Tasks.AsNoTracking().Where(t => t.WarningId == warningId).Select(t => t.CommuneCode).ToListAsync(ct);
        communes = communes.Where(c => HazardScope.Covers(user, c)).ToList();
        var rounds = await db.Reviews.AsNoTracking().Where(r => communes.Contains(r.CommuneCode)).OrderBy(r => r.Id).Take(5_000).ToListAsync(ct);
        var reviews = communes.Select(c => NextRound(rounds, c, warning.IssuedAtUtc!.Value)).OfType<ReviewRound>()
            .Select(r => new ReviewRef(r.Id, r.CommuneCode, r.Title, r.SignedOffAtUtc is not null)).ToList();
        return new EventAftermath(warningId, latest, totals, history, lessons, reviews);
    }

    /// <summary>
    /// The round that considers an event for a commune: the first of the commune's rounds that was not yet signed off when
    /// the warning was issued (a round in progress, or the next one started). Envigil's reading of "the review that
    /// follows the event"; a round signed off before the event never shows it.
    /// </summary>
    private static ReviewRound? NextRound(IEnumerable<ReviewRound> rounds, string commune, DateTime issuedAtUtc) =>
        rounds.Where(r => r.CommuneCode == commune && (r.SignedOffAtUtc is null || r.SignedOffAtUtc >= issuedAtUtc)).MinBy(r => r.Id);

    public async Task<HazardResult<DamageReport>> ReportDamageAsync(ClaimsPrincipal user, long warningId, DamageInput input, CancellationToken ct)
    {
        var (warning, failure) = await EventAsync(warningId, duringOnly: false, ct);
        if (failure is not null)
            return failure;
        if (await CommuneFailureAsync(user, warning!.Id, input.CommuneCode, ct) is { } communeFailure)
            return communeFailure;
        var errors = new List<Message>();
        foreach (var (value, vi, en) in new[] { (input.Deaths, "Số người chết", "Deaths"), (input.Injuries, "Số người bị thương", "Injuries"),
                     (input.HousesDamaged, "Số nhà hư hỏng", "Houses damaged"), (input.HousesDestroyed, "Số nhà bị sập, cuốn trôi", "Houses destroyed") })
            if (value is not (>= 0 and <= MaxCount))
                errors.Add(new($"{vi} phải từ 0 đến {MaxCount}.", $"{en} must be 0 to {MaxCount}."));
        if (input.CropsHa is not { } crops || !double.IsFinite(crops) || crops is < 0 or > 10_000_000)
            errors.Add(new("Diện tích cây trồng thiệt hại (ha) phải từ 0.", "Crops damaged (ha) must be 0 or more."));
        if (input.Notes is { Length: > 4000 })
            errors.Add(new("Ghi chú quá dài (tối đa 4000 ký tự).", "The notes are too long (at most 4000 characters)."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);
        var report = new DamageReport
        {
            WarningId = warningId, CommuneCode = input.CommuneCode!, Deaths = input.Deaths!.Value, Injuries = input.Injuries!.Value, HousesDamaged = input.HousesDamaged!.Value,
            HousesDestroyed = input.HousesDestroyed!.Value, CropsHa = Math.Round(input.CropsHa!.Value, 2), Notes = Clean(input.Notes), ReportedBy = Actor, ReportedAtUtc = Now,
        };
        db.DamageReports.Add(report);
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>Writes or rewrites the event's lessons (one record per event; a rewrite names the version it replaces; the audit log keeps the old text).</summary>
    public async Task<HazardResult<EventLessons>> WriteLessonsAsync(long warningId, LessonsInput input, CancellationToken ct)
    {
        var (_, failure) = await EventAsync(warningId, duringOnly: false, ct);
        if (failure is not null)
            return failure;
        var errors = new List<Message>();
        foreach (var (value, vi, en) in new[] { (input.WhatWorked, "Những việc làm tốt", "What worked"), (input.WhatDidNot, "Những việc chưa làm được", "What did not work"),
                     (input.Actions, "Việc cần làm", "Actions") })
            if (string.IsNullOrWhiteSpace(value) || value.Length > 8000)
                errors.Add(new($"Phải nhập mục \"{vi}\" (tối đa 8000 ký tự).", $"\"{en}\" is required (at most 8000 characters)."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);
        var lessons = await db.Lessons.SingleOrDefaultAsync(l => l.WarningId == warningId, ct);
        if (lessons is null)
        {
            lessons = new EventLessons
            {
                WarningId = warningId, WhatWorked = input.WhatWorked!.Trim(), WhatDidNot = input.WhatDidNot!.Trim(), Actions = input.Actions!.Trim(), WrittenBy = Actor, WrittenAtUtc = Now,
            };
            db.Lessons.Add(lessons);
        }
        else
        {
            if (input.ExpectedVersion != lessons.Version)
                return HazardFailure.Conflict("Bài học đã được người khác sửa; hãy tải lại và sửa trên bản mới nhất.",
                    $"The lessons were changed by someone else (version {lessons.Version}); reload and edit the latest version.");
            lessons.WhatWorked = input.WhatWorked!.Trim();
            lessons.WhatDidNot = input.WhatDidNot!.Trim();
            lessons.Actions = input.Actions!.Trim();
            lessons.WrittenBy = Actor;
            lessons.WrittenAtUtc = Now;
            lessons.Version++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two first writes at once (unique warning id) or a concurrent rewrite (version token).
            return HazardFailure.Conflict("Bài học vừa được người khác ghi; hãy tải lại.", "The lessons were just written by someone else; reload.");
        }
        return lessons;
    }

    /// <summary>The events each of these review rounds takes up: affected communes' events for which the round is the next one.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ReviewEvent>>> ReviewAgendaAsync(IReadOnlyCollection<ReviewRound> reviews, CancellationToken ct)
    {
        var result = new Dictionary<long, IReadOnlyList<ReviewEvent>>();
        if (reviews.Count == 0)
            return result;
        var communes = reviews.Select(r => r.CommuneCode).Distinct().ToList();
        var events = await db.Tasks.AsNoTracking().Where(t => communes.Contains(t.CommuneCode))
            .Join(db.Warnings.Where(w => w.IssuedAtUtc != null), t => t.WarningId, w => w.Id, (t, w) => new { t.CommuneCode, Warning = w })
            .OrderByDescending(x => x.Warning.Id).Take(2_000).ToListAsync(ct);
        if (events.Count == 0)
            return result;
        var rounds = await db.Reviews.AsNoTracking().Where(r => communes.Contains(r.CommuneCode)).OrderBy(r => r.Id).Take(5_000).ToListAsync(ct);
        var wanted = reviews.Select(r => r.Id).ToHashSet();
        var onAgenda = events.Select(e => (e.CommuneCode, e.Warning, Round: NextRound(rounds, e.CommuneCode, e.Warning.IssuedAtUtc!.Value)))
            .Where(x => x.Round is not null && wanted.Contains(x.Round.Id)).ToList();
        if (onAgenda.Count == 0)
            return result;
        var warningIds = onAgenda.Select(x => x.Warning.Id).Distinct().ToList();
        var latestDamageIds = await db.DamageReports.AsNoTracking().Where(d => warningIds.Contains(d.WarningId) && communes.Contains(d.CommuneCode))
            .GroupBy(d => new { d.WarningId, d.CommuneCode }).Select(g => g.Max(d => d.Id)).ToListAsync(ct);
        var damage = await db.DamageReports.AsNoTracking().Where(d => latestDamageIds.Contains(d.Id)).ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking().Where(l => warningIds.Contains(l.WarningId)).ToListAsync(ct);
        foreach (var group in onAgenda.GroupBy(x => x.Round!.Id))
            result[group.Key] = group.Select(x => new ReviewEvent(x.Warning.Id, x.Warning.HeadlineVi, x.Warning.Hazard, x.Warning.Level, x.Warning.Status, x.Warning.IssuedAtUtc!.Value,
                damage.FirstOrDefault(d => d.WarningId == x.Warning.Id && d.CommuneCode == x.CommuneCode), lessons.FirstOrDefault(l => l.WarningId == x.Warning.Id))).ToList();
        return result;
    }

    public async Task<HazardResult<IReadOnlyList<ReviewEvent>>> ReviewEventsAsync(ClaimsPrincipal user, long reviewId, CancellationToken ct)
    {
        var review = await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reviewId, ct);
        if (review is null || !HazardScope.Covers(user, review.CommuneCode))
            return HazardFailure.NotFound("Không có đợt rà soát này.", "No such review.");
        var agenda = await ReviewAgendaAsync([review], ct);
        return new HazardResult<IReadOnlyList<ReviewEvent>>(agenda.GetValueOrDefault(review.Id) ?? [], null);
    }

    /// <summary>The warning as an event: issued (and, during the event, not cancelled).</summary>
    private async Task<(HazardWarning? Warning, HazardFailure? Failure)> EventAsync(long warningId, bool duringOnly, CancellationToken ct)
    {
        var warning = await db.Warnings.AsNoTracking().SingleOrDefaultAsync(w => w.Id == warningId, ct);
        if (warning is not { IssuedAtUtc: not null })
            return (null, HazardFailure.NotFound("Không có cảnh báo đã ban hành này.", "No such issued warning."));
        if (duringOnly && warning.Status != WarningStatus.Issued)
            return (null, HazardFailure.Conflict("Cảnh báo đã huỷ: không nhận báo cáo sơ tán nữa (thiệt hại vẫn ghi được).",
                "The warning is cancelled: evacuation and shelter reports are closed (damage can still be recorded)."));
        return (warning, null);
    }

    /// <summary>The commune must be one the warning affected, and the reporter's own (province staff: any).</summary>
    private async Task<HazardFailure?> CommuneFailureAsync(ClaimsPrincipal user, long warningId, string? commune, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(commune))
            return HazardFailure.Invalid(new Message("Phải chọn xã.", "The commune is required."));
        if (!HazardScope.Covers(user, commune))
            return HazardFailure.Forbidden("Bạn chỉ báo cáo cho xã của mình.", "You report for your own commune only.");
        if (!await db.Tasks.AnyAsync(t => t.WarningId == warningId && t.CommuneCode == commune, ct))
            return HazardFailure.Invalid(new Message($"Xã {commune} không thuộc vùng bị ảnh hưởng của cảnh báo này.", $"Commune {commune} is not affected by this warning."));
        return null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
