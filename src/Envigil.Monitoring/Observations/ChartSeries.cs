namespace Envigil.Monitoring.Observations;

/// <summary>A value to draw at a time (a raw value or an hourly/daily mean).</summary>
public readonly record struct ChartPoint(DateTime TimeUtc, double Value);

/// <summary>A stretch of samples with one non-measuring status (Circular 10/2021: 01 calibrating, 02 device fault), [From, To).</summary>
public sealed record StatusPeriod(short Status, DateTime FromUtc, DateTime ToUtc, int Samples);

/// <summary>
/// Reduces a series to what a chart of a given pixel width can show, so that a year of hourly data (8,760 points) is
/// never sent as 8,760 SVG vertices: per pixel column only the lowest and highest value, in the order they occurred,
/// which keeps every peak and trough a full-resolution line would show. A line is broken (a new segment) wherever two
/// consecutive points are further apart than <c>maxStep</c>, so a gap in the data stays a gap on the chart.
/// </summary>
public static class ChartSeries
{
    /// <param name="points">Oldest first.</param>
    /// <param name="columns">Pixel columns of the plot area.</param>
    /// <param name="maxStep">The longest distance between two points still drawn as joined (e.g. 2.5 × the cadence).</param>
    /// <returns>Segments of at most two points per column each.</returns>
    public static IReadOnlyList<IReadOnlyList<ChartPoint>> Decimate(IReadOnlyList<ChartPoint> points, DateTime fromUtc, DateTime toUtc, int columns, TimeSpan maxStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var segments = new List<IReadOnlyList<ChartPoint>>();
        if (points.Count == 0)
            return segments;
        var span = Math.Max(1, (toUtc - fromUtc).Ticks);
        List<ChartPoint>? segment = null;
        ChartPoint? previous = null;
        var column = long.MinValue;
        ChartPoint low = default, high = default;

        void Flush()
        {
            if (column == long.MinValue)
                return;
            if (low.TimeUtc == high.TimeUtc)
                segment!.Add(low);
            else if (low.TimeUtc < high.TimeUtc)
                segment!.AddRange([low, high]);
            else
                segment!.AddRange([high, low]);
            column = long.MinValue;
        }

        foreach (var p in points)
        {
            if (previous is null || p.TimeUtc - previous.Value.TimeUtc > maxStep)
            {
                Flush();
                segment = [];
                segments.Add(segment);
            }
            var c = Math.Clamp((p.TimeUtc - fromUtc).Ticks * columns / span, 0, columns - 1);
            if (c != column)
            {
                Flush();
                column = c;
                low = high = p;
            }
            else if (p.Value < low.Value)
            {
                low = p;
            }
            else if (p.Value > high.Value)
            {
                high = p;
            }
            previous = p;
        }
        Flush();
        return segments;
    }

    /// <summary>
    /// Consecutive samples with the same non-measuring status joined into periods; a sample stands for its cadence
    /// interval, and samples up to <c>maxStep</c> apart belong to one period (a missing sample does not split a calibration).
    /// </summary>
    /// <param name="samples">Time and status of the samples that are not measuring, oldest first.</param>
    public static IReadOnlyList<StatusPeriod> Periods(IEnumerable<(DateTime TimeUtc, short Status)> samples, TimeSpan sampleLength, TimeSpan maxStep)
    {
        var periods = new List<StatusPeriod>();
        StatusPeriod? open = null;
        DateTime last = default;
        foreach (var (time, status) in samples)
        {
            if (open is not null && open.Status == status && time - last <= maxStep)
            {
                open = open with { ToUtc = time + sampleLength, Samples = open.Samples + 1 };
            }
            else
            {
                if (open is not null)
                    periods.Add(open);
                open = new StatusPeriod(status, time, time + sampleLength, 1);
            }
            last = time;
        }
        if (open is not null)
            periods.Add(open);
        return periods;
    }
}

/// <summary>The time ranges a station page charts, each ending now.</summary>
public enum ChartRange
{
    Day,
    Week,
    Month,
    Year,
}

public static class ChartRanges
{
    /// <summary>Raw values are charted for at most this long: a month of 5-minute data is 8,640 values, under <see cref="MonitoringQueries.MaxPageSize"/>.</summary>
    public static readonly TimeSpan MaxRawSpan = TimeSpan.FromDays(31);

    public static TimeSpan Span(ChartRange range) => range switch
    {
        ChartRange.Day => TimeSpan.FromDays(1),
        ChartRange.Week => TimeSpan.FromDays(7),
        ChartRange.Month => TimeSpan.FromDays(30),
        _ => TimeSpan.FromDays(365),
    };

    /// <summary>
    /// The range and resolution asked for in the query string (<c>range=day|week|month|year</c>,
    /// <c>resolution=raw|hour|day</c>), with defaults that keep a chart readable: raw for a day or a week, hourly means
    /// for longer. Raw over more than <see cref="MaxRawSpan"/> becomes hourly (<c>Clamped</c>); unknown words fall back to the defaults.
    /// </summary>
    public static (ChartRange Range, Resolution Resolution, bool Clamped) Choose(string? range, string? resolution)
    {
        var chosenRange = range?.ToLowerInvariant() switch
        {
            "week" => ChartRange.Week,
            "month" => ChartRange.Month,
            "year" => ChartRange.Year,
            _ => ChartRange.Day,
        };
        Resolution? asked = resolution?.ToLowerInvariant() switch
        {
            "raw" => Resolution.Raw,
            "hour" => Resolution.Hour,
            "day" => Resolution.Day,
            _ => null,
        };
        var chosen = asked ?? (chosenRange is ChartRange.Day or ChartRange.Week ? Resolution.Raw : Resolution.Hour);
        if (chosen == Resolution.Raw && Span(chosenRange) > MaxRawSpan)
            return (chosenRange, Resolution.Hour, true);
        return (chosenRange, chosen, false);
    }
}
