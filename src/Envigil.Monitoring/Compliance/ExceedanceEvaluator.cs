using System.ComponentModel.DataAnnotations;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Compliance;

/// <summary>The averaging window a parameter is judged on.</summary>
public enum AveragingPeriod
{
    /// <summary>Clock hours (Vietnam hours and UTC hours start together: the offset is a whole 7 h).</summary>
    OneHour,

    /// <summary>Vietnam calendar days, 00:00–24:00 ICT (17:00–17:00 UTC).</summary>
    TwentyFourHours,
}

/// <summary>
/// How continuous data is judged, bound from <see cref="SectionName"/>. Which averaging window counts as an
/// exceedance, and how complete a window must be, were NOT found in any retrieved text
/// (monitoring-regulations.md §1.3 "Averaging, valid-data rate, exceedance rule"): both are settings.
/// </summary>
public sealed class ExceedanceRules
{
    public const string SectionName = "Envigil:Monitoring:Compliance";

    /// <summary>1 h unless a parameter is configured otherwise (engineering default, not law).</summary>
    public AveragingPeriod DefaultPeriod { get; set; } = AveragingPeriod.OneHour;

    /// <summary>Per-parameter window, e.g. <c>{"TSS": "TwentyFourHours"}</c>.</summary>
    public Dictionary<string, AveragingPeriod> PeriodByParameter { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Share of the expected values a window needs, as valid values, to be judged at all; below it the window is
    /// "insufficient data". 75 % is a configurable engineering default, unverified: no rule was retrieved.
    /// </summary>
    [Range(0.01, 1.0)]
    public double MinimumValidFraction { get; set; } = 0.75;

    /// <summary>True once the fraction is checked against an official rule; while false, reports say it is an engineering default.</summary>
    public bool MinimumValidFractionVerified { get; set; }

    public AveragingPeriod PeriodFor(string parameter) =>
        PeriodByParameter.TryGetValue(parameter, out var period) ? period : DefaultPeriod;
}

/// <summary>One stored value of a datastream: time (UTC), value, Circular 10/2021 status (00 measuring, 01 calibrating, 02 fault).</summary>
public readonly record struct ObservationPoint(DateTime TimeUtc, double Value, short Status);

/// <summary>A datastream's values with what is needed to judge them.</summary>
/// <param name="Cadence">Expected interval between values (Datastream.CadenceSeconds; 5 minutes by default).</param>
/// <param name="PhysicalMin">Values below it never count (Datastream.PhysicalMin), inclusive like the rollups.</param>
/// <param name="PhysicalMax">Values above it never count (Datastream.PhysicalMax), inclusive like the rollups.</param>
public sealed record ObservationSeries(
    string Parameter,
    string Unit,
    TimeSpan Cadence,
    double? PhysicalMin,
    double? PhysicalMax,
    IReadOnlyList<ObservationPoint> Observations);

public enum WindowVerdict
{
    Compliant,
    Exceeding,

    /// <summary>Too few valid values to say either.</summary>
    InsufficientData,
}

/// <summary>Which side of the limit a window is on: above a maximum, or below a minimum.</summary>
public enum ExceedanceDirection
{
    Above,
    Below,
}

/// <summary>Why a value did not count.</summary>
public enum ExclusionReason
{
    /// <summary>Status 01.</summary>
    Calibrating,

    /// <summary>Status 02.</summary>
    Fault,

    /// <summary>Any status other than 00, 01, 02 (e.g. a vendor's 03 "maintenance").</summary>
    OtherStatus,
    OutsidePhysicalRange,

    /// <summary>NaN, infinity, or a magnitude above 1e20 that no instrument reports.</summary>
    NotAFiniteNumber,

