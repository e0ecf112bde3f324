using System.Globalization;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Compliance;

// Issue 4: data-integrity signals. Vendor receivers (and generic platforms such as ThingsBoard or FROST) check a value
// against a limit; they do not ask whether the value can be believed. These detectors look for the patterns an
// inspector would otherwise find by scrolling raw data: a frozen sensor, a value no analyser can produce, calibrations
// that start just when the limit comes near, data that goes missing just then, a datalogger clock that lies, and flows
// that do not add up. Every detector is pure (no I/O, no clock): it reads series the caller loaded and returns signals
// whose evidence is the samples themselves, so a signal can be shown, re-checked and quoted in a case file.
// No regulation sets any of these thresholds; they are engineering defaults in IntegrityThresholds.

/// <summary>One stored value of a datastream: measured time (UTC), value, Circular 10/2021 status
/// (<see cref="ObservationStatus"/>: 0 measuring, 1 calibrating, 2 fault) and when the receiver got it.</summary>
public sealed record Sample(DateTime TimeUtc, double Value, short Status, DateTime ReceivedAtUtc)
{
    public bool IsMeasuring => Status == ObservationStatus.Measuring;
}

/// <summary>
/// The limit a datastream is judged against, as it applies to this facility (QCVN column and factors already
/// applied): an upper bound and, for two-sided ranges such as pH 5.5–9, a lower one.
/// </summary>
public sealed record LimitBounds(double Upper, double? Lower = null)
{
    /// <summary>A one-sided limit needs a positive bound (fractions are measured from zero); a two-sided one needs Lower &lt; Upper.</summary>
    public bool IsUsable => double.IsFinite(Upper) && (Lower is double lower ? double.IsFinite(lower) && lower < Upper : Upper > 0);

    /// <summary>
    /// Where a value sits relative to the limit: 1 on the limit, above 1 beyond it. One-sided limits are measured from
    /// zero (90 % means 0.9 × limit); two-sided ranges from their middle, so pH 5.5–9 gives 1 at 5.5 and at 9 and 0 at
    /// 7.25. That way "near the limit" means the same thing for COD and for pH.
    /// </summary>
    public double Position(double value) => Lower is double lower
        ? Math.Abs(value - (lower + Upper) / 2) / ((Upper - lower) / 2)
        : value / Upper;

    public bool IsExceededBy(double value) => value > Upper || (Lower is double lower && value < lower);

    /// <summary>The bound a value is closer to, for explanations.</summary>
    public double NearestBound(double value) => Lower is double lower && value < (lower + Upper) / 2 ? lower : Upper;
}

/// <summary>A second, different version offered for a time that already had a value (see <see cref="ObservationConflict"/>).</summary>
public sealed record SampleConflict(
    DateTime TimeUtc,
    double StoredValue,
    short StoredStatus,
    double OfferedValue,
    short OfferedStatus,
    DateTime DetectedAtUtc);

/// <summary>
/// One datastream's samples over the analysed period, ordered by time, with what the detectors need to judge them.
/// </summary>
/// <param name="ParameterCode">Catalogue code, e.g. <c>COD</c>, <c>pH</c>, <c>Flow</c>.</param>
/// <param name="Unit">Unit as shown to people, e.g. <c>mg/L</c>.</param>
/// <param name="CadenceSeconds">Expected seconds between samples (Circular 10/2021: 300).</param>
/// <param name="Limit">Null when no limit applies (flow, temperature at some stations, ambient meteorology).</param>
/// <param name="Conflicts">Different values offered for an already stored time; null when not loaded.</param>
public sealed record DatastreamSamples(
    string ParameterCode,
    string Unit,
    int CadenceSeconds,
    IReadOnlyList<Sample> Samples,
    double? PhysicalMin = null,
    double? PhysicalMax = null,
    LimitBounds? Limit = null,
    IReadOnlyList<SampleConflict>? Conflicts = null)
{
    public TimeSpan Cadence => TimeSpan.FromSeconds(CadenceSeconds);
}

