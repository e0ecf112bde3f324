using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Envigil.Monitoring.Registry;

/// <summary>
/// Flow thresholds above which a facility must run automatic continuous monitoring, bound from
/// <see cref="SectionName"/>. The thresholds are settings, not constants, because Decree 05/2025/NĐ-CP
/// amended Decree 08/2022 Art. 97/98 and its annexes and those amendments have not been verified
/// (shared/domain/monitoring-regulations.md §2.4).
/// </summary>
public sealed class MonitoringObligationRules
{
    public const string SectionName = "Envigil:Monitoring:Obligation";

    /// <summary>
    /// Pollution-risk types (Decree 08/2022 Annex II) must monitor wastewater automatically from a "medium" flow:
    /// Decree 08/2022 Art. 97, medium class for risk types is 200 – &lt;500 m³/day, read with LEP 72/2020 Art. 111(1)(b).
    /// </summary>
    [Range(double.Epsilon, double.MaxValue)]
    public double RiskTypeWastewaterM3PerDay { get; set; } = 200;

    /// <summary>
    /// Other types must monitor wastewater automatically from a "large" flow:
    /// Decree 08/2022 Art. 97, large class for non-risk types is 500 – &lt;1,000 m³/day, read with LEP 72/2020 Art. 111(1)(c).
    /// </summary>
    [Range(double.Epsilon, double.MaxValue)]
    public double OtherTypeWastewaterM3PerDay { get; set; } = 500;

    /// <summary>
    /// Design emission flow (m³/h) from which a pollution-risk type must monitor emissions automatically
    /// (Decree 08/2022 Art. 98, Annex XXIX rows 1–8, Column 5 "very large"; LEP 72/2020 Art. 112(1)).
    /// Null by default: the Annex XXIX numbers were not retrieved, and a guessed number would tell a facility
    /// the wrong thing with the authority's voice.
    /// </summary>
    [Range(double.Epsilon, double.MaxValue)]
    public double? RiskTypeEmissionM3PerHour { get; set; }

    /// <summary>
    /// The same for facilities not of a pollution-risk type (Annex XXIX, the row after 1–8; text not retrieved). Null by default.
    /// </summary>
    [Range(double.Epsilon, double.MaxValue)]
    public double? OtherTypeEmissionM3PerHour { get; set; }

    /// <summary>
    /// True once someone has checked the configured numbers against the official text as currently amended
    /// (Decree 05/2025/NĐ-CP). While false, every answer that compares a flow with a threshold says so.
    /// </summary>
    public bool ThresholdsVerified { get; set; }

    /// <summary>Facilities connected to a centralised wastewater treatment plant are exempt (Decree 08/2022 Art. 97(2)).</summary>
    public bool ExemptConnectedToCentralTreatment { get; set; } = true;
}

/// <summary>
/// One yes/no/unknown answer with its reason in Vietnamese and English and the legal basis it rests on.
/// <see cref="Mandatory"/> is null when the registry lacks a figure or a threshold is not configured.
/// </summary>
public sealed record ObligationAnswer(bool? Mandatory, string ReasonVi, string ReasonEn, string Basis);

/// <summary>Whether a facility must run automatic continuous monitoring of wastewater and of stack emissions.</summary>
public sealed record MonitoringObligation(ObligationAnswer Wastewater, ObligationAnswer Emission)
{
    internal const string WastewaterBasis = "Nghị định 08/2022/NĐ-CP Điều 97; Luật 72/2020/QH14 Điều 111";
    internal const string WastewaterExemptionBasis = "Nghị định 08/2022/NĐ-CP Điều 97 khoản 2";
    internal const string EmissionBasis = "Nghị định 08/2022/NĐ-CP Điều 98, Phụ lục XXIX; Luật 72/2020/QH14 Điều 112";

