using System.Text;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Compliance;

namespace Envigil.Monitoring.Alerts;

/// <summary>Words for alerts, in Vietnamese first and English second.</summary>
public static class AlertText
{
    public static string SignalVi(IntegritySignalKind kind) => kind switch
    {
        IntegritySignalKind.StuckValue => "giá trị không đổi",
        IntegritySignalKind.FlatSignal => "tín hiệu gần như phẳng",
        IntegritySignalKind.ImpossibleValue => "giá trị phi lý",
        IntegritySignalKind.DropAfterExceedance => "giảm đột ngột về hằng số sau vượt ngưỡng",
        IntegritySignalKind.CalibrationTooLong => "hiệu chuẩn quá dài",
        IntegritySignalKind.CalibrationTooFrequent => "hiệu chuẩn quá thường xuyên",
        IntegritySignalKind.CalibrationNearLimit => "hiệu chuẩn khi giá trị gần giới hạn",
        IntegritySignalKind.GapNearLimit => "mất dữ liệu khi gần giới hạn",
        IntegritySignalKind.TimestampAhead => "thời gian ở tương lai",
        IntegritySignalKind.ConflictingValues => "trùng thời điểm khác giá trị",
        IntegritySignalKind.LatencyDrift => "độ trễ tăng dần",
        IntegritySignalKind.CadenceSlip => "chu kỳ truyền bị lệch",
        IntegritySignalKind.OutflowAboveInflow => "lưu lượng ra lớn hơn vào",
        IntegritySignalKind.ZeroFlowWhileRunning => "lưu lượng bằng 0 khi đang vận hành",
        _ => kind.ToString(),
    };

    public static string SignalEn(IntegritySignalKind kind) => kind switch
    {
        IntegritySignalKind.StuckValue => "stuck value",
        IntegritySignalKind.FlatSignal => "flat signal",
        IntegritySignalKind.ImpossibleValue => "impossible value",
        IntegritySignalKind.DropAfterExceedance => "drop to a constant after an exceedance",
        IntegritySignalKind.CalibrationTooLong => "calibration too long",
        IntegritySignalKind.CalibrationTooFrequent => "calibration too frequent",
        IntegritySignalKind.CalibrationNearLimit => "calibration near the limit",
        IntegritySignalKind.GapNearLimit => "gap near the limit",
        IntegritySignalKind.TimestampAhead => "timestamp in the future",
        IntegritySignalKind.ConflictingValues => "same time, different values",
        IntegritySignalKind.LatencyDrift => "growing delivery delay",
        IntegritySignalKind.CadenceSlip => "cadence slip",
        IntegritySignalKind.OutflowAboveInflow => "outflow above inflow",
        IntegritySignalKind.ZeroFlowWhileRunning => "zero flow while running",
        _ => kind.ToString(),
    };

    public static string StateVi(AlertState state) => state switch
    {
        AlertState.Open => "Mới",
        AlertState.Acknowledged => "Đã xác nhận",
        _ => "Đã xử lý",
    };

    public static string SeverityVi(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "Thông tin",
        AlertSeverity.Warning => "Cảnh báo",
        _ => "Nghiêm trọng",
    };

    public static string KindVi(AlertKind kind) => kind switch
    {
        AlertKind.Exceedance => "Vượt giới hạn",
        AlertKind.Outage => "Mất kết nối",
        AlertKind.Integrity => "Bất thường dữ liệu",
        _ => "Thiếu dữ liệu",
    };

    /// <summary>The e-mail of an alert change: Vietnamese first, English below.</summary>
    public static (string Subject, string Body) Mail(Alert alert, string @event)
    {
        var (vi, en) = @event switch
        {
            "opened" => ("Cảnh báo mới", "New alert"),
            "escalated" => ("Cảnh báo chưa được xác nhận", "Alert not acknowledged"),
            "resolved" => ("Cảnh báo đã xử lý", "Alert resolved"),
            _ => (@event, @event),
        };
        var subject = $"[Envigil] {vi}: {alert.TitleVi}";
        var body = new StringBuilder()
            .AppendLine($"{vi} #{alert.Id} — {SeverityVi(alert.Severity)}")
            .AppendLine(alert.TitleVi)
            .AppendLine(alert.DetailVi)
            .AppendLine($"Bắt đầu: {VietnamTime.FormatDateTime(alert.ConditionSinceUtc)} (giờ Việt Nam)")
            .AppendLine($"Xem: /monitoring/alerts/{alert.Id}")
            .AppendLine()
            .AppendLine($"{en} #{alert.Id} — {alert.Severity}")
            .AppendLine(alert.TitleEn)
            .AppendLine(alert.DetailEn)
            .AppendLine($"Since: {VietnamTime.FormatDateTime(alert.ConditionSinceUtc)} (Vietnam time)")
            .ToString();
        return (subject, body);
    }
}
