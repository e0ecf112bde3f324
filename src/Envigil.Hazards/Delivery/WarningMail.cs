using System.Globalization;
using System.Text;
using Envigil.Hazards.Risk;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Time;

namespace Envigil.Hazards.Delivery;

/// <summary>The Vietnamese e-mail of an issued (or cancelled) warning: plain text, times in Vietnam time (UTC+7).</summary>
public static class WarningMail
{
    public static (string Subject, string Body) Write(HazardWarning w, bool cancelled, Decision18Rules rules, ProvinceSnapshot province, string senderName, string? webBase)
    {
        var (hazard, _) = HazardLabels.Of(w.Hazard);
        var colour = rules.Levels.FirstOrDefault(l => l.Level == w.Level)?.ColourVi;
        var prefix = cancelled ? "[HUỶ CẢNH BÁO] " : "[Cảnh báo thiên tai] ";
        var subject = $"{prefix}Cấp độ rủi ro {w.Level} – {hazard}: {w.HeadlineVi}";
        if (subject.Length > 250)
            subject = subject[..247] + "...";

        var body = new StringBuilder();
        if (cancelled)
            body.AppendLine("Cảnh báo dưới đây ĐÃ ĐƯỢC HUỶ; không còn hiệu lực.").AppendLine();
        body.AppendLine(w.HeadlineVi).AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"Loại thiên tai: {hazard}");
        body.AppendLine(CultureInfo.InvariantCulture, $"Cấp độ rủi ro: {w.Level}{(colour is null ? "" : $" (màu {colour})")} – Quyết định 18/2021/QĐ-TTg");
        body.AppendLine(CultureInfo.InvariantCulture, $"Hiệu lực: từ {VietnamTime.FormatDateTime(w.ValidFromUtc)} đến {VietnamTime.FormatDateTime(w.ValidToUtc)} (giờ Việt Nam)");
        body.AppendLine(CultureInfo.InvariantCulture, $"Khu vực: {w.AreaDescription}");
        var communes = w.Communes.Select(c => province.Commune(c)?.FullName ?? c).ToList();
        if (communes.Count > 0)
            body.AppendLine(CultureInfo.InvariantCulture, $"Xã, phường bị ảnh hưởng ({communes.Count}): {string.Join(", ", communes)}");
        body.AppendLine(CultureInfo.InvariantCulture, $"Hộ dân trong vùng: {w.AffectedHouseholds} hộ, {w.AffectedPeople} người, trong đó {w.AffectedVulnerable} người dễ bị tổn thương");
        body.AppendLine().AppendLine("Nội dung:").AppendLine(w.MessageVi);
        if (!string.IsNullOrWhiteSpace(w.InstructionVi))
            body.AppendLine().AppendLine("Hướng dẫn:").AppendLine(w.InstructionVi);
        if (!string.IsNullOrEmpty(webBase))
        {
            body.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Xem chi tiết và xác nhận: {webBase}/hazards/warnings/{w.Id}");
            body.AppendLine(CultureInfo.InvariantCulture, $"Bản tin CAP 1.2: {webBase}/api/v1/hazards/warnings/{w.Id}.cap.xml");
        }
        body.AppendLine().Append(senderName);
        return (subject, body.ToString());
    }
}