    private const string WastewaterCitationVi = "Nghị định 08/2022/NĐ-CP Điều 97; Luật BVMT 2020 Điều 111";
    private const string WastewaterCitationEn = "Decree 08/2022/NĐ-CP Art. 97; LEP 2020 Art. 111";
    private const string EmissionCitationVi = "Nghị định 08/2022/NĐ-CP Điều 98, Phụ lục XXIX; Luật BVMT 2020 Điều 112";
    private const string EmissionCitationEn = "Decree 08/2022/NĐ-CP Art. 98, Annex XXIX; LEP 2020 Art. 112";

    private const string UnverifiedVi =
        " Lưu ý: ngưỡng lấy từ cấu hình, chưa được đối chiếu với văn bản hiện hành (kể cả sửa đổi của Nghị định 05/2025/NĐ-CP).";
    private const string UnverifiedEn =
        " Note: the threshold comes from configuration and has not been verified against the current text (including the Decree 05/2025/NĐ-CP amendments).";

    private static readonly NumberFormatInfo VietnameseNumbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
    };

    /// <summary>
    /// Applies LEP 72/2020 Art. 111(1)(b)(c) and Art. 112(1) with Decree 08/2022 Art. 97/98 to one facility.
    /// Art. 111(1)(a) (industrial zones and clusters) is not decided here: the registry does not record it.
    /// </summary>
    public static MonitoringObligation Evaluate(Facility facility, MonitoringObligationRules rules)
    {
        ArgumentNullException.ThrowIfNull(facility);
        ArgumentNullException.ThrowIfNull(rules);
        return new MonitoringObligation(EvaluateWastewater(facility, rules), EvaluateEmission(facility, rules));
    }

    private static ObligationAnswer EvaluateWastewater(Facility facility, MonitoringObligationRules rules)
    {
        if (rules.ExemptConnectedToCentralTreatment && facility.ConnectedToCentralTreatment)
        {
            return new ObligationAnswer(
                false,
                "Không bắt buộc: cơ sở đấu nối vào hệ thống xử lý nước thải tập trung (miễn trừ theo Nghị định 08/2022/NĐ-CP Điều 97 khoản 2)",
                "Not mandatory: the facility is connected to a centralised wastewater treatment plant (exempt under Decree 08/2022/NĐ-CP Art. 97(2))",
                WastewaterExemptionBasis);
        }

        var flow = facility.DesignWastewaterM3PerDay;
        if (flow is null)
        {
            return new ObligationAnswer(
                null,
                "Chưa xác định: thiếu lưu lượng nước thải thiết kế; hãy nhập tổng công suất thiết kế của các công trình xả nước thải ghi trong giấy phép môi trường (m³/ngày)",
                "Unknown: the design wastewater flow is missing; enter the total design capacity of the discharge works stated in the environmental permit (m³/day)",
                WastewaterBasis);
        }

        if (!double.IsFinite(flow.Value) || flow.Value < 0)
        {
            return new ObligationAnswer(
                null,
                $"Chưa xác định: lưu lượng nước thải thiết kế không hợp lệ ({Vi(flow.Value)}); hãy sửa theo số liệu trong giấy phép môi trường",
                $"Unknown: the design wastewater flow is invalid ({En(flow.Value)}); correct it from the environmental permit",
                WastewaterBasis);
        }

        var threshold = facility.PollutionRiskType ? rules.RiskTypeWastewaterM3PerDay : rules.OtherTypeWastewaterM3PerDay;
        return Compare(
            flow.Value, threshold, facility.PollutionRiskType, rules.ThresholdsVerified,
            unitVi: "m³/ngày", unitEn: "m³/day", whatVi: "lưu lượng thiết kế", whatEn: "design flow",
            WastewaterCitationVi, WastewaterCitationEn, WastewaterBasis);
    }

    private static ObligationAnswer EvaluateEmission(Facility facility, MonitoringObligationRules rules)
    {
        var flow = facility.DesignEmissionM3PerHour;

        // No emission works at all: nothing to monitor whatever the (positive) threshold turns out to be.
        if (flow == 0)
        {
            return new ObligationAnswer(
                false,
                "Không bắt buộc: cơ sở không có công trình xử lý bụi, khí thải (lưu lượng khí thải thiết kế 0 m³/giờ)",
                "Not mandatory: the facility has no dust/emission treatment works (design emission flow 0 m³/h)",
                EmissionBasis);
        }

        var threshold = facility.PollutionRiskType ? rules.RiskTypeEmissionM3PerHour : rules.OtherTypeEmissionM3PerHour;
        if (threshold is null)
        {
            var classVi = facility.PollutionRiskType ? "loại hình có nguy cơ gây ô nhiễm" : "loại hình không thuộc danh mục có nguy cơ gây ô nhiễm";
            var classEn = facility.PollutionRiskType ? "pollution-risk types" : "types that are not pollution-risk types";
            return new ObligationAnswer(
                null,
                $"Chưa xác định: chưa cấu hình ngưỡng lưu lượng khí thải cho {classVi} (các con số của Phụ lục XXIX Nghị định 08/2022/NĐ-CP chưa được xác minh)",
                $"Unknown — threshold not configured: no emission flow threshold is set for {classEn} (the Annex XXIX numbers of Decree 08/2022/NĐ-CP are not verified)",
                EmissionBasis);
        }

        if (flow is null)
        {
            return new ObligationAnswer(
                null,
                "Chưa xác định: thiếu lưu lượng khí thải thiết kế; hãy nhập lưu lượng thiết kế của công trình xử lý bụi, khí thải ghi trong giấy phép môi trường (m³/giờ), hoặc 0 nếu không có",
                "Unknown: the design emission flow is missing; enter the design flow of the dust/emission treatment works stated in the environmental permit (m³/h), or 0 if there is none",
                EmissionBasis);
        }

        if (!double.IsFinite(flow.Value) || flow.Value < 0)
        {
            return new ObligationAnswer(
                null,
                $"Chưa xác định: lưu lượng khí thải thiết kế không hợp lệ ({Vi(flow.Value)}); hãy sửa theo số liệu trong giấy phép môi trường",
                $"Unknown: the design emission flow is invalid ({En(flow.Value)}); correct it from the environmental permit",
                EmissionBasis);
        }

        return Compare(
            flow.Value, threshold.Value, facility.PollutionRiskType, rules.ThresholdsVerified,
            unitVi: "m³/giờ", unitEn: "m³/h", whatVi: "lưu lượng khí thải thiết kế", whatEn: "design emission flow",
            EmissionCitationVi, EmissionCitationEn, EmissionBasis);
    }

    private static ObligationAnswer Compare(
        double flow, double threshold, bool riskType, bool verified,
        string unitVi, string unitEn, string whatVi, string whatEn,
        string citationVi, string citationEn, string basis)
    {
        // "from X upwards" in Art. 97/98: the threshold itself is inside the mandatory class.
        var mandatory = flow >= threshold;
        var classVi = riskType ? "loại hình có nguy cơ gây ô nhiễm" : "loại hình không thuộc danh mục có nguy cơ gây ô nhiễm";
        var classEn = riskType ? "pollution-risk type" : "not a pollution-risk type";
        var verdictVi = mandatory ? "Bắt buộc" : "Không bắt buộc";
        var verdictEn = mandatory ? "Mandatory" : "Not mandatory";
        var sign = mandatory ? "≥" : "<";

        var reasonVi = $"{verdictVi}: {classVi}, {whatVi} {Vi(flow)} {unitVi} {sign} {Vi(threshold)} {unitVi} ({citationVi})";
        var reasonEn = $"{verdictEn}: {classEn}, {whatEn} {En(flow)} {unitEn} {sign} {En(threshold)} {unitEn} ({citationEn})";
        if (!verified)
        {
            reasonVi += UnverifiedVi;
            reasonEn += UnverifiedEn;
        }

        return new ObligationAnswer(mandatory, reasonVi, reasonEn, basis);
    }

    private static string Vi(double value) => value.ToString("#,##0.###", VietnameseNumbers);

    private static string En(double value) => value.ToString("#,##0.###", CultureInfo.InvariantCulture);
}
