using System.Globalization;

namespace Envigil.Hazards.Risk;

public enum RiskOutcome
{
    /// <summary>A rule gave a level.</summary>
    Level,
    /// <summary>The forecast is below every threshold of the decision: no risk level.</summary>
    BelowThreshold,
    /// <summary>The decision has a level for this forecast, but the rule was not retrieved or is unverified and not applied: an officer sets it.</summary>
    Unknown,
}

/// <summary>What the rules say for one forecast: the level, the rule (id, article) that gave it and whether that rule is verified.</summary>
public sealed record RiskAssessment(RiskOutcome Outcome, int? Level, string? RuleId, bool Verified, string Source, string ExplanationVi, string ExplanationEn)
{
    public static RiskAssessment Unknown(string source, string vi, string en) => new(RiskOutcome.Unknown, null, null, false, source, vi, en);
}

/// <summary>Forecast values a warning carries; which ones matter depends on the hazard.</summary>
public sealed record ForecastInputs
{
    /// <summary>Maximum sustained wind, Beaufort (storm).</summary>
    public int? Beaufort { get; init; }
    /// <summary>Storm area code of the matrix (<see cref="StormArea.Code"/>).</summary>
    public string? StormArea { get; init; }
    public double? Rain24hMm { get; init; }
    public double? Rain12hMm { get; init; }
    /// <summary>How many days the rain lasts (heavy rain) or has already fallen (antecedent, flash flood).</summary>
    public double? RainDays { get; init; }
    public double? FloodPeakM { get; init; }
    public double? Bd1M { get; init; }
    public double? Bd2M { get; init; }
    public double? Bd3M { get; init; }
    /// <summary>Khu vực 1–4 of the station (flood) or the province/commune (flash flood).</summary>
    public int? Region { get; init; }
    public bool SeveralBasins { get; init; }
    public Susceptibility? Susceptibility { get; init; }
}

/// <summary>
/// Pure evaluators of Decision 18/2021/QĐ-TTg, Chapter III. No I/O: rules and a forecast in, an assessment out.
/// Unverified rows are applied only when <c>applyUnverified</c> is true; otherwise a forecast they would grade is "unknown".
/// </summary>
public static class RiskEvaluator
{
    public static RiskAssessment Evaluate(Decision18Rules rules, HazardType hazard, ForecastInputs f, bool applyUnverified) => hazard switch
    {
        HazardType.Storm => f.Beaufort is { } b && f.StormArea is { } a
            ? Storm(rules, b, a)
            : RiskAssessment.Unknown(rules.Storm.Source, "Cần cấp gió (Beaufort) và khu vực ảnh hưởng.", "Needs the wind force (Beaufort) and the affected area."),
        HazardType.HeavyRain => HeavyRain(rules, f.Rain24hMm, f.Rain12hMm, f.RainDays ?? 1, applyUnverified),
        HazardType.Flood => f is { FloodPeakM: { } p, Bd1M: { } b1, Bd2M: { } b2, Bd3M: { } b3, Region: { } r }
            ? Flood(rules, p, b1, b2, b3, r, f.SeveralBasins, applyUnverified)
            : RiskAssessment.Unknown(rules.Flood.Source, "Cần đỉnh lũ dự báo, mức BĐ1–BĐ3 và khu vực của trạm.", "Needs the forecast peak, the station's BĐ1–BĐ3 and its region."),
        HazardType.FlashFlood or HazardType.Landslide or HazardType.Subsidence => f is { Rain24hMm: { } mm, Region: { } region, Susceptibility: { } s }
            ? FlashFlood(rules, mm, f.RainDays ?? 1, region, s, applyUnverified)
            : RiskAssessment.Unknown(rules.FlashFlood.Source, "Cần lượng mưa 24 giờ, số ngày mưa trước, khu vực và mức độ nguy cơ của vùng.", "Needs 24-h rain, antecedent days, the region and the zone's susceptibility."),
        _ => NoTable(rules, hazard),
    };

    /// <summary>Art. 42: maximum sustained wind (Beaufort) × affected area. Storms take levels 3–5 only.</summary>
    public static RiskAssessment Storm(Decision18Rules rules, int beaufort, string areaCode)
    {
        var matrix = rules.Storm;
        var column = matrix.Areas.ToList().FindIndex(a => string.Equals(a.Code, areaCode, StringComparison.OrdinalIgnoreCase));
        if (column < 0)
            return RiskAssessment.Unknown(matrix.Source, $"Khu vực '{areaCode}' không có trong bảng.", $"Area '{areaCode}' is not in the matrix.");
        if (beaufort < 6)
            return new(RiskOutcome.BelowThreshold, null, null, matrix.Verified, matrix.Source,
                $"Gió cấp {beaufort} dưới cấp 6: không phải áp thấp nhiệt đới.", $"Beaufort {beaufort} is below 6: not a tropical depression.");
        // Beaufort 17 is the top of the scale (Annex III); stronger is still the "≥ 16" row.
        var row = matrix.Rows.FirstOrDefault(r => beaufort >= r.MinBeaufort && beaufort <= r.MaxBeaufort) ?? matrix.Rows.MaxBy(r => r.MaxBeaufort)!;
        var area = matrix.Areas[column];
        var level = row.Levels[column];
        return new(RiskOutcome.Level, level, row.Id, matrix.Verified, matrix.Source,
            $"Gió cấp {beaufort} (hàng {row.MinBeaufort}–{row.MaxBeaufort}), khu vực {area.Vi}: cấp {level}.",
            $"Beaufort {beaufort} (row {row.MinBeaufort}–{row.MaxBeaufort}), area {area.En}: level {level}.");
    }

