using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using static Envigil.Kernel.Localization.UiCulture;

namespace Envigil.Monitoring.Pages.Shared;

/// <summary>What the alert, episode and limit pages call kinds, states and severities, in the current UI language.</summary>
public static class ComplianceLabels
{
    public static string State(AlertState state) => T(AlertText.StateVi(state), state switch
    {
        AlertState.Open => "Open",
        AlertState.Acknowledged => "Acknowledged",
        _ => "Resolved",
    });

    public static string Severity(AlertSeverity severity) => T(AlertText.SeverityVi(severity), severity.ToString());

    public static string Kind(AlertKind kind) => T(AlertText.KindVi(kind), kind switch
    {
        AlertKind.Exceedance => "Limit exceeded",
        AlertKind.Outage => "Outage",
        AlertKind.Integrity => "Data integrity",
        _ => "Incomplete data",
    });

    public static string Event(AlertEventKind kind) => kind switch
    {
        AlertEventKind.Opened => T("Mở cảnh báo", "Opened"),
        AlertEventKind.Recurred => T("Lặp lại", "Recurred"),
        AlertEventKind.Escalated => T("Nâng mức", "Escalated"),
        AlertEventKind.Cleared => T("Điều kiện hết", "Condition cleared"),
        AlertEventKind.Returned => T("Điều kiện quay lại", "Condition returned"),
        AlertEventKind.Acknowledged => T("Xác nhận", "Acknowledged"),
        AlertEventKind.Commented => T("Bình luận", "Comment"),
        AlertEventKind.Resolved => T("Đã xử lý", "Resolved"),
        AlertEventKind.OperatorAcknowledged => T("Cơ sở xác nhận đã biết", "Acknowledged by the facility"),
        _ => kind.ToString(),
    };

    public static string Signal(IntegritySignalKind kind)
    {
        var text = T(AlertText.SignalVi(kind), AlertText.SignalEn(kind));
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    public static string EpisodeState(EpisodeState state) => state switch
    {
        Compliance.EpisodeState.Active => T("Hiệu lực", "Active"),
        Compliance.EpisodeState.Withdrawn => T("Đã rút lại", "Withdrawn"),
        _ => T("Đã được thay thế", "Replaced"),
    };

    public static string Change(EpisodeChangeKind kind) => kind switch
    {
        EpisodeChangeKind.Opened => T("Phát hiện", "Opened"),
        EpisodeChangeKind.Extended => T("Kéo dài", "Extended"),
        EpisodeChangeKind.Shortened => T("Rút ngắn", "Shortened"),
        EpisodeChangeKind.Closed => T("Kết thúc", "Closed"),
        EpisodeChangeKind.Withdrawn => T("Rút lại", "Withdrawn"),
        EpisodeChangeKind.Revised => T("Tính lại", "Revised"),
        EpisodeChangeKind.Reshaped => T("Thay đổi cửa sổ", "Reshaped"),
        EpisodeChangeKind.Split => T("Tách", "Split"),
        EpisodeChangeKind.Merged => T("Gộp", "Merged"),
        _ => kind.ToString(),
    };

    public static string Period(AveragingPeriod period) =>
        period == AveragingPeriod.OneHour ? T("trung bình 1 giờ", "1-hour average") : T("trung bình 24 giờ", "24-hour average");

    public static string Direction(ExceedanceDirection direction) =>
        direction == ExceedanceDirection.Above ? T("vượt giới hạn trên", "above the upper limit") : T("thấp hơn giới hạn dưới", "below the lower limit");

    public static string LimitKind(LimitKind kind) => kind switch
    {
        Compliance.LimitKind.Max => T("Tối đa", "Maximum"),
        Compliance.LimitKind.Min => T("Tối thiểu", "Minimum"),
        _ => T("Khoảng", "Range"),
    };

    public static string Water(ReceivingWaterKind? kind) => kind switch
    {
        ReceivingWaterKind.River => T("Sông, suối", "River"),
        ReceivingWaterKind.Lake => T("Hồ, ao", "Lake"),
        ReceivingWaterKind.Coastal => T("Vùng nước biển ven bờ", "Coastal water"),
        _ => T("Chưa khai báo", "Not set"),
    };

    public static string Coastal(CoastalUse use) => use == CoastalUse.AquaticLifeSportOrRecreation
        ? T("Bảo vệ thủy sinh, thể thao, giải trí", "Aquatic life, sport or recreation")
        : T("Mục đích khác", "Other uses");

    /// <summary>The "verified / not verified" words next to a value, so that a flag is never shown by colour alone.</summary>
    public static string Verified(bool verified) => verified ? T("đã kiểm chứng", "verified") : T("chưa kiểm chứng", "not verified");
}