/// <summary>A period in which the facility reported its plant (production line, treatment works) as running.</summary>
public sealed record RunningPeriod(DateTime StartUtc, DateTime EndUtc);

/// <summary>
/// Everything known about one station over the analysed period.
/// </summary>
/// <param name="Datastreams">Every datastream of the station, flows included.</param>
/// <param name="InflowParameter">Code of the datastream that meters water entering treatment, when the station has one.</param>
/// <param name="OutflowParameter">Code of the discharge flow; null means the first datastream whose code is one of
/// <see cref="IntegrityThresholds.FlowParameters"/> (other than the inflow).</param>
/// <param name="PlantRunning">Periods the plant reported running; null when the facility sends no such indicator.</param>
/// <param name="PeriodEndUtc">End of the analysed period, so that data missing at the very end counts as a gap; null
/// means the last sample ends it.</param>
public sealed record StationSamples(
    string StationCode,
    StationKind Kind,
    IReadOnlyList<DatastreamSamples> Datastreams,
    string? InflowParameter = null,
    string? OutflowParameter = null,
    IReadOnlyList<RunningPeriod>? PlantRunning = null,
    DateTime? PeriodEndUtc = null)
{
    public DatastreamSamples? Find(string? parameterCode) => parameterCode is null
        ? null
        : Datastreams.FirstOrDefault(d => string.Equals(d.ParameterCode, parameterCode, StringComparison.OrdinalIgnoreCase));
}

public enum IntegritySignalKind
{
    /// <summary>Exactly the same value for hours.</summary>
    StuckValue,
    /// <summary>Near-zero variation for hours from a parameter that normally varies.</summary>
    FlatSignal,
    /// <summary>A value no working analyser can produce, reported as "measuring".</summary>
    ImpossibleValue,
    /// <summary>An exceedance followed at once by a flat constant well below the limit.</summary>
    DropAfterExceedance,
    CalibrationTooLong,
    CalibrationTooFrequent,
    /// <summary>A calibration that starts just when values approach the limit.</summary>
    CalibrationNearLimit,
    /// <summary>Data missing just when it was heading for, or came back at, the limit.</summary>
    GapNearLimit,
    /// <summary>Measurement times later than the receipt: the datalogger clock runs ahead.</summary>
    TimestampAhead,
    /// <summary>The same measurement time sent again with another value or status.</summary>
    ConflictingValues,
    /// <summary>The delay between measurement and receipt trends steadily: the datalogger clock drifts.</summary>
    LatencyDrift,
    /// <summary>Measurement times slip steadily off the cadence grid (10:00:00, 10:05:07, 10:10:14…).</summary>
    CadenceSlip,
    /// <summary>A treatment works discharging more than it takes in.</summary>
    OutflowAboveInflow,
    /// <summary>Discharge flow at zero while the plant runs.</summary>
    ZeroFlowWhileRunning,
}

/// <summary>How much a signal matters to an inspector.</summary>
public enum IntegritySeverity
{
    /// <summary>Should be fixed by the operator; not by itself a sign that data is wrong.</summary>
    Notice,
    /// <summary>The data in the period cannot be trusted.</summary>
    Warning,
    /// <summary>The pattern is the one that hides or fakes compliance; worth an inspection.</summary>
    Critical,
}

/// <summary>What an evidence point shows.</summary>
public enum EvidenceRole
{
    /// <summary>A sample inside the suspicious period.</summary>
    InPeriod,
    /// <summary>A valid sample over the limit.</summary>
    Exceedance,
    /// <summary>A sample between the exceedance and the flat constant.</summary>
    Transition,
    /// <summary>A sample of the flat constant that follows an exceedance.</summary>
    ConstantAfterDrop,
    /// <summary>First / last sample of a calibration.</summary>
    CalibrationStart,
    CalibrationEnd,
    /// <summary>Valid samples just before a calibration or a gap: the trend that was heading for the limit.</summary>
    Before,
    /// <summary>The first valid samples after a gap.</summary>
    After,
    /// <summary>The version kept and the version offered for the same time.</summary>
    StoredVersion,
    OfferedVersion,
    /// <summary>A sample of another analyser that shows the plant active.</summary>
    Activity,
    /// <summary>An hourly mean (time = start of the hour), for flow balances.</summary>
    InflowHourlyMean,
    OutflowHourlyMean,
}

