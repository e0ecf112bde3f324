using System.Text.Json.Nodes;
using Envigil.Monitoring.Compliance;

namespace Envigil.Monitoring.Tests.Compliance;

public sealed class EffectiveLimitsTests
{
    private static readonly RegulationCatalogue Catalogue = RegulationCatalogue.Embedded;
    private static readonly DateOnly InForce = new(2025, 3, 1);

    // A QCVN 40:2011 column B facility on a small river (Q ≤ 50 m³/s: Kq 0.9) with 300 m³/day (Kf 1.1).
    private static LimitBasis Wastewater(
        string column = "B",
        ReceivingWater? water = null,
        double? flow = 300,
        DateOnly? permittedOn = null,
        IReadOnlyList<PermitLimit>? permit = null,
        string? successorColumn = null) =>
        new("QCVN40:2011", column, permittedOn ?? new DateOnly(2020, 5, 4), successorColumn,
            water ?? ReceivingWater.River(30), flow, PermitLimits: permit);

    private static LimitBasis Emission(string column = "B", double? flow = 50_000, string? zone = "3", string? scope = null, DateOnly? permittedOn = null,
        string? successorColumn = null, string? successorScope = null) =>
        new("QCVN19:2009", column, permittedOn ?? new DateOnly(2018, 1, 1), successorColumn, DesignEmissionM3PerHour: flow,
            EmissionZone: zone, Scope: scope, SuccessorScope: successorScope);

    private static EffectiveLimit Limit(EffectiveLimitSet set, string parameter) =>
        set.Find(parameter) ?? throw new Xunit.Sdk.XunitException($"No limit for {parameter}; problems: {string.Join(" | ", set.Problems.Select(p => p.Reason))}");

    // ---- Arithmetic ----

