using System.Security.Claims;
using System.Text.Json;
using Envigil.Hazards.Delivery;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Risk;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Envigil.Hazards.Warnings;

public sealed record WarningDraft(
    HazardType? Hazard,
    string? HeadlineVi,
    string? HeadlineEn,
    string? MessageVi,
    string? MessageEn,
    string? InstructionVi,
    ForecastInputs? Forecast,
    /// <summary>GeoJSON Polygon/MultiPolygon (or a Feature holding one); or leave empty and list communes.</summary>
    string? AreaGeoJson,
    IReadOnlyList<string>? CommuneCodes,
    string? AreaDescription,
    DateTime? ValidFromUtc,
    DateTime? ValidToUtc,
    int? CompoundRaise,
    int? LevelOverride,
    string? LevelReason);

public sealed record WarningSummary(long Id, HazardType Hazard, string HeadlineVi, string? HeadlineEn, int Level, WarningStatus Status, DateTime ValidFromUtc, DateTime ValidToUtc,
    string DraftedBy, DateTime DraftedAtUtc, string? ApprovedBy, DateTime? IssuedAtUtc, int AffectedHouseholds, int AffectedPeople, int AffectedVulnerable,
    int TasksTotal, int TasksConfirmed);

public sealed record WarningPage(IReadOnlyList<WarningSummary> Items, long? NextBefore);

public sealed record ZoneHit(long Id, string Name, HazardType Hazard, Susceptibility Susceptibility);

public sealed record WarningDetail(HazardWarning Warning, IReadOnlyList<WarningTask> Tasks, IReadOnlyList<ZoneHit> Zones, RiskAssessment Assessment);

public sealed record TaskView(long Id, long WarningId, string WarningHeadline, HazardType Hazard, int Level, string CommuneCode, int Households, int People, int Vulnerable,
    WarningTaskStatus Status, int? HouseholdsReached, string? Note, string? ConfirmedBy, DateTime? ConfirmedAtUtc, DateTime CreatedAtUtc, DateTime ValidToUtc);

