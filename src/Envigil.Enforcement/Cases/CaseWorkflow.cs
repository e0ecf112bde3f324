using Envigil.Kernel.Modules;

namespace Envigil.Enforcement.Cases;

/// <summary>What a status change carries: the decision facts for DecisionIssued, a note for Closed, a reason for Dismissed.</summary>
public sealed record CaseTransition(
    string? To,
    string? DecisionNumber = null,
    DateOnly? DecisionDate = null,
    string? SanctionDecree = null,
    string? SanctionArticle = null,
    long? FineVnd = null,
    DateOnly? RemediationDeadline = null,
    string? Note = null,
    int? ExpectedVersion = null);

/// <summary>Why a request about a case was refused: not found (or out of scope), invalid input (400) or a conflict with its state (409).</summary>
public enum CaseFailureKind
{
    NotFound,
    Invalid,
    Conflict,
}

public sealed record CaseFailure(CaseFailureKind Kind, IReadOnlyList<UiString> Errors)
{
    public static CaseFailure Invalid(UiString error) => new(CaseFailureKind.Invalid, [error]);
    public static CaseFailure InvalidAll(IReadOnlyList<UiString> errors) => new(CaseFailureKind.Invalid, errors);
    public static CaseFailure Conflict(UiString error) => new(CaseFailureKind.Conflict, [error]);
    public static readonly CaseFailure NotFound = new(CaseFailureKind.NotFound, [new("Không tìm thấy hồ sơ.", "The case was not found.")]);
}

/// <summary>The status workflow of a violation case, as plain rules (no I/O).</summary>
public static class CaseWorkflow
{
    /// <summary>Amounts in the history are written as Vietnamese write them (1.000.000), whatever the reader's language.</summary>
    public static readonly System.Globalization.CultureInfo Vietnamese = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");

    public const int MaxTextLength = 4000;
    public const int MaxShortTextLength = 300;

    public static IReadOnlyList<CaseStatus> Next(CaseStatus status) => status switch
    {
        CaseStatus.Detected => [CaseStatus.Verified, CaseStatus.Dismissed],
        CaseStatus.Verified => [CaseStatus.DecisionIssued, CaseStatus.Dismissed],
        CaseStatus.DecisionIssued => [CaseStatus.Closed],
        _ => [],
    };

    /// <summary>The main line shown as a stepper; Dismissed is a side exit.</summary>
    public static readonly IReadOnlyList<CaseStatus> MainLine = [CaseStatus.Detected, CaseStatus.Verified, CaseStatus.DecisionIssued, CaseStatus.Closed];

    public static bool IsFinished(CaseStatus status) => status is CaseStatus.Closed or CaseStatus.Dismissed;

    public static UiString Label(CaseStatus status) => status switch
    {
        CaseStatus.Detected => new("Phát hiện", "Detected"),
        CaseStatus.Verified => new("Đã xác minh", "Verified"),
        CaseStatus.DecisionIssued => new("Đã ra quyết định xử phạt", "Decision issued"),
        CaseStatus.Closed => new("Đã kết thúc", "Closed"),
        CaseStatus.Dismissed => new("Không xử lý (bác bỏ)", "Dismissed"),
        _ => new(status.ToString(), status.ToString()),
    };

