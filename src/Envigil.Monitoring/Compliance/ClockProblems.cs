using Envigil.Monitoring.Observations;
using static Envigil.Monitoring.Compliance.SignalWording;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Detector 5: times that cannot be trusted. Every rule (averages, exceedances, the 5-minute transmission deadline)
/// rests on the measurement time the datalogger writes, yet receivers store it as given. A clock that runs ahead, a
/// time re-sent with another value, and a clock or timer that drifts all leave traces in the times themselves.
/// Clock tests look at the station's records (one per measurement time, across all datastreams, first receipt),
/// because the clock belongs to the datalogger, not to one analyser.
/// </summary>
public static class ClockProblems
{
    public static IReadOnlyList<IntegritySignal> Detect(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(station);
        var signals = new List<IntegritySignal>(TimestampsAhead(station, thresholds));
        foreach (var series in station.Datastreams)
            signals.AddRange(ConflictingValues(station.StationCode, series, thresholds));
        signals.AddRange(LatencyDrift(station, thresholds));
        signals.AddRange(CadenceSlip(station, thresholds));
        return signals;
    }

    /// <summary>
    /// Runs of consecutive records whose measurement time is more than <see cref="IntegrityThresholds.ClockAheadTolerance"/>
    /// after their receipt: a value cannot arrive before it is measured, so the datalogger clock runs ahead.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> TimestampsAhead(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var records = Records(station, out var cadence);
        var signals = new List<IntegritySignal>();
        var i = 0;
        while (i < records.Count)
        {
            if (Ahead(records[i]) <= thresholds.ClockAheadTolerance)
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < records.Count && Ahead(records[j + 1]) > thresholds.ClockAheadTolerance)
                j++;
            signals.Add(AheadSignal(station.StationCode, records.GetRange(i, j - i + 1), cadence, thresholds));
            i = j + 1;
        }
        return signals;

        static TimeSpan Ahead(StationRecord r) => r.TimeUtc - r.ReceivedAtUtc;
    }

    /// <summary>
    /// Measurement times offered twice with a different value or status: from the store's conflict list
    /// (<see cref="DatastreamSamples.Conflicts"/>) and from repeated times in the samples themselves (the first received
    /// is the stored version). An identical re-send is normal after an outage and is not a conflict. One signal per
    /// Vietnam day; critical when one version is a valid exceedance and the other is not, since that is what rewriting
    /// data to hide an exceedance looks like.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> ConflictingValues(string stationCode, DatastreamSamples series, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(thresholds);
        var pairs = new List<ConflictPair>();
        foreach (var c in series.Conflicts ?? [])
            pairs.Add(new ConflictPair(c.TimeUtc, c.StoredValue, c.StoredStatus, null, c.OfferedValue, c.OfferedStatus, c.DetectedAtUtc));
        foreach (var group in series.Samples.GroupBy(s => s.TimeUtc).Where(g => g.Count() > 1))
        {
            var versions = group.OrderBy(s => s.ReceivedAtUtc).ToList();
            var stored = versions[0];
            foreach (var offered in versions.Skip(1))
                if (!offered.Value.Equals(stored.Value) || offered.Status != stored.Status)
                    pairs.Add(new ConflictPair(
                        stored.TimeUtc, stored.Value, stored.Status, stored.ReceivedAtUtc, offered.Value, offered.Status, offered.ReceivedAtUtc));
        }
        // The same conflict may come from both sources; differences are what count, not the copies.
        pairs = pairs
            .Where(x => !x.StoredValue.Equals(x.OfferedValue) || x.StoredStatus != x.OfferedStatus)
            .DistinctBy(x => (x.TimeUtc, x.StoredValue, x.StoredStatus, x.OfferedValue, x.OfferedStatus))
            .OrderBy(x => x.TimeUtc)
            .ToList();

        var p = series.ParameterCode;
        var unit = Unit(series);
        var limit = series.Limit is { IsUsable: true } usable ? usable : null;
        var signals = new List<IntegritySignal>();
        foreach (var day in pairs.GroupBy(x => LocalDay(x.TimeUtc)))
        {
            var list = day.ToList();
            var hiding = list
                .Where(x => limit is not null && Exceeds(limit, x.StoredValue, x.StoredStatus) != Exceeds(limit, x.OfferedValue, x.OfferedStatus))
                .ToList();
            var example = hiding.Count > 0 ? hiding[0] : list[0];
            var n = list.Count;
            var vi = $"{p} có {n} thời điểm đo được gửi lại với giá trị khác trong ngày {DayOf(day.Key)} "
                + $"(ví dụ lúc {Clock(example.TimeUtc)}: {Version(example.StoredValue, example.StoredStatus, unit, vi: true)} "
                + $"rồi {Version(example.OfferedValue, example.OfferedStatus, unit, vi: true)})";
            var en = $"{p} had {n} measurement {(n == 1 ? "time" : "times")} re-sent with a different value on {DayOf(day.Key)} "
                + $"(e.g. at {Clock(example.TimeUtc)}: {Version(example.StoredValue, example.StoredStatus, unit, vi: false)} "
                + $"then {Version(example.OfferedValue, example.OfferedStatus, unit, vi: false)})";
            if (hiding.Count > 0)
            {
                vi += $"; trong đó {hiding.Count} lần một bản vượt {LimitVi(limit!, unit)} còn bản kia không";
                en += $"; in {hiding.Count} of them one version exceeds the {LimitEn(limit!, unit)} and the other does not";
            }
            vi += " — số liệu đã gửi không được sửa lại, cần làm rõ bản nào đúng.";
            en += " — data already sent must not be rewritten; which version is true needs to be established.";
            var evidence = list.SelectMany(x => new[]
            {
                new EvidencePoint(p, x.TimeUtc, x.StoredValue, x.StoredStatus, x.StoredReceivedAtUtc, EvidenceRole.StoredVersion),
                new EvidencePoint(p, x.TimeUtc, x.OfferedValue, x.OfferedStatus, x.OfferedReceivedAtUtc, EvidenceRole.OfferedVersion),
            }).ToList();
            signals.Add(new IntegritySignal(IntegritySignalKind.ConflictingValues, stationCode, p, list[0].TimeUtc, list[^1].TimeUtc + series.Cadence,
                hiding.Count > 0 ? IntegritySeverity.Critical : IntegritySeverity.Warning, vi, en,
                SampleTimeline.Cap(evidence, thresholds.MaxEvidencePoints)));
        }
        return signals;
    }

    /// <summary>
    /// A steady trend in the delay from measurement to receipt. The delay of one record mixes transmission jitter
    /// and re-sends after outages with the clock error, so each hour is reduced to its median record and the trend
    /// is a Theil–Sen slope over those, which outlier hours cannot tilt. Reported when the slope is at least
    /// <see cref="IntegrityThresholds.LatencyDriftMinSecondsPerDay"/>, adds up to
    /// <see cref="IntegrityThresholds.LatencyDriftMinTotal"/>, over at least <see cref="IntegrityThresholds.LatencyDriftMinSpan"/>.
    /// A growing delay means the clock falls behind; a shrinking one means it runs ahead. Records that arrived in a
    /// burst (a backlog after an outage) are left out.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> LatencyDrift(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var records = SteadyRecords(Records(station, out var cadence), cadence);
        if (records.Count < 3)
            return [];
        // Hourly buckets, widened for long inputs so that the pairwise slopes stay under a million.
        const int MaxBuckets = 1000;
        var span = records[^1].TimeUtc - records[0].TimeUtc;
        var bucket = TimeSpan.FromHours(Math.Max(1, Math.Ceiling(span.TotalHours / MaxBuckets)));
        var medians = records
            .GroupBy(r => (r.TimeUtc - records[0].TimeUtc).Ticks / bucket.Ticks)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(r => r.ReceivedAtUtc - r.TimeUtc).ElementAt((g.Count() - 1) / 2))
            .ToList();
        if (medians.Count < 3)
            return [];
        var fittedSpan = medians[^1].TimeUtc - medians[0].TimeUtc;
        if (fittedSpan < thresholds.LatencyDriftMinSpan)
            return [];
        var days = medians.Select(r => (r.TimeUtc - medians[0].TimeUtc).TotalDays).ToList();
        var latencies = medians.Select(r => (r.ReceivedAtUtc - r.TimeUtc).TotalSeconds).ToList();
        var secondsPerDay = VariationStatistics.TheilSen(days, latencies);
        if (double.IsNaN(secondsPerDay))
            return [];
        var total = TimeSpan.FromSeconds(secondsPerDay * fittedSpan.TotalDays);
        if (Math.Abs(secondsPerDay) < thresholds.LatencyDriftMinSecondsPerDay || total.Duration() < thresholds.LatencyDriftMinTotal)
            return [];

        var rate = TimeSpan.FromSeconds(Math.Abs(secondsPerDay));
        var growing = secondsPerDay > 0;
        var start = records[0].TimeUtc;
        var end = records[^1].TimeUtc;
        var vi = $"Độ trễ giữa thời điểm đo và lúc nhận số liệu của trạm {(growing ? "tăng" : "giảm")} đều "
            + $"khoảng {DurationVi(rate)} mỗi ngày, "
            + $"tổng cộng {DurationVi(total)} trong {DurationVi(fittedSpan)} ({SpanVi(start, end)}) — "
            + $"đồng hồ của bộ thu thập dữ liệu đang {(growing ? "chạy chậm dần" : "chạy nhanh dần")} so với giờ chuẩn.";
        var en = $"The delay between measurement and receipt at this station {(growing ? "grows" : "shrinks")} steadily "
            + $"by about {DurationEn(rate)} a day, "
            + $"{DurationEn(total)} over {DurationEn(fittedSpan)} ({SpanEn(start, end)}) — "
            + $"the datalogger clock is {(growing ? "falling behind" : "running ahead")} of true time.";
        var evidence = medians.Select(r => EvidencePoint.Of(r.Parameter, r.Sample, EvidenceRole.InPeriod)).ToList();
        return [new IntegritySignal(IntegritySignalKind.LatencyDrift, station.StationCode, null, start, end, IntegritySeverity.Notice, vi, en,
            SampleTimeline.Cap(evidence, thresholds.MaxEvidencePoints))];
    }

    /// <summary>
    /// Consecutive records (about one cadence apart) each off the cadence by at least
    /// <see cref="IntegrityThresholds.CadenceSlipMinStep"/> in the same direction, adding up to
    /// <see cref="IntegrityThresholds.CadenceSlipMinTotal"/> over at least <see cref="IntegrityThresholds.CadenceSlipMinSteps"/>
    /// steps: 10:00:00, 10:05:07, 10:10:14… A constant offset (every record at :30), random jitter of a second, or a
    /// single jump when the clock is reset is not a slip.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> CadenceSlip(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var records = Records(station, out var cadence);
        var signals = new List<IntegritySignal>();
        var runStart = -1;
        var runSign = 0;
        var total = TimeSpan.Zero;
        for (var i = 0; i + 1 < records.Count; i++)
        {
            var step = records[i + 1].TimeUtc - records[i].TimeUtc;
            var deviation = step - cadence;
            var sign = step > cadence * 0.5 && step < cadence * 1.5 && deviation.Duration() >= thresholds.CadenceSlipMinStep
                ? Math.Sign(deviation.Ticks)
                : 0;
            if (sign != 0 && sign == runSign)
            {
                total += deviation;
                continue;
            }
            Close(i);
            if (sign != 0)
            {
                runStart = i;
                runSign = sign;
                total = deviation;
            }
        }
        Close(records.Count - 1);
        return signals;

        // The run covers records runStart..lastRecord.
        void Close(int lastRecord)
        {
            if (runStart >= 0 && lastRecord - runStart >= thresholds.CadenceSlipMinSteps && total.Duration() >= thresholds.CadenceSlipMinTotal)
                signals.Add(SlipSignal(station.StationCode, records.GetRange(runStart, lastRecord - runStart + 1), cadence, total, thresholds));
            runStart = -1;
            runSign = 0;
            total = TimeSpan.Zero;
        }
    }

    private sealed record StationRecord(DateTime TimeUtc, DateTime ReceivedAtUtc, string Parameter, Sample Sample);

    private sealed record ConflictPair(
        DateTime TimeUtc, double StoredValue, short StoredStatus, DateTime? StoredReceivedAtUtc,
        double OfferedValue, short OfferedStatus, DateTime? OfferedReceivedAtUtc);

    /// <summary>One record per measurement time across the station's datastreams (first receipt), ordered by time;
    /// <paramref name="cadence"/> is the shortest datastream cadence.</summary>
    private static List<StationRecord> Records(StationSamples station, out TimeSpan cadence)
    {
        ArgumentNullException.ThrowIfNull(station);
        cadence = TimeSpan.MaxValue;
        var byTime = new Dictionary<DateTime, StationRecord>();
        foreach (var series in station.Datastreams)
        {
            if (series.CadenceSeconds <= 0)
                throw new ArgumentException($"{series.ParameterCode}: cadence must be positive, not {series.CadenceSeconds} s.", nameof(station));
            if (series.Cadence < cadence)
                cadence = series.Cadence;
            foreach (var s in series.Samples)
                if (!byTime.TryGetValue(s.TimeUtc, out var known) || s.ReceivedAtUtc < known.ReceivedAtUtc)
                    byTime[s.TimeUtc] = new StationRecord(s.TimeUtc, s.ReceivedAtUtc, series.ParameterCode, s);
        }
        if (cadence == TimeSpan.MaxValue)
            cadence = TimeSpan.FromMinutes(5);
        return [.. byTime.Values.OrderBy(r => r.TimeUtc)];
    }

    /// <summary>
    /// Records that arrived on their own. Files re-sent after an outage arrive in a burst, seconds apart, and their
    /// delay measures the outage, not the clock: records received within half a cadence of another are left out.
    /// </summary>
    private static List<StationRecord> SteadyRecords(List<StationRecord> records, TimeSpan cadence)
    {
        var byReceipt = records.OrderBy(r => r.ReceivedAtUtc).ToList();
        var close = cadence / 2;
        var steady = new List<StationRecord>(records.Count);
        for (var i = 0; i < byReceipt.Count; i++)
        {
            var afterPrevious = i > 0 && byReceipt[i].ReceivedAtUtc - byReceipt[i - 1].ReceivedAtUtc < close;
            var beforeNext = i + 1 < byReceipt.Count && byReceipt[i + 1].ReceivedAtUtc - byReceipt[i].ReceivedAtUtc < close;
            if (!afterPrevious && !beforeNext)
                steady.Add(byReceipt[i]);
        }
        steady.Sort((a, b) => a.TimeUtc.CompareTo(b.TimeUtc));
        return steady;
    }

    private static bool Exceeds(LimitBounds limit, double value, short status) =>
        status == ObservationStatus.Measuring && double.IsFinite(value) && limit.IsExceededBy(value);

    private static string Version(double value, short status, string unit, bool vi) =>
        $"{(vi ? ValueVi(value) : ValueEn(value))}{unit} ({status:00})";

    private static string StampVi(DateTime utc) => $"{ClockWithSeconds(utc)} ngày {Date(utc)}";

    private static string StampEn(DateTime utc) => $"{ClockWithSeconds(utc)} on {Date(utc)}";

    private static IntegritySignal AheadSignal(string stationCode, List<StationRecord> run, TimeSpan cadence, IntegrityThresholds t)
    {
        var aheads = run.Select(r => (r.TimeUtc - r.ReceivedAtUtc).TotalSeconds).ToList();
        var typical = TimeSpan.FromSeconds(Math.Round(VariationStatistics.Median(aheads)));
        var worst = run.MaxBy(r => r.TimeUtc - r.ReceivedAtUtc)!;
        var most = worst.TimeUtc - worst.ReceivedAtUtc;
        var start = run[0].TimeUtc;
        var end = run[^1].TimeUtc + cadence;
        var n = run.Count;
        var vi = $"Đồng hồ bộ thu thập dữ liệu của trạm chạy nhanh: {n} bản ghi {SpanVi(start, end)} "
            + "mang thời điểm đo muộn hơn lúc hệ thống "
            + $"nhận được khoảng {DurationVi(typical)}, nhiều nhất {DurationVi(most)} (bản ghi {StampVi(worst.TimeUtc)} nhận lúc "
            + $"{StampVi(worst.ReceivedAtUtc)}), vượt dung sai {DurationVi(t.ClockAheadTolerance)} — "
            + "thời điểm đo của các số liệu này không đáng tin.";
        var en = $"The station datalogger's clock runs ahead: {n} {(n == 1 ? "record" : "records")} {SpanEn(start, end)} carry a measurement time "
            + $"about {DurationEn(typical)} later than their receipt, up to {DurationEn(most)} (the record stamped {StampEn(worst.TimeUtc)} "
            + $"was received at {StampEn(worst.ReceivedAtUtc)}), beyond the tolerance of {DurationEn(t.ClockAheadTolerance)} — "
            + "the measurement times of these data cannot be trusted.";
        var evidence = run.Select(r => EvidencePoint.Of(r.Parameter, r.Sample, EvidenceRole.InPeriod)).ToList();
        return new IntegritySignal(IntegritySignalKind.TimestampAhead, stationCode, null, start, end, IntegritySeverity.Warning, vi, en,
            SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }

    private static IntegritySignal SlipSignal(string stationCode, List<StationRecord> run, TimeSpan cadence, TimeSpan total, IntegrityThresholds t)
    {
        var n = run.Count;
        var meanStep = TimeSpan.FromSeconds(Math.Round((run[^1].TimeUtc - run[0].TimeUtc).TotalSeconds / (n - 1)));
        var examples = string.Join(", ", run.Take(3).Select(r => ClockWithSeconds(r.TimeUtc)));
        var start = run[0].TimeUtc;
        var end = run[^1].TimeUtc;
        var vi = $"Thời điểm đo của trạm trôi dần khỏi lưới {DurationVi(cadence)}: {n} bản ghi liên tiếp cách nhau khoảng "
            + $"{DurationVi(meanStep)} thay vì {DurationVi(cadence)} ({examples}…), lệch tích lũy {DurationVi(total)} "
            + $"{SpanVi(start, end)} — bộ hẹn giờ hoặc đồng hồ của bộ thu thập dữ liệu không chuẩn.";
        var en = $"The station's measurement times slip off the {DurationEn(cadence)} grid: {n} consecutive records are about "
            + $"{DurationEn(meanStep)} apart instead of {DurationEn(cadence)} ({examples}…), adding up to {DurationEn(total)} "
            + $"{SpanEn(start, end)} — the datalogger's timer or clock is off.";
        var evidence = run.Select(r => EvidencePoint.Of(r.Parameter, r.Sample, EvidenceRole.InPeriod)).ToList();
        return new IntegritySignal(IntegritySignalKind.CadenceSlip, stationCode, null, start, end, IntegritySeverity.Notice, vi, en,
            SampleTimeline.Cap(evidence, t.MaxEvidencePoints));
    }
}
