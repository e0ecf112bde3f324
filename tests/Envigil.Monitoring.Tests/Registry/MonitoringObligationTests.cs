using System.ComponentModel.DataAnnotations;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Tests.Registry;

public sealed class MonitoringObligationTests
{
    private static Facility Facility(bool riskType, double? wastewater = null, double? emission = null, bool connected = false) => new()
    {
        Id = "CM-F001",
        Name = "Công ty TNHH Chế biến Thủy sản Minh Phú",
        CommuneCode = "32014",
        PollutionRiskType = riskType,
        DesignWastewaterM3PerDay = wastewater,
        DesignEmissionM3PerHour = emission,
        ConnectedToCentralTreatment = connected,
    };

    private static MonitoringObligationRules Verified() => new() { ThresholdsVerified = true };

    [Fact]
    public void Defaults_are_the_best_known_thresholds_and_leave_emissions_unconfigured()
    {
        var rules = new MonitoringObligationRules();

        Assert.Equal("Envigil:Monitoring:Obligation", MonitoringObligationRules.SectionName);
        Assert.Equal(200, rules.RiskTypeWastewaterM3PerDay);
        Assert.Equal(500, rules.OtherTypeWastewaterM3PerDay);
        Assert.Null(rules.RiskTypeEmissionM3PerHour);
        Assert.Null(rules.OtherTypeEmissionM3PerHour);
        Assert.False(rules.ThresholdsVerified);
        Assert.True(rules.ExemptConnectedToCentralTreatment);
    }