/// <summary>One sample (or hourly mean) that proves a signal; <see cref="ReceivedAtUtc"/> is null for computed means.</summary>
public sealed record EvidencePoint(string Parameter, DateTime TimeUtc, double Value, short Status, DateTime? ReceivedAtUtc, EvidenceRole Role)
{
    internal static EvidencePoint Of(string parameter, Sample s, EvidenceRole role) =>
        new(parameter, s.TimeUtc, s.Value, s.Status, s.ReceivedAtUtc, role);
}

/// <summary>
/// A data-integrity finding. <see cref="Parameter"/> is null when the datalogger as a whole is concerned (clock
/// problems); a flow balance names the outflow. Explanations are sentences an inspector can read out, with times in
/// Vietnam local time. Evidence holds at most <see cref="IntegrityThresholds.MaxEvidencePoints"/> points: when a
/// period has more, the first and the last half are kept, and the explanation carries the full count.
/// </summary>
public sealed record IntegritySignal(
    IntegritySignalKind Kind,
    string StationCode,
    string? Parameter,
    DateTime StartUtc,
    DateTime EndUtc,
    IntegritySeverity Severity,
    string ExplanationVi,
    string ExplanationEn,
    IReadOnlyList<EvidencePoint> Evidence);

/// <summary>Runs every detector over one station.</summary>
public static class IntegrityAnalysis
{
    /// <summary>
    /// All signals for the station, ordered by start, then kind, then parameter: per datastream the stuck-sensor,
    /// impossible-value, calibration and gap detectors; per station the clock and flow detectors.
    /// </summary>
    public static IReadOnlyList<IntegritySignal> Analyze(StationSamples station, IntegrityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(thresholds);
        var signals = new List<IntegritySignal>();
        foreach (var series in station.Datastreams)
        {
            signals.AddRange(StuckSensors.Detect(station.StationCode, series, thresholds));
            signals.AddRange(ImpossibleValues.Detect(station.StationCode, series, thresholds));
            signals.AddRange(CalibrationAbuse.Detect(station.StationCode, series, thresholds));
            signals.AddRange(GapsNearLimit.Detect(station.StationCode, series, thresholds, station.PeriodEndUtc));
        }
        signals.AddRange(ClockProblems.Detect(station, thresholds));
        signals.AddRange(FlowInconsistencies.Detect(station, thresholds));
        return signals
            .OrderBy(s => s.StartUtc)
            .ThenBy(s => s.Kind)
            .ThenBy(s => s.Parameter, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>Samples as the detectors reason on them: ordered by time, one per time (the first received).</summary>
internal static class SampleTimeline
{
    public static Sample[] Of(DatastreamSamples series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.CadenceSeconds <= 0)
            throw new ArgumentException($"{series.ParameterCode}: cadence must be positive, not {series.CadenceSeconds} s.", nameof(series));
        var samples = series.Samples;
        var ordered = true;
        for (var i = 1; i < samples.Count && ordered; i++)
            ordered = samples[i - 1].TimeUtc < samples[i].TimeUtc;
        if (ordered)
            return samples as Sample[] ?? [.. samples];

        // Stable sort keeps input order among equal times, then the first-received version of a time wins, the
        // way the store keeps the first value and files later ones as conflicts.
        return samples
            .OrderBy(s => s.TimeUtc)
            .GroupBy(s => s.TimeUtc)
            .Select(g => g.MinBy(s => s.ReceivedAtUtc)!)
            .ToArray();
    }

    /// <summary>Valid as the rollups define it: status 00, a finite number, inside the physical range (and pH 0–14).</summary>
    public static bool IsValid(Sample s, DatastreamSamples series) =>
        s.IsMeasuring && double.IsFinite(s.Value)
        && (series.PhysicalMin is not double min || s.Value >= min)
        && (series.PhysicalMax is not double max || s.Value <= max)
        && (!IsPh(series.ParameterCode) || s.Value is >= 0 and <= 14);

    public static Sample[] Valid(Sample[] timeline, DatastreamSamples series) => timeline.Where(s => IsValid(s, series)).ToArray();

    public static bool IsPh(string code) => string.Equals(code, "pH", StringComparison.OrdinalIgnoreCase);

    public static bool Contains(IEnumerable<string> codes, string code) => codes.Any(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Keeps at most <paramref name="max"/> points: the first and last halves, so start and end stay visible.</summary>
    public static IReadOnlyList<EvidencePoint> Cap(List<EvidencePoint> points, int max)
    {
        if (max <= 0 || points.Count <= max)
            return points;
        var head = (max + 1) / 2;
        return [.. points.Take(head), .. points.Skip(points.Count - (max - head))];
    }
}

/// <summary>Small statistics the detectors share.</summary>
internal static class VariationStatistics
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Coefficient of variation (population standard deviation / |mean|); NaN when the mean is zero.</summary>
    public static double CoefficientOfVariation(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var mean = values.Average();
        if (Math.Abs(mean) < 1e-12)
            return double.NaN;
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return Math.Sqrt(variance) / Math.Abs(mean);
    }

    /// <summary>Least-squares slope of y against x; NaN with fewer than two distinct x.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2)
            return double.NaN;
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? double.NaN : sxy / sxx;
    }

    /// <summary>Theil–Sen slope (median of pairwise slopes): a few outliers, such as files re-sent after an outage, cannot tilt it.</summary>
    public static double TheilSen(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var slopes = new List<double>(x.Count * (x.Count - 1) / 2);
        for (var i = 0; i < x.Count; i++)
            for (var j = i + 1; j < x.Count; j++)
                if (x[j] != x[i])
                    slopes.Add((y[j] - y[i]) / (x[j] - x[i]));
        return Median(slopes);
    }

    /// <summary>
    /// Coefficient of variation of every time window [tᵢ, tᵢ + <paramref name="window"/>) that starts at a sample and
    /// holds at least <paramref name="minCount"/> samples. Running sums make it linear in the number of samples;
    /// values are shifted by the first one so that large flows (10⁶ m³/h) keep their precision.
    /// </summary>
    public static List<WindowVariation> WindowVariations(Sample[] samples, TimeSpan window, int minCount)
    {
        var result = new List<WindowVariation>();
        if (samples.Length == 0)
            return result;
        var shift = samples[0].Value;
        double sum = 0, sumSquares = 0;
        var end = 0;
        for (var start = 0; start < samples.Length; start++)
        {
            if (end < start)
            {
                end = start;
                sum = sumSquares = 0;
            }
            while (end < samples.Length && samples[end].TimeUtc < samples[start].TimeUtc + window)
            {
                var d = samples[end].Value - shift;
                sum += d;
                sumSquares += d * d;
                end++;
            }
            var count = end - start;
            if (count >= minCount)
            {
                var meanShifted = sum / count;
                var variance = Math.Max(0, sumSquares / count - meanShifted * meanShifted);
                var mean = meanShifted + shift;
                var cv = Math.Abs(mean) < 1e-12 ? double.NaN : Math.Sqrt(variance) / Math.Abs(mean);
                result.Add(new WindowVariation(start, end, mean, cv));
            }
            var first = samples[start].Value - shift;
            sum -= first;
            sumSquares -= first * first;
        }
        return result;
    }

    /// <summary>Samples needed in a window of this length for it to speak for the whole window.</summary>
    public static int MinCount(TimeSpan window, TimeSpan cadence, double coverage) =>
        Math.Max(3, (int)Math.Ceiling(window / cadence * coverage - 1e-9));
}

/// <summary>One window of <see cref="VariationStatistics.WindowVariations"/>: samples [Start, End).</summary>
internal readonly record struct WindowVariation(int Start, int End, double Mean, double Cv);

/// <summary>
/// How valid values behaved just before an instant (a calibration, a gap) or just after one (the end of a gap),
/// measured against the limit. Shared by the calibration and gap detectors so that "approaching the limit" means the
/// same in both.
/// </summary>
internal sealed record LimitApproach(
    IReadOnlyList<Sample> Window,
    IReadOnlyList<Sample> Edge,
    double WindowMean,
    double WindowMeanPosition,
    double SlopePerHour,
    double PositionSlopePerHour,
    double EdgeMean,
    double EdgePosition)
{
    /// <summary>The values at the edge (the last ones before, or the first ones after) sit at or over the near-limit fraction.</summary>
    public bool AtLimit(IntegrityThresholds t) => EdgePosition >= t.NearLimitFraction;

    /// <summary>The window mean is high and the trend heads for the limit.</summary>
    public bool Rising(IntegrityThresholds t) =>
        Window.Count >= t.MinTrendSamples && WindowMeanPosition >= t.RisingFloorFraction && PositionSlopePerHour > 0;

    public bool Approaching(IntegrityThresholds t) => AtLimit(t) || Rising(t);

    /// <summary>
    /// Valid samples in (<paramref name="lastInclusive"/> − trend window, <paramref name="lastInclusive"/>]; null when there are none.
    /// </summary>
    public static LimitApproach? Before(Sample[] valid, DateTime lastInclusive, LimitBounds limit, IntegrityThresholds t)
    {
        var window = valid.Where(s => s.TimeUtc <= lastInclusive && s.TimeUtc > lastInclusive - t.TrendWindow).ToArray();
        return window.Length == 0 ? null : Build(window, window.TakeLast(t.EdgeSamples).ToArray(), limit);
    }

    /// <summary>The first valid samples in [<paramref name="firstInclusive"/>, + trend window]; null when there are none.</summary>
    public static LimitApproach? After(Sample[] valid, DateTime firstInclusive, LimitBounds limit, IntegrityThresholds t)
    {
        var window = valid.Where(s => s.TimeUtc >= firstInclusive && s.TimeUtc <= firstInclusive + t.TrendWindow).ToArray();
        return window.Length == 0 ? null : Build(window, window.Take(t.EdgeSamples).ToArray(), limit);
    }

    private static LimitApproach Build(Sample[] window, Sample[] edge, LimitBounds limit)
    {
        var hours = window.Select(s => (s.TimeUtc - window[0].TimeUtc).TotalHours).ToArray();
        var values = window.Select(s => s.Value).ToArray();
        var slope = VariationStatistics.Slope(hours, values);
        // For a two-sided range the trend that matters is the distance from the middle, so the slope is taken on positions.
        var positionSlope = VariationStatistics.Slope(hours, values.Select(limit.Position).ToArray());
        // Means are positioned as a whole (the position of the mean, not the mean of positions), so that the share an
        // explanation quotes is exactly the one compared with the threshold.
        var windowMean = values.Average();
        var edgeMean = edge.Average(s => s.Value);
        return new LimitApproach(
            window,
            edge,
            windowMean,
            limit.Position(windowMean),
            double.IsNaN(slope) ? 0 : slope,
            double.IsNaN(positionSlope) ? 0 : positionSlope,
            edgeMean,
            limit.Position(edgeMean));
    }
}

/// <summary>
/// How numbers, durations and times read in the explanations: Vietnamese with a decimal comma and dot grouping
/// (45,2; 1.800.000), English with the invariant culture; times in Vietnam local time, dd/MM/yyyy as officials write.
/// </summary>
internal static class SignalWording
{
    private static readonly NumberFormatInfo Vietnamese = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NegativeSign = "-",
    };

