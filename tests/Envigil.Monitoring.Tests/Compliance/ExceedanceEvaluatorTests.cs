using System.Text.Json;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Observations;

namespace Envigil.Monitoring.Tests.Compliance;

public sealed class ExceedanceEvaluatorTests
{
    // 08:00 ICT on 01/03/2025.
    private static readonly DateTime Eight = new(2025, 3, 1, 1, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    // QCVN 40:2011 column B, Kq 0.9 (river Q ≤ 50 m³/s), Kf 1.1 (300 m³/day): Cmax = 148.5 mg/L.
    private static readonly EffectiveLimit Cod = EffectiveLimits.Compute(RegulationCatalogue.Embedded,
        new LimitBasis("QCVN40:2011", "B", new DateOnly(2020, 1, 1), ReceivingWater: ReceivingWater.River(30), DesignWastewaterM3PerDay: 300),
        new DateOnly(2025, 3, 1)).Find("COD")!;

    // QCVN 40:2011 column B: 5.5 ≤ pH ≤ 9.
    private static readonly EffectiveLimit PH = EffectiveLimits.Compute(RegulationCatalogue.Embedded,
        new LimitBasis("QCVN40:2011", "B", new DateOnly(2020, 1, 1), ReceivingWater: ReceivingWater.River(30), DesignWastewaterM3PerDay: 300),
        new DateOnly(2025, 3, 1)).Find("pH")!;

    private static readonly EffectiveLimit DissolvedOxygen =
        new("DO", LimitKind.Min, 4, null, "mg/L", 4, [], "Cmin = C = 4 mg/L", "test limit", false, false);

    private static DateTime H(int hoursAfterEight) => Eight.AddHours(hoursAfterEight);

    /// <summary>Values every 5 minutes from <paramref name="start"/>, status 00.</summary>
    private static IEnumerable<ObservationPoint> Run(DateTime start, params double[] values) =>
        values.Select((v, i) => new ObservationPoint(start + FiveMinutes * i, v, ObservationStatus.Measuring));

    private static IEnumerable<ObservationPoint> Hour(int hour, double value, int count = 12) =>
        Run(H(hour), Enumerable.Repeat(value, count).ToArray());

    private static ObservationSeries Series(EffectiveLimit limit, IEnumerable<ObservationPoint> points, double? min = 0, double? max = 100_000) =>
        new(limit.Parameter, limit.Unit, FiveMinutes, min, max, points.ToList());

    private static ExceedanceEvaluation Evaluate(EffectiveLimit limit, IEnumerable<ObservationPoint> points, DateTime from, DateTime to, ExceedanceRules? rules = null) =>
        ExceedanceEvaluator.Evaluate(limit, Series(limit, points), rules ?? new ExceedanceRules(), from, to);

    private static WindowEvaluation Single(EffectiveLimit limit, IEnumerable<ObservationPoint> points, ExceedanceRules? rules = null)
    {
        var evaluation = Evaluate(limit, points, H(0), H(1), rules);
        Assert.Null(evaluation.Problem);
        return Assert.Single(evaluation.Windows);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    // ---- At and around the limit ----

    [Fact]
    public void The_limit_in_use_is_148_5()
    {
        Assert.Equal(148.5, Cod.Upper);
    }

    [Fact]
    public void Exactly_at_the_limit_is_compliant()
    {
        var window = Single(Cod, Hour(0, 148.5));

        Assert.Equal(WindowVerdict.Compliant, window.Verdict);
        Assert.Equal(148.5, window.Mean);
        Assert.Null(window.Direction);
        Assert.Equal("Compliant: mean 148.5 mg/L ≤ 148.5 mg/L (12 valid of 12 expected, 9 required (75 %, engineering default))", window.Reason);
    }

    [Fact]
    public void Just_above_the_limit_exceeds()
    {
        var window = Single(Cod, Run(H(0), [.. Enumerable.Repeat(148.5, 11), 148.62]));

        Assert.Equal(WindowVerdict.Exceeding, window.Verdict);
        Assert.Equal(ExceedanceDirection.Above, window.Direction);
        Assert.Equal(148.51, window.Mean);
        Assert.StartsWith("Exceeding: mean 148.51 mg/L > 148.5 mg/L", window.Reason);
    }

    [Fact]
    public void Values_that_average_exactly_to_the_limit_do_not_exceed_through_binary_rounding()
    {
        // In double arithmetic (0.1 + 0.2 + 0.3) / 3 is 0.20000000000000004, which would "exceed" 0.2.
        var limit = new EffectiveLimit("COD", LimitKind.Max, null, 0.2, "mg/L", 0.2, [], "Cmax = C = 0.2 mg/L", "test", false, false);
        var values = Enumerable.Range(0, 4).SelectMany(_ => new[] { 0.1, 0.2, 0.3 }).ToArray();

        var window = Single(limit, Run(H(0), values));

        Assert.Equal(WindowVerdict.Compliant, window.Verdict);
        Assert.Equal(0.2, window.Mean);
    }

    [Fact]
    public void An_exceeding_mean_never_prints_as_the_limit_itself()
    {
        // Over 288 values, one value 1e-12 above the limit lifts the mean by less than a double can show at 100.
        var limit = new EffectiveLimit("COD", LimitKind.Max, null, 100, "mg/L", 100, [], "Cmax = C = 100 mg/L", "test", false, false);
        var rules = new ExceedanceRules { DefaultPeriod = AveragingPeriod.TwentyFourHours };
        var midnightIct = new DateTime(2025, 2, 28, 17, 0, 0, DateTimeKind.Utc);
        var values = Enumerable.Repeat(100.0, 287).Append(100.000000000001).ToArray();

        var window = Assert.Single(Evaluate(limit, Run(midnightIct, values), midnightIct, midnightIct.AddDays(1), rules).Windows);

        Assert.Equal(WindowVerdict.Exceeding, window.Verdict);
        Assert.Equal(100, window.Mean);
        Assert.StartsWith("Exceeding: mean 100.0000000000000034722", window.Reason);
        Assert.Contains(" mg/L > 100 mg/L", window.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5.5, WindowVerdict.Compliant, null)]
    [InlineData(9.0, WindowVerdict.Compliant, null)]
    [InlineData(7.2, WindowVerdict.Compliant, null)]
    [InlineData(5.49, WindowVerdict.Exceeding, ExceedanceDirection.Below)]
    [InlineData(9.01, WindowVerdict.Exceeding, ExceedanceDirection.Above)]
    public void pH_range_is_compliant_at_both_bounds(double value, WindowVerdict verdict, ExceedanceDirection? direction)
    {
        var window = Single(PH, Hour(0, value), null);

        Assert.Equal(verdict, window.Verdict);
        Assert.Equal(direction, window.Direction);
    }

    [Fact]
    public void pH_reasons_show_the_range()
    {
        Assert.StartsWith("Compliant: 5.5 ≤ mean 9 ≤ 9 pH", Single(PH, Hour(0, 9)).Reason);
        Assert.StartsWith("Exceeding: mean 5.4 pH < 5.5 pH", Single(PH, Hour(0, 5.4)).Reason);
    }

    [Theory]
    [InlineData(4.0, WindowVerdict.Compliant)]
    [InlineData(3.99, WindowVerdict.Exceeding)]
    [InlineData(8.0, WindowVerdict.Compliant)]
    public void A_minimum_is_exceeded_only_below_it(double value, WindowVerdict verdict)
    {
        var window = Single(DissolvedOxygen, Hour(0, value));

        Assert.Equal(verdict, window.Verdict);
        if (verdict == WindowVerdict.Exceeding)
        {
            Assert.Equal(ExceedanceDirection.Below, window.Direction);
        }
    }

    // ---- Data completeness and what counts ----

    [Theory]
    [InlineData(0, WindowVerdict.InsufficientData)]
    [InlineData(8, WindowVerdict.InsufficientData)]
    [InlineData(9, WindowVerdict.Exceeding)]
    [InlineData(12, WindowVerdict.Exceeding)]
    public void A_window_needs_75_percent_of_the_expected_values(int count, WindowVerdict verdict)
    {
        var window = Single(Cod, Hour(0, 300, count));

        Assert.Equal(verdict, window.Verdict);
        Assert.Equal(12, window.Expected);
        Assert.Equal(9, window.Required);
        Assert.Equal(count, window.Valid);
    }

    [Fact]
    public void An_insufficient_window_is_neither_compliant_nor_exceeding_and_says_why()
    {
        var window = Single(Cod, Hour(0, 300, 6));

        Assert.Equal(WindowVerdict.InsufficientData, window.Verdict);
        Assert.Null(window.Direction);
        Assert.Equal(300, window.Mean);
        Assert.Equal("Insufficient data: 6 valid of 12 expected, 9 required (75 %, engineering default)", window.Reason);
    }

    [Fact]
    public void The_minimum_fraction_is_configuration()
    {
        var rules = new ExceedanceRules { MinimumValidFraction = 0.5, MinimumValidFractionVerified = true };

        var window = Single(Cod, Hour(0, 300, 6), rules);

        Assert.Equal(WindowVerdict.Exceeding, window.Verdict);
        Assert.Equal(6, window.Required);
        Assert.Contains("6 valid of 12 expected, 6 required (50 %)", window.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_values_inside_an_exceeding_hour_do_not_count_but_are_reported()
    {
        var points = Hour(0, 200, 10).Concat(
        [
            new ObservationPoint(H(0) + FiveMinutes * 10, 20, ObservationStatus.Calibrating),
            new ObservationPoint(H(0) + FiveMinutes * 11, 20, ObservationStatus.Calibrating),
        ]);

        var window = Single(Cod, points);

        Assert.Equal(WindowVerdict.Exceeding, window.Verdict);
        Assert.Equal(200, window.Mean);
        Assert.Equal(10, window.Valid);
        Assert.Equal(2, window.Calibrating);
        Assert.Equal([H(0) + FiveMinutes * 10, H(0) + FiveMinutes * 11], window.Excluded.Select(e => e.TimeUtc));
        Assert.All(window.Excluded, e => Assert.Equal(ExclusionReason.Calibrating, e.Reason));
        Assert.EndsWith("; not counted: 2 calibrating (01))", window.Reason);
    }

    [Fact]
    public void Calibration_that_leaves_too_few_values_makes_the_hour_insufficient_not_compliant()
    {
        var points = Hour(0, 200, 8).Concat(Enumerable.Range(8, 4)
            .Select(i => new ObservationPoint(H(0) + FiveMinutes * i, 20, ObservationStatus.Calibrating)));

        var window = Single(Cod, points);

        Assert.Equal(WindowVerdict.InsufficientData, window.Verdict);
        Assert.Equal(4, window.Calibrating);
    }

    [Fact]
    public void Faults_other_statuses_and_impossible_values_never_count()
    {
        var t = H(0);
        var points = Hour(0, 100, 8).Concat(
        [
            new ObservationPoint(t + FiveMinutes * 8, 900, ObservationStatus.Fault),
            new ObservationPoint(t + FiveMinutes * 9, 900, 3),
            new ObservationPoint(t + FiveMinutes * 10, 200_000, ObservationStatus.Measuring),
            new ObservationPoint(t + FiveMinutes * 11, double.NaN, ObservationStatus.Measuring),
        ]);

        var window = Single(Cod, points);

        Assert.Equal(WindowVerdict.InsufficientData, window.Verdict);
        Assert.Equal(1, window.Fault);
        Assert.Equal(
            [ExclusionReason.Fault, ExclusionReason.OtherStatus, ExclusionReason.OutsidePhysicalRange, ExclusionReason.NotAFiniteNumber],
            window.Excluded.Select(e => e.Reason));
        Assert.Contains("not counted: 1 device fault (02), 1 other status, 1 outside the physical range, 1 not a finite number", window.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_on_the_physical_bounds_count()
    {
        var window = Single(Cod, Hour(0, 0, 12));

        Assert.Equal(12, window.Valid);
    }

    [Fact]
    public void Identical_duplicates_count_once_and_conflicting_ones_not_at_all()
    {
        var t = H(0);
        var points = Hour(0, 100, 10)
            .Append(new ObservationPoint(t, 100, ObservationStatus.Measuring))              // identical resend
            .Append(new ObservationPoint(t + FiveMinutes, 5_000, ObservationStatus.Measuring)); // conflicts with 100

        var window = Single(Cod, points);

        Assert.Equal(9, window.Valid);
        Assert.Equal(100, window.Mean);
        Assert.Equal(2, window.Excluded.Count(e => e.Reason == ExclusionReason.ConflictingDuplicate));
    }

    // ---- Window alignment ----

    [Fact]
    public void A_value_on_the_hour_belongs_to_the_hour_that_starts_there()
    {
        var evaluation = Evaluate(Cod, Hour(0, 100, 11).Append(new ObservationPoint(H(1), 100, 0)), H(0), H(2));

        Assert.Equal(11, evaluation.Windows[0].Valid);
        Assert.Equal(1, evaluation.Windows[1].Valid);
    }

    [Fact]
    public void The_range_is_widened_to_whole_windows_and_values_outside_are_counted()
    {
        var evaluation = Evaluate(Cod, Hour(0, 100).Concat(Hour(5, 100)), H(0).AddMinutes(20), H(2).AddMinutes(10));

        Assert.Equal(H(0), evaluation.RangeStartUtc);
        Assert.Equal(H(3), evaluation.RangeEndUtc);
        Assert.Equal([H(0), H(1), H(2)], evaluation.Windows.Select(w => w.StartUtc));
        Assert.Equal(12, evaluation.OutsideRange);
    }

    [Fact]
    public void Daily_windows_follow_the_Vietnam_day_across_midnight()
    {
        var rules = new ExceedanceRules { PeriodByParameter = { ["COD"] = AveragingPeriod.TwentyFourHours } };
        var midnightIct = new DateTime(2025, 2, 28, 17, 0, 0, DateTimeKind.Utc); // 01/03/2025 00:00 ICT
        var day1 = Enumerable.Repeat(140.0, 287).Append(2_600.0).ToArray();     // the 23:55 ICT value tips day 1 over
        var day2 = Enumerable.Repeat(140.0, 288).ToArray();
        var points = Run(midnightIct, [.. day1, .. day2]).ToList();
        Assert.Equal(new DateTime(2025, 3, 1, 16, 55, 0, DateTimeKind.Utc), points[287].TimeUtc); // 23:55 ICT

        var evaluation = Evaluate(Cod, points, midnightIct.AddHours(3), midnightIct.AddDays(2), rules);

        Assert.Equal(AveragingPeriod.TwentyFourHours, evaluation.Period);
        Assert.Equal([midnightIct, midnightIct.AddDays(1)], evaluation.Windows.Select(w => w.StartUtc));
        Assert.Equal(WindowVerdict.Exceeding, evaluation.Windows[0].Verdict);
        Assert.Equal(42_780.0 / 288, evaluation.Windows[0].Mean!.Value, 10);
        Assert.Equal(WindowVerdict.Compliant, evaluation.Windows[1].Verdict);
        Assert.Equal(288, evaluation.Windows[0].Expected);
        Assert.Equal(216, evaluation.Windows[0].Required);
        var episode = Assert.Single(evaluation.Episodes);
        Assert.Equal(midnightIct, episode.StartUtc);
        Assert.Equal(midnightIct.AddDays(1), episode.EndUtc);
    }

    [Fact]
    public void The_default_window_is_one_hour_and_other_parameters_keep_it()
    {
        var rules = new ExceedanceRules { PeriodByParameter = { ["TSS"] = AveragingPeriod.TwentyFourHours } };

        Assert.Equal(AveragingPeriod.OneHour, rules.PeriodFor("COD"));
        Assert.Equal(AveragingPeriod.TwentyFourHours, rules.PeriodFor("TSS"));
        Assert.Equal(0.75, new ExceedanceRules().MinimumValidFraction);
        Assert.False(new ExceedanceRules().MinimumValidFractionVerified);
    }

    // ---- Episodes ----

    [Fact]
    public void Consecutive_exceeding_hours_form_one_episode_with_its_evidence()
    {
        var evaluation = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 200)).Concat(Hour(2, 100)), H(0), H(3));

        var episode = Assert.Single(evaluation.Episodes);
        Assert.Equal("COD", episode.Parameter);
        Assert.Equal((H(0), H(2)), (episode.StartUtc, episode.EndUtc));
        Assert.Equal(ExceedanceDirection.Above, episode.Direction);
        Assert.Equal(200, episode.Peak);
        Assert.Equal(180, episode.Mean);
        Assert.Equal(200 / 148.5, episode.RatioToLimit!.Value, 12);
        Assert.Equal(148.5, episode.Limit);
        Assert.Equal([160.0, 200.0], episode.WindowMeans);
        Assert.Equal(24, episode.ObservationTimesUtc.Count);
        Assert.Equal(H(0), episode.ObservationTimesUtc[0]);
        Assert.Equal(H(2) - FiveMinutes, episode.ObservationTimesUtc[^1]);
        Assert.False(episode.IsOngoing);
    }

    [Fact]
    public void An_hour_still_filling_keeps_the_episode_before_it_ongoing_until_the_hour_has_ended()
    {
        // Two exceeding hours, then the first 10 minutes of the third (2 of 12 values so far).
        var points = Hour(0, 160).Concat(Hour(1, 170)).Concat(Hour(2, 175, count: 2)).ToList();
        var series = Series(Cod, points);

        var during = ExceedanceEvaluator.Evaluate(Cod, series, new ExceedanceRules(), H(0), H(2).AddMinutes(10), nowUtc: H(2).AddMinutes(12));
        var ongoing = Assert.Single(during.Episodes);
        Assert.Equal((H(0), H(2)), (ongoing.StartUtc, ongoing.EndUtc));
        Assert.True(ongoing.IsOngoing);
        Assert.Equal(WindowVerdict.InsufficientData, during.Windows[^1].Verdict); // reported as it is, only not deciding

        // Once the hour is over with too little data, it ends the episode like any window without a verdict.
        var after = ExceedanceEvaluator.Evaluate(Cod, series, new ExceedanceRules(), H(0), H(2).AddMinutes(10), nowUtc: H(3).AddMinutes(1));
        Assert.False(Assert.Single(after.Episodes).IsOngoing);
        // Without a present (historical re-judging), the same.
        Assert.False(Assert.Single(Evaluate(Cod, points, H(0), H(2).AddMinutes(10)).Episodes).IsOngoing);
    }

    [Fact]
    public void A_compliant_hour_between_exceeding_hours_makes_two_episodes()
    {
        var evaluation = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 100)).Concat(Hour(2, 170)), H(0), H(3));

        Assert.Equal([(H(0), H(1)), (H(2), H(3))], evaluation.Episodes.Select(e => (e.StartUtc, e.EndUtc)));
        Assert.False(evaluation.Episodes[0].IsOngoing);
        Assert.True(evaluation.Episodes[1].IsOngoing);
    }

