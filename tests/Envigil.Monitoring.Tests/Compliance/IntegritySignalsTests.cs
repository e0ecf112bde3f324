using System.ComponentModel.DataAnnotations;
using System.Text;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Envigil.Monitoring.Simulation;

namespace Envigil.Monitoring.Tests.Compliance;

public sealed class IntegritySignalsTests
{
    private const string StationCode = "CM_F901_NT01";
    private const int Seed = 20261125;
    private static readonly TimeSpan Cadence = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Transmission = TimeSpan.FromSeconds(20);

    // 25/11/2026 00:00 in Vietnam.
    private static readonly DateTime DayStartUtc = VietnamTime.ToUtc(new DateTime(2026, 11, 25));

    private static readonly IntegrityThresholds Defaults = new();

    // ---------------------------------------------------------------- building series

    /// <summary>A Vietnam local time on 25/11/2026 (hour may run past 24 into the next day), as UTC.</summary>
    private static DateTime At(int hour, int minute = 0, int second = 0) => DayStartUtc + new TimeSpan(hour, minute, second);

    // Deterministic jitter in [-1, 1], so that failures reproduce.
    private static double Jitter(int i) => ((i * 7919L + 104729) % 201 - 100) / 100.0;

    /// <summary>A process value that varies the way real ones do: a 4-hour wave of ±8 % and ±3 % noise.</summary>
    private static IEnumerable<double> Varying(double mean, int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => mean * (1 + 0.08 * Math.Sin(i * 2 * Math.PI / 48) + 0.03 * Jitter(i)));

    private static IEnumerable<double> Repeat(double value, int count) => Enumerable.Repeat(value, count);

    private static IEnumerable<double> Alternate(double a, double b, int count) => Enumerable.Range(0, count).Select(i => i % 2 == 0 ? a : b);

