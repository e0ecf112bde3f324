using System.Security.Claims;
using Envigil.Enforcement.Persistence;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Modules;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Enforcement.Cases;

public sealed record NewCase(string? FacilityId, IReadOnlyList<long>? AlertIds, string? Title, string? LegalBasis = null, string? LegalArticle = null);

/// <summary>Fields that may change while a case is open; null leaves a field as it is, "" clears an optional one.</summary>
public sealed record CaseEdit(string? Title = null, string? LegalBasis = null, string? LegalArticle = null, string? SanctionArticle = null, int? ExpectedVersion = null);

public sealed record CaseSummary(long Id, string Number, string FacilityId, string? FacilityName, string Title, CaseStatus Status, DateTime OpenedAtUtc, string OpenedBy,
    long? FineVnd, DateOnly? RemediationDeadline, int Version);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, long? NextBefore);

public sealed record CaseAlertView(long AlertId, string AddedBy, DateTime AddedAtUtc, AlertFacts? Alert);

public sealed record CaseEventView(long Id, CaseEventKind Kind, string Actor, DateTime AtUtc, CaseStatus? FromStatus, CaseStatus? ToStatus, string? Body);

public sealed record CaseDocumentView(long Id, string FileName, string ContentType, long SizeBytes, string Sha256, string? Description, string UploadedBy, DateTime UploadedAtUtc);

public sealed record CaseDetail(ViolationCase Case, string? FacilityName, IReadOnlyList<CaseStatus> NextStatuses, IReadOnlyList<CaseAlertView> Alerts,
    IReadOnlyList<CaseEventView> Events, IReadOnlyList<CaseDocumentView> Documents);

/// <summary>A result or the reason there is none.</summary>
public readonly record struct CaseResult<T>(T? Value, CaseFailure? Failure)
{
    public static implicit operator CaseResult<T>(T value) => new(value, null);
    public static implicit operator CaseResult<T>(CaseFailure failure) => new(default, failure);
}