    /// <summary>A value as reported (every digit kept).</summary>
    public static string ValueVi(double v) => v.ToString("#,##0.######", Vietnamese);

    public static string ValueEn(double v) => v.ToString("#,##0.######", CultureInfo.InvariantCulture);

    /// <summary>A computed value (mean, rate), two decimals at most.</summary>
    public static string DerivedVi(double v) => v.ToString("#,##0.##", Vietnamese);

    public static string DerivedEn(double v) => v.ToString("#,##0.##", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage: whole percent from 10 % up, two decimals below (small coefficients of variation).</summary>
    public static string PercentVi(double fraction) => (fraction * 100).ToString(PercentFormat(fraction), Vietnamese) + "%";

    public static string PercentEn(double fraction) => (fraction * 100).ToString(PercentFormat(fraction), CultureInfo.InvariantCulture) + "%";

    private static string PercentFormat(double fraction) => Math.Abs(fraction) >= 0.1 ? "#,##0" : "0.##";

    public static string DurationVi(TimeSpan d) => Duration(d, "giờ", "giờ", "phút", "phút", "giây", "giây");

    public static string DurationEn(TimeSpan d) => Duration(d, "hour", "hours", "minute", "minutes", "second", "seconds");

    /// <summary>A period after "the preceding" / "the first": "hour" rather than "1 hour".</summary>
    public static string PeriodEn(TimeSpan d) => d == TimeSpan.FromHours(1) ? "hour" : DurationEn(d);

    private static string Duration(TimeSpan d, string hour, string hours, string minute, string minutes, string second, string seconds)
    {
        var total = (long)Math.Round(Math.Abs(d.TotalSeconds));
        var h = total / 3600;
        var m = total % 3600 / 60;
        var s = total % 60;
        var parts = new List<string>(3);
        if (h > 0)
            parts.Add($"{h} {(h == 1 ? hour : hours)}");
        if (m > 0)
            parts.Add($"{m} {(m == 1 ? minute : minutes)}");
        if (s > 0 || parts.Count == 0)
            parts.Add($"{s} {(s == 1 ? second : seconds)}");
        return string.Join(' ', parts);
    }

    public static string Clock(DateTime utc) => VietnamTime.ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string ClockWithSeconds(DateTime utc) => VietnamTime.ToLocal(utc).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Date(DateTime utc) => VietnamTime.FormatDate(utc);

    public static string MomentVi(DateTime utc) => $"{Clock(utc)} ngày {Date(utc)}";

    public static string MomentEn(DateTime utc) => $"{Clock(utc)} on {Date(utc)}";

    public static string SpanVi(DateTime startUtc, DateTime endUtc) => SameLocalDay(startUtc, endUtc)
        ? $"từ {Clock(startUtc)} đến {Clock(endUtc)} ngày {Date(startUtc)}"
        : $"từ {MomentVi(startUtc)} đến {MomentVi(endUtc)}";

    public static string SpanEn(DateTime startUtc, DateTime endUtc) => SameLocalDay(startUtc, endUtc)
        ? $"from {Clock(startUtc)} to {Clock(endUtc)} on {Date(startUtc)}"
        : $"from {MomentEn(startUtc)} to {MomentEn(endUtc)}";

    /// <summary>"mg/L" after a number, or nothing for unitless parameters (pH).</summary>
    public static string Unit(DatastreamSamples series) =>
        string.IsNullOrWhiteSpace(series.Unit) || SampleTimeline.IsPh(series.ParameterCode) ? string.Empty : " " + series.Unit;

    public static string LimitVi(LimitBounds limit, string unit) => limit.Lower is double lower
        ? $"khoảng cho phép {ValueVi(lower)}–{ValueVi(limit.Upper)}{unit}"
        : $"giới hạn {ValueVi(limit.Upper)}{unit}";

    public static string LimitEn(LimitBounds limit, string unit) => limit.Lower is double lower
        ? $"allowed range {ValueEn(lower)}–{ValueEn(limit.Upper)}{unit}"
        : $"limit {ValueEn(limit.Upper)}{unit}";

    public static DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(VietnamTime.ToLocal(utc));

    public static string MonthOf(DateOnly day) => day.ToString("MM/yyyy", CultureInfo.InvariantCulture);

    public static string DayOf(DateOnly day) => VietnamTime.FormatDate(day);

    private static bool SameLocalDay(DateTime a, DateTime b) => LocalDay(a) == LocalDay(b);
}

/// <summary>How a <see cref="LimitApproach"/> reads in an explanation, the same for calibrations and gaps.</summary>
internal static class ApproachWording
{
    /// <summary>"86% giới hạn 150 mg/L" for one-sided limits; the nearest bound for two-sided ranges.</summary>
    public static (string Vi, string En) Share(double value, LimitBounds limit, string unit)
    {
        if (limit.Lower is null)
            return ($"{SignalWording.PercentVi(limit.Position(value))} giới hạn {SignalWording.ValueVi(limit.Upper)}{unit}",
                $"{SignalWording.PercentEn(limit.Position(value))} of the {SignalWording.ValueEn(limit.Upper)}{unit} limit");
        var bound = limit.NearestBound(value);
        return ($"giới hạn gần nhất {SignalWording.ValueVi(bound)}{unit}", $"nearest bound {SignalWording.ValueEn(bound)}{unit}");
    }