    /// <summary>Art. 44: rain amount over 24 h or 12 h and how many days it lasts. Bounds included; the highest matching level wins.</summary>
    public static RiskAssessment HeavyRain(Decision18Rules rules, double? mm24h, double? mm12h, double days, bool applyUnverified)
    {
        var table = rules.HeavyRain;
        var matching = table.Rules.Where(r => Matches(r, mm24h, mm12h, days)).OrderByDescending(r => r.Level).ThenByDescending(r => r.Verified).ToList();
        var applied = matching.FirstOrDefault(r => r.Verified || applyUnverified);
        var strongestUnapplied = matching.FirstOrDefault(r => !r.Verified && !applyUnverified);
        var amount = Amount(mm24h, mm12h, days);
        if (strongestUnapplied is not null && (applied is null || strongestUnapplied.Level > applied.Level))
            return RiskAssessment.Unknown(table.Source,
                $"{amount}: theo quy tắc chưa xác minh {strongestUnapplied.Id} có thể là cấp {strongestUnapplied.Level}; cán bộ quyết định cấp độ.",
                $"{amount}: the unverified rule {strongestUnapplied.Id} would give level {strongestUnapplied.Level}; an officer sets the level.");
        if (applied is not null)
            return new(RiskOutcome.Level, applied.Level, applied.Id, applied.Verified, table.Source,
                $"{amount}: {applied.Text} → cấp {applied.Level}.", $"{amount}: rule {applied.Id} → level {applied.Level}.");
        var below = (mm24h is null || mm24h < 100) && (mm12h is null || mm12h < 50);
        return below
            ? new(RiskOutcome.BelowThreshold, null, null, true, table.Source, $"{amount}: dưới ngưỡng mưa lớn cấp 1.", $"{amount}: below the level-1 heavy-rain threshold.")
            : RiskAssessment.Unknown(table.Source, $"{amount}: không có quy tắc đã biết.", $"{amount}: no known rule.");
    }

    private static bool Matches(RainRule r, double? mm24h, double? mm12h, double days)
    {
        var amount = r.Min24h is not null
            ? mm24h is { } a && a >= r.Min24h && (r.Max24h is null || a <= r.Max24h)
            : r.Min12h is not null && mm12h is { } b && b >= r.Min12h && (r.Max12h is null || b <= r.Max12h);
        return amount && days >= r.MinDays && (r.MaxDays is null || days <= r.MaxDays);
    }

    private static string Amount(double? mm24h, double? mm12h, double days) =>
        string.Join(", ", new[] { mm24h is { } a ? $"{N(a)} mm/24h" : null, mm12h is { } b ? $"{N(b)} mm/12h" : null, $"{N(days)} d" }.OfType<string>());