    /// <summary>Null when the case may move to <paramref name="to"/> with what the request carries; else why not.</summary>
    public static CaseFailure? Check(ViolationCase c, CaseStatus to, CaseTransition t, DateOnly todayInVietnam)
    {
        if (!Next(c.Status).Contains(to))
        {
            var allowed = Next(c.Status);
            return CaseFailure.Conflict(new(
                $"Hồ sơ đang ở trạng thái '{Label(c.Status).Vi}' nên không thể chuyển sang '{Label(to).Vi}'." +
                    (allowed.Count == 0 ? " Hồ sơ đã kết thúc." : $" Có thể chuyển sang: {string.Join(", ", allowed.Select(s => Label(s).Vi))}."),
                $"A case that is {c.Status} cannot move to {to}." +
                    (allowed.Count == 0 ? " The case is finished." : $" Allowed: {string.Join(", ", allowed)}.")));
        }

        var errors = new List<UiString>();
        switch (to)
        {
            case CaseStatus.DecisionIssued:
                if (string.IsNullOrWhiteSpace(t.DecisionNumber))
                    errors.Add(new("Phải nhập số quyết định xử phạt.", "The decision number is required."));
                else if (t.DecisionNumber.Trim().Length > 100)
                    errors.Add(new("Số quyết định: tối đa 100 ký tự.", "Decision number: at most 100 characters."));
                if (t.DecisionDate is not { } date)
                    errors.Add(new("Phải nhập ngày ra quyết định.", "The decision date is required."));
                else if (date > todayInVietnam)
                    errors.Add(new("Ngày ra quyết định không được ở tương lai.", "The decision date cannot be in the future."));
                if (string.IsNullOrWhiteSpace(t.SanctionDecree))
                    errors.Add(new("Phải nêu nghị định xử phạt (ví dụ Nghị định 45/2022/NĐ-CP).", "The sanction decree is required (e.g. Nghị định 45/2022/NĐ-CP)."));
                if (t.FineVnd is not { } fine)
                    errors.Add(new("Phải nhập số tiền phạt (đồng; 0 nếu không phạt tiền).", "The fine is required (VND; 0 for none)."));
                else if (fine < 0)
                    errors.Add(new("Số tiền phạt không được âm.", "The fine cannot be negative."));
                if (t.RemediationDeadline is not { } deadline)
                    errors.Add(new("Phải nhập thời hạn khắc phục hậu quả.", "The remediation deadline is required."));
                else if (t.DecisionDate is { } decided && deadline < decided)
                    errors.Add(new("Thời hạn khắc phục không được trước ngày ra quyết định.", "The remediation deadline cannot be before the decision date."));
                break;
            case CaseStatus.Dismissed:
                if (string.IsNullOrWhiteSpace(t.Note))
                    errors.Add(new("Phải nêu lý do không xử lý.", "A reason for dismissing the case is required."));
                break;
        }
        if (t.Note is { Length: > MaxTextLength })
            errors.Add(new($"Ghi chú: tối đa {MaxTextLength} ký tự.", $"Note: at most {MaxTextLength} characters."));
        if (t.SanctionArticle is { Length: > MaxShortTextLength } || t.SanctionDecree is { Length: > MaxShortTextLength })
            errors.Add(new($"Nghị định, điều khoản: tối đa {MaxShortTextLength} ký tự.", $"Decree and article: at most {MaxShortTextLength} characters."));
        return errors.Count > 0 ? CaseFailure.InvalidAll([.. errors]) : null;
    }

    /// <summary>Applies a checked transition; returns the text of the history entry.</summary>
    public static string Apply(ViolationCase c, CaseStatus to, CaseTransition t, string actor, DateTime nowUtc)
    {
        string body;
        switch (to)
        {
            case CaseStatus.Verified:
                (c.VerifiedBy, c.VerifiedAtUtc) = (actor, nowUtc);
                body = Clean(t.Note) ?? "";
                break;
            case CaseStatus.DecisionIssued:
                c.DecisionNumber = t.DecisionNumber!.Trim();
                c.DecisionDate = t.DecisionDate;
                c.SanctionDecree = t.SanctionDecree!.Trim();
                c.SanctionArticle = Clean(t.SanctionArticle) ?? c.SanctionArticle;
                c.FineVnd = t.FineVnd;
                c.RemediationDeadline = t.RemediationDeadline;
                (c.DecidedBy, c.DecidedAtUtc) = (actor, nowUtc);
                body = string.Create(Vietnamese, $"QĐ {c.DecisionNumber} ngày {c.DecisionDate:dd/MM/yyyy}; {c.SanctionDecree}") + (c.SanctionArticle is null ? "" : $", {c.SanctionArticle}") +
                       string.Create(Vietnamese, $"; phạt {c.FineVnd:N0} đồng; khắc phục trước {c.RemediationDeadline:dd/MM/yyyy}") + (Clean(t.Note) is { } note ? $". {note}" : "");
                break;
            case CaseStatus.Closed:
                (c.ClosedBy, c.ClosedAtUtc, c.ClosingNote) = (actor, nowUtc, Clean(t.Note));
                body = c.ClosingNote ?? "";
                break;
            case CaseStatus.Dismissed:
                (c.ClosedBy, c.ClosedAtUtc, c.DismissalReason) = (actor, nowUtc, Clean(t.Note));
                body = c.DismissalReason ?? "";
                break;
            default:
                body = Clean(t.Note) ?? "";
                break;
        }
        c.Status = to;
        return body;
    }

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static CaseStatus? Parse(string? status) =>
        Enum.TryParse<CaseStatus>(status?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
}
