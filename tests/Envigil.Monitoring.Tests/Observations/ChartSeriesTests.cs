using Envigil.Monitoring.Observations;

namespace Envigil.Monitoring.Tests.Observations;

public sealed class ChartSeriesTests
{
    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static List<ChartPoint> HourlyYear(Func<int, double> value) =>
        Enumerable.Range(0, 8760).Select(h => new ChartPoint(Start.AddHours(h), value(h))).ToList();

    [Fact]
    public void A_year_of_hourly_values_becomes_at_most_two_vertices_per_pixel_column()
    {
        var year = HourlyYear(h => 70 + 15 * Math.Cos(2 * Math.PI * h / 24));
        var segments = ChartSeries.Decimate(year, Start, Start.AddHours(8760), 570, TimeSpan.FromHours(1.5));
        Assert.Single(segments);
        Assert.InRange(segments[0].Count, 570, 2 * 570);
        Assert.True(segments[0].Zip(segments[0].Skip(1)).All(p => p.First.TimeUtc < p.Second.TimeUtc), "vertices out of time order");
    }

    [Fact]
    public void A_one_hour_peak_and_trough_survive_decimation()
    {
        var year = HourlyYear(h => h == 4000 ? 950 : h == 6000 ? -3 : 70);
        var vertices = ChartSeries.Decimate(year, Start, Start.AddHours(8760), 570, TimeSpan.FromHours(1.5)).SelectMany(s => s).ToList();
        Assert.Contains(vertices, v => v.Value == 950 && v.TimeUtc == Start.AddHours(4000));
        Assert.Contains(vertices, v => v.Value == -3 && v.TimeUtc == Start.AddHours(6000));
    }

    [Fact]
    public void Missing_data_breaks_the_line_and_is_not_joined_across()
    {
        var points = HourlyYear(h => 10).Where(p => p.TimeUtc < Start.AddDays(100) || p.TimeUtc >= Start.AddDays(103)).ToList();
        var segments = ChartSeries.Decimate(points, Start, Start.AddHours(8760), 570, TimeSpan.FromHours(1.5));
        Assert.Equal(2, segments.Count);
        Assert.True(segments[0][^1].TimeUtc < Start.AddDays(100));
        Assert.True(segments[1][0].TimeUtc >= Start.AddDays(103));
    }

    [Fact]
    public void One_missing_hour_is_a_gap_but_consecutive_hours_are_joined()
    {
        var points = new[] { 0, 1, 2, 4, 5 }.Select(h => new ChartPoint(Start.AddHours(h), h)).ToList();
        var segments = ChartSeries.Decimate(points, Start, Start.AddHours(6), 600, TimeSpan.FromHours(1.5));
        Assert.Equal([3, 2], segments.Select(s => s.Count));
    }

    [Fact]
    public void Empty_input_gives_no_segments() =>
        Assert.Empty(ChartSeries.Decimate([], Start, Start.AddDays(1), 100, TimeSpan.FromHours(1)));

    [Fact]
    public void Calibration_samples_join_into_one_period_that_covers_the_last_sample_interval()
    {
        var five = TimeSpan.FromMinutes(5);
        var samples = new (DateTime, short)[]
        {
            (Start, ObservationStatus.Calibrating), (Start.AddMinutes(5), ObservationStatus.Calibrating), (Start.AddMinutes(15), ObservationStatus.Calibrating),
            (Start.AddMinutes(20), ObservationStatus.Fault),
            (Start.AddHours(3), ObservationStatus.Calibrating),
        };
        var periods = ChartSeries.Periods(samples, five, five * 2.5);
        Assert.Equal(3, periods.Count);
        Assert.Equal(new StatusPeriod(ObservationStatus.Calibrating, Start, Start.AddMinutes(20), 3), periods[0]);
        Assert.Equal(new StatusPeriod(ObservationStatus.Fault, Start.AddMinutes(20), Start.AddMinutes(25), 1), periods[1]);
        Assert.Equal(new StatusPeriod(ObservationStatus.Calibrating, Start.AddHours(3), Start.AddHours(3).AddMinutes(5), 1), periods[2]);
    }

    [Theory]
    [InlineData(null, null, ChartRange.Day, Resolution.Raw, false)]
    [InlineData("week", null, ChartRange.Week, Resolution.Raw, false)]
    [InlineData("month", null, ChartRange.Month, Resolution.Hour, false)]
    [InlineData("month", "raw", ChartRange.Month, Resolution.Raw, false)]
    [InlineData("year", null, ChartRange.Year, Resolution.Hour, false)]
    [InlineData("year", "raw", ChartRange.Year, Resolution.Hour, true)]
    [InlineData("YEAR", "day", ChartRange.Year, Resolution.Day, false)]
    [InlineData("decade", "minute", ChartRange.Day, Resolution.Raw, false)]
    public void Range_and_resolution_come_from_the_query_with_readable_defaults(string? range, string? resolution, ChartRange expectedRange, Resolution expectedResolution, bool clamped) =>
        Assert.Equal((expectedRange, expectedResolution, clamped), ChartRanges.Choose(range, resolution));
}