    /// <summary>Art. 45: forecast peak against the station's alarm levels BĐ1–BĐ3, by the station's region and whether one or several basins flood.</summary>
    public static RiskAssessment Flood(Decision18Rules rules, double peakM, double bd1, double bd2, double bd3, int region, bool severalBasins, bool applyUnverified)
    {
        var table = rules.Flood;
        if (!(bd1 < bd2 && bd2 < bd3))
            return RiskAssessment.Unknown(table.Source, "Mức báo động phải tăng dần BĐ1 < BĐ2 < BĐ3.", "Alarm levels must rise: BĐ1 < BĐ2 < BĐ3.");
        if (peakM < bd1)
            return new(RiskOutcome.BelowThreshold, null, null, true, table.Source, $"Đỉnh lũ {N(peakM)} m dưới BĐ1 ({N(bd1)} m).", $"Peak {N(peakM)} m is below BĐ1 ({N(bd1)} m).");
        double Mark(string name, double offset) => (name.ToUpperInvariant() switch { "BD1" => bd1, "BD2" => bd2, "BD3" => bd3, _ => double.NaN }) + offset;
        var matching = table.Rules
            .Where(r => r.Regions.Contains(region) && (r.Basins == "any" || r.Basins == (severalBasins ? "several" : "one")))
            .Where(r => peakM >= Mark(r.From, r.FromOffsetM) && peakM < Mark(r.To, r.ToOffsetM))
            .OrderByDescending(r => r.Level).ToList();
        var applied = matching.FirstOrDefault(r => r.Verified || applyUnverified);
        var unapplied = matching.FirstOrDefault(r => !r.Verified && !applyUnverified);
        var what = $"Đỉnh {N(peakM)} m (BĐ1 {N(bd1)}, BĐ2 {N(bd2)}, BĐ3 {N(bd3)}), khu vực {region}, {(severalBasins ? "nhiều lưu vực" : "một lưu vực")}";
        var whatEn = $"Peak {N(peakM)} m (BĐ1 {N(bd1)}, BĐ2 {N(bd2)}, BĐ3 {N(bd3)}), region {region}, {(severalBasins ? "several basins" : "one basin")}";
        if (unapplied is not null && (applied is null || unapplied.Level > applied.Level))
            return RiskAssessment.Unknown(table.Source, $"{what}: quy tắc chưa xác minh {unapplied.Id} có thể cho cấp {unapplied.Level}; cán bộ quyết định.",
                $"{whatEn}: the unverified rule {unapplied.Id} would give level {unapplied.Level}; an officer decides.");
        return applied is not null
            ? new(RiskOutcome.Level, applied.Level, applied.Id, applied.Verified, table.Source, $"{what}: cấp {applied.Level} ({applied.Id}).", $"{whatEn}: level {applied.Level} ({applied.Id}).")
            : RiskAssessment.Unknown(table.Source, $"{what}: cấp 3–5 của Điều 45 chưa được xác minh; cán bộ quyết định.",
                $"{whatEn}: levels 3–5 of Art. 45 are not verified; an officer decides.");
    }

    /// <summary>Art. 46: 24-h rain, days of earlier rain, the region and the zone's susceptibility class.</summary>
    public static RiskAssessment FlashFlood(Decision18Rules rules, double mm24h, double antecedentDays, int region, Susceptibility susceptibility, bool applyUnverified)
    {
        var table = rules.FlashFlood;
        var what = $"{N(mm24h)} mm/24h, mưa trước {N(antecedentDays)} ngày, khu vực {region}, nguy cơ {HazardLabels.Of(susceptibility).Vi}";
        var whatEn = $"{N(mm24h)} mm/24h, {N(antecedentDays)} days of earlier rain, region {region}, {HazardLabels.Of(susceptibility).En} susceptibility";
        if (mm24h < 100)
            return new(RiskOutcome.BelowThreshold, null, null, true, table.Source, $"{what}: dưới 100 mm/24h.", $"{whatEn}: below 100 mm/24h.");
        var matching = table.Rules
            .Where(r => r.Region == region && r.Susceptibility.Contains(susceptibility) && mm24h >= r.Min24h && (r.Max24h is null || mm24h <= r.Max24h))
            .Where(r => r.Antecedent == ">2" ? antecedentDays > 2 : antecedentDays >= 1 && antecedentDays <= 2)
            .OrderByDescending(r => r.Level).ToList();
        var applied = matching.FirstOrDefault(r => r.Verified || applyUnverified);
        var unapplied = matching.FirstOrDefault(r => !r.Verified && !applyUnverified);
        if (unapplied is not null && (applied is null || unapplied.Level > applied.Level))
            return RiskAssessment.Unknown(table.Source, $"{what}: quy tắc chưa xác minh {unapplied.Id} có thể cho cấp {unapplied.Level}; cán bộ quyết định.",
                $"{whatEn}: the unverified rule {unapplied.Id} would give level {unapplied.Level}; an officer decides.");
        return applied is not null
            ? new(RiskOutcome.Level, applied.Level, applied.Id, applied.Verified, table.Source, $"{what}: cấp {applied.Level} ({applied.Id}).", $"{whatEn}: level {applied.Level} ({applied.Id}).")
            : RiskAssessment.Unknown(table.Source, $"{what}: ô này của Điều 46 chưa được xác minh; cán bộ quyết định.",
                $"{whatEn}: this cell of Art. 46 is not verified; an officer decides.");
    }

    /// <summary>Art. 4: two or more hazards together or in sequence raise the level by 1; a serious threat to life or property by 2; never above 5.</summary>
    public static int Compound(Decision18Rules rules, int level, int raise)
    {
        if (level is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(level), level, "Risk levels are 1..5.");
        var allowed = Math.Clamp(raise, 0, rules.Compound.RaiseSeriousThreat);
        return Math.Min(rules.Compound.Cap, level + allowed);
    }

    private static RiskAssessment NoTable(Decision18Rules rules, HazardType hazard)
    {
        var entry = rules.NoVerifiedTable.FirstOrDefault(n => n.Hazard == hazard);
        return RiskAssessment.Unknown(entry?.Source ?? rules.Document,
            $"Chưa có bảng cấp độ đã xác minh cho {HazardLabels.Of(hazard).Vi}; cán bộ đặt cấp độ và ghi lý do.",
            $"No verified level table for {HazardLabels.Of(hazard).En} ({entry?.Note}); an officer sets the level with a reason.");
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