    /// <summary>"3 giá trị hợp lệ cuối cùng trung bình 142 mg/L (95% giới hạn 150 mg/L)".</summary>
    public static (string Vi, string En) Edge(LimitApproach a, LimitBounds limit, DatastreamSamples series, bool before)
    {
        var unit = SignalWording.Unit(series);
        var (shareVi, shareEn) = Share(a.EdgeMean, limit, unit);
        var k = a.Edge.Count;
        var which = before ? "cuối cùng" : "đầu tiên";
        var whichEn = before ? "last" : "first";
        var vi = k == 1
            ? $"giá trị hợp lệ {which} là {SignalWording.ValueVi(a.Edge[0].Value)}{unit} ({shareVi})"
            : $"{k} giá trị hợp lệ {which} trung bình {SignalWording.DerivedVi(a.EdgeMean)}{unit} ({shareVi})";
        var en = k == 1
            ? $"the {whichEn} valid value was {SignalWording.ValueEn(a.Edge[0].Value)}{unit} ({shareEn})"
            : $"the {whichEn} {k} valid values averaged {SignalWording.DerivedEn(a.EdgeMean)}{unit} ({shareEn})";
        return (vi, en);
    }

    /// <summary>"trung bình 1 giờ trước đó 128,4 mg/L (86% giới hạn 150 mg/L) và đang tăng 12,5 mg/L/giờ".</summary>
    public static (string Vi, string En) Trend(LimitApproach a, LimitBounds limit, DatastreamSamples series, IntegrityThresholds t)
    {
        var unit = SignalWording.Unit(series);
        var rateUnitVi = unit.Length == 0 ? " đơn vị" : unit;
        var rateUnitEn = unit.Length == 0 ? " units" : unit;
        var (shareVi, shareEn) = Share(a.WindowMean, limit, unit);
        var rate = Math.Abs(a.SlopePerHour);
        var (directionVi, directionEn) = a.SlopePerHour switch
        {
            > 0 => ($"đang tăng {SignalWording.DerivedVi(rate)}{rateUnitVi}/giờ",
                $"rising by {SignalWording.DerivedEn(rate)}{rateUnitEn} per hour"),
            < 0 => ($"đang giảm {SignalWording.DerivedVi(rate)}{rateUnitVi}/giờ",
                $"falling by {SignalWording.DerivedEn(rate)}{rateUnitEn} per hour"),
            _ => ("đi ngang", "flat"),
        };
        return ($"trung bình {SignalWording.DurationVi(t.TrendWindow)} trước đó là {SignalWording.DerivedVi(a.WindowMean)}{unit} "
                + $"({shareVi}) và {directionVi}",
            $"the mean over the preceding {SignalWording.PeriodEn(t.TrendWindow)} was {SignalWording.DerivedEn(a.WindowMean)}{unit} "
                + $"({shareEn}) and {directionEn}");
    }
}