    [Fact]
    public void An_hour_without_enough_data_also_separates_episodes()
    {
        var evaluation = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 170, 3)).Concat(Hour(2, 170)), H(0), H(3));

        Assert.Equal(WindowVerdict.InsufficientData, evaluation.Windows[1].Verdict);
        Assert.Equal(2, evaluation.Episodes.Count);
    }

    [Fact]
    public void A_pH_swing_from_above_to_below_is_two_episodes()
    {
        var evaluation = Evaluate(PH, Hour(0, 9.5).Concat(Hour(1, 5.0)), H(0), H(2));

        Assert.Equal([ExceedanceDirection.Above, ExceedanceDirection.Below], evaluation.Episodes.Select(e => e.Direction));
        Assert.Equal(5.0, evaluation.Episodes[1].Peak);
        Assert.Equal(5.0 / 5.5, evaluation.Episodes[1].RatioToLimit!.Value, 12);
    }

    [Fact]
    public void The_same_values_in_any_order_give_the_same_result()
    {
        var points = Hour(0, 160).Concat(Hour(1, 100)).Concat(Hour(2, 170, 10))
            .Append(new ObservationPoint(H(2) + FiveMinutes * 10, 20, ObservationStatus.Calibrating)).ToList();
        var shuffled = points.OrderBy(p => (p.TimeUtc.Ticks * 7919) % 104_729).ToList();
        Assert.NotEqual(points, shuffled);

        var a = Evaluate(Cod, points, H(0), H(3));
        var b = Evaluate(Cod, shuffled, H(0), H(3));

        Assert.Equal(Json(a.Windows), Json(b.Windows));
        Assert.Equal(Json(a.Episodes), Json(b.Episodes));
    }

    // ---- Problems are values ----

    [Fact]
    public void A_datastream_in_another_unit_or_for_another_parameter_is_not_judged()
    {
        var unit = ExceedanceEvaluator.Evaluate(Cod, new ObservationSeries("COD", "g/L", FiveMinutes, 0, null, [.. Hour(0, 1)]), new ExceedanceRules(), H(0), H(1));
        Assert.Equal("The datastream is in 'g/L', the limit in 'mg/L': not compared", unit.Problem);
        Assert.Empty(unit.Windows);

        var parameter = ExceedanceEvaluator.Evaluate(Cod, new ObservationSeries("TSS", "mg/L", FiveMinutes, 0, null, []), new ExceedanceRules(), H(0), H(1));
        Assert.Equal("The datastream measures TSS, the limit is for COD", parameter.Problem);

        var cadence = ExceedanceEvaluator.Evaluate(Cod, new ObservationSeries("COD", "mg/L", TimeSpan.FromHours(2), 0, null, []), new ExceedanceRules(), H(0), H(1));
        Assert.StartsWith("Cadence 02:00:00 must be positive and at most the 1-hour window", cadence.Problem);
    }

    [Fact]
    public void An_invalid_fraction_is_a_configuration_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ExceedanceEvaluator.Evaluate(Cod, Series(Cod, []), new ExceedanceRules { MinimumValidFraction = 0 }, H(0), H(1)));
    }

    // ---- Re-evaluation with late data, and the diff ----

    [Fact]
    public void A_first_evaluation_opens_episodes()
    {
        var now = Evaluate(Cod, Hour(0, 100).Concat(Hour(1, 160)), H(0), H(2));

        var change = Assert.Single(ExceedanceEvaluator.Diff([], now));

        Assert.Equal(EpisodeChangeKind.Opened, change.Kind);
        Assert.Empty(change.Before);
        Assert.Single(change.After);
        Assert.Single(change.GainedWindows);
        Assert.Equal("Opened: 1 window(s) above 148.5 mg/L from 01/03/2025 09:00 – 01/03/2025 10:00 ICT, peak 160 mg/L (1.077 × the limit)", change.Reason);
    }

    [Fact]
    public void Re_evaluating_the_same_data_reports_the_episode_unchanged()
    {
        var points = Hour(0, 160).ToList();
        var before = Evaluate(Cod, points, H(0), H(2));
        var after = Evaluate(Cod, points, H(0), H(2));

        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Unchanged, change.Kind);
        Assert.Equal(Json(before.Episodes), Json(after.Episodes));
    }

    [Fact]
    public void Late_low_values_that_make_the_hour_compliant_withdraw_the_episode_with_the_reason()
    {
        var early = Hour(0, 160, 9).ToList(); // 9 of 12: just enough to judge, mean 160
        var before = Evaluate(Cod, early, H(0), H(1));
        Assert.Single(before.Episodes);

        var late = Run(H(0) + FiveMinutes * 9, 100, 100, 100);
        var after = Evaluate(Cod, early.Concat(late), H(0), H(1));

        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));
        Assert.Equal(EpisodeChangeKind.Withdrawn, change.Kind);
        Assert.Empty(change.After);
        var lost = Assert.Single(change.LostWindows);
        Assert.Equal(145, lost.Mean);
        Assert.Equal(
            "Withdrawn: 01/03/2025 08:00 – 01/03/2025 09:00 ICT is now Compliant: mean 145 mg/L ≤ 148.5 mg/L (12 valid of 12 expected, 9 required (75 %, engineering default))",
            change.Reason);
    }

    [Fact]
    public void Late_calibration_flags_that_leave_too_few_values_withdraw_with_insufficient_data_as_the_reason()
    {
        var before = Evaluate(Cod, Hour(0, 160, 9), H(0), H(1));
        // The datalogger resends the first hour with three values re-flagged as calibration.
        var resent = Hour(0, 160, 9).Select((p, i) => i < 3 ? p with { Status = ObservationStatus.Calibrating } : p);

        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, Evaluate(Cod, resent, H(0), H(1))));

        Assert.Equal(EpisodeChangeKind.Withdrawn, change.Kind);
        Assert.Contains("is now Insufficient data: 6 valid of 12 expected, 9 required", change.Reason, StringComparison.Ordinal);
        Assert.Contains("3 calibrating (01)", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ongoing_episode_is_extended_when_the_next_hour_also_exceeds()
    {
        var before = Evaluate(Cod, Hour(0, 160), H(0), H(1));
        Assert.True(before.Episodes[0].IsOngoing);

        var after = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 170)), H(0), H(2));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Extended, change.Kind);
        Assert.Equal(H(1), Assert.Single(change.GainedWindows).StartUtc);
        Assert.True(after.Episodes[0].IsOngoing);
    }

    [Fact]
    public void An_ongoing_episode_is_closed_by_a_compliant_hour()
    {
        var before = Evaluate(Cod, Hour(0, 160), H(0), H(1));
        var after = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 100)), H(0), H(2));

        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Closed, change.Kind);
        Assert.StartsWith("Closed at 01/03/2025 09:00 ICT: the next window is Compliant: mean 100 mg/L", change.Reason);
    }

    [Fact]
    public void Late_values_that_clear_the_last_hour_shorten_the_episode()
    {
        var early = Hour(0, 160).Concat(Hour(1, 160, 9)).ToList();
        var before = Evaluate(Cod, early, H(0), H(3));
        Assert.Equal((H(0), H(2)), (before.Episodes[0].StartUtc, before.Episodes[0].EndUtc));

        var after = Evaluate(Cod, early.Concat(Run(H(1) + FiveMinutes * 9, 100, 100, 100)), H(0), H(3));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Shortened, change.Kind);
        Assert.Equal(H(1), Assert.Single(change.LostWindows).StartUtc);
        Assert.StartsWith("Shortened from 01/03/2025 08:00 – 01/03/2025 10:00 ICT to 01/03/2025 08:00 – 01/03/2025 09:00 ICT: 01/03/2025 09:00 – 01/03/2025 10:00 ICT is now Compliant: mean 145 mg/L", change.Reason);
    }

    [Fact]
    public void Late_values_that_clear_a_middle_hour_split_the_episode()
    {
        var early = Hour(0, 160).Concat(Hour(1, 160, 9)).Concat(Hour(2, 160)).ToList();
        var before = Evaluate(Cod, early, H(0), H(3));
        Assert.Single(before.Episodes);

        var after = Evaluate(Cod, early.Concat(Run(H(1) + FiveMinutes * 9, 100, 100, 100)), H(0), H(3));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Split, change.Kind);
        Assert.Equal(2, change.After.Count);
        Assert.Equal(H(1), Assert.Single(change.LostWindows).StartUtc);
    }

    [Fact]
    public void Late_data_filling_a_gap_merges_two_episodes()
    {
        var early = Hour(0, 160).Concat(Hour(1, 170, 4)).Concat(Hour(2, 160)).ToList();
        var before = Evaluate(Cod, early, H(0), H(3));
        Assert.Equal(2, before.Episodes.Count);

        var after = Evaluate(Cod, early.Concat(Run(H(1) + FiveMinutes * 4, 170, 170, 170, 170, 170, 170, 170, 170)), H(0), H(3));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Merged, change.Kind);
        Assert.Equal(2, change.Before.Count);
        Assert.Equal(H(1), Assert.Single(change.GainedWindows).StartUtc);
        Assert.Equal((H(0), H(3)), (after.Episodes[0].StartUtc, after.Episodes[0].EndUtc));
    }

    [Fact]
    public void Late_values_inside_an_exceeding_hour_revise_the_episode()
    {
        var early = Hour(0, 160, 9).ToList();
        var before = Evaluate(Cod, early, H(0), H(2));

        var after = Evaluate(Cod, early.Concat(Run(H(0) + FiveMinutes * 9, 200, 200, 200)), H(0), H(2));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Revised, change.Kind);
        Assert.Equal("Revised: 1 window mean(s) changed, e.g. 01/03/2025 08:00 – 01/03/2025 09:00 ICT 160 → 170 mg/L (9 → 12 valid values); peak 160 → 170 mg/L", change.Reason);
    }

    [Fact]
    public void Gaining_one_hour_and_losing_another_reshapes_the_episode()
    {
        var early = Hour(0, 100, 9).Concat(Hour(1, 160)).Concat(Hour(2, 160, 9)).ToList();
        var before = Evaluate(Cod, early, H(0), H(4));
        Assert.Equal((H(1), H(3)), (before.Episodes[0].StartUtc, before.Episodes[0].EndUtc));

        var late = Run(H(0) + FiveMinutes * 9, 500, 500, 500).Concat(Run(H(2) + FiveMinutes * 9, 0, 0, 0));
        var after = Evaluate(Cod, early.Concat(late), H(0), H(4));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Reshaped, change.Kind);
        Assert.Equal(H(0), Assert.Single(change.GainedWindows).StartUtc);
        Assert.Equal(H(2), Assert.Single(change.LostWindows).StartUtc);
    }

    [Fact]
    public void An_episode_partly_outside_the_re_evaluated_range_is_reported_not_dropped()
    {
        var before = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 160)), H(0), H(2));

        var after = Evaluate(Cod, Hour(1, 160), H(1), H(2));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.NotReevaluated, change.Kind);
        Assert.Contains("lies partly outside the re-evaluated range", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_re_evaluation_concludes_nothing()
    {
        var before = Evaluate(Cod, Hour(0, 160), H(0), H(1));
        var failed = ExceedanceEvaluator.Evaluate(Cod, new ObservationSeries("COD", "g/L", FiveMinutes, 0, null, [.. Hour(0, 1)]), new ExceedanceRules(), H(0), H(1));

        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, failed));

        Assert.Equal(EpisodeChangeKind.NotReevaluated, change.Kind);
        Assert.StartsWith("Not re-evaluated: The datastream is in 'g/L'", change.Reason);
    }

    [Fact]
    public void Episodes_outside_the_new_range_are_left_alone()
    {
        var before = Evaluate(Cod, Hour(0, 160).Concat(Hour(1, 100)).Concat(Hour(2, 160)), H(0), H(3));

        var after = Evaluate(Cod, Hour(2, 160), H(2), H(3));
        var change = Assert.Single(ExceedanceEvaluator.Diff(before.Episodes, after));

        Assert.Equal(EpisodeChangeKind.Unchanged, change.Kind);
        Assert.Equal(H(2), change.Before[0].StartUtc);
    }

    [Fact]
    public void Late_data_in_any_arrival_order_gives_the_same_episodes_and_the_same_diff()
    {
        var early = Hour(0, 160).Concat(Hour(1, 170, 4)).Concat(Hour(2, 160)).ToList();
        var late = Run(H(1) + FiveMinutes * 4, 170, 170, 170, 170, 170, 170, 170, 170).ToList();
        var before = Evaluate(Cod, early, H(0), H(3));

        var lateFirst = Evaluate(Cod, late.Concat(early), H(0), H(3));
        var lateLast = Evaluate(Cod, early.Concat(Enumerable.Reverse(late)), H(0), H(3));

        Assert.Equal(Json(lateFirst.Episodes), Json(lateLast.Episodes));
        Assert.Equal(Json(ExceedanceEvaluator.Diff(before.Episodes, lateFirst)), Json(ExceedanceEvaluator.Diff(before.Episodes, lateLast)));
    }
}
