using Envigil.Hazards.Risk;

namespace Envigil.Host.Tests.Hazards;

/// <summary>The Decision 18/2021/QĐ-TTg rules as data and their pure evaluators: every matrix cell, the real cases of the notes, the compound cap.</summary>
public sealed class RiskLevelTests
{
    private static readonly Decision18Rules Rules = Decision18Rules.Shipped;

    private static readonly string[] Areas = ["EastSea", "NorthAndCentralCoast", "SouthCentralLand", "SouthernLand", "HighlandsAndNorthwest"];

    // Art. 42 as printed by TVPL (hazards-resources.md §1.4): rows Beaufort 6–9, 10–11, 12–13, 14–15, ≥ 16.
    private static readonly int[,] Matrix =
    {
        { 3, 3, 3, 3, 3 },
        { 3, 3, 3, 4, 3 },
        { 3, 4, 4, 5, 4 },
        { 4, 4, 5, 5, 5 },
        { 4, 5, 5, 5, 5 },
    };

    public static TheoryData<int, int, int> StormCells()
    {
        var data = new TheoryData<int, int, int>();
        for (var beaufort = 6; beaufort <= 17; beaufort++)
        {
            var row = beaufort switch { <= 9 => 0, <= 11 => 1, <= 13 => 2, <= 15 => 3, _ => 4 };
            for (var area = 0; area < Areas.Length; area++)
                data.Add(beaufort, area, Matrix[row, area]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StormCells))]
    public void Storm_matrix_gives_the_level_of_every_cell(int beaufort, int area, int expected)
    {
        var result = RiskEvaluator.Storm(Rules, beaufort, Areas[area]);
        Assert.Equal(RiskOutcome.Level, result.Outcome);
        Assert.Equal(expected, result.Level);
        Assert.True(result.Verified);
        Assert.InRange(result.Level!.Value, 3, 5); // storms only take levels 3–5
        Assert.StartsWith("storm-", result.RuleId);
    }

    [Fact]
    public void Yagi_2024_is_level_4_in_the_Gulf_of_Tonkin_and_level_3_over_the_northern_East_Sea()
    {
        // Beaufort 13–14 in the Gulf of Tonkin (coastal waters of NE Bắc Bộ) was issued level 4.
        Assert.Equal(4, RiskEvaluator.Storm(Rules, 13, "NorthAndCentralCoast").Level);
        Assert.Equal(4, RiskEvaluator.Storm(Rules, 14, "NorthAndCentralCoast").Level);
        // Beaufort 13 over the northern East Sea was issued level 3.
        Assert.Equal(3, RiskEvaluator.Storm(Rules, 13, "EastSea").Level);
    }