    [Fact]
    public void Risk_type_above_threshold_gives_the_reason_with_flows_and_citation()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 350), Verified()).Wastewater;

        Assert.True(answer.Mandatory);
        Assert.Equal(
            "Bắt buộc: loại hình có nguy cơ gây ô nhiễm, lưu lượng thiết kế 350 m³/ngày ≥ 200 m³/ngày (Nghị định 08/2022/NĐ-CP Điều 97; Luật BVMT 2020 Điều 111)",
            answer.ReasonVi);
        Assert.Equal(
            "Mandatory: pollution-risk type, design flow 350 m³/day ≥ 200 m³/day (Decree 08/2022/NĐ-CP Art. 97; LEP 2020 Art. 111)",
            answer.ReasonEn);
        Assert.Equal("Nghị định 08/2022/NĐ-CP Điều 97; Luật 72/2020/QH14 Điều 111", answer.Basis);
    }

    [Fact]
    public void Risk_type_exactly_at_200_is_mandatory()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 200), Verified()).Wastewater;

        Assert.True(answer.Mandatory);
        Assert.Contains("200 m³/ngày ≥ 200 m³/ngày", answer.ReasonVi);
    }

    [Fact]
    public void Risk_type_at_199_9_is_not_mandatory_and_the_reason_uses_a_decimal_comma_in_Vietnamese()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 199.9), Verified()).Wastewater;

        Assert.False(answer.Mandatory);
        Assert.Equal(
            "Không bắt buộc: loại hình có nguy cơ gây ô nhiễm, lưu lượng thiết kế 199,9 m³/ngày < 200 m³/ngày (Nghị định 08/2022/NĐ-CP Điều 97; Luật BVMT 2020 Điều 111)",
            answer.ReasonVi);
        Assert.Equal(
            "Not mandatory: pollution-risk type, design flow 199.9 m³/day < 200 m³/day (Decree 08/2022/NĐ-CP Art. 97; LEP 2020 Art. 111)",
            answer.ReasonEn);
    }

    [Theory]
    [InlineData(499, false)]
    [InlineData(499.99, false)]
    [InlineData(500, true)]
    [InlineData(1_000, true)]
    public void Other_types_need_500_cubic_metres_a_day(double flow, bool mandatory)
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: false, wastewater: flow), Verified()).Wastewater;

        Assert.Equal(mandatory, answer.Mandatory);
        Assert.StartsWith(mandatory ? "Bắt buộc: loại hình không thuộc danh mục có nguy cơ gây ô nhiễm" : "Không bắt buộc: loại hình không thuộc", answer.ReasonVi);
        Assert.Contains(mandatory ? "≥ 500 m³/ngày" : "< 500 m³/ngày", answer.ReasonVi);
        Assert.Contains("not a pollution-risk type", answer.ReasonEn);
    }

    [Fact]
    public void The_same_flow_is_mandatory_for_a_risk_type_and_not_for_another_type()
    {
        Assert.True(MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 300), Verified()).Wastewater.Mandatory);
        Assert.False(MonitoringObligation.Evaluate(Facility(riskType: false, wastewater: 300), Verified()).Wastewater.Mandatory);
    }

    [Fact]
    public void Zero_flow_is_not_mandatory()
    {
        Assert.False(MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 0), Verified()).Wastewater.Mandatory);
    }

    [Fact]
    public void Thousands_are_grouped_with_a_dot_in_Vietnamese_and_a_comma_in_English()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: false, wastewater: 1500), Verified()).Wastewater;

        Assert.Contains("1.500 m³/ngày ≥ 500 m³/ngày", answer.ReasonVi);
        Assert.Contains("1,500 m³/day ≥ 500 m³/day", answer.ReasonEn);
    }

    [Fact]
    public void Connection_to_central_treatment_exempts_whatever_the_flow()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 10_000, connected: true), Verified()).Wastewater;

        Assert.False(answer.Mandatory);
        Assert.Contains("đấu nối vào hệ thống xử lý nước thải tập trung", answer.ReasonVi);
        Assert.Contains("Điều 97 khoản 2", answer.ReasonVi);
        Assert.Contains("centralised wastewater treatment plant", answer.ReasonEn);
        Assert.Equal("Nghị định 08/2022/NĐ-CP Điều 97 khoản 2", answer.Basis);
    }

    [Fact]
    public void Exemption_applies_even_when_the_flow_is_unknown()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: null, connected: true), Verified()).Wastewater;

        Assert.False(answer.Mandatory);
    }

    [Fact]
    public void Exemption_can_be_switched_off_in_the_rules()
    {
        var rules = Verified();
        rules.ExemptConnectedToCentralTreatment = false;

        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 250, connected: true), rules).Wastewater;

        Assert.True(answer.Mandatory);
    }

    [Fact]
    public void Missing_design_wastewater_flow_is_unknown_and_asks_for_the_permit_figure()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: null), Verified()).Wastewater;

        Assert.Null(answer.Mandatory);
        Assert.StartsWith("Chưa xác định: thiếu lưu lượng nước thải thiết kế", answer.ReasonVi);
        Assert.Contains("giấy phép môi trường", answer.ReasonVi);
        Assert.Contains("environmental permit", answer.ReasonEn);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_design_wastewater_flow_is_unknown(double flow)
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: flow), Verified()).Wastewater;

        Assert.Null(answer.Mandatory);
        Assert.Contains("không hợp lệ", answer.ReasonVi);
    }

    [Fact]
    public void Unverified_thresholds_are_said_to_be_unverified()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 350), new MonitoringObligationRules()).Wastewater;

        Assert.True(answer.Mandatory);
        Assert.StartsWith("Bắt buộc: loại hình có nguy cơ gây ô nhiễm, lưu lượng thiết kế 350 m³/ngày ≥ 200 m³/ngày", answer.ReasonVi);
        Assert.Contains("chưa được đối chiếu", answer.ReasonVi);
        Assert.Contains("Nghị định 05/2025/NĐ-CP", answer.ReasonVi);
        Assert.Contains("not been verified", answer.ReasonEn);
    }

    [Fact]
    public void Configured_wastewater_thresholds_replace_the_defaults()
    {
        var rules = new MonitoringObligationRules { RiskTypeWastewaterM3PerDay = 300, ThresholdsVerified = true };

        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 250), rules).Wastewater;

        Assert.False(answer.Mandatory);
        Assert.Contains("250 m³/ngày < 300 m³/ngày", answer.ReasonVi);
    }

    [Fact]
    public void Emission_is_unknown_while_the_threshold_is_not_configured()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, emission: 1_000_000), new MonitoringObligationRules()).Emission;

        Assert.Null(answer.Mandatory);
        Assert.StartsWith("Unknown — threshold not configured", answer.ReasonEn);
        Assert.StartsWith("Chưa xác định: chưa cấu hình ngưỡng lưu lượng khí thải", answer.ReasonVi);
        Assert.Contains("Phụ lục XXIX", answer.ReasonVi);
        Assert.Equal("Nghị định 08/2022/NĐ-CP Điều 98, Phụ lục XXIX; Luật 72/2020/QH14 Điều 112", answer.Basis);
    }

    [Theory]
    [InlineData(49_999.9, false)]
    [InlineData(50_000, true)]
    [InlineData(60_000, true)]
    public void Emission_is_decided_once_the_threshold_is_configured(double flow, bool mandatory)
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 50_000, ThresholdsVerified = true };

        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, emission: flow), rules).Emission;

        Assert.Equal(mandatory, answer.Mandatory);
        Assert.Contains(mandatory ? "≥ 50.000 m³/giờ" : "< 50.000 m³/giờ", answer.ReasonVi);
        Assert.Contains("Điều 98", answer.ReasonVi);
        Assert.Contains("Art. 112", answer.ReasonEn);
    }

    [Fact]
    public void Emission_reason_reads_like_the_wastewater_one()
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 50_000, ThresholdsVerified = true };

        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, emission: 60_000), rules).Emission;

        Assert.Equal(
            "Bắt buộc: loại hình có nguy cơ gây ô nhiễm, lưu lượng khí thải thiết kế 60.000 m³/giờ ≥ 50.000 m³/giờ (Nghị định 08/2022/NĐ-CP Điều 98, Phụ lục XXIX; Luật BVMT 2020 Điều 112)",
            answer.ReasonVi);
        Assert.Equal(
            "Mandatory: pollution-risk type, design emission flow 60,000 m³/h ≥ 50,000 m³/h (Decree 08/2022/NĐ-CP Art. 98, Annex XXIX; LEP 2020 Art. 112)",
            answer.ReasonEn);
    }

    [Fact]
    public void Emission_threshold_for_risk_types_does_not_decide_other_types()
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 50_000, ThresholdsVerified = true };

        var answer = MonitoringObligation.Evaluate(Facility(riskType: false, emission: 200_000), rules).Emission;

        Assert.Null(answer.Mandatory);
        Assert.Contains("not pollution-risk types", answer.ReasonEn);
    }

    [Fact]
    public void Other_types_use_their_own_emission_threshold()
    {
        var rules = new MonitoringObligationRules { OtherTypeEmissionM3PerHour = 100_000, ThresholdsVerified = true };

        Assert.True(MonitoringObligation.Evaluate(Facility(riskType: false, emission: 100_000), rules).Emission.Mandatory);
        Assert.False(MonitoringObligation.Evaluate(Facility(riskType: false, emission: 99_999), rules).Emission.Mandatory);
    }

    [Fact]
    public void Missing_design_emission_flow_is_unknown_and_asks_for_the_permit_figure()
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 50_000 };

        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, emission: null), rules).Emission;

        Assert.Null(answer.Mandatory);
        Assert.StartsWith("Chưa xác định: thiếu lưu lượng khí thải thiết kế", answer.ReasonVi);
        Assert.Contains("giấy phép môi trường", answer.ReasonVi);
        Assert.Contains("or 0 if there is none", answer.ReasonEn);
    }

    [Fact]
    public void No_emission_works_is_not_mandatory_even_without_a_threshold()
    {
        var answer = MonitoringObligation.Evaluate(Facility(riskType: true, emission: 0), new MonitoringObligationRules()).Emission;

        Assert.False(answer.Mandatory);
        Assert.Contains("không có công trình xử lý bụi, khí thải", answer.ReasonVi);
    }

    [Fact]
    public void Negative_design_emission_flow_is_unknown()
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 50_000 };

        Assert.Null(MonitoringObligation.Evaluate(Facility(riskType: true, emission: -5), rules).Emission.Mandatory);
    }

    [Fact]
    public void Central_treatment_exemption_does_not_touch_emissions()
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 50_000, ThresholdsVerified = true };

        var obligation = MonitoringObligation.Evaluate(Facility(riskType: true, wastewater: 900, emission: 80_000, connected: true), rules);

        Assert.False(obligation.Wastewater.Mandatory);
        Assert.True(obligation.Emission.Mandatory);
    }

    [Fact]
    public void Default_rules_pass_validation()
    {
        var rules = new MonitoringObligationRules();

        Assert.True(Validator.TryValidateObject(rules, new ValidationContext(rules), null, validateAllProperties: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-200)]
    public void Non_positive_thresholds_fail_validation(double threshold)
    {
        var rules = new MonitoringObligationRules { RiskTypeWastewaterM3PerDay = threshold };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(rules, new ValidationContext(rules), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(MonitoringObligationRules.RiskTypeWastewaterM3PerDay)));
    }

    [Fact]
    public void A_zero_emission_threshold_fails_validation()
    {
        var rules = new MonitoringObligationRules { RiskTypeEmissionM3PerHour = 0 };

        Assert.False(Validator.TryValidateObject(rules, new ValidationContext(rules), null, validateAllProperties: true));
    }
}