    /// <summary>Two different values or statuses for the same time: neither is allowed to decide.</summary>
    ConflictingDuplicate,
}

public sealed record ExcludedObservation(DateTime TimeUtc, double Value, short Status, ExclusionReason Reason);

/// <summary>The judgement of one averaging window, with the values that prove it.</summary>
/// <param name="Mean">Mean of the valid values (computed in decimal); null when there are none.</param>
/// <param name="Expected">Values the cadence promises in the window.</param>
/// <param name="Required">Valid values needed to judge: ⌈fraction × expected⌉.</param>
/// <param name="ValidTimesUtc">Times of the values the mean is made of.</param>
/// <param name="Excluded">Values that did not count (calibration, fault, out of range…), each with the reason.</param>
/// <param name="Reason">The verdict in words, with the numbers.</param>
public sealed record WindowEvaluation(
    DateTime StartUtc,
    DateTime EndUtc,
    WindowVerdict Verdict,
    ExceedanceDirection? Direction,
    double? Mean,
    int Expected,
    int Required,
    int Valid,
    int Calibrating,
    int Fault,
    IReadOnlyList<DateTime> ValidTimesUtc,
    IReadOnlyList<ExcludedObservation> Excluded,
    string Reason);

/// <summary>
/// Consecutive exceeding windows on the same side of the limit.
/// </summary>
/// <param name="Peak">The worst window mean: the highest above a maximum, the lowest below a minimum.</param>
/// <param name="Mean">Mean of the window means (each window weighs the same).</param>
/// <param name="RatioToLimit">Peak ÷ the bound exceeded (above 1 for Above, below 1 for Below); null when the bound is 0.</param>
/// <param name="Limit">The bound exceeded.</param>
/// <param name="IsOngoing">The last window is the last of the evaluated range: later data may extend it.</param>
public sealed record ExceedanceEpisode(
    string Parameter,
    DateTime StartUtc,
    DateTime EndUtc,
    ExceedanceDirection Direction,
    double Peak,
    double Mean,
    double? RatioToLimit,
    double Limit,
    string Unit,
    IReadOnlyList<WindowEvaluation> Windows,
    bool IsOngoing)
{
    public IReadOnlyList<double> WindowMeans => Windows.Select(w => w.Mean!.Value).ToList();

    /// <summary>The times of every value that makes up the window means.</summary>
    public IReadOnlyList<DateTime> ObservationTimesUtc => Windows.SelectMany(w => w.ValidTimesUtc).ToList();
}

/// <summary>The judgement of one datastream over a range. When <see cref="Problem"/> is set nothing was judged.</summary>
/// <param name="OutsideRange">Values given but outside [RangeStartUtc, RangeEndUtc).</param>
public sealed record ExceedanceEvaluation(
    string Parameter,
    EffectiveLimit Limit,
    AveragingPeriod Period,
    DateTime RangeStartUtc,
    DateTime RangeEndUtc,
    IReadOnlyList<WindowEvaluation> Windows,
    IReadOnlyList<ExceedanceEpisode> Episodes,
    int OutsideRange,
    string? Problem);

public enum EpisodeChangeKind
{
    /// <summary>A new episode where there was none.</summary>
    Opened,

    /// <summary>The episode gained windows (late data, or later hours still exceeding).</summary>
    Extended,

    /// <summary>The episode lost windows; <see cref="EpisodeChange.LostWindows"/> say why.</summary>
    Shortened,

    /// <summary>Same windows, it was ongoing and now a later window ends it (possibly after gaining windows).</summary>
    Closed,

    /// <summary>No exceeding window is left where the episode was; <see cref="EpisodeChange.LostWindows"/> say why.</summary>
    Withdrawn,

    /// <summary>Same windows, but a window mean or count changed (late values inside exceeding windows).</summary>
    Revised,

    /// <summary>Gained some windows and lost others.</summary>
    Reshaped,

    /// <summary>One episode became several (a window inside it is no longer exceeding).</summary>
    Split,

    /// <summary>Several episodes became one (late data filled the gap between them).</summary>
    Merged,

