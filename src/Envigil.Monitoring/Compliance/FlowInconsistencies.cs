using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Registry;
using static Envigil.Monitoring.Compliance.SignalWording;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Detector 6: flows that do not add up. Pollution load is concentration times flow, so a flow meter that reads too
/// much dilutes nothing but a flow that reads zero hides everything; and a treatment works cannot discharge more water
/// than it takes in.
/// </summary>
public static class FlowInconsistencies
{
    public static IReadOnlyList<IntegritySignal> Detect(StationSamples station, IntegrityThresholds thresholds) =>
        [.. OutflowAboveInflow(station, thresholds), .. ZeroFlowWhileRunning(station, thresholds)];

    /// <summary>The discharge flow: <see cref="StationSamples.OutflowParameter"/>, or the first flow datastream that is not the inflow.</summary>
    public static DatastreamSamples? Outflow(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (station.OutflowParameter is not null)
            return station.Find(station.OutflowParameter);
        return station.Datastreams.FirstOrDefault(d =>
            SampleTimeline.Contains(thresholds.FlowParameters, d.ParameterCode)
            && !string.Equals(d.ParameterCode, station.InflowParameter, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Wastewater stations with both an inflow and an outflow: hours (UTC clock hours, which are Vietnam clock hours too)
    /// where the mean outflow exceeds the mean inflow by more than <see cref="IntegrityThresholds.OutflowTolerance"/>.
    /// Both hourly means need <see cref="IntegrityThresholds.WindowMinCoverage"/> of the hour's samples; consecutive
    /// hours make one signal. Both datastreams must be in the same unit.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> OutflowAboveInflow(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (station.Kind != StationKind.Wastewater || station.Find(station.InflowParameter) is not { } inflow
            || Outflow(station, thresholds) is not { } outflow || ReferenceEquals(inflow, outflow))
            return [];
        var inHours = HourlyMeans(inflow, thresholds);
        var outHours = HourlyMeans(outflow, thresholds);
        var flagged = outHours
            .Where(o => inHours.TryGetValue(o.Key, out var i) && o.Value > i * (1 + thresholds.OutflowTolerance))
            .Select(o => o.Key)
            .Order()
            .ToList();

        var signals = new List<IntegritySignal>();
        var k = 0;
        while (k < flagged.Count)
        {
            var m = k;
            while (m + 1 < flagged.Count && flagged[m + 1] == flagged[m] + 1)
                m++;
            var hours = flagged.GetRange(k, m - k + 1);
            signals.Add(Imbalance(station.StationCode, inflow, outflow, hours, inHours, outHours, thresholds));
            k = m + 1;
        }
        return signals;
    }

    /// <summary>
    /// Runs of status-00 discharge-flow readings at zero (|value| ≤ <see cref="IntegrityThresholds.ZeroFlowMax"/>)
    /// lasting at least <see cref="IntegrityThresholds.ZeroFlowMinDuration"/> while the plant reported running for at
    /// least as long within the run (critical), or, without that, while another analyser (not a flow, not one of
    /// <see cref="IntegrityThresholds.ActivityExcludedParameters"/>) varied at least
    /// <see cref="IntegrityThresholds.ActiveVariationRatio"/> as much as it usually does over periods of the same length
    /// (warning). A stopped plant reads zero flow and its analysers sit in still water; a running one does not.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> ZeroFlowWhileRunning(StationSamples station, IntegrityThresholds thresholds)
    {
        if (Outflow(station, thresholds) is not { } flow)
            return [];
        var samples = SampleTimeline.Of(flow);
        var signals = new List<IntegritySignal>();
        var i = 0;
        while (i < samples.Length)
        {
            if (!IsZero(samples[i]))
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < samples.Length && IsZero(samples[j + 1]))
                j++;
            var run = samples[i..(j + 1)];
            var start = run[0].TimeUtc;
            var end = run[^1].TimeUtc + flow.Cadence;
            if (end - start >= thresholds.ZeroFlowMinDuration)
            {
                var running = RunningWithin(station.PlantRunning, start, end);
                var active = ActiveAnalysers(station, flow, start, end, thresholds);
                if (running >= thresholds.ZeroFlowMinDuration || active.Count > 0)
                    signals.Add(ZeroFlow(station.StationCode, flow, run, start, end, running >= thresholds.ZeroFlowMinDuration, active, thresholds));
            }
            i = j + 1;
        }
        return signals;

        bool IsZero(Sample s) => s.IsMeasuring && double.IsFinite(s.Value) && Math.Abs(s.Value) <= thresholds.ZeroFlowMax;
    }