/// <summary>
/// Warnings from draft to issue. Two-person rule: whoever drafted a warning cannot approve it. On issue the affected
/// communes, households and vulnerable people are computed by the spatial join and each affected commune gets a task
/// to confirm that its households were reached.
/// </summary>
public sealed class WarningService(HazardsDb db, AffectedArea affected, ProvinceGeography geography, IAuditActorAccessor actors, TimeProvider time,
    IOptions<HazardsOptions> options, Decision18Rules rules, WarningDeliveries deliveries, DeliverySignal deliverySignal)
{
    public const int MaxPageSize = 200;
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private string Actor => actors.Current.Name;
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public Decision18Rules Rules => rules;

    public RiskAssessment Assess(HazardType hazard, ForecastInputs forecast) => RiskEvaluator.Evaluate(rules, hazard, forecast, options.Value.ApplyUnverifiedRules);

    public async Task<HazardResult<HazardWarning>> DraftAsync(WarningDraft input, CancellationToken ct)
    {
        var errors = new List<Message>();
        if (input.Hazard is not { } hazard || !Enum.IsDefined(hazard))
        {
            errors.Add(new("Phải chọn loại thiên tai.", "The hazard is required."));
            hazard = default;
        }
        if (string.IsNullOrWhiteSpace(input.HeadlineVi) || input.HeadlineVi.Length > 300)
            errors.Add(new("Phải nhập tiêu đề tiếng Việt (tối đa 300 ký tự).", "The Vietnamese headline is required (at most 300 characters)."));
        if (string.IsNullOrWhiteSpace(input.MessageVi) || input.MessageVi.Length > 8000)
            errors.Add(new("Phải nhập nội dung cảnh báo tiếng Việt (tối đa 8000 ký tự).", "The Vietnamese message is required (at most 8000 characters)."));
        if (input.HeadlineEn is { Length: > 300 } || input.MessageEn is { Length: > 8000 } || input.InstructionVi is { Length: > 8000 })
            errors.Add(new("Tiêu đề hoặc nội dung quá dài.", "A headline or message is too long."));
        if (input.ValidFromUtc is not { } from || input.ValidToUtc is not { } to || to <= from)
        {
            errors.Add(new("Thời gian hiệu lực: từ phải trước đến.", "Validity: 'from' must be before 'to'."));
            from = to = default;
        }
        else if (to - from > MaxValidity)
            errors.Add(new("Một cảnh báo có hiệu lực tối đa 30 ngày.", "A warning is valid for at most 30 days."));

        Geometry? polygon = null;
        var communes = new List<string>();
        if (!string.IsNullOrWhiteSpace(input.AreaGeoJson))
        {
            if (input.AreaGeoJson.Length > 5_000_000)
                errors.Add(new("Vùng cảnh báo quá lớn.", "The warning area is too large."));
            else if ((polygon = Registers.ZoneGeoJson.ReadArea(input.AreaGeoJson, out var areaError)) is null)
                errors.Add(areaError!);
        }
        foreach (var code in input.CommuneCodes ?? [])
        {
            var trimmed = code.Trim();
            if (geography.Current.Commune(trimmed) is null)
                errors.Add(new($"Mã xã {trimmed} không thuộc tỉnh.", $"Commune {trimmed} is not in the province."));
            else if (!communes.Contains(trimmed))
                communes.Add(trimmed);
        }
        if (polygon is null && communes.Count == 0 && string.IsNullOrWhiteSpace(input.AreaGeoJson))
            errors.Add(new("Phải vẽ vùng cảnh báo hoặc chọn các xã bị ảnh hưởng.", "Draw the warning area or choose the affected communes."));

        var forecast = input.Forecast ?? new ForecastInputs();
        var assessment = Assess(hazard, forecast);
        var raise = input.CompoundRaise ?? 0;
        if (raise is < 0 or > 2)
            errors.Add(new("Nâng cấp do thiên tai kết hợp chỉ được 0, 1 hoặc 2 (Điều 4).", "The compound raise is 0, 1 or 2 (Art. 4)."));
        var reason = string.IsNullOrWhiteSpace(input.LevelReason) ? null : input.LevelReason.Trim();
        int level = 0;
        if (input.LevelOverride is { } manual)
        {
            if (manual is < 1 or > 5)
                errors.Add(new("Cấp độ rủi ro từ 1 đến 5.", "Risk levels are 1 to 5."));
            if (reason is null)
                errors.Add(new("Đặt cấp độ khác quy tắc thì phải ghi lý do.", "Setting a level other than the rule's needs a reason."));
            level = manual;
        }
        else if (assessment.Level is { } computed)
        {
            if (raise > 0 && reason is null)
                errors.Add(new("Nâng cấp do thiên tai kết hợp thì phải ghi lý do.", "A compound raise needs a reason."));
            level = raise is >= 0 and <= 2 ? RiskEvaluator.Compound(rules, computed, raise) : computed;
        }
        else
        {
            errors.Add(new($"Quy tắc không cho cấp độ ({assessment.ExplanationVi}); hãy đặt cấp độ và ghi lý do.",
                $"The rules give no level ({assessment.ExplanationEn}); set the level and give a reason."));
        }
        if (reason is { Length: > 2000 })
            errors.Add(new("Lý do quá dài.", "The reason is too long."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);

        var warning = new HazardWarning
        {
            Hazard = hazard, HeadlineVi = input.HeadlineVi!.Trim(), HeadlineEn = input.HeadlineEn?.Trim(), MessageVi = input.MessageVi!.Trim(), MessageEn = input.MessageEn?.Trim(),
            InstructionVi = input.InstructionVi?.Trim(), ForecastJson = JsonSerializer.Serialize(forecast, Json), ComputedLevel = assessment.Level, RuleId = assessment.RuleId,
            RuleVerified = assessment.Verified, RuleExplanation = $"{assessment.Source}: {assessment.ExplanationVi}", CompoundRaise = input.LevelOverride is null ? raise : 0,
            Level = level, OverrideReason = reason, Area = polygon, CommuneCodes = string.Join(",", communes),
            AreaDescription = string.IsNullOrWhiteSpace(input.AreaDescription) ? DescribeArea(communes, polygon) : input.AreaDescription.Trim()[..Math.Min(input.AreaDescription.Trim().Length, 1000)],
            ValidFromUtc = from, ValidToUtc = to, Status = WarningStatus.Draft, DraftedBy = Actor, DraftedAtUtc = Now,
        };
        db.Warnings.Add(warning);
        await db.SaveChangesAsync(ct);
        return warning;
    }

    private string DescribeArea(IReadOnlyList<string> communes, Geometry? polygon)
    {
        if (communes.Count > 0)
            return string.Join(", ", communes.Select(c => geography.Current.Commune(c)?.FullName ?? c));
        var province = geography.Current.Province;
        return polygon is null ? province.FullName : $"Vùng vẽ trên bản đồ, {province.FullName}";
    }

    public async Task<HazardResult<HazardWarning>> ApproveAsync(long id, CancellationToken ct)
    {
        var warning = await db.Warnings.FindAsync([id], ct);
        if (warning is null)
            return HazardFailure.NotFound("Không có cảnh báo này.", "No such warning.");
        if (warning.Status != WarningStatus.Draft)
            return HazardFailure.Conflict($"Cảnh báo đang ở trạng thái {warning.Status}, không duyệt được.", $"The warning is {warning.Status}; only a draft can be approved.");
        if (string.Equals(warning.DraftedBy, Actor, StringComparison.OrdinalIgnoreCase))
            return HazardFailure.Conflict("Người soạn không được tự duyệt cảnh báo của mình; cần người thứ hai.", "The person who drafted a warning cannot approve it; a second person must.");
        warning.Status = WarningStatus.Approved;
        warning.ApprovedBy = Actor;
        warning.ApprovedAtUtc = Now;
        warning.Version++;
        await db.SaveChangesAsync(ct);
        return warning;
    }

    /// <summary>
    /// Issues an approved warning: affected communes and households, one task per affected commune, and its pushes
    /// (e-mail, CAP webhooks) in the same transaction; the dispatcher is woken once they are committed.
    /// </summary>
    /// <param name="requestBase">The address the issuer used, for links when Delivery:PublicBaseUrl is not set.</param>
    public async Task<HazardResult<HazardWarning>> IssueAsync(long id, string? requestBase, CancellationToken ct)
    {
        var warning = await db.Warnings.FindAsync([id], ct);
        if (warning is null)
            return HazardFailure.NotFound("Không có cảnh báo này.", "No such warning.");
        if (warning.Status != WarningStatus.Approved)
            return HazardFailure.Conflict("Chỉ ban hành cảnh báo đã được duyệt.", "Only an approved warning can be issued.");
        var area = AreaOf(warning);
        var impacts = await affected.SummariseAsync(area, null, ct);
        // Communes: those named, those the polygon touches, and those with affected households (a point just over a simplified border).
        var communes = new SortedSet<string>(warning.Communes, StringComparer.Ordinal);
        if (warning.Area is { } polygon)
        {
            var prepared = PreparedGeometryFactory.Prepare(polygon);
            foreach (var commune in geography.Current.Communes.Where(c => c.Boundary is not null && prepared.Intersects(c.Boundary)))
                communes.Add(commune.Code);
        }
        foreach (var impact in impacts)
            communes.Add(impact.CommuneCode);
        foreach (var code in communes)
        {
            var impact = impacts.FirstOrDefault(i => i.CommuneCode == code);
            db.Tasks.Add(new WarningTask
            {
                WarningId = warning.Id, CommuneCode = code, Households = impact?.Households ?? 0, People = impact?.People ?? 0, Vulnerable = impact?.Vulnerable ?? 0,
                Status = WarningTaskStatus.Open, CreatedAtUtc = Now,
            });
        }
        warning.CommuneCodes = string.Join(",", communes);
        warning.AffectedHouseholds = impacts.Sum(i => i.Households);
        warning.AffectedPeople = impacts.Sum(i => i.People);
        warning.AffectedVulnerable = impacts.Sum(i => i.Vulnerable);
        warning.Status = WarningStatus.Issued;
        warning.IssuedBy = Actor;
        warning.IssuedAtUtc = Now;
        warning.Version++;
        await deliveries.EnqueueAsync(warning, deliveries.WebBase(requestBase), ct);
        await db.SaveChangesAsync(ct);
        deliverySignal.Pulse();
        return warning;
    }

    /// <summary>Cancels a warning; one that was issued is pushed again as cancelled (CAP msgType Cancel) to the same kinds of recipients.</summary>
    public async Task<HazardResult<HazardWarning>> CancelAsync(long id, string? requestBase, CancellationToken ct)
    {
        var warning = await db.Warnings.FindAsync([id], ct);
        if (warning is null)
            return HazardFailure.NotFound("Không có cảnh báo này.", "No such warning.");
        if (warning.Status == WarningStatus.Cancelled)
            return HazardFailure.Conflict("Cảnh báo đã huỷ.", "The warning is already cancelled.");
        var wasIssued = warning.Status == WarningStatus.Issued;
        warning.Status = WarningStatus.Cancelled;
        warning.Version++;
        if (wasIssued)
            await deliveries.EnqueueAsync(warning, deliveries.WebBase(requestBase), ct);
        await db.SaveChangesAsync(ct);
        if (wasIssued)
            deliverySignal.Pulse();
        return warning;
    }

    public static WarningArea AreaOf(HazardWarning warning) => new(warning.Area, warning.Communes);

    public async Task<WarningPage> ListAsync(WarningStatus? status, long? before, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var query = db.Warnings.AsNoTracking();
        if (status is { } s)
            query = query.Where(w => w.Status == s);
        if (before is { } b)
            query = query.Where(w => w.Id < b);
        var rows = await query.OrderByDescending(w => w.Id).Take(limit + 1).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var progress = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.WarningId)).GroupBy(t => t.WarningId)
            .Select(g => new { g.Key, Total = g.Count(), Confirmed = g.Count(t => t.Status == WarningTaskStatus.Confirmed) }).ToListAsync(ct);
        var items = rows.Take(limit).Select(w =>
        {
            var p = progress.FirstOrDefault(x => x.Key == w.Id);
            return new WarningSummary(w.Id, w.Hazard, w.HeadlineVi, w.HeadlineEn, w.Level, w.Status, w.ValidFromUtc, w.ValidToUtc, w.DraftedBy, w.DraftedAtUtc, w.ApprovedBy,
                w.IssuedAtUtc, w.AffectedHouseholds, w.AffectedPeople, w.AffectedVulnerable, p?.Total ?? 0, p?.Confirmed ?? 0);
        }).ToList();
        return new WarningPage(items, rows.Count > limit ? items[^1].Id : null);
    }

    /// <summary>Issued warnings still in force, newest first: the public feed.</summary>
    public async Task<IReadOnlyList<HazardWarning>> ActiveAsync(CancellationToken ct)
    {
        var now = Now;
        return await db.Warnings.AsNoTracking().Where(w => w.Status == WarningStatus.Issued && w.ValidToUtc > now).OrderByDescending(w => w.Id).Take(200).ToListAsync(ct);
    }

    public Task<HazardWarning?> FindAsync(long id, CancellationToken ct) => db.Warnings.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);

    public async Task<WarningDetail?> DetailAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } warning)
            return null;
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.WarningId == id).OrderBy(t => t.CommuneCode).ToListAsync(ct);
        var zones = new List<ZoneHit>();
        var area = warning.Area ?? CommunesUnion(warning.Communes);
        if (area is not null)
        {
            var prepared = PreparedGeometryFactory.Prepare(area);
            foreach (var zone in await db.Zones.AsNoTracking().OrderBy(z => z.Id).Take(5_000).ToListAsync(ct))
                if (prepared.Intersects(zone.Geometry))
                    zones.Add(new ZoneHit(zone.Id, zone.Name, zone.Hazard, zone.Susceptibility));
        }
        var forecast = JsonSerializer.Deserialize<ForecastInputs>(warning.ForecastJson, Json) ?? new ForecastInputs();
        return new WarningDetail(warning, tasks, zones, Assess(warning.Hazard, forecast));
    }

    private Geometry? CommunesUnion(IReadOnlyList<string> codes)
    {
        var boundaries = codes.Select(c => geography.Current.Commune(c)?.Boundary).OfType<Geometry>().ToList();
        return boundaries.Count == 0 ? null : new GeometryCollection([.. boundaries]).Union();
    }

    // ------------------------------------------------------------ tasks

    public async Task<IReadOnlyList<TaskView>> TasksAsync(ClaimsPrincipal user, WarningTaskStatus? status, long? warningId, CancellationToken ct)
    {
        var query = db.Tasks.AsNoTracking();
        if (HazardScope.Communes(user)?.ToList() is { } scope)
            query = query.Where(t => scope.Contains(t.CommuneCode));
        if (status is { } s)
            query = query.Where(t => t.Status == s);
        if (warningId is { } w)
            query = query.Where(t => t.WarningId == w);
        var rows = await query.Join(db.Warnings, t => t.WarningId, w => w.Id, (t, w) => new { t, w.HeadlineVi, w.Hazard, w.Level, w.ValidToUtc })
            .OrderByDescending(x => x.t.Id).Take(500).ToListAsync(ct);
        return rows.Select(x => new TaskView(x.t.Id, x.t.WarningId, x.HeadlineVi, x.Hazard, x.Level, x.t.CommuneCode, x.t.Households, x.t.People, x.t.Vulnerable, x.t.Status,
            x.t.HouseholdsReached, x.t.Note, x.t.ConfirmedBy, x.t.ConfirmedAtUtc, x.t.CreatedAtUtc, x.ValidToUtc)).ToList();
    }

    public async Task<HazardResult<WarningTask>> ConfirmTaskAsync(ClaimsPrincipal user, long taskId, int? householdsReached, string? note, CancellationToken ct)
    {
        var task = await db.Tasks.FindAsync([taskId], ct);
        if (task is null || !HazardScope.Covers(user, task.CommuneCode))
            return HazardFailure.NotFound("Không có nhiệm vụ này, hoặc nhiệm vụ không thuộc xã của bạn.", "No such task, or it is not your commune's.");
        if (task.Status == WarningTaskStatus.Confirmed)
            return HazardFailure.Conflict("Nhiệm vụ đã được xác nhận.", "The task is already confirmed.");
        if (householdsReached is not { } reached || reached < 0 || reached > task.Households)
            return HazardFailure.Invalid(new Message($"Số hộ đã thông báo phải từ 0 đến {task.Households}.", $"Households reached must be 0 to {task.Households}."));
        if (note is { Length: > 2000 })
            return HazardFailure.Invalid(new Message("Ghi chú quá dài (tối đa 2000 ký tự).", "The note is too long (at most 2000 characters)."));
        task.Status = WarningTaskStatus.Confirmed;
        task.HouseholdsReached = reached;
        task.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        task.ConfirmedBy = Actor;
        task.ConfirmedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return task;
    }
}