    private static IEnumerable<double> Linear(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1));

    /// <summary>Values every 5 minutes from <paramref name="start"/>, received 20 s after measurement.</summary>
    private static List<Sample> Samples(DateTime start, IEnumerable<double> values, short status = ObservationStatus.Measuring) =>
        values.Select((v, i) => new Sample(start + i * Cadence, v, status, start + i * Cadence + Transmission)).ToList();

    private static List<Sample> Day(params IEnumerable<double>[] parts) => Samples(DayStartUtc, parts.SelectMany(p => p));

    private static List<Sample> Calibrating(DateTime start, int count) => Samples(start, Repeat(800, count), ObservationStatus.Calibrating);

    /// <summary>The parts in time order; a time given twice stays twice (a re-send).</summary>
    private static List<Sample> Join(params IEnumerable<Sample>[] parts) => parts.SelectMany(p => p).OrderBy(s => s.TimeUtc).ToList();

    /// <summary>The base with the overlays' samples in place of the base's at the same times.</summary>
    private static List<Sample> Overlay(IEnumerable<Sample> baseline, params IEnumerable<Sample>[] overlays)
    {
        var byTime = baseline.ToDictionary(s => s.TimeUtc);
        foreach (var s in overlays.SelectMany(o => o))
            byTime[s.TimeUtc] = s;
        return byTime.Values.OrderBy(s => s.TimeUtc).ToList();
    }

    private static DatastreamSamples Cod(IReadOnlyList<Sample> samples, double? limit = 150, IReadOnlyList<SampleConflict>? conflicts = null) =>
        new("COD", "mg/L", 300, samples, 0, 1000, limit is double l ? new LimitBounds(l) : null, conflicts);

    private static DatastreamSamples Ph(IReadOnlyList<Sample> samples, double? physicalMax = 14) =>
        new("pH", "pH", 300, samples, 0, physicalMax, new LimitBounds(9, 5.5));

    private static DatastreamSamples Flow(IReadOnlyList<Sample> samples, string code = "Flow") =>
        new(code, "m3/h", 300, samples, 0, 150);

    private static StationSamples Station(params DatastreamSamples[] datastreams) => new(StationCode, StationKind.Wastewater, datastreams);

    // ---------------------------------------------------------------- simulator

    private static readonly SimulatedParameter FlowParameter = new("Flow", "m3/h", 40, 12, 2, 0, 150, null, 1);
    private static readonly SimulatedParameter TempParameter = new("Temp", "°C", 30, 1.5, 0.3, 0, 60, 40, 1);
    private static readonly SimulatedParameter PhParameter = new("pH", "pH", 7.2, 0.15, 0.06, 0, 14, 9, 2);
    private static readonly SimulatedParameter CodParameter = new("COD", "mg/L", 70, 12, 4, 0, 1000, 150, 1);
    private static readonly SimulatedParameter AmmoniumParameter = new("NH4", "mg/L", 4, 0.6, 0.2, 0, 100, 10, 2);

    private static SimulatedStation SimulatedWastewater(SimulatedBehaviour? behaviour = null) =>
        new(StationCode, StationKind.Wastewater, [FlowParameter, TempParameter, PhParameter, CodParameter, AmmoniumParameter], 300, behaviour);

    // The limits the demo uses: QCVN 40:2011 column B, pH as the range 5.5–9 (the simulator only knows the upper end).
    private static LimitBounds? LimitOf(SimulatedParameter p) => p.Limit switch
    {
        null => null,
        double upper when p.Code == "pH" => new LimitBounds(upper, 5.5),
        double upper => new LimitBounds(upper),
    };

    /// <summary>
    /// What the receiver stores from the files delivered in [from, to): each line read by the real Circular 10/2021
    /// parser, the first delivered version of a time kept, a different later version filed as a conflict.
    /// </summary>
    private static StationSamples Received(SimulatedStation station, DateTime fromUtc, DateTime toUtc, int seed = Seed)
    {
        var stored = station.Parameters.ToDictionary(p => p.Code, _ => new Dictionary<DateTime, Sample>());
        var conflicts = station.Parameters.ToDictionary(p => p.Code, _ => new List<SampleConflict>());
        foreach (var file in StationSimulator.FilesBetween(station, fromUtc, toUtc, seed))
        {
            var parsed = Circular10Parser.Parse(Encoding.UTF8.GetBytes(file.Content));
            Assert.False(parsed.IsRejected, parsed.FileError);
            Assert.Empty(parsed.Issues);
            foreach (var line in parsed.Lines)
            {
                var sample = new Sample(line.TimeUtc, line.Value, (short)line.Status, file.DeliverAtUtc);
                if (!stored[line.RawCode].TryGetValue(line.TimeUtc, out var known))
                    stored[line.RawCode][line.TimeUtc] = sample;
                else if (!known.Value.Equals(sample.Value) || known.Status != sample.Status)
                    conflicts[line.RawCode].Add(new SampleConflict(line.TimeUtc, known.Value, known.Status, sample.Value, sample.Status, file.DeliverAtUtc));
            }
        }
        var datastreams = station.Parameters
            .Select(p => new DatastreamSamples(p.Code, p.Unit, station.CadenceSeconds, stored[p.Code].Values.OrderBy(s => s.TimeUtc).ToList(),
                p.Min, p.Max, LimitOf(p), conflicts[p.Code]))
            .ToList();
        return new StationSamples(station.Code, station.Kind, datastreams);
    }

    private static string Describe(IEnumerable<IntegritySignal> signals) =>
        string.Join(Environment.NewLine, signals.Select(s => $"{s.Kind} {s.Parameter}: {s.ExplanationEn}"));

    // ================================================================ 1. Stuck sensor

    [Fact]
    public void Same_value_for_six_hours_is_a_stuck_sensor_explained_in_words_an_inspector_can_read_out()
    {
        var cod = Cod(Day(Varying(60, 48), Repeat(45.2, 72), Varying(60, 48, 120)));

        var signal = Assert.Single(StuckSensors.RepeatedValues(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.StuckValue, signal.Kind);
        Assert.Equal(StationCode, signal.StationCode);
        Assert.Equal("COD", signal.Parameter);
        Assert.Equal(At(4), signal.StartUtc);
        Assert.Equal(At(10), signal.EndUtc);
        Assert.Equal(IntegritySeverity.Warning, signal.Severity);
        Assert.Equal("COD giữ nguyên 45,2 mg/L suốt 6 giờ (72 mẫu liên tiếp, từ 04:00 đến 10:00 ngày 25/11/2026) — cảm biến có thể bị kẹt.",
            signal.ExplanationVi);
        Assert.Equal("COD stayed at exactly 45.2 mg/L for 6 hours (72 consecutive samples, from 04:00 to 10:00 on 25/11/2026) — the sensor may be stuck.",
            signal.ExplanationEn);
        Assert.Equal(72, signal.Evidence.Count);
        Assert.All(signal.Evidence, e => Assert.Equal(45.2, e.Value));
        Assert.Equal(At(4), signal.Evidence[0].TimeUtc);
        Assert.Equal(At(9, 55), signal.Evidence[^1].TimeUtc);
    }

    [Fact]
    public void A_varying_value_is_not_stuck()
    {
        var cod = Cod(Day(Varying(60, 288)));

        Assert.Empty(StuckSensors.Detect(StationCode, cod, Defaults));
    }

    [Theory]
    [InlineData(36, true)]  // 36 × 5 min = 3 h: the threshold itself
    [InlineData(35, false)] // 2 h 55 min
    public void The_same_value_counts_as_stuck_from_exactly_three_hours(int repeats, bool stuck)
    {
        var cod = Cod(Day(Varying(60, 24), Repeat(45.2, repeats), Varying(60, 24, 100)));

        Assert.Equal(stuck, StuckSensors.RepeatedValues(StationCode, cod, Defaults).Count == 1);
    }

    [Fact]
    public void A_calibration_in_between_means_the_sensor_moved()
    {
        var cod = Cod(Join(Samples(At(1), Repeat(45.2, 24)), Calibrating(At(3), 1), Samples(At(3, 5), Repeat(45.2, 24))));

        Assert.Empty(StuckSensors.RepeatedValues(StationCode, cod, Defaults));
    }

    [Fact]
    public void A_frozen_value_that_carries_on_after_an_outage_is_one_run()
    {
        var cod = Cod(Join(Samples(At(1), Repeat(45.2, 24)), Samples(At(4), Repeat(45.2, 12))));

        var signal = Assert.Single(StuckSensors.RepeatedValues(StationCode, cod, Defaults));

        Assert.Equal(At(1), signal.StartUtc);
        Assert.Equal(At(5), signal.EndUtc);
        Assert.Contains("36 mẫu liên tiếp", signal.ExplanationVi);
    }

    [Fact]
    public void Excluded_parameters_may_hold_a_value()
    {
        var thresholds = new IntegrityThresholds { StuckExcludedParameters = ["cod"] };
        var cod = Cod(Day(Varying(60, 24), Repeat(45.2, 72), Varying(60, 24, 100)));

        Assert.Empty(StuckSensors.Detect(StationCode, cod, thresholds));
    }

    [Fact]
    public void Flow_at_zero_is_left_to_the_zero_flow_test_but_a_frozen_non_zero_flow_is_stuck()
    {
        Assert.Empty(StuckSensors.RepeatedValues(StationCode, Flow(Day(Varying(40, 24), Repeat(0, 72))), Defaults));

        var stuck = Assert.Single(StuckSensors.RepeatedValues(StationCode, Flow(Day(Varying(40, 24), Repeat(12.5, 72))), Defaults));
        Assert.Equal("Flow", stuck.Parameter);
    }

    [Fact]
    public void A_value_flickering_by_one_digit_for_hours_is_a_flat_signal()
    {
        var cod = Cod(Day(Varying(80, 96), Alternate(100.0, 100.2, 48), Varying(80, 96, 144)));

        var signal = Assert.Single(StuckSensors.Detect(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.FlatSignal, signal.Kind);
        Assert.Equal(At(8), signal.StartUtc);
        Assert.Equal(At(12), signal.EndUtc);
        Assert.Equal(48, signal.Evidence.Count);
        Assert.StartsWith("COD gần như không đổi (100–100,2 mg/L, hệ số biến thiên 0,1%) suốt 4 giờ (48 mẫu, từ 08:00 đến 12:00 ngày 25/11/2026)",
            signal.ExplanationVi);
        Assert.EndsWith("— cảm biến có thể bị kẹt hoặc số liệu bị thay thế.", signal.ExplanationVi);
        Assert.Contains("barely moved", signal.ExplanationEn);
    }

    [Fact]
    public void A_frozen_value_next_to_a_neighbour_one_digit_off_is_one_signal_not_two()
    {
        // The flat test also sees 45,3 + 45,2 × 60 + 45,3 as flat, but only ten minutes of it lie beyond the exact run.
        var cod = Cod(Day(Varying(80, 96), [45.3], Repeat(45.2, 60), [45.3], Varying(80, 96, 200)));

        Assert.Single(StuckSensors.FlatSignals(StationCode, cod, Defaults));
        var signal = Assert.Single(StuckSensors.Detect(StationCode, cod, Defaults));
        Assert.Equal(IntegritySignalKind.StuckValue, signal.Kind);
    }

    [Fact]
    public void A_variation_just_above_the_flat_threshold_is_not_flat()
    {
        // Coefficient of variation 0.11/100.11 = 0.11 %, over the 0.1 % threshold.
        var cod = Cod(Day(Varying(80, 96), Alternate(100.0, 100.22, 48), Varying(80, 96, 144)));

        Assert.Empty(StuckSensors.FlatSignals(StationCode, cod, Defaults));
    }

    [Fact]
    public void A_parameter_that_never_varies_much_is_not_flat()
    {
        // Stack pressure: ±0.02 kPa around 101.2 all day.
        var pressure = new DatastreamSamples("P", "kPa", 300, Day(Alternate(101.2, 101.22, 288)), 95, 110);

        Assert.Empty(StuckSensors.Detect(StationCode, pressure, Defaults));
    }

    [Fact]
    public void An_exact_repetition_is_reported_as_stuck_not_also_as_flat()
    {
        var cod = Cod(Day(Varying(80, 96), Repeat(100.0, 48), Varying(80, 96, 144)));

        Assert.Empty(StuckSensors.FlatSignals(StationCode, cod, Defaults));
        Assert.Equal([IntegritySignalKind.StuckValue], StuckSensors.Detect(StationCode, cod, Defaults).Select(s => s.Kind));
    }

    // ================================================================ 2. Impossible values

    [Fact]
    public void Negative_concentrations_reported_as_measuring_are_impossible()
    {
        var cod = Cod(Day(Varying(60, 12), [-5.0, -3.2], Varying(60, 12, 14)));

        var signal = Assert.Single(ImpossibleValues.OutOfRange(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.ImpossibleValue, signal.Kind);
        Assert.Equal(At(1), signal.StartUtc);
        Assert.Equal(At(1, 10), signal.EndUtc);
        Assert.Equal("COD báo 2 giá trị âm (từ -5 đến -3,2 mg/L) từ 01:00 đến 01:10 ngày 25/11/2026 trong khi trạng thái vẫn là “đang đo” (00) — "
            + "số liệu này không thể đúng và không được tính là hợp lệ.", signal.ExplanationVi);
        Assert.Equal("COD reported 2 negative values (from -5 to -3.2 mg/L) from 01:00 to 01:10 on 25/11/2026 while its status still said “measuring” (00) — "
            + "these values cannot be right and do not count as valid.", signal.ExplanationEn);
        Assert.Equal([-5.0, -3.2], signal.Evidence.Select(e => e.Value));
    }

    [Theory]
    [InlineData(15.0, true)]
    [InlineData(-0.5, true)]
    [InlineData(14.0, false)]
    [InlineData(0.0, false)]
    public void pH_outside_0_to_14_is_impossible_even_without_a_physical_range(double value, bool impossible)
    {
        var ph = Ph(Day(Varying(7.2, 12), [value], Varying(7.2, 12, 13)), physicalMax: null) with { PhysicalMin = null };

        var signals = ImpossibleValues.OutOfRange(StationCode, ph, Defaults);

        Assert.Equal(impossible, signals.Count == 1);
        if (impossible)
            Assert.Contains("ngoài thang pH 0–14", signals[0].ExplanationVi);
    }

    [Theory]
    [InlineData(1000.0, false)] // the top of the range is still a reading
    [InlineData(1000.1, true)]
    public void Values_above_the_physical_range_are_impossible(double value, bool impossible)
    {
        var cod = Cod(Day(Varying(60, 12), [value], Varying(60, 12, 13)));

        var signals = ImpossibleValues.OutOfRange(StationCode, cod, Defaults);

        Assert.Equal(impossible, signals.Count == 1);
        if (impossible)
            Assert.Contains("vượt mức cao nhất của dải đo (1.000 mg/L)", signals[0].ExplanationVi);
    }

    [Fact]
    public void Values_below_the_physical_range_are_impossible_even_where_negatives_are_allowed()
    {
        var pressure = new DatastreamSamples("P", "kPa", 300, Day(Varying(101.2, 12), [94.0], Varying(101.2, 12, 13)), 95, 110);

        var signal = Assert.Single(ImpossibleValues.OutOfRange(StationCode, pressure, Defaults));

        Assert.Contains("thấp hơn mức thấp nhất thiết bị có thể đo (95 kPa)", signal.ExplanationVi);
    }

    [Fact]
    public void Temperature_may_be_negative()
    {
        var temperature = new DatastreamSamples("Temp", "°C", 300, Day([-2.0, -1.5, 0.5]), null, 60);

        Assert.Empty(ImpossibleValues.OutOfRange(StationCode, temperature, Defaults));
    }

    [Fact]
    public void A_device_that_reports_its_fault_is_honest_and_not_flagged()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 12)), Samples(At(1), Repeat(-5, 6), ObservationStatus.Fault), Samples(At(1, 30), Varying(60, 12))));

        Assert.Empty(ImpossibleValues.Detect(StationCode, cod, Defaults));
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_impossible()
    {
        var cod = Cod(Day(Varying(60, 12), [double.NaN], Varying(60, 12, 13)));

        var signal = Assert.Single(ImpossibleValues.OutOfRange(StationCode, cod, Defaults));

        Assert.Contains("1 giá trị không phải là số", signal.ExplanationVi);
    }

    [Fact]
    public void An_exceedance_followed_at_once_by_a_comfortable_constant_is_a_replaced_stream()
    {
        var cod = Cod(Day(Varying(60, 24), [160], Repeat(40, 12), Varying(60, 24, 40)));

        var signal = Assert.Single(ImpossibleValues.DropsAfterExceedance(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.DropAfterExceedance, signal.Kind);
        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.Equal(At(2), signal.StartUtc);
        Assert.Equal(At(3, 5), signal.EndUtc);
        Assert.Equal("COD vượt giới hạn 150 mg/L (160 mg/L lúc 02:00 ngày 25/11/2026) rồi ngay mẫu sau rơi xuống 40 mg/L và giữ đúng giá trị "
            + "này suốt 1 giờ (12 mẫu, từ 02:05 đến 03:05 ngày 25/11/2026) — dấu hiệu số liệu bị thay thế để che vượt chuẩn.", signal.ExplanationVi);
        Assert.Equal(EvidenceRole.Exceedance, signal.Evidence[0].Role);
        Assert.Equal(160, signal.Evidence[0].Value);
        Assert.Equal(12, signal.Evidence.Count(e => e.Role == EvidenceRole.ConstantAfterDrop));
    }

    [Theory]
    [InlineData(new[] { 160.0, 120.0 }, true)]          // constant from the 2nd sample after: still "sudden"
    [InlineData(new[] { 160.0, 120.0, 110.0 }, false)]  // from the 3rd: a descent, not a drop
    [InlineData(new[] { 160.0, 170.0, 120.0 }, true)]   // judged from the last sample over the limit
    public void The_constant_must_start_within_two_samples_of_the_exceedance(double[] before, bool flagged)
    {
        var cod = Cod(Day(Varying(60, 24), before, Repeat(40, 12), Varying(60, 24, 40)));

        Assert.Equal(flagged, ImpossibleValues.DropsAfterExceedance(StationCode, cod, Defaults).Count == 1);
    }

    [Theory]
    [InlineData(6, true)]  // 30 minutes
    [InlineData(5, false)] // 25 minutes
    public void The_constant_must_hold_for_thirty_minutes(int repeats, bool flagged)
    {
        var cod = Cod(Day(Varying(60, 24), [160], Repeat(40, repeats), Varying(60, 24, 40)));

        Assert.Equal(flagged, ImpossibleValues.DropsAfterExceedance(StationCode, cod, Defaults).Count == 1);
    }

    [Theory]
    [InlineData(105, true)]  // 70 % of the limit
    [InlineData(106, false)]
    public void The_constant_must_be_well_below_the_limit(double constant, bool flagged)
    {
        var cod = Cod(Day(Varying(60, 24), [160], Repeat(constant, 12), Varying(60, 24, 40)));

        Assert.Equal(flagged, ImpossibleValues.DropsAfterExceedance(StationCode, cod, Defaults).Count == 1);
    }

    [Fact]
    public void A_real_recovery_keeps_varying()
    {
        var cod = Cod(Day(Varying(60, 24), [160, 150, 120], Varying(60, 48, 30)));

        Assert.Empty(ImpossibleValues.Detect(StationCode, cod, Defaults));
    }

    [Fact]
    public void A_pH_excursion_followed_by_a_flat_neutral_value_is_caught_on_the_two_sided_range()
    {
        var ph = Ph(Day(Varying(7.2, 24), [9.6], Repeat(7.0, 12), Varying(7.2, 24, 40)));

        var signal = Assert.Single(ImpossibleValues.DropsAfterExceedance(StationCode, ph, Defaults));

        Assert.Contains("pH vượt khoảng cho phép 5,5–9 (9,6 lúc 02:00 ngày 25/11/2026)", signal.ExplanationVi);
    }

    // ================================================================ 3. Calibration

    [Theory]
    [InlineData(13, true)]  // 65 minutes
    [InlineData(12, false)] // 60 minutes: the limit itself is allowed
    public void A_calibration_longer_than_an_hour_is_too_long(int samples, bool flagged)
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 24)), Calibrating(At(2), samples), Samples(At(2) + samples * Cadence, Varying(60, 24))));

        var signals = CalibrationAbuse.TooLong(StationCode, cod, Defaults);

        Assert.Equal(flagged, signals.Count == 1);
        if (flagged)
        {
            Assert.Equal("COD ở trạng thái hiệu chuẩn suốt 1 giờ 5 phút (13 mẫu, từ 02:00 đến 03:05 ngày 25/11/2026), lâu hơn mức 1 giờ mà một lần "
                + "hiệu chuẩn thường cần — trong thời gian này không có số liệu hợp lệ.", signals[0].ExplanationVi);
            Assert.Equal([EvidenceRole.CalibrationStart, EvidenceRole.CalibrationEnd], signals[0].Evidence.Select(e => e.Role));
        }
    }

    [Fact]
    public void Three_calibrations_in_a_day_are_too_many_and_the_month_is_counted()
    {
        var cod = Cod(Overlay(
            Samples(At(0), Varying(60, 288 + 96)),
            Calibrating(At(6), 4), Calibrating(At(12), 4), Calibrating(At(18), 4), Calibrating(At(30), 4)));

        var signal = Assert.Single(CalibrationAbuse.TooFrequent(StationCode, cod, Defaults));

        Assert.Equal(At(6), signal.StartUtc);
        Assert.Equal(At(18, 20), signal.EndUtc);
        Assert.Equal("COD hiệu chuẩn 3 lần trong ngày 25/11/2026 (quá 2 lần/ngày), tổng cộng 1 giờ; cả tháng 11/2026 có 4 lần hiệu chuẩn "
            + "(tổng 1 giờ 20 phút) trong số liệu đã xem xét.", signal.ExplanationVi);
        Assert.Equal("COD was calibrated 3 times on 25/11/2026 (more than 2 a day), 1 hour in all; 4 calibrations in 11/2026 (1 hour 20 minutes in all) "
            + "in the data examined.", signal.ExplanationEn);
        Assert.Equal(6, signal.Evidence.Count);
    }

    [Fact]
    public void Two_calibrations_a_day_are_normal()
    {
        var cod = Cod(Overlay(Samples(At(0), Varying(60, 288)), Calibrating(At(6), 4), Calibrating(At(18), 4)));

        Assert.Empty(CalibrationAbuse.Detect(StationCode, cod, Defaults));
    }

    [Fact]
    public void Calibrations_are_counted_per_Vietnam_day_not_per_UTC_day()
    {
        // 10:00 and 23:30 on the 25th, 00:30 on the 26th (Vietnam): all three fall on the UTC day 25/11.
        var cod = Cod(Overlay(Samples(At(0), Varying(60, 288 + 24)), Calibrating(At(10), 4), Calibrating(At(23, 30), 4), Calibrating(At(24, 30), 4)));

        Assert.Empty(CalibrationAbuse.TooFrequent(StationCode, cod, Defaults));
        var perDay = CalibrationAbuse.PerDay(CalibrationAbuse.Episodes(cod, Defaults));
        Assert.Equal([new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26)], perDay.Select(d => d.PeriodStart));
        Assert.Equal([2, 1], perDay.Select(d => d.Count));
        Assert.Equal(TimeSpan.FromMinutes(40), perDay[0].Total);
    }

    [Fact]
    public void Calibrations_are_tallied_per_month()
    {
        var start = VietnamTime.ToUtc(new DateTime(2026, 11, 30, 22, 0, 0));
        var cod = Cod(Overlay(Samples(start, Varying(60, 48)), Calibrating(start.AddHours(1), 3), Calibrating(start.AddHours(3), 6)));

        var perMonth = CalibrationAbuse.PerMonth(CalibrationAbuse.Episodes(cod, Defaults));

        Assert.Equal(
            [new CalibrationTally(new DateOnly(2026, 11, 1), 1, TimeSpan.FromMinutes(15)), new CalibrationTally(new DateOnly(2026, 12, 1), 1, TimeSpan.FromMinutes(30))],
            perMonth);
    }

    [Fact]
    public void Calibration_episodes_end_at_another_status_or_a_gap()
    {
        var cod = Cod(Join(Calibrating(At(1), 3), Samples(At(1, 15), [60]), Calibrating(At(1, 20), 2), Calibrating(At(2), 2)));

        var episodes = CalibrationAbuse.Episodes(cod, Defaults);

        Assert.Equal([At(1), At(1, 20), At(2)], episodes.Select(e => e.StartUtc));
        Assert.Equal([3, 2, 2], episodes.Select(e => e.SampleCount));
        Assert.Equal(TimeSpan.FromMinutes(15), episodes[0].Duration);
    }

    [Fact]
    public void A_calibration_that_starts_when_values_sit_at_the_limit_is_critical()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 21)), Samples(At(1, 45), [130, 137, 140]), Calibrating(At(2), 4), Samples(At(2, 20), Varying(60, 24))));

        var signal = Assert.Single(CalibrationAbuse.NearLimit(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.CalibrationNearLimit, signal.Kind);
        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.Equal(At(2), signal.StartUtc);
        Assert.Equal("COD chuyển sang hiệu chuẩn lúc 02:00 ngày 25/11/2026 đúng khi giá trị đang tiến sát giới hạn 150 mg/L: 3 giá trị hợp lệ "
            + "cuối cùng trung bình 135,67 mg/L (90% giới hạn 150 mg/L). Lần hiệu chuẩn này kéo dài 20 phút; trong tháng 11/2026 có 1/1 lần "
            + "hiệu chuẩn bắt đầu khi giá trị sát giới hạn.", signal.ExplanationVi);
        Assert.Equal(12, signal.Evidence.Count(e => e.Role == EvidenceRole.Before));
        Assert.Equal(140, signal.Evidence.Last(e => e.Role == EvidenceRole.Before).Value);
    }

    [Theory]
    [InlineData(135, true)]  // exactly 90 % of 150
    [InlineData(134, false)]
    public void The_last_values_count_as_near_the_limit_from_ninety_percent(double last, bool flagged)
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 21)), Samples(At(1, 45), Repeat(last, 3)), Calibrating(At(2), 4), Samples(At(2, 20), Varying(60, 24))));

        Assert.Equal(flagged, CalibrationAbuse.NearLimit(StationCode, cod, Defaults).Count == 1);
    }

    [Fact]
    public void A_calibration_that_starts_while_values_rise_towards_the_limit_is_a_warning()
    {
        // One hour climbing from 110 to 135: mean 122.5 (82 %), last three 132.7 (88 %).
        var cod = Cod(Join(Samples(At(0), Varying(60, 12)), Samples(At(1), Linear(110, 135, 12)), Calibrating(At(2), 4), Samples(At(2, 20), Varying(60, 24))));

        var signal = Assert.Single(CalibrationAbuse.NearLimit(StationCode, cod, Defaults));

        Assert.Equal(IntegritySeverity.Warning, signal.Severity);
        Assert.Contains("trung bình 1 giờ trước đó là 122,5 mg/L (82% giới hạn 150 mg/L) và đang tăng 27,27 mg/L/giờ", signal.ExplanationVi);
        Assert.Contains("the mean over the preceding hour was 122.5 mg/L (82% of the 150 mg/L limit) and rising by 27.27 mg/L per hour", signal.ExplanationEn);
    }

    [Fact]
    public void A_calibration_far_from_the_limit_is_routine()
    {
        var cod = Cod(Join(Samples(At(0), Varying(90, 24)), Calibrating(At(2), 4), Samples(At(2, 20), Varying(90, 24))));

        Assert.Empty(CalibrationAbuse.Detect(StationCode, cod, Defaults));
    }

    [Fact]
    public void The_month_count_says_how_many_calibrations_started_near_the_limit()
    {
        var cod = Cod(Join(
            Samples(At(0), Varying(60, 21)), Samples(At(1, 45), [140, 141, 142]), Calibrating(At(2), 4), Samples(At(2, 20), Varying(60, 100)),
            Calibrating(At(10, 40), 4), Samples(At(11), Varying(60, 24))));

        var signal = Assert.Single(CalibrationAbuse.NearLimit(StationCode, cod, Defaults));

        Assert.Contains("trong tháng 11/2026 có 1/2 lần hiệu chuẩn bắt đầu khi giá trị sát giới hạn", signal.ExplanationVi);
        Assert.Contains("in 11/2026, 1 of 2 calibrations started near the limit", signal.ExplanationEn);
    }

    [Fact]
    public void A_calibration_as_pH_approaches_its_lower_bound_is_caught_on_the_two_sided_range()
    {
        var ph = Ph(Join(Samples(At(0), Varying(7.2, 21)), Samples(At(1, 45), [5.62, 5.6, 5.58]), Calibrating(At(2), 4), Samples(At(2, 20), Varying(7.2, 24))));

        var signal = Assert.Single(CalibrationAbuse.NearLimit(StationCode, ph, Defaults));

        Assert.Contains("giới hạn gần nhất 5,5", signal.ExplanationVi);
    }

    // ================================================================ 4. Gaps near the limit

    [Fact]
    public void Data_missing_while_values_climbed_towards_the_limit_is_flagged_with_both_sides_told()
    {
        // 01:00–01:55 climbing from 110 to 140, nothing until 04:00, then back at ordinary values.
        var cod = Cod(Join(
            Samples(At(0), Varying(60, 12)), Samples(At(1), Linear(110, 140, 12)), Samples(At(4), [95, 90, 88]), Samples(At(4, 15), Varying(60, 12))));

        var signal = Assert.Single(GapsNearLimit.Detect(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.GapNearLimit, signal.Kind);
        Assert.Equal(IntegritySeverity.Warning, signal.Severity);
        Assert.Equal(At(1, 55), signal.StartUtc);
        Assert.Equal(At(4), signal.EndUtc);
        Assert.Equal("Mất dữ liệu COD 2 giờ (sau mẫu lúc 01:55 ngày 25/11/2026 đến mẫu lúc 04:00 ngày 25/11/2026) đúng lúc có nguy cơ vượt chuẩn: "
            + "trước khi mất, trung bình 1 giờ trước đó là 125 mg/L (83% giới hạn 150 mg/L) và đang tăng 32,73 mg/L/giờ, 3 giá trị hợp lệ cuối cùng "
            + "trung bình 137,27 mg/L (92% giới hạn 150 mg/L); sau khi có lại, 3 giá trị hợp lệ đầu tiên trung bình 91 mg/L (61% giới hạn 150 mg/L).",
            signal.ExplanationVi);
        Assert.Equal("COD data is missing for 2 hours (after the sample at 01:55 on 25/11/2026 until the sample at 04:00 on 25/11/2026) just when an "
            + "exceedance was likely: before the gap, the mean over the preceding hour was 125 mg/L (83% of the 150 mg/L limit) and rising by "
            + "32.73 mg/L per hour, the last 3 valid values averaged 137.27 mg/L (92% of the 150 mg/L limit); after it, the first 3 valid values "
            + "averaged 91 mg/L (61% of the 150 mg/L limit).", signal.ExplanationEn);
        Assert.Equal(12, signal.Evidence.Count(e => e.Role == EvidenceRole.Before));
        Assert.Equal([95.0, 90, 88], signal.Evidence.Where(e => e.Role == EvidenceRole.After).Select(e => e.Value));
    }

    [Fact]
    public void Data_that_comes_back_over_the_limit_after_a_gap_is_critical()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 24)), Samples(At(4), [160, 158, 155]), Samples(At(4, 15), Varying(60, 12))));

        var signal = Assert.Single(GapsNearLimit.Detect(StationCode, cod, Defaults));

        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.Contains("sau khi có lại, 3 giá trị hợp lệ đầu tiên trung bình 157,67 mg/L (105% giới hạn 150 mg/L)", signal.ExplanationVi);
    }

    [Fact]
    public void A_gap_far_from_the_limit_is_an_ordinary_gap()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 24)), Samples(At(4), Varying(60, 24))));

        Assert.Empty(GapsNearLimit.Detect(StationCode, cod, Defaults));
    }

    [Theory]
    [InlineData(10, false)] // 2 cadences: one file missing is not yet a gap
    [InlineData(15, true)]
    public void Data_is_missing_after_more_than_two_cadences(int minutes, bool flagged)
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 12)), Samples(At(1), Linear(110, 140, 12)),
            Samples(At(1, 55) + TimeSpan.FromMinutes(minutes), Varying(60, 12))));

        Assert.Equal(flagged, GapsNearLimit.Detect(StationCode, cod, Defaults).Count == 1);
    }

    [Theory]
    [InlineData(120.0, true)]   // trend-window mean exactly 80 % of 150
    [InlineData(119.75, false)]
    public void A_rising_trend_counts_from_a_mean_of_eighty_percent(double mean, bool flagged)
    {
        // Twelve values rising by 0.5 per sample around the mean; the last three stay under 90 %.
        var rising = Enumerable.Range(0, 12).Select(k => mean + 0.5 * (k - 5.5));
        var cod = Cod(Join(Samples(At(0), Varying(60, 12)), Samples(At(1), rising), Samples(At(4), Varying(60, 12))));

        Assert.Equal(flagged, GapsNearLimit.Detect(StationCode, cod, Defaults).Count == 1);
    }

    [Fact]
    public void Data_missing_until_the_end_of_the_period_while_rising_is_an_open_gap()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 228)), Samples(At(19), Linear(110, 140, 12))));

        Assert.Empty(GapsNearLimit.Detect(StationCode, cod, Defaults));
        var signal = Assert.Single(GapsNearLimit.Detect(StationCode, cod, Defaults, periodEndUtc: At(24)));
        Assert.Equal(At(24), signal.EndUtc);
        Assert.EndsWith("; đến cuối kỳ xem xét (00:00 ngày 26/11/2026) vẫn chưa có dữ liệu.", signal.ExplanationVi);
        Assert.Contains("Mất dữ liệu COD 4 giờ (sau mẫu lúc 19:55 ngày 25/11/2026)", signal.ExplanationVi);
    }

    [Fact]
    public void Gaps_are_not_judged_without_a_limit()
    {
        var cod = Cod(Join(Samples(At(0), Linear(110, 140, 12)), Samples(At(4), [160, 158, 155])), limit: null);

        Assert.Empty(GapsNearLimit.Detect(StationCode, cod, Defaults));
    }

    [Fact]
    public void Calibration_samples_are_data_so_they_leave_no_gap()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 12)), Samples(At(1), Linear(110, 140, 12)), Calibrating(At(2), 24), Samples(At(4), Varying(60, 12))));

        Assert.Empty(GapsNearLimit.Detect(StationCode, cod, Defaults));
    }

    // ================================================================ 5. Clock

    private static List<Sample> Ahead(DateTime start, int count, TimeSpan ahead) =>
        Enumerable.Range(0, count).Select(i => new Sample(start + i * Cadence, 60 + i % 7, 0, start + i * Cadence - ahead)).ToList();

    [Fact]
    public void Measurement_times_after_their_receipt_mean_the_datalogger_clock_runs_ahead()
    {
        var station = Station(Cod(Ahead(At(10), 12, TimeSpan.FromMinutes(17))), Flow(Ahead(At(10), 12, TimeSpan.FromMinutes(17))));

        var signal = Assert.Single(ClockProblems.TimestampsAhead(station, Defaults));

        Assert.Equal(IntegritySignalKind.TimestampAhead, signal.Kind);
        Assert.Null(signal.Parameter);
        Assert.Equal(At(10), signal.StartUtc);
        Assert.Equal(At(11), signal.EndUtc);
        Assert.Equal(12, signal.Evidence.Count); // one record per time, not one per datastream
        Assert.Equal("Đồng hồ bộ thu thập dữ liệu của trạm chạy nhanh: 12 bản ghi từ 10:00 đến 11:00 ngày 25/11/2026 mang thời điểm đo muộn hơn "
            + "lúc hệ thống nhận được khoảng 17 phút, nhiều nhất 17 phút (bản ghi 10:00:00 ngày 25/11/2026 nhận lúc 09:43:00 ngày 25/11/2026), "
            + "vượt dung sai 2 phút — thời điểm đo của các số liệu này không đáng tin.", signal.ExplanationVi);
    }

    [Theory]
    [InlineData(120, false)] // exactly the tolerance
    [InlineData(121, true)]
    public void A_clock_counts_as_ahead_beyond_two_minutes(int seconds, bool flagged)
    {
        var station = Station(Cod(Ahead(At(10), 6, TimeSpan.FromSeconds(seconds))));

        Assert.Equal(flagged, ClockProblems.TimestampsAhead(station, Defaults).Count == 1);
    }

    [Fact]
    public void Separate_runs_of_future_times_are_separate_signals()
    {
        var station = Station(Cod(Join(Ahead(At(10), 6, TimeSpan.FromMinutes(10)), Samples(At(10, 30), [60]), Ahead(At(10, 35), 6, TimeSpan.FromMinutes(10)))));

        Assert.Equal(2, ClockProblems.TimestampsAhead(station, Defaults).Count);
    }

    [Fact]
    public void A_time_resent_with_another_value_is_a_conflict()
    {
        var conflict = new SampleConflict(At(10), 60, 0, 62, 0, At(12));
        var cod = Cod(Day(Varying(60, 288)), conflicts: [conflict]);

        var signal = Assert.Single(ClockProblems.ConflictingValues(StationCode, cod, Defaults));

        Assert.Equal(IntegritySignalKind.ConflictingValues, signal.Kind);
        Assert.Equal(IntegritySeverity.Warning, signal.Severity);
        Assert.Equal("COD có 1 thời điểm đo được gửi lại với giá trị khác trong ngày 25/11/2026 (ví dụ lúc 10:00: 60 mg/L (00) rồi 62 mg/L (00)) "
            + "— số liệu đã gửi không được sửa lại, cần làm rõ bản nào đúng.", signal.ExplanationVi);
        Assert.Equal([EvidenceRole.StoredVersion, EvidenceRole.OfferedVersion], signal.Evidence.Select(e => e.Role));
        Assert.Equal(At(12), signal.Evidence[1].ReceivedAtUtc);
    }

    [Fact]
    public void A_resend_that_turns_an_exceedance_into_a_compliant_value_is_critical()
    {
        var cod = Cod(Day(Varying(60, 288)), conflicts: [new SampleConflict(At(10), 160, 0, 60, 0, At(12)), new SampleConflict(At(11), 61, 0, 63, 0, At(12))]);

        var signal = Assert.Single(ClockProblems.ConflictingValues(StationCode, cod, Defaults));

        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.Contains("(ví dụ lúc 10:00: 160 mg/L (00) rồi 60 mg/L (00)); trong đó 1 lần một bản vượt giới hạn 150 mg/L còn bản kia không", signal.ExplanationVi);
        Assert.Equal(4, signal.Evidence.Count);
    }

    [Fact]
    public void A_resend_that_relabels_an_exceedance_as_calibration_is_critical()
    {
        var cod = Cod(Day(Varying(60, 288)), conflicts: [new SampleConflict(At(10), 160, 0, 160, ObservationStatus.Calibrating, At(12))]);

        var signal = Assert.Single(ClockProblems.ConflictingValues(StationCode, cod, Defaults));

        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.Contains("160 mg/L (00) rồi 160 mg/L (01)", signal.ExplanationVi);
    }

    [Fact]
    public void Repeated_times_in_the_samples_are_conflicts_only_when_they_differ()
    {
        var resent = Join(Samples(At(0), Varying(60, 24)), [new Sample(At(1), Varying(60, 24).ElementAt(12), 0, At(3))]);
        Assert.Empty(ClockProblems.ConflictingValues(StationCode, Cod(resent), Defaults));

        var rewritten = Join(Samples(At(0), Varying(60, 24)), [new Sample(At(1), 99, 0, At(3))]);
        var signal = Assert.Single(ClockProblems.ConflictingValues(StationCode, Cod(rewritten), Defaults));
        Assert.Equal(99, signal.Evidence.Single(e => e.Role == EvidenceRole.OfferedVersion).Value);
        Assert.Equal(At(3), signal.Evidence.Single(e => e.Role == EvidenceRole.OfferedVersion).ReceivedAtUtc);
    }

    [Fact]
    public void The_same_conflict_from_the_store_and_from_the_samples_counts_once()
    {
        var rewritten = Join(Samples(At(0), Varying(60, 24)), [new Sample(At(1), 99, 0, At(3))]);
        var stored = rewritten.First(s => s.TimeUtc == At(1) && s.ReceivedAtUtc < At(3)).Value;
        var cod = Cod(rewritten, conflicts: [new SampleConflict(At(1), stored, 0, 99, 0, At(3))]);

        var signal = Assert.Single(ClockProblems.ConflictingValues(StationCode, cod, Defaults));

        Assert.Contains("COD có 1 thời điểm", signal.ExplanationVi);
    }

    [Fact]
    public void Conflicts_are_reported_per_Vietnam_day()
    {
        var cod = Cod(Day(Varying(60, 288)), conflicts: [new SampleConflict(At(10), 60, 0, 62, 0, At(12)), new SampleConflict(At(25), 60, 0, 62, 0, At(26))]);

        Assert.Equal(2, ClockProblems.ConflictingValues(StationCode, cod, Defaults).Count);
    }

    private static StationSamples WithLatency(int count, Func<int, TimeSpan> latency) => Station(Cod(Enumerable.Range(0, count)
        .Select(i => new Sample(At(0) + i * Cadence, 60 + i % 7, 0, At(0) + i * Cadence + latency(i)))
        .ToList()));

    [Fact]
    public void A_delay_that_grows_steadily_means_the_clock_falls_behind()
    {
        // 7 s more every 5 minutes: 33 min 36 s a day.
        var station = WithLatency(288, i => TimeSpan.FromSeconds(20 + 7 * i));

        var signal = Assert.Single(ClockProblems.LatencyDrift(station, Defaults));

        Assert.Equal(IntegritySignalKind.LatencyDrift, signal.Kind);
        Assert.Equal(IntegritySeverity.Notice, signal.Severity);
        Assert.Null(signal.Parameter);
        Assert.StartsWith("Độ trễ giữa thời điểm đo và lúc nhận số liệu của trạm tăng đều khoảng 33 phút 36 giây mỗi ngày", signal.ExplanationVi);
        Assert.EndsWith("đồng hồ của bộ thu thập dữ liệu đang chạy chậm dần so với giờ chuẩn.", signal.ExplanationVi);
        Assert.Equal(24, signal.Evidence.Count); // one median record per hour
    }

    [Fact]
    public void A_delay_that_shrinks_steadily_means_the_clock_runs_ahead()
    {
        var station = WithLatency(288, i => TimeSpan.FromSeconds(2400 - 2 * i));

        var signal = Assert.Single(ClockProblems.LatencyDrift(station, Defaults));

        Assert.Contains("giảm đều khoảng 9 phút 36 giây mỗi ngày", signal.ExplanationVi);
        Assert.Contains("running ahead", signal.ExplanationEn);
    }

    [Fact]
    public void A_steady_or_jittery_delay_is_no_drift()
    {
        Assert.Empty(ClockProblems.LatencyDrift(WithLatency(288, _ => TimeSpan.FromSeconds(30)), Defaults));
        Assert.Empty(ClockProblems.LatencyDrift(WithLatency(288, i => TimeSpan.FromSeconds(25 + 20 * Jitter(i))), Defaults));
    }

    [Fact]
    public void Files_resent_after_an_outage_are_no_drift()
    {
        // Normal 25 s delay, except 18:00–20:00, whose files all arrive at 20:00 one after another.
        var station = WithLatency(288, i =>
        {
            var measured = At(0) + i * Cadence;
            return measured >= At(18) && measured < At(20) ? At(20) - measured + TimeSpan.FromSeconds(2 * (i - 216)) : TimeSpan.FromSeconds(25 + 20 * Jitter(i));
        });

        Assert.Empty(ClockProblems.LatencyDrift(station, Defaults));
    }

    [Theory]
    [InlineData(156, true)]  // 13 hours of records: hourly medians from 00:25 to 12:25, 12 hours apart
    [InlineData(144, false)] // 12 hours of records: medians 11 hours apart
    public void A_drift_needs_twelve_hours_of_data(int records, bool flagged)
    {
        var station = WithLatency(records, i => TimeSpan.FromSeconds(20 + 7 * i));

        Assert.Equal(flagged, ClockProblems.LatencyDrift(station, Defaults).Count == 1);
    }

    private static StationSamples AtTimes(IEnumerable<DateTime> times) =>
        Station(Cod(times.Select((t, i) => new Sample(t, 60 + i % 7, 0, t + Transmission)).ToList()));

    private static IEnumerable<DateTime> Slipping(DateTime start, int count, TimeSpan step) => Enumerable.Range(0, count).Select(i => start + i * step);

    [Fact]
    public void Measurement_times_slipping_off_the_five_minute_grid_are_a_slipping_timer()
    {
        // 09:00…09:55 on the grid, then 10:00:00, 10:05:07, 10:10:14… for ten records, then back on the grid at 11:00.
        var station = AtTimes(Slipping(At(9), 12, Cadence).Concat(Slipping(At(10), 10, Cadence + TimeSpan.FromSeconds(7))).Concat(Slipping(At(11), 12, Cadence)));

        var signal = Assert.Single(ClockProblems.CadenceSlip(station, Defaults));

        Assert.Equal(IntegritySignalKind.CadenceSlip, signal.Kind);
        Assert.Equal(At(10), signal.StartUtc);
        Assert.Equal(At(10, 46, 3), signal.EndUtc);
        Assert.Equal("Thời điểm đo của trạm trôi dần khỏi lưới 5 phút: 10 bản ghi liên tiếp cách nhau khoảng 5 phút 7 giây thay vì 5 phút "
            + "(10:00:00, 10:05:07, 10:10:14…), lệch tích lũy 1 phút 3 giây từ 10:00 đến 10:46 ngày 25/11/2026 — bộ hẹn giờ hoặc đồng hồ của bộ "
            + "thu thập dữ liệu không chuẩn.", signal.ExplanationVi);
    }

    [Theory]
    [InlineData(10, true)] // 9 steps of 7 s: 63 s
    [InlineData(9, false)] // 8 steps: 56 s, under a minute
    public void A_slip_is_reported_once_it_adds_up_to_a_minute(int records, bool flagged)
    {
        var station = AtTimes(Slipping(At(10), records, Cadence + TimeSpan.FromSeconds(7)));

        Assert.Equal(flagged, ClockProblems.CadenceSlip(station, Defaults).Count == 1);
    }

    [Fact]
    public void A_constant_offset_jitter_or_a_single_reset_is_no_slip()
    {
        Assert.Empty(ClockProblems.CadenceSlip(AtTimes(Slipping(At(10, 0, 30), 48, Cadence)), Defaults));
        var jitter = Enumerable.Range(0, 48).Select(i => At(10) + i * Cadence + TimeSpan.FromSeconds(i % 2 == 0 ? 2 : -2));
        Assert.Empty(ClockProblems.CadenceSlip(AtTimes(jitter), Defaults));
        Assert.Empty(ClockProblems.CadenceSlip(AtTimes(Slipping(At(10), 6, Cadence).Concat(Slipping(At(10, 31, 30), 6, Cadence))), Defaults));
    }

    // ================================================================ 6. Flow

    private static StationSamples FlowBalance(IEnumerable<double> inflow, IEnumerable<double> outflow, StationKind kind = StationKind.Wastewater) =>
        new(StationCode, kind, [Flow(Day(inflow), "FlowIn"), Flow(Day(outflow))], InflowParameter: "FlowIn");

    [Fact]
    public void A_works_that_discharges_more_than_it_takes_in_is_flagged_per_hour()
    {
        var station = FlowBalance(Repeat(100, 288), Repeat(100, 120).Concat(Repeat(125, 24)).Concat(Repeat(100, 144)));

        var signal = Assert.Single(FlowInconsistencies.OutflowAboveInflow(station, Defaults));

        Assert.Equal(IntegritySignalKind.OutflowAboveInflow, signal.Kind);
        Assert.Equal("Flow", signal.Parameter);
        Assert.Equal(At(10), signal.StartUtc);
        Assert.Equal(At(12), signal.EndUtc);
        Assert.Equal("Lưu lượng ra (Flow) trung bình 125 m3/h, lớn hơn lưu lượng vào (FlowIn) 100 m3/h tới 25% trong 2 giờ (từ 10:00 đến 12:00 "
            + "ngày 25/11/2026), vượt dung sai 10% — đồng hồ lưu lượng đo sai hoặc có nguồn nước không được kiểm soát đổ vào hệ thống.", signal.ExplanationVi);
        Assert.Equal([EvidenceRole.InflowHourlyMean, EvidenceRole.OutflowHourlyMean, EvidenceRole.InflowHourlyMean, EvidenceRole.OutflowHourlyMean],
            signal.Evidence.Select(e => e.Role));
    }

    [Fact]
    public void Outflow_while_the_inflow_reads_zero_is_flagged_without_a_percentage()
    {
        var station = FlowBalance(Repeat(100, 120).Concat(Repeat(0, 12)).Concat(Repeat(100, 156)), Repeat(100, 288));

        var signal = Assert.Single(FlowInconsistencies.OutflowAboveInflow(station, Defaults));

        Assert.Equal("The outflow (Flow) averaged 100 m3/h, while the inflow (FlowIn) read zero, for 1 hour (from 10:00 to 11:00 on 25/11/2026), beyond "
            + "the tolerance of 10% — a flow meter is wrong or uncontrolled water enters the system.", signal.ExplanationEn);
        Assert.Contains("trong khi lưu lượng vào (FlowIn) bằng 0 trong 1 giờ", signal.ExplanationVi);
    }

    [Theory]
    [InlineData(110, false)] // exactly 10 % more
    [InlineData(111, true)]
    public void Outflow_may_exceed_inflow_by_ten_percent(double outflow, bool flagged)
    {
        var station = FlowBalance(Repeat(100, 288), Repeat(100, 120).Concat(Repeat(outflow, 12)).Concat(Repeat(100, 156)));

        Assert.Equal(flagged, FlowInconsistencies.OutflowAboveInflow(station, Defaults).Count == 1);
    }

    [Fact]
    public void An_hour_with_too_few_samples_is_not_judged()
    {
        // 8 of 12 outflow samples in the 10:00 hour (75 % needs 9).
        var outflow = Join(Samples(At(0), Repeat(100, 120)), Samples(At(10), Repeat(125, 8)), Samples(At(11), Repeat(100, 156)));
        var station = new StationSamples(StationCode, StationKind.Wastewater, [Flow(Day(Repeat(100, 288)), "FlowIn"), Flow(outflow)], InflowParameter: "FlowIn");

        Assert.Empty(FlowInconsistencies.OutflowAboveInflow(station, Defaults));
    }

    [Fact]
    public void The_flow_balance_applies_to_wastewater_only_and_needs_an_inflow()
    {
        Assert.Empty(FlowInconsistencies.OutflowAboveInflow(FlowBalance(Repeat(100, 288), Repeat(150, 288), StationKind.StackEmission), Defaults));
        Assert.Empty(FlowInconsistencies.OutflowAboveInflow(Station(Flow(Day(Repeat(150, 288)))), Defaults));
    }

    private static List<Sample> ZeroFlowDay(int zeros) => Day(Varying(40, 120), Repeat(0, zeros), Varying(40, 288 - 120 - zeros, 200));

    [Fact]
    public void Zero_flow_while_the_plant_reports_running_is_critical()
    {
        var station = Station(Flow(ZeroFlowDay(24))) with { PlantRunning = [new RunningPeriod(At(0), At(24))] };

        var signal = Assert.Single(FlowInconsistencies.ZeroFlowWhileRunning(station, Defaults));

        Assert.Equal(IntegritySignalKind.ZeroFlowWhileRunning, signal.Kind);
        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.Equal(At(10), signal.StartUtc);
        Assert.Equal(At(12), signal.EndUtc);
        Assert.Equal("Flow bằng 0 suốt 2 giờ (24 mẫu, từ 10:00 đến 12:00 ngày 25/11/2026) trong khi cơ sở báo nhà máy đang vận hành — "
            + "dòng thải có thể đang đi qua đường không được đo, hoặc đồng hồ lưu lượng đã bị ngắt.", signal.ExplanationVi);
    }

    [Theory]
    [InlineData(12, true)]  // 1 hour
    [InlineData(11, false)] // 55 minutes
    public void Zero_flow_counts_from_one_hour(int zeros, bool flagged)
    {
        var station = Station(Flow(ZeroFlowDay(zeros))) with { PlantRunning = [new RunningPeriod(At(0), At(24))] };

        Assert.Equal(flagged, FlowInconsistencies.ZeroFlowWhileRunning(station, Defaults).Count == 1);
    }

    [Fact]
    public void Zero_flow_while_the_plant_reports_stopped_and_the_analysers_sit_still_is_a_stopped_plant()
    {
        var cod = Cod(Day(Varying(60, 120), Alternate(55.0, 55.1, 24), Varying(60, 144, 200)));
        var station = Station(Flow(ZeroFlowDay(24)), cod) with { PlantRunning = [new RunningPeriod(At(0), At(10)), new RunningPeriod(At(12), At(24))] };

        Assert.Empty(FlowInconsistencies.ZeroFlowWhileRunning(station, Defaults));
    }

    [Fact]
    public void Zero_flow_while_COD_keeps_varying_as_usual_shows_a_running_plant()
    {
        var station = Station(Flow(ZeroFlowDay(24)), Cod(Day(Varying(60, 288))));

        var signal = Assert.Single(FlowInconsistencies.ZeroFlowWhileRunning(station, Defaults));

        Assert.Equal(IntegritySeverity.Warning, signal.Severity);
        Assert.Contains("trong khi COD vẫn dao động bình thường (COD biến thiên", signal.ExplanationVi);
        Assert.Contains("cho thấy nhà máy vẫn hoạt động", signal.ExplanationVi);
        Assert.Contains("while COD kept varying as usual (COD varied", signal.ExplanationEn);
        Assert.Equal(24, signal.Evidence.Count(e => e.Parameter == "Flow"));
        Assert.Equal(24, signal.Evidence.Count(e => e.Role == EvidenceRole.Activity && e.Parameter == "COD"));
    }

    [Fact]
    public void Zero_flow_while_COD_sits_still_shows_no_activity()
    {
        var cod = Cod(Day(Varying(60, 120), Alternate(55.0, 55.1, 24), Varying(60, 144, 200)));

        Assert.Empty(FlowInconsistencies.ZeroFlowWhileRunning(Station(Flow(ZeroFlowDay(24)), cod), Defaults));
    }

    [Fact]
    public void Temperature_varies_with_the_weather_and_proves_no_activity()
    {
        var temperature = new DatastreamSamples("Temp", "°C", 300, Day(Varying(30, 288)), 0, 60, new LimitBounds(40));

        Assert.Empty(FlowInconsistencies.ZeroFlowWhileRunning(Station(Flow(ZeroFlowDay(24)), temperature), Defaults));
    }

    // ================================================================ simulated stations

    [Fact]
    public void A_clean_simulated_station_raises_nothing_over_a_day()
    {
        var station = Received(SimulatedWastewater(SimulatedBehaviour.None), DayStartUtc, DayStartUtc.AddDays(1));

        Assert.True(station.Datastreams.All(d => d.Samples.Count >= 280));
        var signals = IntegrityAnalysis.Analyze(station, Defaults);
        Assert.True(signals.Count == 0, Describe(signals));
    }

    [Fact]
    public void Every_demo_station_run_clean_raises_nothing_over_a_day()
    {
        var found = new List<string>();
        foreach (var demo in DemoProvince.Stations)
        {
            var clean = demo.Simulation with { Behaviour = SimulatedBehaviour.None };
            var signals = IntegrityAnalysis.Analyze(Received(clean, DayStartUtc, DayStartUtc.AddDays(1), DemoProvince.Seed), Defaults);
            found.AddRange(signals.Select(s => $"{demo.Code} {s.Kind} {s.Parameter}: {s.ExplanationEn}"));
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void The_simulators_stuck_sensor_is_found_where_the_simulator_froze_it()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { StuckPerDay = 1, StuckMinutes = 300, StuckParameter = "COD" });
        var episode = Assert.Single(StationSimulator.EpisodesBetween(simulated, DayStartUtc, DayStartUtc.AddDays(1), Seed));

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(1)), Defaults);

        var signal = Assert.Single(signals);
        Assert.Equal(IntegritySignalKind.StuckValue, signal.Kind);
        Assert.Equal("COD", signal.Parameter);
        Assert.InRange(signal.StartUtc, episode.StartUtc - Cadence, episode.StartUtc + Cadence);
        Assert.InRange(signal.EndUtc, episode.EndUtc - Cadence, episode.EndUtc + Cadence);
    }

    [Fact]
    public void The_demo_pH_electrode_that_freezes_is_found()
    {
        var demo = DemoProvince.Stations.Single(s => s.Simulation.EffectiveBehaviour.StuckParameter == "pH").Simulation;
        var day = Enumerable.Range(0, 30).Select(d => DayStartUtc.AddDays(d))
            .First(d => StationSimulator.EpisodesBetween(demo, d, d.AddDays(1), DemoProvince.Seed).Any(e => e.Kind == SimulatedEpisodeKind.StuckSensor));
        var episode = StationSimulator.EpisodesBetween(demo, day, day.AddDays(1), DemoProvince.Seed).Single(e => e.Kind == SimulatedEpisodeKind.StuckSensor);

        var signals = IntegrityAnalysis.Analyze(Received(demo, day, day.AddDays(1), DemoProvince.Seed), Defaults);

        var signal = Assert.Single(signals);
        Assert.Equal((IntegritySignalKind.StuckValue, "pH"), (signal.Kind, signal.Parameter));
        Assert.InRange(signal.StartUtc, episode.StartUtc - Cadence, episode.StartUtc + Cadence);
        Assert.Contains("pH giữ nguyên", signal.ExplanationVi);
        Assert.Contains("suốt 5 giờ", signal.ExplanationVi);
    }

    [Fact]
    public void The_simulators_long_calibration_is_too_long_for_every_calibrated_analyser()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { CalibrationHourLocal = 10, CalibrationMinutes = 90 });

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(1)), Defaults);

        // Flow and temperature have nothing to calibrate against a zero/span standard and keep measuring.
        Assert.True(signals.All(s => s.Kind == IntegritySignalKind.CalibrationTooLong), Describe(signals));
        Assert.Equal(["COD", "NH4", "pH"], signals.Select(s => s.Parameter).Order(StringComparer.Ordinal));
        Assert.All(signals, s => Assert.Equal((At(10), At(11, 30)), (s.StartUtc, s.EndUtc)));
    }

    [Fact]
    public void Routine_simulated_calibrations_raise_nothing()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { CalibrationHourLocal = 10, CalibrationMinutes = 20, RandomCalibrationPerDay = 1 });

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(3)), Defaults);

        Assert.True(signals.Count == 0, Describe(signals));
    }

    [Fact]
    public void The_simulators_clock_ahead_is_found_over_the_whole_day_and_nothing_else()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { ClockAheadMinutes = 17 });

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(1)), Defaults);

        var signal = Assert.Single(signals);
        Assert.Equal(IntegritySignalKind.TimestampAhead, signal.Kind);
        Assert.Contains("mang thời điểm đo muộn hơn lúc hệ thống nhận được khoảng 16 phút", signal.ExplanationVi);
        Assert.All(signal.Evidence, e => Assert.InRange(e.TimeUtc - e.ReceivedAtUtc!.Value, TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(17)));
    }

    [Fact]
    public void Honest_simulated_device_faults_raise_nothing()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { FaultPerDay = 1, FaultMinutes = 90 });

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(3)), Defaults);

        Assert.True(signals.Count == 0, Describe(signals));
    }

    [Fact]
    public void A_simulated_outage_that_is_backfilled_with_resends_raises_nothing()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { OutagePerDay = 1, OutageMinutes = 150, ResentBeforeOutage = 2 });

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(3)), Defaults);

        Assert.True(signals.Count == 0, Describe(signals));
    }

    [Fact]
    public void Simulated_exceedances_that_end_in_a_real_recovery_raise_no_integrity_signal()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { ExceedancePerDay = 1, ExceedanceParameters = ["COD"] });

        var signals = IntegrityAnalysis.Analyze(Received(simulated, DayStartUtc, DayStartUtc.AddDays(3)), Defaults);

        Assert.True(signals.Count == 0, Describe(signals));
    }

    [Fact]
    public void A_simulated_calibration_that_starts_during_an_exceedance_is_critical()
    {
        var simulated = SimulatedWastewater(new SimulatedBehaviour { ExceedancePerDay = 1, ExceedanceParameters = ["COD"], RandomCalibrationPerDay = 1 });
        // The first day on which the random calibration starts at least 15 minutes into the exceedance.
        var (day, calibration) = Enumerable.Range(0, 365).Select(d => DayStartUtc.AddDays(d))
            .Select(d => (Day: d, Episodes: StationSimulator.EpisodesBetween(simulated, d, d.AddDays(1), Seed)))
            .Select(x => (x.Day, Calibration: x.Episodes.FirstOrDefault(c => c.Kind == SimulatedEpisodeKind.Calibration
                && x.Episodes.Any(e => e.Kind == SimulatedEpisodeKind.Exceedance && c.StartUtc >= e.StartUtc.AddMinutes(15) && c.StartUtc < e.EndUtc))))
            .First(x => x.Calibration is not null);

        var signals = IntegrityAnalysis.Analyze(Received(simulated, day, day.AddDays(1)), Defaults);

        var signal = Assert.Single(signals, s => s.Kind == IntegritySignalKind.CalibrationNearLimit);
        Assert.Equal("COD", signal.Parameter);
        Assert.Equal(IntegritySeverity.Critical, signal.Severity);
        Assert.InRange(signal.StartUtc, calibration!.StartUtc, calibration.StartUtc + Cadence);
    }

    // ================================================================ combined analysis, options, wording

    [Fact]
    public void Analyze_runs_every_detector_and_orders_the_signals_by_start()
    {
        var cod = Cod(Join(Samples(At(0), Varying(60, 21)), Samples(At(1, 45), [140, 141, 142]), Calibrating(At(2), 4),
            Samples(At(2, 20), Varying(60, 20)), Samples(At(4), Repeat(45.2, 48)), Samples(At(8), [-1.0]), Samples(At(8, 5), Varying(60, 60))),
            conflicts: [new SampleConflict(At(12), 60, 0, 61, 0, At(13))]);
        var flow = Flow(Join(Samples(At(0), Varying(40, 156)), Samples(At(13), Repeat(0, 24)), Samples(At(15), Varying(40, 12))));
        var station = Station(cod, flow) with { PlantRunning = [new RunningPeriod(At(0), At(24))] };

        var signals = IntegrityAnalysis.Analyze(station, Defaults);

        Assert.Equal(
            [IntegritySignalKind.CalibrationNearLimit, IntegritySignalKind.StuckValue, IntegritySignalKind.ImpossibleValue,
             IntegritySignalKind.ConflictingValues, IntegritySignalKind.ZeroFlowWhileRunning],
            signals.Select(s => s.Kind));
        Assert.Equal(signals.OrderBy(s => s.StartUtc), signals);
    }

    [Fact]
    public void Long_periods_keep_the_first_and_last_evidence_within_the_cap()
    {
        var thresholds = new IntegrityThresholds { MaxEvidencePoints = 10 };
        var cod = Cod(Day(Varying(60, 24), Repeat(45.2, 72), Varying(60, 24, 100)));

        var signal = Assert.Single(StuckSensors.RepeatedValues(StationCode, cod, thresholds));

        Assert.Equal(10, signal.Evidence.Count);
        Assert.Equal(At(2), signal.Evidence[0].TimeUtc);
        Assert.Equal(At(7, 55), signal.Evidence[^1].TimeUtc);
        Assert.Contains("72 mẫu liên tiếp", signal.ExplanationVi);
    }

    [Fact]
    public void Default_thresholds_are_valid_and_a_nonsense_one_is_rejected_at_start()
    {
        var results = new List<ValidationResult>();
        var defaults = new IntegrityThresholds();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), results, validateAllProperties: true),
            string.Join("; ", results.Select(r => r.ErrorMessage)));

        var wrong = new IntegrityThresholds { FlatMaxCv = 2, StuckMinDuration = TimeSpan.Zero };
        Assert.False(Validator.TryValidateObject(wrong, new ValidationContext(wrong), results, validateAllProperties: true));
    }

    [Fact]
    public void Unordered_input_is_read_in_time_order()
    {
        var samples = Day(Varying(60, 24), Repeat(45.2, 40), Varying(60, 24, 100));
        samples.Reverse();

        var signal = Assert.Single(StuckSensors.RepeatedValues(StationCode, Cod(samples), Defaults));

        Assert.Equal(At(2), signal.StartUtc);
    }

    [Fact]
    public void A_datastream_without_a_positive_cadence_is_a_programming_error()
    {
        var broken = Cod(Day(Varying(60, 24))) with { CadenceSeconds = 0 };

        Assert.Throws<ArgumentException>(() => IntegrityAnalysis.Analyze(Station(broken), Defaults));
    }

    [Theory]
    [InlineData(45.2, "45,2", "45.2")]
    [InlineData(1_800_000, "1.800.000", "1,800,000")]
    [InlineData(-3.25, "-3,25", "-3.25")]
    [InlineData(0.000123, "0,000123", "0.000123")]
    public void Values_read_the_Vietnamese_way_and_the_English_way(double value, string vi, string en)
    {
        Assert.Equal(vi, SignalWording.ValueVi(value));
        Assert.Equal(en, SignalWording.ValueEn(value));
    }

    [Theory]
    [InlineData(21600, "6 giờ", "6 hours")]
    [InlineData(3900, "1 giờ 5 phút", "1 hour 5 minutes")]
    [InlineData(63, "1 phút 3 giây", "1 minute 3 seconds")]
    [InlineData(0, "0 giây", "0 seconds")]
    public void Durations_read_as_people_say_them(int seconds, string vi, string en)
    {
        Assert.Equal(vi, SignalWording.DurationVi(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(en, SignalWording.DurationEn(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Periods_across_midnight_name_both_days()
    {
        Assert.Equal("từ 23:00 ngày 25/11/2026 đến 01:00 ngày 26/11/2026", SignalWording.SpanVi(At(23), At(25)));
        Assert.Equal("from 23:00 on 25/11/2026 to 01:00 on 26/11/2026", SignalWording.SpanEn(At(23), At(25)));
    }
}
