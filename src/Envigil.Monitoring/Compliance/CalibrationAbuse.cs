using Envigil.Monitoring.Observations;
using static Envigil.Monitoring.Compliance.SignalWording;

namespace Envigil.Monitoring.Compliance;

/// <summary>One uninterrupted calibration of a datastream: consecutive status-01 samples. It ends one cadence after its last sample.</summary>
public sealed record CalibrationEpisode(DateTime StartUtc, DateTime EndUtc, int SampleCount, Sample First, Sample Last)
{
    public TimeSpan Duration => EndUtc - StartUtc;
}

/// <summary>Calibrations that started in one Vietnam calendar day, or one month (<see cref="PeriodStart"/> is then the 1st).</summary>
public sealed record CalibrationTally(DateOnly PeriodStart, int Count, TimeSpan Total);

/// <summary>
/// Detector 3: calibration used as cover. Values sent with status 01 never count, neither as valid data nor as an
/// exceedance, so an operator can switch an analyser to "calibrating" to make an exceedance disappear. The tell-tale
/// signs are calibrations that last too long, come too often, or start just when values approach the limit.
/// </summary>
public static class CalibrationAbuse
{
    public static IReadOnlyList<IntegritySignal> Detect(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds) =>
        [.. TooLong(stationCode, series, thresholds), .. TooFrequent(stationCode, series, thresholds), .. NearLimit(stationCode, series, thresholds)];

