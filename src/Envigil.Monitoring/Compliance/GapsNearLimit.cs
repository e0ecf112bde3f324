using static Envigil.Monitoring.Compliance.SignalWording;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Detector 4: data that goes missing when it matters. A receiver that alarms on "no data for N minutes" treats every
/// gap alike; an inspector wants the gaps that began while values were heading for the limit, or ended with values
/// already at it, because a datalogger unplugged during an exceedance leaves exactly that trace.
/// </summary>
public static class GapsNearLimit
{
    /// <summary>
    /// Gaps (the next sample, of any status, more than <see cref="IntegrityThresholds.GapAfterCadences"/> cadences
    /// after the last) where the valid values before were approaching the limit (the same test as for calibrations:
    /// last values at <see cref="IntegrityThresholds.NearLimitFraction"/>, or the trend window's mean at
    /// <see cref="IntegrityThresholds.RisingFloorFraction"/> and rising) or the first valid values after were at
    /// <see cref="IntegrityThresholds.NearLimitFraction"/>. When <paramref name="periodEndUtc"/> is given, data missing
    /// at the end of the period is an open gap judged on the values before it. The explanation always says both what
    /// came before and what came after. Critical when both hold or the values after exceed the limit.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> Detect(
        string stationCode, DatastreamSamples series, IntegrityThresholds thresholds, DateTime? periodEndUtc = null)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var samples = SampleTimeline.Of(series);
        if (series.Limit is not { IsUsable: true } limit || samples.Length == 0)
            return [];
        var valid = SampleTimeline.Valid(samples, series);
        var longest = series.Cadence * thresholds.GapAfterCadences;
        var signals = new List<IntegritySignal>();
        for (var i = 0; i + 1 < samples.Length; i++)
            if (samples[i + 1].TimeUtc - samples[i].TimeUtc > longest)
                Judge(samples[i].TimeUtc, samples[i + 1].TimeUtc, open: false);
        if (periodEndUtc is DateTime periodEnd && periodEnd - samples[^1].TimeUtc > longest)
            Judge(samples[^1].TimeUtc, periodEnd, open: true);
        return signals;

        void Judge(DateTime lastBefore, DateTime firstAfter, bool open)
        {
            var before = LimitApproach.Before(valid, lastBefore, limit, thresholds);
            var after = open ? null : LimitApproach.After(valid, firstAfter, limit, thresholds);
            var approaching = before?.Approaching(thresholds) ?? false;
            var high = after?.AtLimit(thresholds) ?? false;
            if (!approaching && !high)
                return;
            var severity = (approaching && high) || (after is not null && after.Edge.Any(s => limit.IsExceededBy(s.Value)))
                ? IntegritySeverity.Critical
                : IntegritySeverity.Warning;
            signals.Add(Gap(stationCode, series, limit, lastBefore, firstAfter, open, before, after, severity, thresholds));
        }
    }

    private static IntegritySignal Gap(
        string stationCode, DatastreamSamples series, LimitBounds limit, DateTime lastBefore, DateTime firstAfter, bool open,
        LimitApproach? before, LimitApproach? after, IntegritySeverity severity, IntegrityThresholds t)
    {
        var p = series.ParameterCode;
        var missing = firstAfter - lastBefore - series.Cadence;
        string beforeVi, beforeEn;
        if (before is null)
        {
            beforeVi = $"không có giá trị hợp lệ nào trong {DurationVi(t.TrendWindow)} trước đó";
            beforeEn = $"there was no valid value in the preceding {PeriodEn(t.TrendWindow)}";
        }
        else
        {
            var edge = ApproachWording.Edge(before, limit, series, before: true);
            var trend = ApproachWording.Trend(before, limit, series, t);
            (beforeVi, beforeEn) = before.Window.Count >= t.MinTrendSamples
                ? ($"{trend.Vi}, {edge.Vi}", $"{trend.En}, {edge.En}")
                : (edge.Vi, edge.En);
        }
        string afterVi, afterEn;
        if (open)
        {
            afterVi = $"đến cuối kỳ xem xét ({MomentVi(firstAfter)}) vẫn chưa có dữ liệu";
            afterEn = $"there was still no data at the end of the period examined ({MomentEn(firstAfter)})";
        }
        else if (after is null)
        {
            afterVi = $"không có giá trị hợp lệ nào trong {DurationVi(t.TrendWindow)} đầu tiên";
            afterEn = $"there was no valid value in the first {PeriodEn(t.TrendWindow)}";
        }
        else
        {
            (afterVi, afterEn) = ApproachWording.Edge(after, limit, series, before: false);
        }

        var whenVi = open
            ? $"sau mẫu lúc {MomentVi(lastBefore)}"
            : $"sau mẫu lúc {MomentVi(lastBefore)} đến mẫu lúc {MomentVi(firstAfter)}";
        var whenEn = open
            ? $"after the sample at {MomentEn(lastBefore)}"
            : $"after the sample at {MomentEn(lastBefore)} until the sample at {MomentEn(firstAfter)}";
        // An open gap has no "after": the sentence ends on the data still missing.
        var afterClauseVi = open ? afterVi : $"sau khi có lại, {afterVi}";
        var afterClauseEn = open ? afterEn : $"after it, {afterEn}";
        var vi = $"Mất dữ liệu {p} {DurationVi(missing)} ({whenVi}) đúng lúc có nguy cơ vượt chuẩn: "
            + $"trước khi mất, {beforeVi}; {afterClauseVi}.";
        var en = $"{p} data is missing for {DurationEn(missing)} ({whenEn}) just when an exceedance was likely: "
            + $"before the gap, {beforeEn}; {afterClauseEn}.";

        var evidence = new List<EvidencePoint>();
        if (before is not null)
            evidence.AddRange(before.Window.Select(s => EvidencePoint.Of(p, s, EvidenceRole.Before)));
        if (after is not null)
            evidence.AddRange(after.Edge.Select(s => EvidencePoint.Of(p, s, EvidenceRole.After)));
        return new IntegritySignal(IntegritySignalKind.GapNearLimit, stationCode, p, lastBefore, firstAfter, severity, vi, en,
            SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }
}