    [Fact]
    public void COD_column_B_shows_the_whole_arithmetic()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(), InForce);
        var cod = Limit(set, "COD");

        Assert.Equal(LimitKind.Max, cod.Kind);
        Assert.Equal(148.5, cod.Upper);
        Assert.Null(cod.Lower);
        Assert.Equal(150, cod.C);
        Assert.Equal("mg/L", cod.Unit);
        Assert.Equal("Cmax = C × Kq × Kf = 150 × 0.9 × 1.1 = 148.5 mg/L", cod.Formula);
        Assert.Equal(["Kq", "Kf"], cod.Coefficients.Select(c => c.Name));
        Assert.Equal([0.9, 1.1], cod.Coefficients.Select(c => c.Value));
        Assert.Equal("river, Q = 30 m³/s (Q ≤ 50 m³/s)", cod.Coefficients[0].Basis);
        Assert.Equal("design discharge, F = 300 m³/day (50 < F ≤ 500 m³/day)", cod.Coefficients[1].Basis);
        Assert.Equal("QCVN 40:2011/BTNMT, Table 1, column B [T]", cod.Source);
        Assert.False(cod.Verified);
        Assert.False(cod.FromPermit);
        Assert.Empty(set.Problems);
    }

    [Theory]
    [InlineData(50.0, 0.9, 1.2, 162.0)]
    [InlineData(50.01, 0.9, 1.1, 148.5)]
    [InlineData(500.0, 0.9, 1.1, 148.5)]
    [InlineData(500.01, 0.9, 1.0, 135.0)]
    [InlineData(5_000.0, 0.9, 1.0, 135.0)]
    [InlineData(5_000.01, 0.9, 0.9, 121.5)]
    public void COD_column_B_at_every_Kf_edge(double flow, double kq, double kf, double expected)
    {
        var cod = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(flow: flow), InForce), "COD");

        Assert.Equal([kq, kf], cod.Coefficients.Select(c => c.Value));
        Assert.Equal(expected, cod.Upper);
    }

    [Theory]
    [InlineData(50.0, 135.0)]
    [InlineData(200.0, 150.0)]
    [InlineData(200.5, 165.0)]
    [InlineData(500.0, 165.0)]
    [InlineData(501.0, 180.0)]
    public void COD_column_B_at_every_river_Kq_edge_with_Kf_1(double q, double expected)
    {
        var cod = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(water: ReceivingWater.River(q), flow: 1_000), InForce), "COD");

        Assert.Equal(expected, cod.Upper);
    }

    [Fact]
    public void Lake_and_coastal_receiving_waters_give_their_Kq()
    {
        var lake = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(column: "A", water: ReceivingWater.Lake(5_000_000), flow: 1_000), InForce), "COD");
        Assert.Equal("Cmax = C × Kq × Kf = 75 × 0.6 × 1 = 45 mg/L", lake.Formula);

        var coastal = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(water: ReceivingWater.Coastal(CoastalUse.Other), flow: 6_000), InForce), "TSS");
        Assert.Equal("Cmax = C × Kq × Kf = 100 × 1.3 × 0.9 = 117 mg/L", coastal.Formula);
    }

    [Fact]
    public void Decimal_arithmetic_keeps_small_metal_limits_exact()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(column: "A", flow: 40), InForce);

        Assert.Equal(0.0054, Limit(set, "Hg").Upper); // 0.005 × 0.9 × 1.2
        Assert.Equal("Cmax = C × Kq × Kf = 0.005 × 0.9 × 1.2 = 0.0054 mg/L", Limit(set, "Hg").Formula);
        Assert.Equal(0.0756, Limit(set, "Cyanide").Upper); // 0.07 × 0.9 × 1.2
    }

    [Theory]
    [InlineData("Temp", "Cmax = C = 40 °C (Kq and Kf not applied)")]
    [InlineData("Color", "Cmax = C = 150 Pt-Co (Kq and Kf not applied)")]
    [InlineData("Coliform", "Cmax = C = 5000 MPN/100 mL (Kq and Kf not applied)")]
    [InlineData("GrossBeta", "Cmax = C = 1 Bq/L (Kq and Kf not applied)")]
    public void Parameters_the_standard_exempts_never_get_coefficients(string code, string formula)
    {
        var limit = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(), InForce), code);

        Assert.Empty(limit.Coefficients);
        Assert.Equal(limit.C, limit.Upper);
        Assert.Equal(formula, limit.Formula);
        Assert.Contains(limit.Notes, n => n.StartsWith("Kq and Kf not applied to " + code, StringComparison.Ordinal));
    }

    [Fact]
    public void Exempt_parameters_still_have_a_limit_when_the_coefficients_are_unknown()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater() with { ReceivingWater = null, DesignWastewaterM3PerDay = null }, InForce);

        Assert.Equal(9, Limit(set, "pH").Upper);
        Assert.Equal(40, Limit(set, "Temp").Upper);
        Assert.Null(set.Find("COD"));
    }

    [Theory]
    [InlineData("A", 6.0, 9.0, "6 ≤ pH ≤ 9 (Kq and Kf not applied)")]
    [InlineData("B", 5.5, 9.0, "5.5 ≤ pH ≤ 9 (Kq and Kf not applied)")]
    public void pH_is_a_range_without_coefficients(string column, double lower, double upper, string formula)
    {
        var pH = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(column: column), InForce), "pH");

        Assert.Equal(LimitKind.Range, pH.Kind);
        Assert.Equal((lower, upper), (pH.Lower!.Value, pH.Upper!.Value));
        Assert.Null(pH.C);
        Assert.Empty(pH.Coefficients);
        Assert.Equal(formula, pH.Formula);
    }

    [Fact]
    public void Emissions_use_Kp_and_Kv()
    {
        var set = EffectiveLimits.Compute(Catalogue, Emission(flow: 150_000, zone: "1"), InForce);
        var so2 = Limit(set, "SO2");

        Assert.Equal("Cmax = C × Kp × Kv = 500 × 0.8 × 0.6 = 240 mg/Nm3", so2.Formula);
        Assert.Equal(240, so2.Upper);
        Assert.Equal(["Kp", "Kv"], so2.Coefficients.Select(c => c.Name));
        Assert.Equal("zone type 1: Type 1: inner special-class or class-I cities, special-use forests, natural/cultural heritage sites, and facilities within 2 km of these", so2.Coefficients[1].Basis);
        Assert.False(so2.Verified); // the formula is [V] but the table values and Kp/Kv are not
    }

    [Theory]
    [InlineData(20_000.0, "5", "Cmax = C × Kp × Kv = 200 × 1 × 1.4 = 280 mg/Nm3")]
    [InlineData(20_001.0, "4", "Cmax = C × Kp × Kv = 200 × 0.9 × 1.2 = 216 mg/Nm3")]
    [InlineData(100_000.0, "2", "Cmax = C × Kp × Kv = 200 × 0.9 × 0.8 = 144 mg/Nm3")]
    [InlineData(100_001.0, "3", "Cmax = C × Kp × Kv = 200 × 0.8 × 1 = 160 mg/Nm3")]
    public void Dust_at_every_Kp_edge(double flow, string zone, string formula)
    {
        Assert.Equal(formula, Limit(EffectiveLimits.Compute(Catalogue, Emission(flow: flow, zone: zone), InForce), "PM").Formula);
    }

    [Fact]
    public void The_chemical_plant_NOx_row_replaces_the_general_one_only_for_that_scope()
    {
        var general = Limit(EffectiveLimits.Compute(Catalogue, Emission(flow: 10_000), InForce), "NOx");
        var chemical = Limit(EffectiveLimits.Compute(Catalogue, Emission(flow: 10_000, scope: "chemical-plant"), InForce), "NOx");

        Assert.Equal(850, general.Upper);
        Assert.Equal(1000, chemical.Upper);
        Assert.Contains("Chemical plants", chemical.Source);
    }

    [Fact]
    public void Domestic_wastewater_uses_K_except_for_pH_and_coliform()
    {
        var basis = new LimitBasis("QCVN14:2008", "B", new DateOnly(2015, 1, 1), SizeClass: "smaller");
        var set = EffectiveLimits.Compute(Catalogue, basis, InForce);

        Assert.Equal("Cmax = C × K = 50 × 1.2 = 60 mg/L", Limit(set, "BOD5").Formula);
        Assert.Equal("Cmax = C = 5000 MPN/100 mL (K not applied)", Limit(set, "Coliform").Formula);
        Assert.Equal("5 ≤ pH ≤ 9 (K not applied)", Limit(set, "pH").Formula);
    }

    // ---- Missing coefficients ----

    [Fact]
    public void Missing_receiving_water_is_a_problem_per_parameter_never_a_silent_1()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater() with { ReceivingWater = null }, InForce);

        Assert.Null(set.Find("COD"));
        Assert.Contains(new LimitProblem("COD", "Kq unknown: receiving water not set"), set.Problems);
        Assert.Contains(new LimitProblem("BOD5", "Kq unknown: receiving water not set"), set.Problems);
        Assert.DoesNotContain(set.Problems, p => p.Parameter == "pH");
    }

    [Fact]
    public void Missing_design_flow_and_zone_are_problems()
    {
        var wastewater = EffectiveLimits.Compute(Catalogue, Wastewater(flow: null), InForce);
        Assert.Contains(new LimitProblem("TSS", "Kf unknown: design wastewater flow not set"), wastewater.Problems);

        var emission = EffectiveLimits.Compute(Catalogue, Emission(flow: null, zone: null), InForce);
        Assert.Contains(new LimitProblem("SO2", "Kp unknown: total flue-gas flow P not set"), emission.Problems);
        Assert.Contains(new LimitProblem("SO2", "Kv unknown: zone type not set"), emission.Problems);
        Assert.Empty(emission.Limits);
    }

    [Fact]
    public void Missing_size_class_for_QCVN_14_is_a_problem()
    {
        var set = EffectiveLimits.Compute(Catalogue, new LimitBasis("QCVN14:2008", "A", null), InForce);

        Assert.Contains(new LimitProblem("BOD5", "K unknown: size class not set"), set.Problems);
    }

    // ---- Chloride and saline receiving water ----

    [Fact]
    public void Chloride_is_skipped_for_saline_or_brackish_receiving_water()
    {
        var brackish = EffectiveLimits.Compute(Catalogue, Wastewater(water: ReceivingWater.River(30, salineOrBrackish: true)), InForce);
        Assert.Null(brackish.Find("Chloride"));
        Assert.Contains(brackish.Skipped, s => s.Parameter == "Chloride" && s.Reason.Contains("saline or brackish", StringComparison.Ordinal));

        var coastal = EffectiveLimits.Compute(Catalogue, Wastewater(water: ReceivingWater.Coastal(CoastalUse.Other)), InForce);
        Assert.Null(coastal.Find("Chloride"));

        var fresh = EffectiveLimits.Compute(Catalogue, Wastewater(), InForce);
        Assert.Equal(990, Limit(fresh, "Chloride").Upper); // 1000 × 0.9 × 1.1
    }

    // ---- Permit limits ----

    [Fact]
    public void A_stricter_permit_limit_wins_and_shows_what_it_beat()
    {
        var permit = new PermitLimit("COD", null, 100, "mg/L", "GPMT 12/GP-UBND, Annex 2");
        var cod = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(permit: [permit]), InForce), "COD");

        Assert.True(cod.FromPermit);
        Assert.Equal(100, cod.Upper);
        Assert.Equal("Permit: Cmax = 100 mg/L (GPMT 12/GP-UBND, Annex 2), stricter than Cmax = C × Kq × Kf = 150 × 0.9 × 1.1 = 148.5 mg/L", cod.Formula);
        Assert.Equal("GPMT 12/GP-UBND, Annex 2", cod.Source);
        Assert.True(cod.Verified);
        Assert.Equal(150, cod.C);
        Assert.Equal(2, cod.Coefficients.Count);
    }

    [Theory]
    [InlineData(148.5)]
    [InlineData(200.0)]
    public void A_permit_limit_equal_or_looser_does_not_win(double permitValue)
    {
        var permit = new PermitLimit("COD", null, permitValue, "mg/l", "GPMT 12/GP-UBND");
        var cod = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(permit: [permit]), InForce), "COD");

        Assert.False(cod.FromPermit);
        Assert.Equal(148.5, cod.Upper);
        Assert.Contains(cod.Notes, n => n.Contains("is not stricter (equal or looser); the regulation limit applies", StringComparison.Ordinal));
    }

    [Fact]
    public void A_permit_narrowing_one_side_of_the_pH_range_wins_on_that_side_only()
    {
        var permit = new PermitLimit("pH", 5.0, 8.5, "pH", "GPMT 7/GP-UBND");
        var pH = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(permit: [permit]), InForce), "pH");

        Assert.True(pH.FromPermit);
        Assert.Equal((5.5, 8.5), (pH.Lower!.Value, pH.Upper!.Value));
        Assert.StartsWith("5.5 ≤ pH ≤ 8.5: upper bound from the permit limit 5 ≤ pH ≤ 8.5 (GPMT 7/GP-UBND), stricter than 5.5 ≤ pH ≤ 9", pH.Formula);
        Assert.False(pH.Verified); // the lower bound is still the unverified regulation value
        Assert.Equal("GPMT 7/GP-UBND; QCVN 40:2011/BTNMT, Table 1, column B [T]", pH.Source);
    }

    [Fact]
    public void A_permit_minimum_on_a_maximum_only_parameter_adds_a_bound()
    {
        var permit = new PermitLimit("Temp", 10, null, "°C", "GPMT 7/GP-UBND");
        var temp = Limit(EffectiveLimits.Compute(Catalogue, Wastewater(permit: [permit]), InForce), "Temp");

        Assert.Equal(LimitKind.Range, temp.Kind);
        Assert.Equal((10.0, 40.0), (temp.Lower!.Value, temp.Upper!.Value));
    }

    [Fact]
    public void A_permit_limit_applies_alone_where_the_regulation_has_no_value()
    {
        var basis = Wastewater(permittedOn: new DateOnly(2025, 10, 1), successorColumn: "B",
            permit: [new PermitLimit("COD", null, 80, "mg/L", "GPMT 3/GP-UBND"), new PermitLimit("DO", 4, null, "mg/L", "GPMT 3/GP-UBND")]);
        var set = EffectiveLimits.Compute(Catalogue, basis, new DateOnly(2026, 1, 1));

        Assert.Equal("QCVN40:2025", set.Choice.Applied!.Id);
        var cod = Limit(set, "COD");
        Assert.True(cod.FromPermit);
        Assert.Equal("Permit: Cmax = 80 mg/L (GPMT 3/GP-UBND)", cod.Formula);
        var dissolvedOxygen = Limit(set, "DO");
        Assert.Equal(LimitKind.Min, dissolvedOxygen.Kind);
        Assert.Equal(4, dissolvedOxygen.Lower);
        Assert.Null(dissolvedOxygen.Upper);
    }

    [Fact]
    public void A_permit_limit_in_another_unit_is_not_compared()
    {
        var permit = new PermitLimit("COD", null, 0.1, "g/L", "GPMT 12/GP-UBND");
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(permit: [permit]), InForce);

        Assert.Equal(148.5, Limit(set, "COD").Upper);
        Assert.Contains(set.Problems, p => p.Parameter == "COD" && p.Reason.StartsWith("Permit limit in 'g/L' cannot be compared", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_or_duplicated_permit_limits_are_problems_not_limits()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(permit:
        [
            new PermitLimit("TSS", null, null, "mg/L", "GPMT 1"),
            new PermitLimit("pH", 9, 6, "pH", "GPMT 1"),
            new PermitLimit("COD", null, 100, "mg/L", "GPMT 1, item 2"),
            new PermitLimit("COD", null, 90, "mg/L", "GPMT 1, item 9"),
        ]), InForce);

        Assert.Equal(99, Limit(set, "TSS").Upper); // the regulation's 100 × 0.9 × 1.1
        Assert.Equal(5.5, Limit(set, "pH").Lower);
        Assert.Equal(148.5, Limit(set, "COD").Upper);
        Assert.Contains(set.Problems, p => p.Parameter == "TSS" && p.Reason.StartsWith("Permit limit with neither", StringComparison.Ordinal));
        Assert.Contains(set.Problems, p => p.Parameter == "pH" && p.Reason.StartsWith("Permit lower bound 9 is not below the upper bound 6", StringComparison.Ordinal));
        Assert.Contains(set.Problems, p => p.Parameter == "COD" && p.Reason.StartsWith("The permit limits for COD are listed 2 times", StringComparison.Ordinal));
    }

    // ---- Which regulation applies: transitions ----

    [Fact]
    public void QCVN_40_2011_applies_normally_on_its_last_day()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(), new DateOnly(2025, 8, 31));

        Assert.Equal("QCVN40:2011", set.Choice.Applied!.Id);
        Assert.Null(set.Choice.Transition);
        Assert.Equal(148.5, Limit(set, "COD").Upper);
    }

    [Theory]
    [InlineData("2025-09-01")]
    [InlineData("2031-12-31")]
    public void A_facility_permitted_before_01_09_2025_keeps_QCVN_40_2011_until_31_12_2031(string day)
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(permittedOn: new DateOnly(2025, 8, 31)), DateOnly.Parse(day));

        Assert.Equal("QCVN40:2011", set.Choice.Applied!.Id);
        Assert.NotNull(set.Choice.Transition);
        Assert.StartsWith("QCVN 40:2011/BTNMT kept under the transition: permitted on 31/08/2025, before 01/09/2025; allowed until 31/12/2031 (transition rule [T], unverified", set.Choice.Reason);
        Assert.Equal(148.5, Limit(set, "COD").Upper);
    }

    [Fact]
    public void From_01_01_2032_the_old_facility_must_use_QCVN_40_2025_whose_values_are_not_known()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(permittedOn: new DateOnly(2020, 1, 1), successorColumn: "A"), new DateOnly(2032, 1, 1));

        Assert.Equal("QCVN40:2025", set.Choice.Applied!.Id);
        Assert.Null(set.Choice.Column);
        Assert.Empty(set.Limits);
        Assert.Contains(set.Problems, p => p.Reason.Contains("the transition for QCVN 40:2011/BTNMT ended on 31/12/2031", StringComparison.Ordinal)
                                           && p.Reason.Contains("the columns and limit values of QCVN 40:2025/BTNMT are not in the catalogue", StringComparison.Ordinal));
    }

    [Fact]
    public void A_facility_permitted_on_or_after_01_09_2025_is_not_eligible_for_the_transition()
    {
        var set = EffectiveLimits.Compute(Catalogue, Wastewater(permittedOn: new DateOnly(2025, 9, 1)), new DateOnly(2025, 9, 2));

        Assert.Equal("QCVN40:2025", set.Choice.Applied!.Id);
        Assert.Contains(set.Problems, p => p.Reason.StartsWith("permitted on 01/09/2025, not before 01/09/2025, so QCVN 40:2011/BTNMT no longer applies; QCVN 40:2025/BTNMT applies, but the facility's column under QCVN 40:2025/BTNMT is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_permit_date_the_transition_cannot_be_decided()
    {
        var basis = Wastewater() with { PermittedOn = null };
        var set = EffectiveLimits.Compute(Catalogue, basis, new DateOnly(2026, 1, 1));

        Assert.Null(set.Choice.Applied);
        Assert.Empty(set.Limits);
        Assert.StartsWith("Permit date not set: cannot tell whether QCVN 40:2011/BTNMT may still be applied on 01/01/2026", set.Problems.Single().Reason);
    }

    [Fact]
    public void The_QCVN_19_transition_is_verified_and_so_the_choice_does_not_taint_the_limit_it_selects()
    {
        var set = EffectiveLimits.Compute(Catalogue, Emission(permittedOn: new DateOnly(2025, 6, 30)), new DateOnly(2031, 12, 31));

        Assert.Equal("QCVN19:2009", set.Choice.Applied!.Id);
        Assert.True(set.Choice.Transition!.Verified);
        Assert.DoesNotContain("unverified", set.Choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_QCVN_19_transition_the_facility_uses_QCVN_19_2024_with_its_column_and_category()
    {
        var basis = Emission(permittedOn: new DateOnly(2020, 1, 1), successorColumn: "B", successorScope: "2.4/<=300MW");
        var set = EffectiveLimits.Compute(Catalogue, basis, new DateOnly(2032, 1, 1));

        Assert.Equal("QCVN19:2024", set.Choice.Applied!.Id);
        var nox = Limit(set, "NOx");
        Assert.Equal(120, nox.Upper);
        Assert.Equal("Cmax = C = 120 mg/Nm3", nox.Formula);
        Assert.Empty(nox.Coefficients);
        Assert.Equal(15, nox.ReferenceOxygenPercent);
        Assert.Contains(nox.Notes, n => n.StartsWith("Limit at 15 % O₂", StringComparison.Ordinal));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void QCVN_19_2024_without_a_category_says_the_scope_is_missing()
    {
        var set = EffectiveLimits.Compute(Catalogue, new LimitBasis("QCVN19:2024", "A", new DateOnly(2025, 8, 1)), new DateOnly(2025, 8, 1));

        Assert.Empty(set.Limits);
        Assert.Equal(3, set.Skipped.Count);
        Assert.Contains(set.Problems, p => p.Reason.StartsWith("QCVN 19:2024/BTNMT sets SO2, NOx, PM per source category and capacity band; the facility's scope is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void A_regulation_not_yet_in_force_is_not_applied()
    {
        var set = EffectiveLimits.Compute(Catalogue, new LimitBasis("QCVN19:2024", "A", new DateOnly(2025, 1, 1), Scope: "2.4/>1200MW"), new DateOnly(2025, 6, 30));

        Assert.Null(set.Choice.Applied);
        Assert.StartsWith("QCVN 19:2024/BTNMT is in force from 01/07/2025, not yet on 30/06/2025", set.Problems.Single().Reason);
    }

    [Fact]
    public void QCVN_14_2008_after_its_replacement_has_no_transition_rule_unless_one_is_configured()
    {
        var basis = new LimitBasis("QCVN14:2008", "B", new DateOnly(2015, 1, 1), SizeClass: "larger");
        var day = new DateOnly(2025, 10, 1);

        var without = EffectiveLimits.Compute(Catalogue, basis, day);
        Assert.Null(without.Choice.Applied);
        Assert.StartsWith("QCVN 14:2008/BTNMT was replaced by QCVN14:2025 after 31/08/2025 and no transition rule is configured", without.Problems.Single().Reason);

        var rule = new RegulationTransition("QCVN14:2008", "QCVN14:2025", new DateOnly(2025, 9, 1), new DateOnly(2031, 12, 31),
            "local decision", SourceTag.U, false, "Provincial configuration");
        var with = EffectiveLimits.Compute(Catalogue, basis, day, [rule]);
        Assert.Equal("QCVN14:2008", with.Choice.Applied!.Id);
        Assert.Equal(50, Limit(with, "BOD5").Upper);
    }

    [Fact]
    public void Transition_dates_are_configuration()
    {
        var shorter = Catalogue.Transitions.Select(t => t with { OldAllowedUntil = new DateOnly(2027, 12, 31) }).ToList();

        var set = EffectiveLimits.Compute(Catalogue, Wastewater(successorColumn: "B"), new DateOnly(2028, 1, 1), shorter);

        Assert.Equal("QCVN40:2025", set.Choice.Applied!.Id);
        Assert.Contains(set.Problems, p => p.Reason.Contains("ended on 31/12/2027", StringComparison.Ordinal));
    }

    [Fact]
    public void Column_A_of_QCVN_19_2009_ended_on_31_12_2014()
    {
        var before = EffectiveLimits.Compute(Catalogue, Emission(column: "A", flow: 10_000, zone: "3"), new DateOnly(2014, 12, 31));
        Assert.Equal(400, Limit(before, "PM").Upper);

        var after = EffectiveLimits.Compute(Catalogue, Emission(column: "A", flow: 10_000, zone: "3"), new DateOnly(2015, 1, 1));
        Assert.Empty(after.Limits);
        Assert.Contains(after.Problems, p => p.Reason.Contains("column A of QCVN 19:2009/BTNMT applied only until 31/12/2014", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_regulation_and_column_are_problems()
    {
        var regulation = EffectiveLimits.Compute(Catalogue, new LimitBasis("QCVN99:2099", "A", null), InForce);
        Assert.StartsWith("Regulation 'QCVN99:2099' is not in the catalogue", regulation.Problems.Single().Reason);

        var column = EffectiveLimits.Compute(Catalogue, Wastewater(column: "C"), InForce);
        Assert.Contains(column.Problems, p => p.Reason.Contains("column 'C' is not a column of QCVN 40:2011/BTNMT (A, B)", StringComparison.Ordinal));
        Assert.Empty(column.Limits);
    }

    // ---- A one-sided minimum (no discharge standard in the notes has one: a test catalogue) ----

    [Fact]
    public void A_minimum_limit_is_a_lower_bound_without_coefficients()
    {
        var root = JsonNode.Parse(RegulationCatalogueTests.EmbeddedJson(), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        root["regulations"]![0]!["parameters"]!.AsArray().Add(JsonNode.Parse("""
            { "code": "DO", "name": { "vi": "Oxy hòa tan", "en": "Dissolved oxygen" }, "unit": "mg/L", "kind": "min",
              "coefficientsApply": false, "table": "Test table",
              "limits": [ { "column": "B", "min": 4, "tag": "U", "verified": false } ] }
            """));
        var catalogue = RegulationCatalogue.Parse(root.ToJsonString()).Catalogue!;

        var set = EffectiveLimits.Compute(catalogue, Wastewater(), InForce);
        var dissolvedOxygen = Limit(set, "DO");

        Assert.Equal(LimitKind.Min, dissolvedOxygen.Kind);
        Assert.Equal(4, dissolvedOxygen.Lower);
        Assert.Null(dissolvedOxygen.Upper);
        Assert.Equal("Cmin = C = 4 mg/L (Kq and Kf not applied)", dissolvedOxygen.Formula);
        Assert.DoesNotContain(set.Problems, p => p.Parameter == "DO");
    }
}