    private sealed record AnalyserActivity(DatastreamSamples Series, Sample[] During, double Cv, double UsualCv);

    private static TimeSpan RunningWithin(IReadOnlyList<RunningPeriod>? periods, DateTime start, DateTime end)
    {
        if (periods is null)
            return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        foreach (var p in periods)
        {
            var from = p.StartUtc > start ? p.StartUtc : start;
            var to = p.EndUtc < end ? p.EndUtc : end;
            if (to > from)
                total += to - from;
        }
        return total;
    }

    private static List<AnalyserActivity> ActiveAnalysers(
        StationSamples station, DatastreamSamples flow, DateTime start, DateTime end, IntegrityThresholds t)
    {
        var active = new List<AnalyserActivity>();
        var length = end - start;
        foreach (var series in station.Datastreams)
        {
            if (ReferenceEquals(series, flow) || SampleTimeline.Contains(t.FlowParameters, series.ParameterCode)
                || string.Equals(series.ParameterCode, station.InflowParameter, StringComparison.OrdinalIgnoreCase)
                || SampleTimeline.Contains(t.ActivityExcludedParameters, series.ParameterCode))
                continue;
            var valid = SampleTimeline.Valid(SampleTimeline.Of(series), series);
            var minCount = VariationStatistics.MinCount(length, series.Cadence, t.WindowMinCoverage);
            var during = valid.Where(s => s.TimeUtc >= start && s.TimeUtc < end).ToArray();
            if (during.Length < minCount)
                continue;
            var cv = VariationStatistics.CoefficientOfVariation(during.Select(s => s.Value).ToList());
            // The usual variation over periods as long as the zero-flow run, taken only outside it.
            var usual = VariationStatistics.Median(VariationStatistics.WindowVariations(valid, length, minCount)
                .Where(w => !double.IsNaN(w.Cv) && (valid[w.Start].TimeUtc >= end || valid[w.End - 1].TimeUtc < start))
                .Select(w => w.Cv)
                .ToList());
            if (double.IsNaN(cv) || double.IsNaN(usual) || usual < t.NormalVariationMinCv)
                continue;
            if (cv >= t.ActiveVariationRatio * usual)
                active.Add(new AnalyserActivity(series, during, cv, usual));
        }
        return active;
    }

    private static DateTime HourStart(long hour) => new(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc);

    private static SortedDictionary<long, double> HourlyMeans(DatastreamSamples series, IntegrityThresholds t)
    {
        var needed = Math.Max(1, (int)Math.Ceiling(TimeSpan.FromHours(1) / series.Cadence * t.WindowMinCoverage - 1e-9));
        var means = new SortedDictionary<long, double>();
        foreach (var hour in SampleTimeline.Valid(SampleTimeline.Of(series), series).GroupBy(s => s.TimeUtc.Ticks / TimeSpan.TicksPerHour))
            if (hour.Count() >= needed)
                means[hour.Key] = hour.Average(s => s.Value);
        return means;
    }

