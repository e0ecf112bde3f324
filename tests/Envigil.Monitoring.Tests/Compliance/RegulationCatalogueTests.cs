using System.Text.Json.Nodes;
using Envigil.Monitoring.Compliance;

namespace Envigil.Monitoring.Tests.Compliance;

public sealed class RegulationCatalogueTests
{
    private static readonly RegulationCatalogue Catalogue = RegulationCatalogue.Embedded;

    internal static string EmbeddedJson()
    {
        using var stream = typeof(RegulationCatalogue).Assembly.GetManifestResourceStream(RegulationCatalogue.ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // ---- What the embedded catalogue holds, and how sure it is ----

    [Fact]
    public void Embedded_catalogue_loads_without_errors_and_holds_the_six_regulations()
    {
        var load = RegulationCatalogue.Parse(EmbeddedJson());

        Assert.Empty(load.Errors);
        Assert.True(load.IsValid);
        Assert.Equal(
            ["QCVN40:2011", "QCVN40:2025", "QCVN14:2008", "QCVN14:2025", "QCVN19:2009", "QCVN19:2024"],
            Catalogue.Regulations.Select(r => r.Id));
    }

    [Fact]
    public void No_limit_value_is_marked_verified_because_the_notes_have_none_tagged_V()
    {
        var values = Catalogue.Regulations.SelectMany(r => r.Parameters).SelectMany(p => p.Limits).ToList();

        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.False(v.Verified));
        Assert.All(values, v => Assert.NotEqual(SourceTag.V, v.Tag));
    }

    [Fact]
    public void No_coefficient_table_is_marked_verified_because_every_Kq_Kf_Kp_Kv_K_value_is_tagged_U()
    {
        Assert.Equal(["Kq-river", "Kq-lake", "Kq-coastal", "Kf", "Kp", "Kv", "K"], Catalogue.CoefficientTables.Select(t => t.Id));
        Assert.All(Catalogue.CoefficientTables, t => Assert.Equal(SourceTag.U, t.Tag));
        Assert.All(Catalogue.CoefficientTables, t => Assert.False(t.Verified));
    }

    [Fact]
    public void The_QCVN_19_2009_formula_and_the_QCVN_19_transition_are_verified_the_QCVN_40_ones_are_not()
    {
        Assert.True(Catalogue.Find("QCVN19:2009")!.Formula.Verified);
        Assert.Equal(FormulaKind.CTimesKpTimesKv, Catalogue.Find("QCVN19:2009")!.Formula.Kind);
        Assert.False(Catalogue.Find("QCVN40:2011")!.Formula.Verified);
        Assert.Equal(FormulaKind.CTimesKqTimesKf, Catalogue.Find("QCVN40:2011")!.Formula.Kind);

        var emissions = Catalogue.TransitionFrom("QCVN19:2009")!;
        Assert.True(emissions.Verified);
        Assert.Equal(new DateOnly(2025, 7, 1), emissions.NewEffectiveFrom);
        Assert.Equal(new DateOnly(2031, 12, 31), emissions.OldAllowedUntil);

        var wastewater = Catalogue.TransitionFrom("QCVN40:2011")!;
        Assert.False(wastewater.Verified);
        Assert.Equal(SourceTag.T, wastewater.Tag);
        Assert.Equal(new DateOnly(2025, 9, 1), wastewater.NewEffectiveFrom);
        Assert.Equal(new DateOnly(2031, 12, 31), wastewater.OldAllowedUntil);
    }

    [Fact]
    public void Dates_seen_on_official_pages_are_verified()
    {
        var qcvn40New = Catalogue.Find("QCVN40:2025")!;
        Assert.True(qcvn40New.DatesVerified);
        Assert.Equal(new DateOnly(2025, 9, 1), qcvn40New.EffectiveFrom);
        Assert.Equal(new DateOnly(2025, 2, 28), qcvn40New.IssuedOn);
        Assert.Equal("Thông tư 06/2025/TT-BTNMT", qcvn40New.IssuedWith);

        var qcvn19New = Catalogue.Find("QCVN19:2024")!;
        Assert.Equal(new DateOnly(2025, 7, 1), qcvn19New.EffectiveFrom);
        Assert.Equal("Thông tư 45/2024/TT-BTNMT", qcvn19New.IssuedWith);

        Assert.Equal(new DateOnly(2025, 8, 31), Catalogue.Find("QCVN40:2011")!.EffectiveTo);
        Assert.Equal(new DateOnly(2025, 6, 30), Catalogue.Find("QCVN19:2009")!.EffectiveTo);
    }

    [Fact]
    public void What_the_notes_say_was_not_retrieved_is_absent_not_invented()
    {
        var qcvn40New = Catalogue.Find("QCVN40:2025")!;
        Assert.Empty(qcvn40New.Columns);
        Assert.Empty(qcvn40New.Parameters);
        Assert.Equal(FormulaKind.Unknown, qcvn40New.Formula.Kind);

        var qcvn14New = Catalogue.Find("QCVN14:2025")!;
        Assert.Empty(qcvn14New.Parameters);
        Assert.Null(qcvn14New.IssuedWith);

        // Not in the notes: the issuing circular and start date of QCVN 40:2011, and any transition for QCVN 14.
        Assert.Null(Catalogue.Find("QCVN40:2011")!.IssuedWith);
        Assert.Null(Catalogue.Find("QCVN40:2011")!.EffectiveFrom);
        Assert.Null(Catalogue.TransitionFrom("QCVN14:2008"));

        // QCVN 19:2024: only the category 2.4 rows [T]; the [T-low] boiler values are deliberately absent.
        var qcvn19New = Catalogue.Find("QCVN19:2024")!;
        Assert.All(qcvn19New.Parameters, p => Assert.StartsWith("2.4/", p.Scope));
        Assert.DoesNotContain(qcvn19New.Parameters, p => p.Code == "CO");

        // No discharge standard in the notes sets dissolved oxygen.
        Assert.DoesNotContain(Catalogue.Regulations.SelectMany(r => r.Parameters), p => p.Code == "DO");
    }

    [Theory]
    [InlineData("QCVN40:2011", "COD", "A", null, 75.0)]
    [InlineData("QCVN40:2011", "COD", "B", null, 150.0)]
    [InlineData("QCVN40:2011", "BOD5", "B", null, 50.0)]
    [InlineData("QCVN40:2011", "TSS", "A", null, 50.0)]
    [InlineData("QCVN40:2011", "NH4", "B", null, 10.0)]
    [InlineData("QCVN40:2011", "Hg", "A", null, 0.005)]
    [InlineData("QCVN40:2011", "Coliform", "B", null, 5000.0)]
    [InlineData("QCVN14:2008", "BOD5", "A", null, 30.0)]
    [InlineData("QCVN19:2009", "PM", "B", null, 200.0)]
    [InlineData("QCVN19:2009", "SO2", "B", null, 500.0)]
    [InlineData("QCVN19:2009", "NOx", "B", null, 850.0)]
    [InlineData("QCVN19:2009", "NOx", "B", "chemical-plant", 1000.0)]
    [InlineData("QCVN19:2009", "CO", "B", null, 1000.0)]
    [InlineData("QCVN19:2024", "NOx", "C", "2.4/<=300MW", 150.0)]
    [InlineData("QCVN19:2024", "SO2", "B", "2.4/300-1200MW", 70.0)]
    [InlineData("QCVN19:2024", "PM", "C", "2.4/>1200MW", 20.0)]
    public void Table_values_match_the_notes(string regulation, string code, string column, string? scope, double expected)
    {
        var row = Catalogue.Find(regulation)!.Parameter(code, scope)!;

        Assert.Equal(scope, row.Scope);
        Assert.Equal(expected, row.LimitFor(column)!.Max);
    }

    [Fact]
    public void pH_is_a_range_with_the_column_B_lower_bound_5_5()
    {
        var pH = Catalogue.Find("QCVN40:2011")!.Parameter("pH")!;

        Assert.Equal(LimitKind.Range, pH.Kind);
        Assert.Equal((6.0, 9.0), (pH.LimitFor("A")!.Min!.Value, pH.LimitFor("A")!.Max!.Value));
        Assert.Equal((5.5, 9.0), (pH.LimitFor("B")!.Min!.Value, pH.LimitFor("B")!.Max!.Value));
    }

    [Theory]
    [InlineData("Temp")]
    [InlineData("Color")]
    [InlineData("pH")]
    [InlineData("Coliform")]
    [InlineData("GrossAlpha")]
    [InlineData("GrossBeta")]
    public void QCVN_40_2011_exempts_temperature_colour_pH_coliform_and_radioactivity_from_Kq_Kf(string code)
    {
        Assert.False(Catalogue.Find("QCVN40:2011")!.Parameter(code)!.CoefficientsApply);
    }

    [Fact]
    public void Per_column_tags_are_kept_where_the_notes_tag_the_columns_differently()
    {
        var sulphide = Catalogue.Find("QCVN40:2011")!.Parameter("Sulfide")!;
        Assert.Equal(SourceTag.T, sulphide.LimitFor("A")!.Tag);
        Assert.Equal(SourceTag.U, sulphide.LimitFor("B")!.Tag);

        var dust = Catalogue.Find("QCVN19:2009")!.Parameter("PM")!;
        Assert.Equal(SourceTag.U, dust.LimitFor("A")!.Tag);
        Assert.Equal(SourceTag.T, dust.LimitFor("B")!.Tag);
    }

    // ---- Kq: rivers by Q (m³/s), lakes by V (m³), coastal by use ----

    [Theory]
    [InlineData(0.0, 0.9)]
    [InlineData(30.0, 0.9)]
    [InlineData(50.0, 0.9)]
    [InlineData(50.000001, 1.0)]
    [InlineData(200.0, 1.0)]
    [InlineData(200.000001, 1.1)]
    [InlineData(500.0, 1.1)]
    [InlineData(500.000001, 1.2)]
    [InlineData(100_000.0, 1.2)]
    public void Kq_for_rivers_at_every_band_edge(double q, double expected)
    {
        var kq = Catalogue.Kq(ReceivingWater.River(q));

        Assert.True(kq.IsKnown);
        Assert.Equal(expected, kq.Factor.Value);
        Assert.Equal("Kq", kq.Factor.Name);
        Assert.Contains("QCVN 40:2011/BTNMT, Table 2", kq.Factor.Source);
        Assert.False(kq.Factor.Verified);
    }

    [Fact]
    public void Kq_basis_shows_the_flow_and_the_band()
    {
        Assert.Equal("river, Q = 50 m³/s (Q ≤ 50 m³/s)", Catalogue.Kq(ReceivingWater.River(50)).Factor!.Basis);
        Assert.Equal("river, Q = 120 m³/s (50 < Q ≤ 200 m³/s)", Catalogue.Kq(ReceivingWater.River(120)).Factor!.Basis);
        Assert.Equal("river, Q = 501 m³/s (Q > 500 m³/s)", Catalogue.Kq(ReceivingWater.River(501)).Factor!.Basis);
    }

    [Theory]
    [InlineData(0.0, 0.6)]
    [InlineData(10_000_000.0, 0.6)]
    [InlineData(10_000_001.0, 0.8)]
    [InlineData(100_000_000.0, 0.8)]
    [InlineData(100_000_001.0, 1.0)]
    public void Kq_for_lakes_at_every_band_edge(double volume, double expected)
    {
        Assert.Equal(expected, Catalogue.Kq(ReceivingWater.Lake(volume)).Factor!.Value);
    }

    [Theory]
    [InlineData(CoastalUse.AquaticLifeSportOrRecreation, 1.0)]
    [InlineData(CoastalUse.Other, 1.3)]
    public void Kq_for_coastal_water_by_use(CoastalUse use, double expected)
    {
        Assert.Equal(expected, Catalogue.Kq(ReceivingWater.Coastal(use)).Factor!.Value);
    }

    [Fact]
    public void Kq_unknown_is_a_problem_with_the_reason_never_a_silent_1()
    {
        Assert.Equal("Kq unknown: receiving water not set", Catalogue.Kq(null).Problem);
        Assert.Equal("Kq unknown: the river's flow Q in the driest months not set", Catalogue.Kq(ReceivingWater.River(null)).Problem);
        Assert.Equal("Kq unknown: the lake's volume V in the driest months not set", Catalogue.Kq(ReceivingWater.Lake(null)).Problem);
        Assert.StartsWith("Kq unknown: use of the coastal water not set", Catalogue.Kq(ReceivingWater.Coastal(null)).Problem);
        Assert.Equal("Kq unknown: Q = -1 m³/s is not a non-negative number", Catalogue.Kq(ReceivingWater.River(-1)).Problem);
        Assert.Equal("Kq unknown: Q = NaN m³/s is not a non-negative number", Catalogue.Kq(ReceivingWater.River(double.NaN)).Problem);
        Assert.False(Catalogue.Kq(null).IsKnown);
        Assert.Null(Catalogue.Kq(null).Factor);
    }

    // ---- Kf: design discharge F (m³/day) ----

    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(50.0, 1.2)]
    [InlineData(50.01, 1.1)]
    [InlineData(500.0, 1.1)]
    [InlineData(500.01, 1.0)]
    [InlineData(5_000.0, 1.0)]
    [InlineData(5_000.01, 0.9)]
    [InlineData(1_000_000.0, 0.9)]
    public void Kf_at_every_band_edge(double flow, double expected)
    {
        var kf = Catalogue.Kf(flow);

        Assert.Equal(expected, kf.Factor!.Value);
        Assert.Contains("QCVN 40:2011/BTNMT, Table 4", kf.Factor.Source);
    }

