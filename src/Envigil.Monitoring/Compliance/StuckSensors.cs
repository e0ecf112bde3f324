using static Envigil.Monitoring.Compliance.SignalWording;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Detector 1: a sensor that no longer measures. A frozen analyser keeps sending its last reading with status 00, so
/// every receiver that only checks status and limit counts it as valid, compliant data.
/// </summary>
public static class StuckSensors
{
    /// <summary>
    /// Both tests. A frozen sensor usually shows as an exact run with a neighbouring sample one digit off, which the
    /// flat test also sees; a flat period is kept only when it lasts a whole <see cref="IntegrityThresholds.FlatWindow"/>
    /// beyond the exact runs already reported, so one frozen sensor is one signal.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> Detect(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        var repeated = RepeatedValues(stationCode, series, thresholds);
        var flat = FlatSignals(stationCode, series, thresholds).Where(f => Beyond(f, repeated) >= thresholds.FlatWindow);
        return [.. repeated, .. flat];
    }

    // The part of a flat period not covered by exact runs (which never overlap one another).
    private static TimeSpan Beyond(IntegritySignal flat, IReadOnlyList<IntegritySignal> repeated)
    {
        var outside = flat.EndUtc - flat.StartUtc;
        foreach (var run in repeated)
        {
            var from = run.StartUtc > flat.StartUtc ? run.StartUtc : flat.StartUtc;
            var to = run.EndUtc < flat.EndUtc ? run.EndUtc : flat.EndUtc;
            if (to > from)
                outside -= to - from;
        }
        return outside;
    }

    /// <summary>
    /// Runs of consecutive status-00 samples with exactly the same value lasting at least
    /// <see cref="IntegrityThresholds.StuckMinDuration"/> (first sample to last, plus one cadence: 72 five-minute
    /// samples are 6 hours). A sample with another status ends a run (a calibration moves a working sensor); a gap
    /// does not (a frozen reading after an outage is still frozen). Flow at zero is left to
    /// <see cref="FlowInconsistencies.ZeroFlowWhileRunning"/>, since a stopped plant legitimately reads 0.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> RepeatedValues(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var samples = SampleTimeline.Of(series);
        if (SampleTimeline.Contains(thresholds.StuckExcludedParameters, series.ParameterCode))
            return [];
        var isFlow = SampleTimeline.Contains(thresholds.FlowParameters, series.ParameterCode);
        var signals = new List<IntegritySignal>();
        var i = 0;
        while (i < samples.Length)
        {
            var first = samples[i];
            if (!first.IsMeasuring || !double.IsFinite(first.Value))
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < samples.Length && samples[j + 1].IsMeasuring && samples[j + 1].Value.Equals(first.Value))
                j++;
            var duration = samples[j].TimeUtc - first.TimeUtc + series.Cadence;
            var zeroFlow = isFlow && Math.Abs(first.Value) <= thresholds.ZeroFlowMax;
            if (duration >= thresholds.StuckMinDuration && !zeroFlow)
                signals.Add(Repeated(stationCode, series, samples[i..(j + 1)], duration, thresholds));
            i = j + 1;
        }
        return signals;
    }

    /// <summary>
    /// Periods where every window of <see cref="IntegrityThresholds.FlatWindow"/> has a coefficient of variation below
    /// <see cref="IntegrityThresholds.FlatMaxCv"/>, for a parameter whose median window variation in the same input is
    /// at least <see cref="IntegrityThresholds.NormalVariationMinCv"/> (so it normally varies: the input must hold
    /// enough normal data for the median to say so). A period in which every value is identical is left to
    /// <see cref="RepeatedValues"/> and its own threshold.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> FlatSignals(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var valid = SampleTimeline.Valid(SampleTimeline.Of(series), series);
        if (SampleTimeline.Contains(thresholds.StuckExcludedParameters, series.ParameterCode) || valid.Length < 3)
            return [];
        var minCount = VariationStatistics.MinCount(thresholds.FlatWindow, series.Cadence, thresholds.WindowMinCoverage);
        var windows = VariationStatistics.WindowVariations(valid, thresholds.FlatWindow, minCount)
            .Where(w => !double.IsNaN(w.Cv))
            .ToList();
        if (windows.Count == 0)
            return [];
        var typical = VariationStatistics.Median(windows.Select(w => w.Cv).ToList());
        if (typical < thresholds.NormalVariationMinCv)
            return [];

        var signals = new List<IntegritySignal>();
        int? start = null;
        var end = 0;
        foreach (var w in windows.Where(w => w.Cv < thresholds.FlatMaxCv))
        {
            if (start is not null && w.Start < end)
            {
                end = Math.Max(end, w.End);
                continue;
            }
            if (start is int done)
                AddFlat(done, end);
            start = w.Start;
            end = w.End;
        }
        if (start is int last)
            AddFlat(last, end);
        return signals;

        void AddFlat(int from, int to)
        {
            var period = valid[from..to];
            if (period.All(p => p.Value.Equals(period[0].Value)))
                return;
            signals.Add(Flat(stationCode, series, period, typical, thresholds));
        }
    }

    private static IntegritySignal Repeated(string stationCode, DatastreamSamples series, Sample[] run, TimeSpan duration, IntegrityThresholds t)
    {
        var unit = Unit(series);
        var start = run[0].TimeUtc;
        var end = run[^1].TimeUtc + series.Cadence;
        var p = series.ParameterCode;
        var vi = $"{p} giữ nguyên {ValueVi(run[0].Value)}{unit} suốt {DurationVi(duration)} ({run.Length} mẫu liên tiếp, "
            + $"{SpanVi(start, end)}) — cảm biến có thể bị kẹt.";
        var en = $"{p} stayed at exactly {ValueEn(run[0].Value)}{unit} for {DurationEn(duration)} ({run.Length} consecutive samples, "
            + $"{SpanEn(start, end)}) — the sensor may be stuck.";
        var evidence = run.Select(s => EvidencePoint.Of(p, s, EvidenceRole.InPeriod)).ToList();
        return new IntegritySignal(IntegritySignalKind.StuckValue, stationCode, p, start, end, IntegritySeverity.Warning, vi, en,
            SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }

    private static IntegritySignal Flat(string stationCode, DatastreamSamples series, Sample[] period, double typicalCv, IntegrityThresholds t)
    {
        var unit = Unit(series);
        var start = period[0].TimeUtc;
        var end = period[^1].TimeUtc + series.Cadence;
        var duration = end - start;
        var min = period.Min(s => s.Value);
        var max = period.Max(s => s.Value);
        var cv = VariationStatistics.CoefficientOfVariation(period.Select(s => s.Value).ToList());
        var p = series.ParameterCode;
        var vi = $"{p} gần như không đổi ({ValueVi(min)}–{ValueVi(max)}{unit}, hệ số biến thiên {PercentVi(cv)}) "
            + $"suốt {DurationVi(duration)} ({period.Length} mẫu, {SpanVi(start, end)}), trong khi thông số này thường dao động "
            + $"khoảng {PercentVi(typicalCv)} — cảm biến có thể bị kẹt hoặc số liệu bị thay thế.";
        var en = $"{p} barely moved ({ValueEn(min)}–{ValueEn(max)}{unit}, coefficient of variation {PercentEn(cv)}) "
            + $"for {DurationEn(duration)} ({period.Length} samples, {SpanEn(start, end)}), while it usually varies by about "
            + $"{PercentEn(typicalCv)} — the sensor may be stuck or the data replaced.";
        var evidence = period.Select(s => EvidencePoint.Of(p, s, EvidenceRole.InPeriod)).ToList();
        return new IntegritySignal(IntegritySignalKind.FlatSignal, stationCode, p, start, end, IntegritySeverity.Warning, vi, en,
            SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }
}