    private static IntegritySignal Imbalance(
        string stationCode, DatastreamSamples inflow, DatastreamSamples outflow, List<long> hours,
        SortedDictionary<long, double> inHours, SortedDictionary<long, double> outHours, IntegrityThresholds t)
    {
        var unit = Unit(outflow);
        var meanIn = hours.Average(h => inHours[h]);
        var meanOut = hours.Average(h => outHours[h]);
        var start = HourStart(hours[0]);
        var end = HourStart(hours[^1] + 1);
        var duration = end - start;
        // With no inflow at all there is no percentage to quote, only the contradiction.
        var (comparedVi, comparedEn) = meanIn > 0
            ? ($"lớn hơn lưu lượng vào ({inflow.ParameterCode}) {DerivedVi(meanIn)}{unit} tới {PercentVi(meanOut / meanIn - 1)}",
                $"{PercentEn(meanOut / meanIn - 1)} more than the inflow ({inflow.ParameterCode}) of {DerivedEn(meanIn)}{unit}")
            : ($"trong khi lưu lượng vào ({inflow.ParameterCode}) bằng 0", $"while the inflow ({inflow.ParameterCode}) read zero");
        var vi = $"Lưu lượng ra ({outflow.ParameterCode}) trung bình {DerivedVi(meanOut)}{unit}, {comparedVi} trong {DurationVi(duration)} "
            + $"({SpanVi(start, end)}), vượt dung sai {PercentVi(t.OutflowTolerance)} — đồng hồ lưu lượng đo sai hoặc có nguồn nước "
            + "không được kiểm soát đổ vào hệ thống.";
        var en = $"The outflow ({outflow.ParameterCode}) averaged {DerivedEn(meanOut)}{unit}, {comparedEn}, for {DurationEn(duration)} "
            + $"({SpanEn(start, end)}), beyond the tolerance of {PercentEn(t.OutflowTolerance)} — a flow meter is wrong or "
            + "uncontrolled water enters the system.";
        const short Measuring = ObservationStatus.Measuring;
        var evidence = hours.SelectMany(h => new[]
        {
            new EvidencePoint(inflow.ParameterCode, HourStart(h), inHours[h], Measuring, null, EvidenceRole.InflowHourlyMean),
            new EvidencePoint(outflow.ParameterCode, HourStart(h), outHours[h], Measuring, null, EvidenceRole.OutflowHourlyMean),
        }).ToList();
        return new IntegritySignal(IntegritySignalKind.OutflowAboveInflow, stationCode, outflow.ParameterCode, start, end, IntegritySeverity.Warning,
            vi, en, SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }

    private static IntegritySignal ZeroFlow(
        string stationCode, DatastreamSamples flow, Sample[] run, DateTime start, DateTime end, bool reportedRunning,
        List<AnalyserActivity> active, IntegrityThresholds t)
    {
        var p = flow.ParameterCode;
        var reasonsVi = new List<string>();
        var reasonsEn = new List<string>();
        if (reportedRunning)
        {
            reasonsVi.Add("cơ sở báo nhà máy đang vận hành");
            reasonsEn.Add("the facility reported the plant running");
        }
        if (active.Count > 0)
        {
            var names = string.Join(", ", active.Select(a => a.Series.ParameterCode));
            var detailsVi = string.Join("; ", active.Select(a =>
                $"{a.Series.ParameterCode} biến thiên {PercentVi(a.Cv)}, thường {PercentVi(a.UsualCv)}"));
            var detailsEn = string.Join("; ", active.Select(a =>
                $"{a.Series.ParameterCode} varied {PercentEn(a.Cv)}, usually {PercentEn(a.UsualCv)}"));
            reasonsVi.Add($"{names} vẫn dao động bình thường ({detailsVi} trong khoảng thời gian tương đương), "
                + "cho thấy nhà máy vẫn hoạt động");
            reasonsEn.Add($"{names} kept varying as usual ({detailsEn} over periods of the same length), which shows the plant is active");
        }
        var duration = end - start;
        var vi = $"{p} bằng 0 suốt {DurationVi(duration)} ({run.Length} mẫu, {SpanVi(start, end)}) trong khi {string.Join(" và ", reasonsVi)} — "
            + "dòng thải có thể đang đi qua đường không được đo, hoặc đồng hồ lưu lượng đã bị ngắt.";
        var en = $"{p} read zero for {DurationEn(duration)} ({run.Length} samples, {SpanEn(start, end)}) while {string.Join(" and ", reasonsEn)} — "
            + "the discharge may be bypassing the meter, or the flow meter is disconnected.";
        var evidence = run.Select(s => EvidencePoint.Of(p, s, EvidenceRole.InPeriod))
            .Concat(active.SelectMany(a => a.During.Select(s => EvidencePoint.Of(a.Series.ParameterCode, s, EvidenceRole.Activity))))
            .ToList();
        return new IntegritySignal(IntegritySignalKind.ZeroFlowWhileRunning, stationCode, p, start, end,
            reportedRunning ? IntegritySeverity.Critical : IntegritySeverity.Warning, vi, en, SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }
}