    /// <summary>Several episodes became several others.</summary>
    Regrouped,

    Unchanged,

    /// <summary>The old episode lies (partly) outside the re-evaluated range, or the re-evaluation failed: nothing is concluded.</summary>
    NotReevaluated,
}

/// <summary>How an episode changed between two evaluations, and why, so that none disappears without a trace.</summary>
/// <param name="GainedWindows">Windows now exceeding that no old episode had.</param>
/// <param name="LostWindows">The new judgement of windows old episodes had and the new ones do not: the evidence for the change.</param>
public sealed record EpisodeChange(
    EpisodeChangeKind Kind,
    string Parameter,
    IReadOnlyList<ExceedanceEpisode> Before,
    IReadOnlyList<ExceedanceEpisode> After,
    IReadOnlyList<WindowEvaluation> GainedWindows,
    IReadOnlyList<WindowEvaluation> LostWindows,
    string Reason);

/// <summary>
/// Judges a datastream against an effective limit window by window and groups exceeding windows into episodes.
/// Pure and deterministic: the same values (in any order) give the same windows and episodes.
/// </summary>
public static class ExceedanceEvaluator
{
    // More windows than this is a configuration error (e.g. a range of decades at 1 h), not a workload.
    private const int MaxWindows = 1_000_000;

    // No instrument reports magnitudes like this; refusing them keeps the decimal sums far from overflow.
    private const double MaxMagnitude = 1e20;

    /// <summary>
    /// Judges <paramref name="series"/> against <paramref name="limit"/> over [<paramref name="fromUtc"/>, <paramref name="toUtc"/>),
    /// widened to whole windows. A value stamped exactly on a window boundary belongs to the window that starts there,
    /// as in the hourly and daily rollups.
    /// </summary>
    /// <param name="nowUtc">
    /// The present, when known: a window that has not ended yet and lacks data so far is still filling, so it neither
    /// closes an episode nor counts as compliant; the episode stays ongoing until a finished window decides.
    /// </param>
    public static ExceedanceEvaluation Evaluate(EffectiveLimit limit, ObservationSeries series, ExceedanceRules rules, DateTime fromUtc, DateTime toUtc, DateTime? nowUtc = null)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(rules);
        if (!(rules.MinimumValidFraction > 0 && rules.MinimumValidFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rules), rules.MinimumValidFraction, "MinimumValidFraction must be in (0, 1].");
        }

        var period = rules.PeriodFor(series.Parameter);
        var start = WindowStart(Utc(fromUtc), period);
        var end = Utc(toUtc) <= start ? start : CeilingWindow(Utc(toUtc), period);
        ExceedanceEvaluation Failed(string problem) => new(series.Parameter, limit, period, start, end, [], [], 0, problem);

        if (series.Parameter != limit.Parameter)
        {
            return Failed($"The datastream measures {series.Parameter}, the limit is for {limit.Parameter}");
        }

        if (!ParameterCatalogue.TryNormalizeUnit(series.Unit, limit.Unit, out _))
        {
            return Failed($"The datastream is in '{series.Unit}', the limit in '{limit.Unit}': not compared");
        }

        if (LimitProblem(limit) is { } limitProblem)
        {
            return Failed(limitProblem);
        }

        var length = Length(period);
        if (series.Cadence <= TimeSpan.Zero || series.Cadence > length)
        {
            return Failed($"Cadence {series.Cadence} must be positive and at most the {Describe(period)} window");
        }

        if ((end - start).Ticks / length.Ticks > MaxWindows)
        {
            return Failed($"The range {ComplianceText.Time(start)} – {ComplianceText.Time(end)} has more than {MaxWindows} windows");
        }

        var expected = (int)(length.Ticks / series.Cadence.Ticks);
        var required = Math.Max(1, (int)Math.Ceiling((decimal)rules.MinimumValidFraction * expected));
        var fractionNote = rules.MinimumValidFractionVerified ? "" : ", engineering default";