    [Theory]
    [InlineData(null, "Kf unknown: design wastewater flow not set")]
    [InlineData(0.0, "Kf unknown: F = 0 m³/day is not a positive number")]
    [InlineData(-10.0, "Kf unknown: F = -10 m³/day is not a positive number")]
    [InlineData(double.PositiveInfinity, "Kf unknown: F = Infinity m³/day is not a positive number")]
    public void Kf_unknown_says_why(double? flow, string expected)
    {
        Assert.Equal(expected, Catalogue.Kf(flow).Problem);
    }

    // ---- Kp: total flue-gas flow P (m³/h); Kv: zone type ----

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(20_000.0, 1.0)]
    [InlineData(20_000.5, 0.9)]
    [InlineData(100_000.0, 0.9)]
    [InlineData(100_000.5, 0.8)]
    public void Kp_at_every_band_edge(double flow, double expected)
    {
        var kp = Catalogue.Kp(flow);

        Assert.Equal(expected, kp.Factor!.Value);
        Assert.Contains("QCVN 19:2009/BTNMT, Table 2", kp.Factor.Source);
    }

    [Fact]
    public void Kp_unknown_when_the_flow_is_not_set()
    {
        Assert.Equal("Kp unknown: total flue-gas flow P not set", Catalogue.Kp(null).Problem);
    }

    [Theory]
    [InlineData("1", 0.6)]
    [InlineData("2", 0.8)]
    [InlineData("3", 1.0)]
    [InlineData("4", 1.2)]
    [InlineData("5", 1.4)]
    [InlineData(" 3 ", 1.0)]
    public void Kv_for_every_zone_type(string zone, double expected)
    {
        var kv = Catalogue.Kv(zone);

        Assert.Equal(expected, kv.Factor!.Value);
        Assert.Contains("QCVN 19:2009/BTNMT, Table 3", kv.Factor.Source);
    }

    [Fact]
    public void Kv_unknown_zone_lists_the_known_ones()
    {
        Assert.Equal("Kv unknown: zone type not set", Catalogue.Kv(null).Problem);
        Assert.Equal("Kv unknown: zone type '6' is not one of 1, 2, 3, 4, 5 (QCVN 19:2009/BTNMT, Table 3 [U] (Kv))", Catalogue.Kv("6").Problem);
    }

    [Fact]
    public void K_of_QCVN_14_2008_by_size_class()
    {
        Assert.Equal(1.0, Catalogue.K("larger").Factor!.Value);
        Assert.Equal(1.2, Catalogue.K("smaller").Factor!.Value);
        Assert.Equal("K unknown: size class not set", Catalogue.K(null).Problem);
    }

    // ---- Malformed data: every problem is named with its path ----

    public static TheoryData<string, string> Malformations => new()
    {
        { "verified-T-value", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits[0].verified: true, but the value is tagged [T]: only [V] values are verified" },
        { "unverified-V-formula", "regulations[4] (QCVN19:2009).formula.verified: false, but the value is tagged [V]" },
        { "undeclared-column", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits[1].column: 'C' is not a declared column (A, B)" },
        { "range-inverted", "regulations[0] (QCVN40:2011).parameters[2] (pH).limits[0]: min 9 is not below max 6" },
        { "max-with-min", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits[0]: a max limit needs 'max' and no 'min'" },
        { "coefficients-on-range", "regulations[0] (QCVN40:2011).parameters[2] (pH).coefficientsApply: true for a range limit: coefficients multiply a maximum only" },
        { "coefficients-without-factors", "regulations[5] (QCVN19:2024).parameters[0] (SO2 / 2.4/>1200MW).coefficientsApply: true, but the formula 'Cmax = C' has no coefficients" },
        { "typo", "JSON: The JSON property 'maxx' could not be mapped" },
        { "band-gap", "coefficientTables[3] (Kf).bands[1].above: 60 does not continue the previous band's upTo 50" },
        { "closed-last-band", "coefficientTables[3] (Kf).bands[3].upTo: the last band must be open-ended so that every value falls in a band" },
        { "duplicate-regulation", "regulations[1] (QCVN40:2011): id 'QCVN40:2011' is used twice" },
        { "unknown-successor", "regulations (QCVN40:2011).supersededBy: 'QCVN40:2030' is not a regulation of the catalogue" },
        { "transition-date-mismatch", "transitions[1].newEffectiveFrom: 02/07/2025 differs from QCVN19:2024.effectiveFrom 01/07/2025" },
        { "wrong-unit", "regulations[0] (QCVN40:2011).parameters[4] (COD).unit: 'mg/Nm3' is not the unit of COD in the parameter catalogue ('mg/L')" },
        { "bad-date", "regulations[1] (QCVN40:2025).effectiveFrom: '01/09/2025' is not a date in the form yyyy-MM-dd" },
        { "values-without-formula", "regulations[1] (QCVN40:2025).parameters: the formula is unknown: set formula.kind from the official text before adding limit values" },
        { "missing-Kv-table", "regulations (QCVN19:2009).formula: uses Kv but no coefficient table gives Kv for QCVN19:2009" },
        { "duplicate-parameter", "regulations[0] (QCVN40:2011).parameters[5] (COD): parameter 'COD' is listed twice" },
        { "undeclared-scope", "regulations[0] (QCVN40:2011).parameters[4] (COD / textile).scope: 'textile' is not declared in scopes (none declared)" },
        { "empty-limits", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits: missing or empty: leave the whole row out when no value is known" },
        { "unknown-tag", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits[0].tag: 'X' is not one of V, T, U" },
        { "negative-value", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits[0].max: -75 is not a finite non-negative number" },
        { "zero-coefficient", "coefficientTables[5] (Kv).classes[0].value: 0 is not a positive number" },
        { "formula-kind", "regulations[0] (QCVN40:2011).formula.kind: 'C*Kq' is not one of unknown, C, C*Kq*Kf, C*Kp*Kv, C*K" },
        { "missing-source", "regulations[0] (QCVN40:2011).parameters[4] (COD).limits[0].source: missing, and the regulation's sources give none for tag T" },
        { "not-json", "JSON: " },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public void Malformed_data_is_rejected_with_a_precise_error(string case_, string expected)
    {
        var load = RegulationCatalogue.Parse(Malform(case_));

        Assert.False(load.IsValid);
        Assert.Null(load.Catalogue);
        Assert.Contains(load.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    private static string Malform(string case_)
    {
        if (case_ == "not-json")
        {
            return "{ \"schemaVersion\": 1, ";
        }

        var root = JsonNode.Parse(EmbeddedJson(), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var regulations = root["regulations"]!.AsArray();
        JsonNode Cod() => regulations[0]!["parameters"]![4]!;
        JsonNode Kf() => root["coefficientTables"]![3]!;
        switch (case_)
        {
            case "verified-T-value":
                Cod()["limits"]![0]!["verified"] = true;
                break;
            case "unverified-V-formula":
                regulations[4]!["formula"]!["verified"] = false;
                break;
            case "undeclared-column":
                Cod()["limits"]![1]!["column"] = "C";
                break;
            case "range-inverted":
                regulations[0]!["parameters"]![2]!["limits"]![0]!["min"] = 9;
                regulations[0]!["parameters"]![2]!["limits"]![0]!["max"] = 6;
                break;
            case "max-with-min":
                Cod()["limits"]![0]!["min"] = 1;
                break;
            case "coefficients-on-range":
                regulations[0]!["parameters"]![2]!["coefficientsApply"] = true;
                break;
            case "coefficients-without-factors":
                regulations[5]!["parameters"]![0]!["coefficientsApply"] = true;
                break;
            case "typo":
                Cod()["limits"]![0]!["maxx"] = 1;
                break;
            case "band-gap":
                Kf()["bands"]![1]!["above"] = 60;
                break;
            case "closed-last-band":
                Kf()["bands"]![3]!["upTo"] = 100_000;
                break;
            case "duplicate-regulation":
                regulations[1]!["id"] = "QCVN40:2011";
                break;
            case "unknown-successor":
                regulations[0]!["supersededBy"] = "QCVN40:2030";
                break;
            case "transition-date-mismatch":
                root["transitions"]![1]!["newEffectiveFrom"] = "2025-07-02";
                break;
            case "wrong-unit":
                Cod()["unit"] = "mg/Nm3";
                break;
            case "bad-date":
                regulations[1]!["effectiveFrom"] = "01/09/2025";
                break;
            case "values-without-formula":
                regulations[1]!["parameters"]!.AsArray().Add(Cod().DeepClone());
                break;
            case "missing-Kv-table":
                root["coefficientTables"]!.AsArray().RemoveAt(5);
                break;
            case "duplicate-parameter":
                regulations[0]!["parameters"]!.AsArray().Insert(5, Cod().DeepClone());
                break;
            case "undeclared-scope":
                Cod()["scope"] = "textile";
                break;
            case "empty-limits":
                Cod()["limits"] = new JsonArray();
                break;
            case "unknown-tag":
                Cod()["limits"]![0]!["tag"] = "X";
                break;
            case "negative-value":
                Cod()["limits"]![0]!["max"] = -75;
                break;
            case "zero-coefficient":
                root["coefficientTables"]![5]!["classes"]![0]!["value"] = 0;
                break;
            case "formula-kind":
                regulations[0]!["formula"]!["kind"] = "C*Kq";
                break;
            case "missing-source":
                regulations[0]!["sources"] = new JsonObject();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(case_), case_, null);
        }

        return root.ToJsonString();
    }
}