    /// <summary>
    /// Consecutive status-01 samples, one episode as long as no other status comes between them and no more than
    /// <see cref="IntegrityThresholds.GapAfterCadences"/> cadences separate two of them.
    /// </summary>
    public static IReadOnlyList<CalibrationEpisode> Episodes(DatastreamSamples series, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var samples = SampleTimeline.Of(series);
        var maxStep = series.Cadence * thresholds.GapAfterCadences;
        var episodes = new List<CalibrationEpisode>();
        var i = 0;
        while (i < samples.Length)
        {
            if (samples[i].Status != ObservationStatus.Calibrating)
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < samples.Length && samples[j + 1].Status == ObservationStatus.Calibrating
                   && samples[j + 1].TimeUtc - samples[j].TimeUtc <= maxStep)
                j++;
            episodes.Add(new CalibrationEpisode(samples[i].TimeUtc, samples[j].TimeUtc + series.Cadence, j - i + 1, samples[i], samples[j]));
            i = j + 1;
        }
        return episodes;
    }

    /// <summary>Calibrations per Vietnam calendar day (by start), for days that had any.</summary>
    public static IReadOnlyList<CalibrationTally> PerDay(IReadOnlyList<CalibrationEpisode> episodes) =>
        Tally(episodes, e => LocalDay(e.StartUtc));

    /// <summary>Calibrations per Vietnam calendar month (by start), for months that had any.</summary>
    public static IReadOnlyList<CalibrationTally> PerMonth(IReadOnlyList<CalibrationEpisode> episodes) =>
        Tally(episodes, e => FirstOfMonth(LocalDay(e.StartUtc)));

    /// <summary>Episodes longer than <see cref="IntegrityThresholds.CalibrationMaxDuration"/>.</summary>
    public static IReadOnlyList<IntegritySignal> TooLong(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        var p = series.ParameterCode;
        return Episodes(series, thresholds)
            .Where(e => e.Duration > thresholds.CalibrationMaxDuration)
            .Select(e => new IntegritySignal(
                IntegritySignalKind.CalibrationTooLong, stationCode, p, e.StartUtc, e.EndUtc, IntegritySeverity.Warning,
                $"{p} ở trạng thái hiệu chuẩn suốt {DurationVi(e.Duration)} ({e.SampleCount} mẫu, {SpanVi(e.StartUtc, e.EndUtc)}), "
                + $"lâu hơn mức {DurationVi(thresholds.CalibrationMaxDuration)} mà một lần hiệu chuẩn thường cần — "
                + "trong thời gian này không có số liệu hợp lệ.",
                $"{p} was in calibration for {DurationEn(e.Duration)} ({e.SampleCount} samples, {SpanEn(e.StartUtc, e.EndUtc)}), "
                + $"longer than the {DurationEn(thresholds.CalibrationMaxDuration)} a calibration normally needs — "
                + "no valid data exists for that time.",
                Bounds(p, e)))
            .ToList();
    }

    /// <summary>
    /// Vietnam days with more than <see cref="IntegrityThresholds.CalibrationMaxPerDay"/> calibrations; the explanation
    /// gives the month's count too.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> TooFrequent(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        var p = series.ParameterCode;
        var episodes = Episodes(series, thresholds);
        var months = PerMonth(episodes).ToDictionary(m => m.PeriodStart);
        var signals = new List<IntegritySignal>();
        foreach (var day in episodes.GroupBy(e => LocalDay(e.StartUtc)))
        {
            var list = day.ToList();
            if (list.Count <= thresholds.CalibrationMaxPerDay)
                continue;
            var total = list.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Duration);
            var month = months[FirstOfMonth(day.Key)];
            var vi = $"{p} hiệu chuẩn {list.Count} lần trong ngày {DayOf(day.Key)} (quá {thresholds.CalibrationMaxPerDay} lần/ngày), "
                + $"tổng cộng {DurationVi(total)}; cả tháng {MonthOf(day.Key)} có {month.Count} lần hiệu chuẩn "
                + $"(tổng {DurationVi(month.Total)}) trong số liệu đã xem xét.";
            var en = $"{p} was calibrated {list.Count} times on {DayOf(day.Key)} (more than {thresholds.CalibrationMaxPerDay} a day), "
                + $"{DurationEn(total)} in all; {month.Count} calibrations in {MonthOf(day.Key)} "
                + $"({DurationEn(month.Total)} in all) in the data examined.";
            var evidence = list.SelectMany(e => Bounds(p, e)).ToList();
            signals.Add(new IntegritySignal(IntegritySignalKind.CalibrationTooFrequent, stationCode, p, list[0].StartUtc, list[^1].EndUtc,
                IntegritySeverity.Warning, vi, en, SampleTimeline.Cap(evidence, thresholds.MaxEvidencePoints)));
        }
        return signals;
    }

    /// <summary>
    /// Calibrations that start when the last valid values before them are at or over
    /// <see cref="IntegrityThresholds.NearLimitFraction"/> of the limit, or when the values of the preceding
    /// <see cref="IntegrityThresholds.TrendWindow"/> average at least <see cref="IntegrityThresholds.RisingFloorFraction"/>
    /// of it and rise. The explanation counts how many of the month's calibrations started that way. Critical when the
    /// last values were at the limit (or over it), a warning when only the trend pointed there.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> NearLimit(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        if (series.Limit is not { IsUsable: true } limit)
            return [];
        var valid = SampleTimeline.Valid(SampleTimeline.Of(series), series);
        var episodes = Episodes(series, thresholds);
        var flagged = new List<(CalibrationEpisode Episode, LimitApproach Approach)>();
        foreach (var e in episodes)
        {
            var approach = LimitApproach.Before(valid, e.StartUtc.AddTicks(-1), limit, thresholds);
            if (approach is not null && approach.Approaching(thresholds))
                flagged.Add((e, approach));
        }
        var monthTotals = PerMonth(episodes).ToDictionary(m => m.PeriodStart, m => m.Count);
        var monthFlagged = flagged.GroupBy(f => FirstOfMonth(LocalDay(f.Episode.StartUtc))).ToDictionary(g => g.Key, g => g.Count());

        var p = series.ParameterCode;
        var unit = Unit(series);
        var signals = new List<IntegritySignal>();
        foreach (var (e, a) in flagged)
        {
            var month = FirstOfMonth(LocalDay(e.StartUtc));
            var parts = new List<(string Vi, string En)>();
            if (a.AtLimit(thresholds))
                parts.Add(ApproachWording.Edge(a, limit, series, before: true));
            if (a.Rising(thresholds))
                parts.Add(ApproachWording.Trend(a, limit, series, thresholds));
            var vi = $"{p} chuyển sang hiệu chuẩn lúc {MomentVi(e.StartUtc)} đúng khi giá trị đang tiến sát {LimitVi(limit, unit)}: "
                + $"{string.Join("; ", parts.Select(x => x.Vi))}. Lần hiệu chuẩn này kéo dài {DurationVi(e.Duration)}; "
                + $"trong tháng {MonthOf(month)} có {monthFlagged[month]}/{monthTotals[month]} lần hiệu chuẩn bắt đầu khi giá trị "
                + "sát giới hạn.";
            var en = $"{p} went into calibration at {MomentEn(e.StartUtc)} just as values approached its {LimitEn(limit, unit)}: "
                + $"{string.Join("; ", parts.Select(x => x.En))}. This calibration lasted {DurationEn(e.Duration)}; "
                + $"in {MonthOf(month)}, {monthFlagged[month]} of {monthTotals[month]} calibrations started near the limit.";
            var evidence = a.Window.Select(s => EvidencePoint.Of(p, s, EvidenceRole.Before)).Concat(Bounds(p, e)).ToList();
            var severity = a.Edge.Any(s => limit.IsExceededBy(s.Value)) || a.AtLimit(thresholds)
                ? IntegritySeverity.Critical
                : IntegritySeverity.Warning;
            signals.Add(new IntegritySignal(IntegritySignalKind.CalibrationNearLimit, stationCode, p, e.StartUtc, e.EndUtc, severity, vi, en,
                SampleTimeline.Cap(evidence, thresholds.MaxEvidencePoints)));
        }
        return signals;
    }

    private static List<EvidencePoint> Bounds(string parameter, CalibrationEpisode e) => e.SampleCount == 1
        ? [EvidencePoint.Of(parameter, e.First, EvidenceRole.CalibrationStart)]
        : [EvidencePoint.Of(parameter, e.First, EvidenceRole.CalibrationStart), EvidencePoint.Of(parameter, e.Last, EvidenceRole.CalibrationEnd)];

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static List<CalibrationTally> Tally(IReadOnlyList<CalibrationEpisode> episodes, Func<CalibrationEpisode, DateOnly> period) => episodes
        .GroupBy(period)
        .OrderBy(g => g.Key)
        .Select(g => new CalibrationTally(g.Key, g.Count(), g.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Duration)))
        .ToList();
}