        var count = (int)((end - start).Ticks / length.Ticks);
        var buckets = new List<ObservationPoint>[count];
        var outside = 0;
        foreach (var point in series.Observations)
        {
            var t = Utc(point.TimeUtc);
            if (t < start || t >= end)
            {
                outside++;
                continue;
            }

            var index = (int)((t - start).Ticks / length.Ticks);
            (buckets[index] ??= []).Add(point with { TimeUtc = t });
        }

        var windows = new List<WindowEvaluation>(count);
        for (var i = 0; i < count; i++)
        {
            var windowStart = start + length * i;
            windows.Add(Judge(limit, series, windowStart, windowStart + length, buckets[i] ?? [], expected, required, rules.MinimumValidFraction, fractionNote));
        }

        return new ExceedanceEvaluation(series.Parameter, limit, period, start, end, windows, Group(limit, windows, nowUtc is { } now ? Utc(now) : null), outside, null);
    }

    /// <summary>
    /// What changed between the episodes of an earlier evaluation and a new one (e.g. after late data), matched by
    /// overlap in time. Every earlier episode that overlaps the new range is accounted for, even when unchanged.
    /// Earlier episodes entirely outside the new range are untouched and not reported.
    /// </summary>
    public static IReadOnlyList<EpisodeChange> Diff(IReadOnlyList<ExceedanceEpisode> previous, ExceedanceEvaluation current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);

        var changes = new List<EpisodeChange>();
        var relevant = previous
            .Where(e => e.Parameter == current.Parameter && e.StartUtc < current.RangeEndUtc && current.RangeStartUtc < e.EndUtc)
            .OrderBy(e => e.StartUtc).ThenBy(e => e.EndUtc)
            .ToList();

        if (current.Problem is not null)
        {
            changes.AddRange(relevant.Select(e => new EpisodeChange(EpisodeChangeKind.NotReevaluated, e.Parameter, [e], [], [], [],
                $"Not re-evaluated: {current.Problem}")));
            return changes;
        }

        // Connected components of the overlap graph between old and new episodes.
        var nodes = relevant.Select(e => (Old: true, Episode: e)).Concat(current.Episodes.Select(e => (Old: false, Episode: e))).ToList();
        var parent = Enumerable.Range(0, nodes.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        for (var a = 0; a < relevant.Count; a++)
        {
            for (var b = relevant.Count; b < nodes.Count; b++)
            {
                if (Overlaps(nodes[a].Episode, nodes[b].Episode))
                {
                    parent[Root(a)] = Root(b);
                }
            }
        }

        var windowsByStart = current.Windows.ToDictionary(w => w.StartUtc);
        foreach (var component in Enumerable.Range(0, nodes.Count).GroupBy(Root)
                     .Select(g => g.Select(i => nodes[i]).ToList())
                     .OrderBy(c => c.Min(n => n.Episode.StartUtc)))
        {
            var before = component.Where(n => n.Old).Select(n => n.Episode).OrderBy(e => e.StartUtc).ToList();
            var after = component.Where(n => !n.Old).Select(n => n.Episode).OrderBy(e => e.StartUtc).ToList();
            changes.Add(Compare(current, before, after, windowsByStart));
        }

        return changes;
    }

    private static EpisodeChange Compare(
        ExceedanceEvaluation current,
        List<ExceedanceEpisode> before,
        List<ExceedanceEpisode> after,
        Dictionary<DateTime, WindowEvaluation> windowsByStart)
    {
        var parameter = current.Parameter;
        if (before.FirstOrDefault(e => e.StartUtc < current.RangeStartUtc || e.EndUtc > current.RangeEndUtc) is { } partly)
        {
            return new EpisodeChange(EpisodeChangeKind.NotReevaluated, parameter, before, after, [], [],
                $"Not re-evaluated: the episode {Span(partly.StartUtc, partly.EndUtc)} lies partly outside the re-evaluated range {Span(current.RangeStartUtc, current.RangeEndUtc)}; widen the range");
        }

        if (before.SelectMany(e => e.Windows).FirstOrDefault(w => !windowsByStart.ContainsKey(w.StartUtc)) is { } foreign)
        {
            return new EpisodeChange(EpisodeChangeKind.NotReevaluated, parameter, before, after, [], [],
                $"Not re-evaluated: the earlier window {Span(foreign.StartUtc, foreign.EndUtc)} is not a {Describe(current.Period)} window of the new evaluation");
        }

        var oldStarts = before.SelectMany(e => e.Windows).Select(w => w.StartUtc).ToHashSet();
        var newWindows = after.SelectMany(e => e.Windows).ToList();
        var newStarts = newWindows.Select(w => w.StartUtc).ToHashSet();
        var gained = newWindows.Where(w => !oldStarts.Contains(w.StartUtc)).ToList();
        var lost = before.SelectMany(e => e.Windows).Where(w => !newStarts.Contains(w.StartUtc))
            .Select(w => windowsByStart[w.StartUtc]).ToList();

        EpisodeChange Change(EpisodeChangeKind kind, string reason) => new(kind, parameter, before, after, gained, lost, reason);

        if (before.Count == 0)
        {
            var opened = after[0];
            return Change(EpisodeChangeKind.Opened,
                $"Opened: {opened.Windows.Count} window(s) {Direction(opened)} from {Span(opened.StartUtc, opened.EndUtc)}, peak {ComplianceText.Number(opened.Peak)} {opened.Unit}{Ratio(opened)}");
        }

        if (after.Count == 0)
        {
            return Change(EpisodeChangeKind.Withdrawn, $"Withdrawn: {Explain(lost)}");
        }

        if (before.Count > 1 && after.Count > 1)
        {
            return Change(EpisodeChangeKind.Regrouped, $"Regrouped: {before.Count} episodes became {after.Count}{Details(gained, lost)}");
        }

        if (after.Count > 1)
        {
            return Change(EpisodeChangeKind.Split, $"Split into {after.Count} episodes{Details(gained, lost)}");
        }

        if (before.Count > 1)
        {
            return Change(EpisodeChangeKind.Merged, $"Merged {before.Count} episodes into one{Details(gained, lost)}");
        }

        var old = before[0];
        var now = after[0];
        var closes = old.IsOngoing && !now.IsOngoing ? $"; closed at {ComplianceText.Time(now.EndUtc)}" : "";
        if (lost.Count > 0 && gained.Count > 0)
        {
            return Change(EpisodeChangeKind.Reshaped, $"Reshaped{Details(gained, lost)}{closes}");
        }

        if (lost.Count > 0)
        {
            return Change(EpisodeChangeKind.Shortened, $"Shortened from {Span(old.StartUtc, old.EndUtc)} to {Span(now.StartUtc, now.EndUtc)}: {Explain(lost)}{closes}");
        }

        if (old.IsOngoing && !now.IsOngoing)
        {
            var grew = gained.Count > 0 ? $" after {gained.Count} more exceeding window(s)" : "";
            return Change(EpisodeChangeKind.Closed, $"Closed at {ComplianceText.Time(now.EndUtc)}{grew}: the next window is {Next(now, windowsByStart)}");
        }

        if (gained.Count > 0)
        {
            return Change(EpisodeChangeKind.Extended, $"Extended from {Span(old.StartUtc, old.EndUtc)} to {Span(now.StartUtc, now.EndUtc)}: {gained.Count} more exceeding window(s)");
        }

        var revised = old.Windows.Zip(now.Windows).Where(p => p.First.Mean != p.Second.Mean || p.First.Valid != p.Second.Valid || p.First.Direction != p.Second.Direction).ToList();
        if (revised.Count > 0 || old.Direction != now.Direction)
        {
            var first = revised.Count > 0 ? revised[0] : (old.Windows[0], now.Windows[0]);
            return Change(EpisodeChangeKind.Revised,
                $"Revised: {revised.Count} window mean(s) changed, e.g. {Span(first.Item1.StartUtc, first.Item1.EndUtc)} {Number(first.Item1.Mean)} → {Number(first.Item2.Mean)} {now.Unit} ({first.Item1.Valid} → {first.Item2.Valid} valid values); peak {ComplianceText.Number(old.Peak)} → {ComplianceText.Number(now.Peak)} {now.Unit}");
        }

        return Change(EpisodeChangeKind.Unchanged, "Unchanged");
    }

    private static WindowEvaluation Judge(
        EffectiveLimit limit,
        ObservationSeries series,
        DateTime start,
        DateTime end,
        List<ObservationPoint> points,
        int expected,
        int required,
        double fraction,
        string fractionNote)
    {
        // Sorting by (time, status, value) makes the result independent of arrival order (late data, resends).
        points.Sort((a, b) =>
        {
            var byTime = a.TimeUtc.CompareTo(b.TimeUtc);
            if (byTime != 0) return byTime;
            var byStatus = a.Status.CompareTo(b.Status);
            return byStatus != 0 ? byStatus : a.Value.CompareTo(b.Value);
        });

        var validTimes = new List<DateTime>();
        var excluded = new List<ExcludedObservation>();
        var sum = 0m;
        for (var i = 0; i < points.Count;)
        {
            var j = i + 1;
            while (j < points.Count && points[j].TimeUtc == points[i].TimeUtc)
            {
                j++;
            }

            var distinct = points.GetRange(i, j - i).Distinct().ToList();
            if (distinct.Count > 1)
            {
                excluded.AddRange(distinct.Select(p => new ExcludedObservation(p.TimeUtc, p.Value, p.Status, ExclusionReason.ConflictingDuplicate)));
            }
            else if (Exclusion(distinct[0], series) is { } reason)
            {
                excluded.Add(new ExcludedObservation(distinct[0].TimeUtc, distinct[0].Value, distinct[0].Status, reason));
            }
            else
            {
                validTimes.Add(distinct[0].TimeUtc);
                sum += (decimal)distinct[0].Value;
            }

            i = j;
        }

        var calibrating = excluded.Count(e => e.Reason == ExclusionReason.Calibrating);
        var fault = excluded.Count(e => e.Reason == ExclusionReason.Fault);
        var excludedText = ExcludedText(excluded);
        var counts = $"{validTimes.Count} valid of {expected} expected, {required} required ({ComplianceText.Number(fraction * 100)} %{fractionNote}){excludedText}";
        if (validTimes.Count < required)
        {
            return new WindowEvaluation(start, end, WindowVerdict.InsufficientData, null,
                validTimes.Count == 0 ? null : ComplianceText.ToDouble(sum / validTimes.Count),
                expected, required, validTimes.Count, calibrating, fault, validTimes, excluded,
                $"Insufficient data: {counts}");
        }

        // Decimal: twelve values of exactly 9 average to exactly 9, so "at the limit" stays compliant.
        var mean = sum / validTimes.Count;
        var unit = limit.Unit;
        ExceedanceDirection? direction = null;
        string comparison;
        if (limit.Upper is { } upper && mean > (decimal)upper)
        {
            direction = ExceedanceDirection.Above;
            comparison = $"mean {MeanText(mean, upper)} {unit} > {ComplianceText.Number(upper)} {unit}";
        }
        else if (limit.Lower is { } lower && mean < (decimal)lower)
        {
            direction = ExceedanceDirection.Below;
            comparison = $"mean {MeanText(mean, lower)} {unit} < {ComplianceText.Number(lower)} {unit}";
        }
        else
        {
            comparison = (limit.Lower, limit.Upper) switch
            {
                ({ } lo, { } hi) => $"{ComplianceText.Number(lo)} ≤ mean {ComplianceText.Number(mean)} ≤ {ComplianceText.Number(hi)} {unit}",
                ({ } lo, null) => $"mean {ComplianceText.Number(mean)} {unit} ≥ {ComplianceText.Number(lo)} {unit}",
                (null, { } hi) => $"mean {ComplianceText.Number(mean)} {unit} ≤ {ComplianceText.Number(hi)} {unit}",
                _ => $"mean {ComplianceText.Number(mean)} {unit}",
            };
        }

        var verdict = direction is null ? WindowVerdict.Compliant : WindowVerdict.Exceeding;
        return new WindowEvaluation(start, end, verdict, direction, ComplianceText.ToDouble(mean), expected, required, validTimes.Count, calibrating, fault,
            validTimes, excluded, $"{(verdict == WindowVerdict.Compliant ? "Compliant" : "Exceeding")}: {comparison} ({counts})");
    }

    // A mean that exceeds must never print as the limit itself: fall back to every digit when rounding would hide the difference.
    private static string MeanText(decimal mean, double bound)
    {
        var text = ComplianceText.Number(mean);
        return text == ComplianceText.Number(bound) ? mean.ToString(System.Globalization.CultureInfo.InvariantCulture) : text;
    }

    private static ExclusionReason? Exclusion(ObservationPoint point, ObservationSeries series)
    {
        switch (point.Status)
        {
            case ObservationStatus.Calibrating:
                return ExclusionReason.Calibrating;
            case ObservationStatus.Fault:
                return ExclusionReason.Fault;
            case not ObservationStatus.Measuring:
                return ExclusionReason.OtherStatus;
        }

        if (!double.IsFinite(point.Value) || Math.Abs(point.Value) > MaxMagnitude)
        {
            return ExclusionReason.NotAFiniteNumber;
        }

        if ((series.PhysicalMin is { } min && point.Value < min) || (series.PhysicalMax is { } max && point.Value > max))
        {
            return ExclusionReason.OutsidePhysicalRange;
        }

        return null;
    }

    private static List<ExceedanceEpisode> Group(EffectiveLimit limit, List<WindowEvaluation> windows, DateTime? nowUtc)
    {
        var episodes = new List<ExceedanceEpisode>();
        var run = new List<WindowEvaluation>();
        void Close(bool ongoing)
        {
            if (run.Count > 0)
            {
                episodes.Add(Episode(limit, run, ongoing));
                run = [];
            }
        }

        foreach (var window in windows)
        {
            if (window.Verdict == WindowVerdict.InsufficientData && window.EndUtc > nowUtc)
            {
                break; // still filling (and every later window too): undecided, so a run before it stays ongoing
            }

            if (window.Verdict != WindowVerdict.Exceeding)
            {
                Close(false);
                continue;
            }

            if (run.Count > 0 && run[^1].Direction != window.Direction)
            {
                Close(false);
            }

            run.Add(window);
        }

        Close(true);
        return episodes;
    }

    private static ExceedanceEpisode Episode(EffectiveLimit limit, List<WindowEvaluation> run, bool ongoing)
    {
        var direction = run[0].Direction!.Value;
        var means = run.Select(w => (decimal)w.Mean!.Value).ToList();
        var peak = direction == ExceedanceDirection.Above ? means.Max() : means.Min();
        var bound = direction == ExceedanceDirection.Above ? limit.Upper!.Value : limit.Lower!.Value;
        double? ratio = bound == 0 ? null : ComplianceText.ToDouble(peak / (decimal)bound);
        return new ExceedanceEpisode(limit.Parameter, run[0].StartUtc, run[^1].EndUtc, direction, ComplianceText.ToDouble(peak),
            ComplianceText.ToDouble(means.Sum() / means.Count), ratio, bound, limit.Unit, run.ToList(), ongoing);
    }

    private static string? LimitProblem(EffectiveLimit limit) => limit.Kind switch
    {
        LimitKind.Max when limit.Upper is null => $"The {limit.Parameter} limit is a maximum without an upper bound",
        LimitKind.Min when limit.Lower is null => $"The {limit.Parameter} limit is a minimum without a lower bound",
        LimitKind.Range when limit.Lower is null || limit.Upper is null => $"The {limit.Parameter} limit is a range without both bounds",
        _ when limit.Lower is { } lo && !double.IsFinite(lo) || limit.Upper is { } hi && !double.IsFinite(hi) => $"The {limit.Parameter} limit has a bound that is not a finite number",
        _ => null,
    };

    private static TimeSpan Length(AveragingPeriod period) => period == AveragingPeriod.OneHour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    private static string Describe(AveragingPeriod period) => period == AveragingPeriod.OneHour ? "1-hour" : "24-hour";

    /// <summary>Start of the window holding <paramref name="utc"/>: the clock hour, or 00:00 ICT of the Vietnam day.</summary>
    internal static DateTime WindowStart(DateTime utc, AveragingPeriod period)
    {
        if (period == AveragingPeriod.OneHour)
        {
            return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
        }

        return VietnamTime.ToUtc(VietnamTime.ToLocal(utc).Date);
    }

    private static DateTime CeilingWindow(DateTime utc, AveragingPeriod period)
    {
        var start = WindowStart(utc, period);
        return start == utc ? start : start + Length(period);
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc), // UTC by contract, as values read back from storage
    };

    private static bool Overlaps(ExceedanceEpisode a, ExceedanceEpisode b) => a.StartUtc < b.EndUtc && b.StartUtc < a.EndUtc;

    private static string Span(DateTime startUtc, DateTime endUtc) => $"{VietnamTime.FormatDateTime(startUtc)} – {VietnamTime.FormatDateTime(endUtc)} ICT";

    private static string Number(double? value) => value is { } v ? ComplianceText.Number(v) : "none";

    private static string Direction(ExceedanceEpisode e) => e.Direction == ExceedanceDirection.Above
        ? $"above {ComplianceText.Number(e.Limit)} {e.Unit}"
        : $"below {ComplianceText.Number(e.Limit)} {e.Unit}";

    private static string Ratio(ExceedanceEpisode e) => e.RatioToLimit is { } r ? $" ({ComplianceText.Number(Math.Round(r, 3))} × the limit)" : "";

    private static string Explain(IEnumerable<WindowEvaluation> windows) =>
        string.Join("; ", windows.Select(w => $"{Span(w.StartUtc, w.EndUtc)} is now {w.Reason}"));

    private static string Details(List<WindowEvaluation> gained, List<WindowEvaluation> lost)
    {
        var parts = new List<string>();
        if (gained.Count > 0)
        {
            parts.Add($"{gained.Count} window(s) now exceeding");
        }

        if (lost.Count > 0)
        {
            parts.Add(Explain(lost));
        }

        return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
    }

    private static string Next(ExceedanceEpisode episode, Dictionary<DateTime, WindowEvaluation> windowsByStart) =>
        windowsByStart.TryGetValue(episode.EndUtc, out var next) ? next.Reason : "outside the range";

    private static string ExcludedText(List<ExcludedObservation> excluded)
    {
        if (excluded.Count == 0)
        {
            return "";
        }

        var parts = excluded.GroupBy(e => e.Reason).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Label(g.Key)}");
        return "; not counted: " + string.Join(", ", parts);
    }

    private static string Label(ExclusionReason reason) => reason switch
    {
        ExclusionReason.Calibrating => "calibrating (01)",
        ExclusionReason.Fault => "device fault (02)",
        ExclusionReason.OtherStatus => "other status",
        ExclusionReason.OutsidePhysicalRange => "outside the physical range",
        ExclusionReason.NotAFiniteNumber => "not a finite number",
        _ => "conflicting duplicates",
    };
}
