using Envigil.Hazards.Registers;
using Envigil.Hazards.Risk;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Geography;
using static Envigil.Kernel.Localization.UiCulture;

namespace Envigil.Hazards.Pages.Shared;

/// <summary>Labels of the hazards pages in the reader's language.</summary>
public static class HazardText
{
    public static string Hazard(HazardType h) => HazardLabels.Of(h) is var (vi, en) ? T(vi, en) : h.ToString();

    public static string Susceptibility(Susceptibility s) => HazardLabels.Of(s) is var (vi, en) ? T(vi, en) : s.ToString();

    public static string Status(WarningStatus s) => s switch
    {
        WarningStatus.Draft => T("Dự thảo", "Draft"),
        WarningStatus.Approved => T("Đã duyệt", "Approved"),
        WarningStatus.Issued => T("Đã ban hành", "Issued"),
        WarningStatus.Cancelled => T("Đã huỷ", "Cancelled"),
        _ => s.ToString(),
    };

    public static string Relocation(RelocationStatus s) => s switch
    {
        RelocationStatus.NotNeeded => T("Không cần di dời", "Not needed"),
        RelocationStatus.Planned => T("Có kế hoạch", "Planned"),
        RelocationStatus.InProgress => T("Đang di dời", "In progress"),
        RelocationStatus.Relocated => T("Đã di dời", "Relocated"),
        RelocationStatus.Refused => T("Từ chối", "Refused"),
        _ => s.ToString(),
    };

    public static string Task(WarningTaskStatus s) => s == WarningTaskStatus.Confirmed ? T("Đã xác nhận", "Confirmed") : T("Chưa xác nhận", "Open");

    public static string Commune(ProvinceSnapshot province, string code) =>
        province.Commune(code) is { } c ? (IsEnglish ? c.FullNameEn : c.FullName) : code;

    /// <summary>Time since a moment: "2 ngày 3 giờ", "5 giờ 20 phút", "12 phút".</summary>
    public static string Elapsed(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => T($"{(int)span.TotalDays} ngày {span.Hours} giờ", $"{(int)span.TotalDays} d {span.Hours} h"),
        { TotalHours: >= 1 } => T($"{span.Hours} giờ {span.Minutes} phút", $"{span.Hours} h {span.Minutes} min"),
        _ => T($"{span.Minutes} phút", $"{span.Minutes} min"),
    };

    /// <summary>Hectares as Vietnamese write them (decimal comma) or English (decimal point).</summary>
    public static string Hectares(double ha) => ha.ToString("0.##", IsEnglish ? System.Globalization.CultureInfo.InvariantCulture : System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    public static string Errors(HazardFailure failure) => string.Join(" ", failure.Errors.Select(e => e.For(IsEnglish)));
}