    [Fact]
    public void Storm_below_Beaufort_6_has_no_level_and_an_unknown_area_is_unknown()
    {
        Assert.Equal(RiskOutcome.BelowThreshold, RiskEvaluator.Storm(Rules, 5, "EastSea").Outcome);
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.Storm(Rules, 12, "Atlantis").Outcome);
        Assert.Equal(5, RiskEvaluator.Storm(Rules, 19, "SouthernLand").Level); // above the scale: still the ≥ 16 row
    }

    [Fact]
    public void Compound_hazards_raise_by_one_or_two_and_never_above_5()
    {
        Assert.Equal(4, RiskEvaluator.Compound(Rules, 3, 1));
        Assert.Equal(5, RiskEvaluator.Compound(Rules, 3, 2));
        Assert.Equal(5, RiskEvaluator.Compound(Rules, 4, 2));
        Assert.Equal(5, RiskEvaluator.Compound(Rules, 5, 1));
        Assert.Equal(2, RiskEvaluator.Compound(Rules, 1, 1));
        Assert.Equal(3, RiskEvaluator.Compound(Rules, 1, 5)); // at most +2 (Art. 4)
        Assert.Equal(1, RiskEvaluator.Compound(Rules, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskEvaluator.Compound(Rules, 6, 0));
    }

    [Fact]
    public void Level_colours_are_the_five_of_article_4()
    {
        Assert.Equal(["light blue", "light yellow", "orange", "red", "purple"], Rules.Levels.OrderBy(l => l.Level).Select(l => l.ColourEn));
        Assert.All(Rules.Levels, l => Assert.Matches("^#[0-9A-F]{6}$", l.Hex));
        Assert.Empty(Rules.Check());
    }

    [Theory]
    [InlineData(100.0, null, 1.0, 1, "rain-1a")]
    [InlineData(150.0, null, 1.5, 1, "rain-1a")]
    [InlineData(199.9, null, 1.0, 1, "rain-1a")]
    [InlineData(null, 50.0, 1.0, 1, "rain-1b")]
    [InlineData(null, 99.0, 1.5, 1, "rain-1b")]
    public void Heavy_rain_level_1_is_verified(double? mm24, double? mm12, double days, int level, string rule)
    {
        var result = RiskEvaluator.HeavyRain(Rules, mm24, mm12, days, applyUnverified: false);
        Assert.Equal(RiskOutcome.Level, result.Outcome);
        Assert.Equal(level, result.Level);
        Assert.Equal(rule, result.RuleId);
        Assert.True(result.Verified);
    }

    [Theory]
    [InlineData(150, 3, 2, "rain-2a")]
    [InlineData(300, 1, 2, "rain-2b")]
    [InlineData(150, 5, 3, "rain-3a")]
    [InlineData(300, 3, 3, "rain-3b")]
    [InlineData(450, 1, 3, "rain-3c")]
    [InlineData(300, 6, 4, "rain-4a")]
    [InlineData(450, 3, 4, "rain-4b")]
    public void Heavy_rain_levels_2_to_4_are_unknown_unless_unverified_rules_are_applied(double mm24, double days, int level, string rule)
    {
        var strict = RiskEvaluator.HeavyRain(Rules, mm24, null, days, applyUnverified: false);
        Assert.Equal(RiskOutcome.Unknown, strict.Outcome);
        Assert.Null(strict.Level);
        Assert.Contains(rule, strict.ExplanationEn);

        var configured = RiskEvaluator.HeavyRain(Rules, mm24, null, days, applyUnverified: true);
        Assert.Equal(level, configured.Level);
        Assert.Equal(rule, configured.RuleId);
        Assert.False(configured.Verified);
    }

    [Fact]
    public void Heavy_rain_on_a_shared_boundary_takes_the_higher_level()
    {
        // 2 days is the end of "1–2 days" and the start of "2–4 days": the cautious reading gives the higher level,
        // which is an unverified row, so the officer decides unless unverified rows are applied.
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.HeavyRain(Rules, 150, null, 2, false).Outcome);
        Assert.Equal(2, RiskEvaluator.HeavyRain(Rules, 150, null, 2, true).Level);
        Assert.Equal(2, RiskEvaluator.HeavyRain(Rules, 200, null, 1, true).Level); // 200 mm: the 200–400 band
    }

    [Fact]
    public void Heavy_rain_has_only_four_levels_and_light_rain_none()
    {
        Assert.Equal(4, Rules.HeavyRain.Rules.Max(r => r.Level));
        Assert.Equal(RiskOutcome.BelowThreshold, RiskEvaluator.HeavyRain(Rules, 60, 30, 1, false).Outcome);
        // Huế–Đà Nẵng, Oct 2023: 300–500 mm over 48 h, the first level-4 rain warning, reached level 4 only through unverified rows.
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.HeavyRain(Rules, 450, null, 2, false).Outcome);
        Assert.Equal(4, RiskEvaluator.HeavyRain(Rules, 450, null, 2, true).Level);
    }

    [Theory]
    // peak, region, several basins, expected level (BĐ1 = 10, BĐ2 = 11, BĐ3 = 12 m)
    [InlineData(10.0, 1, false, 1)]
    [InlineData(10.5, 3, false, 1)]
    [InlineData(11.5, 1, false, 1)]
    [InlineData(10.5, 4, false, 2)]
    [InlineData(11.5, 2, false, 2)]
    [InlineData(12.5, 1, false, 2)]
    [InlineData(12.99, 2, false, 2)]
    [InlineData(11.5, 1, true, 2)]
    [InlineData(10.5, 3, true, 2)]
    public void Flood_levels_1_and_2_follow_the_alarm_bands(double peak, int region, bool several, int expected)
    {
        var result = RiskEvaluator.Flood(Rules, peak, 10, 11, 12, region, several, applyUnverified: false);
        Assert.Equal(RiskOutcome.Level, result.Outcome);
        Assert.Equal(expected, result.Level);
        Assert.True(result.Verified);
    }

    [Fact]
    public void Flood_below_BD1_has_no_level_and_above_the_verified_bands_is_unknown()
    {
        Assert.Equal(RiskOutcome.BelowThreshold, RiskEvaluator.Flood(Rules, 9.9, 10, 11, 12, 1, false, false).Outcome);
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.Flood(Rules, 13.5, 10, 11, 12, 1, false, false).Outcome); // ≥ BĐ3 + 1 m: levels 3–5 not retrieved
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.Flood(Rules, 11.5, 10, 11, 12, 4, false, false).Outcome); // level 3 row only partly seen
        Assert.Equal(3, RiskEvaluator.Flood(Rules, 11.5, 10, 11, 12, 4, false, true).Level);
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.Flood(Rules, 11, 12, 11, 10, 1, false, false).Outcome); // alarm levels must rise
    }

    [Theory]
    [InlineData(150, 1, 1, Susceptibility.Low, 1)]
    [InlineData(150, 2, 1, Susceptibility.Medium, 1)]
    [InlineData(150, 1, 2, Susceptibility.Medium, 1)]
    [InlineData(150, 2, 3, Susceptibility.High, 1)]
    [InlineData(150, 1, 4, Susceptibility.VeryHigh, 1)]
    [InlineData(300, 3, 1, Susceptibility.Low, 1)]
    [InlineData(300, 3, 3, Susceptibility.Medium, 1)]
    [InlineData(300, 3, 4, Susceptibility.High, 1)]
    [InlineData(450, 3, 3, Susceptibility.Low, 1)]
    [InlineData(450, 3, 4, Susceptibility.Medium, 1)]
    public void Flash_flood_level_1_cells_of_article_46(double mm, double antecedent, int region, Susceptibility s, int expected)
    {
        var result = RiskEvaluator.FlashFlood(Rules, mm, antecedent, region, s, applyUnverified: false);
        Assert.Equal(expected, result.Level);
        Assert.True(result.Verified);
    }

    [Fact]
    public void Flash_flood_cells_not_retrieved_are_unknown()
    {
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.FlashFlood(Rules, 150, 1, 1, Susceptibility.High, false).Outcome); // level 2, partly seen
        Assert.Equal(2, RiskEvaluator.FlashFlood(Rules, 150, 1, 1, Susceptibility.High, true).Level);
        Assert.Equal(RiskOutcome.Unknown, RiskEvaluator.FlashFlood(Rules, 450, 3, 1, Susceptibility.Low, false).Outcome); // "–" in the table
        Assert.Equal(RiskOutcome.BelowThreshold, RiskEvaluator.FlashFlood(Rules, 80, 1, 1, Susceptibility.High, false).Outcome);
    }

    [Theory]
    [InlineData(HazardType.StormSurge)]
    [InlineData(HazardType.Whirlwind)]
    [InlineData(HazardType.Thunderstorm)]
    [InlineData(HazardType.Heat)]
    [InlineData(HazardType.Drought)]
    [InlineData(HazardType.SaltwaterIntrusion)]
    [InlineData(HazardType.Erosion)]
    public void Hazards_without_a_verified_table_are_left_to_the_officer(HazardType hazard)
    {
        var result = RiskEvaluator.Evaluate(Rules, hazard, new ForecastInputs(), applyUnverified: true);
        Assert.Equal(RiskOutcome.Unknown, result.Outcome);
        Assert.Null(result.Level);
    }

    [Fact]
    public void A_rules_file_with_a_broken_matrix_is_refused()
    {
        var json = new StreamReader(typeof(Decision18Rules).Assembly.GetManifestResourceStream(Decision18Rules.ResourceName)!).ReadToEnd()
            .Replace("\"levels\": [3, 3, 3, 3, 3]", "\"levels\": [3, 3, 3, 3]", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => Decision18Rules.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains("storm-6-9", error.Message);
    }
}