/// <summary>Violation cases: opening, editing, the status workflow, alerts and documents, every change in the history.</summary>
public sealed class CaseService(EnforcementDb db, IAlertEvidenceSource alerts, RegistryCache registry, CaseDocumentStore documents,
    IAuditActorAccessor actors, TimeProvider time, IOptions<EnforcementOptions> options)
{
    public const int MaxPageSize = 200;
    public const int MaxAlertsPerCase = 200;

    private string Actor => actors.Current.Name;
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public string DefaultSanctionDecree => options.Value.DefaultSanctionDecree;
    public long MaxDocumentBytes => options.Value.MaxDocumentBytes;

    public async Task<CasePage> ListAsync(ClaimsPrincipal user, CaseStatus? status, string? facilityId, long? before, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var query = CaseAccess.Visible(db.Cases.AsNoTracking(), user);
        if (status is { } s)
            query = query.Where(c => c.Status == s);
        if (!string.IsNullOrWhiteSpace(facilityId))
            query = query.Where(c => c.FacilityId == facilityId);
        if (before is { } b)
            query = query.Where(c => c.Id < b);
        var items = await query.OrderByDescending(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var snapshot = await registry.GetAsync(ct);
        var page = items.Take(limit).Select(c => new CaseSummary(c.Id, c.Number, c.FacilityId, snapshot.Facility(c.FacilityId)?.Name, c.Title, c.Status, c.OpenedAtUtc,
            c.OpenedBy, c.FineVnd, c.RemediationDeadline, c.Version)).ToList();
        return new CasePage(page, items.Count > limit ? page[^1].Id : null);
    }

    /// <summary>A case the person may read, or null (also when it exists but is outside their scope: its existence is not revealed).</summary>
    public Task<ViolationCase?> FindAsync(ClaimsPrincipal user, long id, CancellationToken ct) =>
        CaseAccess.Visible(db.Cases.AsNoTracking(), user).SingleOrDefaultAsync(c => c.Id == id, ct);

    public async Task<CaseDetail?> DetailAsync(ClaimsPrincipal user, long id, CancellationToken ct)
    {
        if (await FindAsync(user, id, ct) is not { } c)
            return null;
        var links = await db.CaseAlerts.AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.AlertId).ToListAsync(ct);
        var alertViews = new List<CaseAlertView>();
        foreach (var link in links)
            alertViews.Add(new(link.AlertId, link.AddedBy, link.AddedAtUtc, await alerts.FindAsync(link.AlertId, ct)));
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Id)
            .Select(e => new CaseEventView(e.Id, e.Kind, e.Actor, e.AtUtc, e.FromStatus, e.ToStatus, e.Body)).ToListAsync(ct);
        var docs = await DocumentsAsync(id, ct);
        var facility = (await registry.GetAsync(ct)).Facility(c.FacilityId);
        return new CaseDetail(c, facility?.Name, CaseWorkflow.Next(c.Status), alertViews, events, docs);
    }

    public Task<List<CaseDocumentView>> DocumentsAsync(long caseId, CancellationToken ct) =>
        db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id)
            .Select(d => new CaseDocumentView(d.Id, d.FileName, d.ContentType, d.SizeBytes, d.Sha256, d.Description, d.UploadedBy, d.UploadedAtUtc)).ToListAsync(ct);

    public Task<List<long>> AlertIdsAsync(long caseId, CancellationToken ct) =>
        db.CaseAlerts.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.AlertId).Select(a => a.AlertId).ToListAsync(ct);

    public Task<List<CaseEventView>> EventsAsync(long caseId, CancellationToken ct) =>
        db.CaseEvents.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Id)
            .Select(e => new CaseEventView(e.Id, e.Kind, e.Actor, e.AtUtc, e.FromStatus, e.ToStatus, e.Body)).ToListAsync(ct);

    /// <summary>Opens a case from alerts (all of one facility) or by hand for a facility.</summary>
    public async Task<CaseResult<ViolationCase>> CreateAsync(NewCase input, CancellationToken ct)
    {
        var errors = new List<UiString>();
        var alertIds = (input.AlertIds ?? []).Distinct().ToList();
        var facilityId = CaseWorkflow.Clean(input.FacilityId);
        if (alertIds.Count == 0 && facilityId is null)
            return CaseFailure.Invalid(new("Chọn cơ sở, hoặc mở hồ sơ từ cảnh báo.", "Give a facility id, or open the case from alerts."));
        if (alertIds.Count > MaxAlertsPerCase)
            return CaseFailure.Invalid(new($"Tối đa {MaxAlertsPerCase} cảnh báo mỗi hồ sơ.", $"At most {MaxAlertsPerCase} alerts per case."));
        var (found, alertErrors) = await AlertsOfOneFacilityAsync(alertIds, facilityId, ct);
        errors.AddRange(alertErrors);
        facilityId ??= found.Select(a => a.FacilityId).FirstOrDefault();
        if (facilityId is not null && (await registry.GetAsync(ct)).Facility(facilityId) is null)
            errors.Add(new($"Cơ sở '{facilityId}' chưa được đăng ký.", $"Facility '{facilityId}' is not registered."));
        var title = CaseWorkflow.Clean(input.Title) ?? found.FirstOrDefault()?.TitleVi;
        if (title is null)
            errors.Add(new("Phải nhập tiêu đề hồ sơ.", "A title is required."));
        errors.AddRange(TextErrors(title, input.LegalBasis, input.LegalArticle, null));
        if (errors.Count > 0)
            return CaseFailure.InvalidAll([.. errors]);

        var now = Now;
        var year = VietnamTime.ToLocal(now).Year;
        // The number is the next of the year; two cases opened at once collide on the unique index and the later retries.
        for (var attempt = 0; ; attempt++)
        {
            var sequence = (await db.Cases.Where(c => c.Year == year).MaxAsync(c => (int?)c.Sequence, ct) ?? 0) + 1;
            var c = new ViolationCase
            {
                Year = year,
                Sequence = sequence,
                Number = $"VP-{year}-{sequence:D4}",
                FacilityId = facilityId!,
                Title = title!,
                LegalBasis = CaseWorkflow.Clean(input.LegalBasis),
                LegalArticle = CaseWorkflow.Clean(input.LegalArticle),
                Status = CaseStatus.Detected,
                OpenedBy = Actor,
                OpenedAtUtc = now,
                SanctionDecree = DefaultSanctionDecree,
                UpdatedAtUtc = now,
            };
            db.Cases.Add(c);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            foreach (var alert in found)
                db.CaseAlerts.Add(new CaseAlert { CaseId = c.Id, AlertId = alert.Id, AddedBy = Actor, AddedAtUtc = now });
            db.CaseEvents.Add(Event(c, CaseEventKind.Opened, found.Count == 0
                ? "Mở hồ sơ thủ công / opened by hand"
                : $"Mở từ cảnh báo / opened from alerts {string.Join(", ", found.Select(a => "#" + a.Id))}"));
            await db.SaveChangesAsync(ct);
            return c;
        }
    }

    public async Task<CaseResult<ViolationCase>> EditAsync(long id, CaseEdit edit, CancellationToken ct)
    {
        if (await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
            return CaseFailure.NotFound;
        if (VersionConflict(c, edit.ExpectedVersion) is { } conflict)
            return conflict;
        if (CaseWorkflow.IsFinished(c.Status))
            return CaseFailure.Conflict(new("Hồ sơ đã kết thúc, không sửa được nữa.", $"The case is {c.Status}: it can no longer be edited."));
        if (edit.Title is not null && CaseWorkflow.Clean(edit.Title) is null)
            return CaseFailure.Invalid(new("Tiêu đề không được để trống.", "The title cannot be empty."));
        var errors = TextErrors(edit.Title, edit.LegalBasis, edit.LegalArticle, edit.SanctionArticle);
        if (errors.Count > 0)
            return CaseFailure.InvalidAll([.. errors]);
        var changes = new List<string>();
        void Set(string label, string? value, Func<string?> get, Action<string?> set, bool required = false)
        {
            if (value is null)
                return;
            var cleaned = CaseWorkflow.Clean(value);
            if (cleaned == get() || (required && cleaned is null))
                return;
            changes.Add($"{label}: '{get()}' → '{cleaned}'");
            set(cleaned);
        }
        Set("title", edit.Title, () => c.Title, v => c.Title = v!, required: true);
        Set("legal basis", edit.LegalBasis, () => c.LegalBasis, v => c.LegalBasis = v);
        Set("legal article", edit.LegalArticle, () => c.LegalArticle, v => c.LegalArticle = v);
        Set("sanction article", edit.SanctionArticle, () => c.SanctionArticle, v => c.SanctionArticle = v);
        if (changes.Count == 0)
            return c;
        db.CaseEvents.Add(Event(c, CaseEventKind.Edited, string.Join("; ", changes)));
        return await SaveAsync(c, ct);
    }

    public async Task<CaseResult<ViolationCase>> TransitionAsync(long id, CaseTransition transition, CancellationToken ct)
    {
        if (await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
            return CaseFailure.NotFound;
        if (CaseWorkflow.Parse(transition.To) is not { } to)
            return CaseFailure.Invalid(new($"Trạng thái đích không hợp lệ: '{transition.To}'.",
                $"Unknown target status '{transition.To}': {string.Join(", ", Enum.GetNames<CaseStatus>())}."));
        if (VersionConflict(c, transition.ExpectedVersion) is { } conflict)
            return conflict;
        if (CaseWorkflow.Check(c, to, transition, DateOnly.FromDateTime(VietnamTime.ToLocal(Now))) is { } refusal)
            return refusal;
        var from = c.Status;
        var body = CaseWorkflow.Apply(c, to, transition, Actor, Now);
        var e = Event(c, CaseEventKind.StatusChanged, body);
        (e.FromStatus, e.ToStatus) = (from, to);
        db.CaseEvents.Add(e);
        return await SaveAsync(c, ct);
    }

    public async Task<CaseResult<ViolationCase>> AddAlertsAsync(long id, IReadOnlyList<long> alertIds, int? expectedVersion, CancellationToken ct)
    {
        if (await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
            return CaseFailure.NotFound;
        if (VersionConflict(c, expectedVersion) is { } conflict)
            return conflict;
        if (CaseWorkflow.IsFinished(c.Status))
            return CaseFailure.Conflict(new("Hồ sơ đã kết thúc, không thêm cảnh báo được.", $"The case is {c.Status}: no alerts can be added."));
        var ids = alertIds.Distinct().ToList();
        if (ids.Count == 0)
            return CaseFailure.Invalid(new("Chọn ít nhất một cảnh báo.", "Give at least one alert id."));
        var existing = await db.CaseAlerts.Where(a => a.CaseId == id).Select(a => a.AlertId).ToListAsync(ct);
        if (existing.Count + ids.Count > MaxAlertsPerCase)
            return CaseFailure.Invalid(new($"Tối đa {MaxAlertsPerCase} cảnh báo mỗi hồ sơ.", $"At most {MaxAlertsPerCase} alerts per case."));
        var (found, errors) = await AlertsOfOneFacilityAsync(ids, c.FacilityId, ct);
        if (errors.Count > 0)
            return CaseFailure.InvalidAll([.. errors]);
        var added = found.Where(a => !existing.Contains(a.Id)).ToList();
        if (added.Count == 0)
            return c;
        foreach (var alert in added)
        {
            db.CaseAlerts.Add(new CaseAlert { CaseId = c.Id, AlertId = alert.Id, AddedBy = Actor, AddedAtUtc = Now });
            db.CaseEvents.Add(Event(c, CaseEventKind.AlertAdded, $"#{alert.Id}: {alert.TitleVi}"));
        }
        return await SaveAsync(c, ct);
    }

    public async Task<CaseResult<ViolationCase>> CommentAsync(long id, string? text, CancellationToken ct)
    {
        if (await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
            return CaseFailure.NotFound;
        if (CaseWorkflow.Clean(text) is not { } body)
            return CaseFailure.Invalid(new("Nhập nội dung ý kiến.", "The comment is empty."));
        if (body.Length > CaseWorkflow.MaxTextLength)
            return CaseFailure.Invalid(new($"Ý kiến: tối đa {CaseWorkflow.MaxTextLength} ký tự.", $"Comment: at most {CaseWorkflow.MaxTextLength} characters."));
        db.CaseEvents.Add(Event(c, CaseEventKind.Commented, body));
        await db.SaveChangesAsync(ct);
        return c;
    }

    /// <summary>Attaches a document after checking its size, extension and first bytes; the bytes are stored before the row.</summary>
    public async Task<CaseResult<CaseDocumentView>> AttachAsync(long id, string? fileName, byte[] content, string? description, CancellationToken ct)
    {
        if (await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
            return CaseFailure.NotFound;
        if (c.Status == CaseStatus.Dismissed)
            return CaseFailure.Conflict(new("Hồ sơ đã bị bác bỏ, không đính kèm được.", "The case is dismissed: no documents can be attached."));
        var (contentType, error) = DocumentRules.Check(fileName, content, MaxDocumentBytes);
        if (error is not null)
            return CaseFailure.Invalid(error);
        if (description is { Length: > CaseWorkflow.MaxShortTextLength })
            return CaseFailure.Invalid(new($"Mô tả: tối đa {CaseWorkflow.MaxShortTextLength} ký tự.", $"Description: at most {CaseWorkflow.MaxShortTextLength} characters."));
        var sha256 = FileArchive.Sha256Of(content);
        await documents.StoreAsync(sha256, content, ct);
        var document = new CaseDocument
        {
            CaseId = c.Id,
            FileName = DocumentRules.SafeFileName(fileName),
            ContentType = contentType!,
            SizeBytes = content.Length,
            Sha256 = sha256,
            Description = CaseWorkflow.Clean(description),
            UploadedBy = Actor,
            UploadedAtUtc = Now,
        };
        db.CaseDocuments.Add(document);
        db.CaseEvents.Add(Event(c, CaseEventKind.DocumentAttached, $"{document.FileName} ({content.Length:N0} B, sha256 {sha256})"));
        await db.SaveChangesAsync(ct);
        return new CaseDocumentView(document.Id, document.FileName, document.ContentType, document.SizeBytes, document.Sha256, document.Description, document.UploadedBy, document.UploadedAtUtc);
    }

    private async Task<(List<AlertFacts> Found, List<UiString> Errors)> AlertsOfOneFacilityAsync(IReadOnlyList<long> ids, string? facilityId, CancellationToken ct)
    {
        var found = new List<AlertFacts>();
        var errors = new List<UiString>();
        foreach (var id in ids)
        {
            if (await alerts.FindAsync(id, ct) is not { } alert)
                errors.Add(new($"Không có cảnh báo #{id}.", $"Alert {id} does not exist."));
            else if (alert.FacilityId is null)
                errors.Add(new($"Cảnh báo #{id} thuộc trạm của mạng lưới công, không thuộc cơ sở nào.", $"Alert {id} is about a public-network station, not a facility."));
            else
                found.Add(alert);
        }
        var facilities = found.Select(a => a.FacilityId!).Append(facilityId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (facilities.Count > 1)
            errors.Add(new($"Các cảnh báo thuộc nhiều cơ sở khác nhau ({string.Join(", ", facilities)}); mỗi hồ sơ chỉ về một cơ sở.",
                $"The alerts belong to different facilities ({string.Join(", ", facilities)}); a case is about one facility."));
        return (found, errors);
    }

    private static List<UiString> TextErrors(string? title, string? legalBasis, string? legalArticle, string? sanctionArticle)
    {
        var errors = new List<UiString>();
        if (title is { Length: > CaseWorkflow.MaxShortTextLength })
            errors.Add(new($"Tiêu đề: tối đa {CaseWorkflow.MaxShortTextLength} ký tự.", $"Title: at most {CaseWorkflow.MaxShortTextLength} characters."));
        if (legalBasis is { Length: > CaseWorkflow.MaxTextLength })
            errors.Add(new($"Căn cứ pháp lý: tối đa {CaseWorkflow.MaxTextLength} ký tự.", $"Legal basis: at most {CaseWorkflow.MaxTextLength} characters."));
        if (legalArticle is { Length: > CaseWorkflow.MaxShortTextLength } || sanctionArticle is { Length: > CaseWorkflow.MaxShortTextLength })
            errors.Add(new($"Điều khoản: tối đa {CaseWorkflow.MaxShortTextLength} ký tự.", $"Article: at most {CaseWorkflow.MaxShortTextLength} characters."));
        return errors;
    }

    private static CaseFailure? VersionConflict(ViolationCase c, int? expected) =>
        expected is { } v && v != c.Version
            ? CaseFailure.Conflict(new($"Hồ sơ vừa được người khác thay đổi (phiên bản {c.Version}); hãy tải lại trang rồi thử lại.",
                $"The case was changed by someone else (it is at version {c.Version}, not {v}); reload it and try again."))
            : null;

    private async Task<CaseResult<ViolationCase>> SaveAsync(ViolationCase c, CancellationToken ct)
    {
        c.Version++;
        c.UpdatedAtUtc = Now;
        try
        {
            await db.SaveChangesAsync(ct);
            return c;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return CaseFailure.Conflict(new("Hồ sơ vừa được người khác thay đổi; hãy tải lại trang rồi thử lại.", "The case was changed by someone else at the same time; reload it and try again."));
        }
    }

    private CaseEvent Event(ViolationCase c, CaseEventKind kind, string? body) =>
        new() { CaseId = c.Id, Kind = kind, Actor = Actor, AtUtc = Now, Body = body };
}
