using static Envigil.Monitoring.Compliance.SignalWording;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Detector 2: values that cannot be measurements. An analyser that reports a fault (status 02) is honest and is left
/// alone; these are values sent as "measuring" (status 00) that no working instrument can produce, and the drop from
/// an exceedance straight to a steady, comfortable constant that a replaced data stream shows.
/// </summary>
public static class ImpossibleValues
{
    public static IReadOnlyList<IntegritySignal> Detect(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds) =>
        [.. OutOfRange(stationCode, series, thresholds), .. DropsAfterExceedance(stationCode, series, thresholds)];

    /// <summary>
    /// Status-00 samples that are not a number, outside pH 0–14, negative (except <see cref="IntegrityThresholds.NegativeAllowedParameters"/>),
    /// or outside the datastream's physical range. Consecutive samples with the same reason make one signal.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> OutOfRange(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var samples = SampleTimeline.Of(series);
        var signals = new List<IntegritySignal>();
        var i = 0;
        while (i < samples.Length)
        {
            var reason = Reason(samples[i], series, thresholds);
            if (reason is null)
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < samples.Length && Reason(samples[j + 1], series, thresholds) == reason)
                j++;
            signals.Add(Impossible(stationCode, series, samples[i..(j + 1)], reason.Value, thresholds));
            i = j + 1;
        }
        return signals;
    }

    /// <summary>
    /// A valid sample over the limit, then within <see cref="IntegrityThresholds.DropMaxSamplesAfterExceedance"/>
    /// samples (and as many cadences, plus half a cadence of jitter) a status-00 value at most
    /// <see cref="IntegrityThresholds.DropMaxLimitFraction"/> of the limit, repeated exactly for at least
    /// <see cref="IntegrityThresholds.DropMinPersistence"/>. A real recovery comes down gradually and keeps varying.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> DropsAfterExceedance(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var samples = SampleTimeline.Of(series);
        if (series.Limit is not { IsUsable: true } limit)
            return [];
        var signals = new List<IntegritySignal>();
        var reach = series.Cadence * (thresholds.DropMaxSamplesAfterExceedance + 0.5);
        for (var i = 0; i < samples.Length; i++)
        {
            var exceedance = samples[i];
            if (!SampleTimeline.IsValid(exceedance, series) || !limit.IsExceededBy(exceedance.Value))
                continue;
            // Judge from the last sample of an exceedance, the one the drop follows.
            if (i + 1 < samples.Length && SampleTimeline.IsValid(samples[i + 1], series) && limit.IsExceededBy(samples[i + 1].Value))
                continue;
            for (var k = 1; k <= thresholds.DropMaxSamplesAfterExceedance && i + k < samples.Length; k++)
            {
                var first = samples[i + k];
                if (first.TimeUtc - exceedance.TimeUtc > reach)
                    break;
                if (!SampleTimeline.IsValid(first, series) || limit.Position(first.Value) > thresholds.DropMaxLimitFraction)
                    continue;
                var last = i + k;
                while (last + 1 < samples.Length && samples[last + 1].IsMeasuring && samples[last + 1].Value.Equals(first.Value))
                    last++;
                var persistence = samples[last].TimeUtc - first.TimeUtc + series.Cadence;
                if (persistence < thresholds.DropMinPersistence)
                    continue;
                signals.Add(Drop(stationCode, series, limit, samples, i, i + k, last, persistence, thresholds));
                i = last;
                break;
            }
        }
        return signals;
    }

    private enum ImpossibleReason
    {
        NotANumber,
        OutsidePhScale,
        Negative,
        BelowPhysicalRange,
        AbovePhysicalRange,
    }

    private static ImpossibleReason? Reason(Sample s, DatastreamSamples series, IntegrityThresholds t)
    {
        if (!s.IsMeasuring)
            return null;
        if (!double.IsFinite(s.Value))
            return ImpossibleReason.NotANumber;
        if (SampleTimeline.IsPh(series.ParameterCode) && s.Value is < 0 or > 14)
            return ImpossibleReason.OutsidePhScale;
        if (s.Value < 0 && !SampleTimeline.Contains(t.NegativeAllowedParameters, series.ParameterCode))
            return ImpossibleReason.Negative;
        if (series.PhysicalMin is double min && s.Value < min)
            return ImpossibleReason.BelowPhysicalRange;
        if (series.PhysicalMax is double max && s.Value > max)
            return ImpossibleReason.AbovePhysicalRange;
        return null;
    }

    private static IntegritySignal Impossible(string stationCode, DatastreamSamples series, Sample[] run, ImpossibleReason reason, IntegrityThresholds t)
    {
        var unit = Unit(series);
        var p = series.ParameterCode;
        var n = run.Length;
        var start = run[0].TimeUtc;
        var end = run[^1].TimeUtc + series.Cadence;
        var finite = run.Where(s => double.IsFinite(s.Value)).Select(s => s.Value).ToList();
        string rangeVi = "", rangeEn = "";
        if (finite.Count > 0)
        {
            var (min, max) = (finite.Min(), finite.Max());
            rangeVi = min.Equals(max) ? $" ({ValueVi(min)}{unit})" : $" (từ {ValueVi(min)} đến {ValueVi(max)}{unit})";
            rangeEn = min.Equals(max) ? $" ({ValueEn(min)}{unit})" : $" (from {ValueEn(min)} to {ValueEn(max)}{unit})";
        }
        var values = n == 1 ? "value" : "values";
        var (whatVi, whatEn) = reason switch
        {
            ImpossibleReason.NotANumber => ($"{n} giá trị không phải là số", $"{n} {values} that are not numbers"),
            ImpossibleReason.OutsidePhScale => ($"{n} giá trị nằm ngoài thang pH 0–14", $"{n} {values} outside the pH scale 0–14"),
            ImpossibleReason.Negative => ($"{n} giá trị âm", $"{n} negative {values}"),
            ImpossibleReason.BelowPhysicalRange => (
                $"{n} giá trị thấp hơn mức thấp nhất thiết bị có thể đo ({ValueVi(series.PhysicalMin!.Value)}{unit})",
                $"{n} {values} below the lowest the instrument can read ({ValueEn(series.PhysicalMin!.Value)}{unit})"),
            _ => (
                $"{n} giá trị vượt mức cao nhất của dải đo ({ValueVi(series.PhysicalMax!.Value)}{unit})",
                $"{n} {values} above the top of the measuring range ({ValueEn(series.PhysicalMax!.Value)}{unit})"),
        };
        var vi = $"{p} báo {whatVi}{rangeVi} {SpanVi(start, end)} trong khi trạng thái vẫn là “đang đo” (00) — "
            + "số liệu này không thể đúng và không được tính là hợp lệ.";
        var en = $"{p} reported {whatEn}{rangeEn} {SpanEn(start, end)} while its status still said “measuring” (00) — "
            + "these values cannot be right and do not count as valid.";
        var evidence = run.Select(s => EvidencePoint.Of(p, s, EvidenceRole.InPeriod)).ToList();
        return new IntegritySignal(IntegritySignalKind.ImpossibleValue, stationCode, p, start, end, IntegritySeverity.Warning, vi, en,
            SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }

    private static IntegritySignal Drop(
        string stationCode, DatastreamSamples series, LimitBounds limit, Sample[] samples, int exceedanceIndex, int firstFlat, int lastFlat,
        TimeSpan persistence, IntegrityThresholds t)
    {
        var unit = Unit(series);
        var p = series.ParameterCode;
        var exceedance = samples[exceedanceIndex];
        var constant = samples[firstFlat].Value;
        var steps = firstFlat - exceedanceIndex;
        var flatStart = samples[firstFlat].TimeUtc;
        var end = samples[lastFlat].TimeUtc + series.Cadence;
        var n = lastFlat - firstFlat + 1;
        var later = steps == 1 ? "ngay mẫu sau" : $"chỉ {steps} mẫu sau";
        var laterEn = steps == 1 ? "at the very next sample" : $"{steps} samples later";
        var vi = $"{p} vượt {LimitVi(limit, unit)} ({ValueVi(exceedance.Value)}{unit} lúc {MomentVi(exceedance.TimeUtc)}) "
            + $"rồi {later} rơi xuống {ValueVi(constant)}{unit} và giữ đúng giá trị này suốt {DurationVi(persistence)} "
            + $"({n} mẫu, {SpanVi(flatStart, end)}) — dấu hiệu số liệu bị thay thế để che vượt chuẩn.";
        var en = $"{p} exceeded its {LimitEn(limit, unit)} ({ValueEn(exceedance.Value)}{unit} at {MomentEn(exceedance.TimeUtc)}), "
            + $"then {laterEn} dropped to {ValueEn(constant)}{unit} and held exactly that value for {DurationEn(persistence)} "
            + $"({n} samples, {SpanEn(flatStart, end)}) — a sign the data was replaced to hide an exceedance.";
        var evidence = new List<EvidencePoint> { EvidencePoint.Of(p, exceedance, EvidenceRole.Exceedance) };
        for (var m = exceedanceIndex + 1; m < firstFlat; m++)
            evidence.Add(EvidencePoint.Of(p, samples[m], EvidenceRole.Transition));
        for (var m = firstFlat; m <= lastFlat; m++)
            evidence.Add(EvidencePoint.Of(p, samples[m], EvidenceRole.ConstantAfterDrop));
        return new IntegritySignal(IntegritySignalKind.DropAfterExceedance, stationCode, p, exceedance.TimeUtc, end, IntegritySeverity.Critical,
            vi, en, SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }
}
