using System.Globalization;
using System.Text.RegularExpressions;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Registry;
using Envigil.Monitoring.Simulation;

namespace Envigil.Monitoring.Tests.Simulation;

public sealed partial class StationSimulatorTests
{
    private const int Seed = 20261125;

    // 25/11/2026 00:00 in Vietnam.
    private static readonly DateTime DayStartUtc = VietnamTime.ToUtc(new DateTime(2026, 11, 25));

    [GeneratedRegex(@"^(?<station>[A-Z0-9_]+)_(?<stamp>\d{14})\.txt$")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"^(?<code>[^\t\r\n]+)\t(?<value>-?\d+\.\d+)\t(?<unit>[^\t\r\n]+)\t(?<stamp>\d{14})\t(?<status>0[012])$")]
    private static partial Regex LinePattern();

    private static readonly SimulatedParameter FlowParameter = new("Flow", "m3/h", 40, 12, 2, 0, 150, null, 1);
    private static readonly SimulatedParameter TempParameter = new("Temp", "°C", 30, 1.5, 0.3, 0, 60, 40, 1);
    private static readonly SimulatedParameter PhParameter = new("pH", "pH", 7.2, 0.15, 0.06, 0, 14, 9, 2);
    private static readonly SimulatedParameter CodParameter = new("COD", "mg/L", 70, 12, 4, 0, 1000, 150, 1);
    private static readonly SimulatedParameter AmmoniumParameter = new("NH4", "mg/L", 4, 0.6, 0.2, 0, 100, 10, 2);

    private static SimulatedStation Station(SimulatedBehaviour? behaviour = null, int cadenceSeconds = 300, string code = "CM_F901_NT01") =>
        new(code, StationKind.Wastewater, [FlowParameter, TempParameter, PhParameter, CodParameter, AmmoniumParameter], cadenceSeconds, behaviour);

    private sealed record Line(string Code, string ValueText, double Value, string Unit, string Stamp, string Status);

    private static List<Line> Lines(SimulatedFile file) => file.Content
        .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(text =>
        {
            var m = LinePattern().Match(text);
            Assert.True(m.Success, $"{file.FileName}: malformed line '{text}'");
            return new Line(m.Groups["code"].Value, m.Groups["value"].Value,
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture), m.Groups["unit"].Value,
                m.Groups["stamp"].Value, m.Groups["status"].Value);
        })
        .ToList();

    private static Line LineOf(SimulatedFile file, string code) => Lines(file).Single(l => l.Code == code);

    private static string LocalStamp(DateTime utc) => VietnamTime.ToLocal(utc).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static List<SimulatedFile> Files(SimulatedStation station, DateTime fromUtc, DateTime toUtc, int seed = Seed) =>
        StationSimulator.FilesBetween(station, fromUtc, toUtc, seed).ToList();

    // Every measurement once: duplicates (re-sent files already delivered) removed.
    private static List<SimulatedFile> Measurements(IEnumerable<SimulatedFile> files) => files
        .GroupBy(f => f.MeasuredAtUtc)
        .Select(g => g.OrderBy(f => f.DeliverAtUtc).First())
        .OrderBy(f => f.MeasuredAtUtc)
        .ToList();

    [Fact]
    public void Same_seed_gives_the_same_files_and_another_seed_other_values()
    {
        var station = Station(new SimulatedBehaviour { ExceedancePerDay = 0.5, ExceedanceParameters = ["COD"], FaultPerDay = 0.5, OutagePerDay = 0.5 });

        var first = Files(station, DayStartUtc, DayStartUtc.AddDays(2));
        var again = Files(station, DayStartUtc, DayStartUtc.AddDays(2));
        var otherSeed = Files(station, DayStartUtc, DayStartUtc.AddDays(2), Seed + 1);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(f => f.Content), otherSeed.Select(f => f.Content));
    }

    [Fact]
    public void Stations_with_the_same_parameters_get_different_values()
    {
        var a = Files(Station(code: "CM_F901_NT01"), DayStartUtc, DayStartUtc.AddHours(2));
        var b = Files(Station(code: "CM_F902_NT01"), DayStartUtc, DayStartUtc.AddHours(2));

        Assert.Equal(a.Count, b.Count);
        Assert.NotEqual(a.Select(f => LineOf(f, "COD").ValueText), b.Select(f => LineOf(f, "COD").ValueText));
    }

    [Fact]
    public void Slices_of_any_length_concatenate_to_the_files_of_the_whole_interval()
    {
        var station = Station(new SimulatedBehaviour
        {
            ExceedancePerDay = 1, ExceedanceParameters = ["COD"],
            CalibrationHourLocal = 10, RandomCalibrationPerDay = 1,
            FaultPerDay = 1, OutagePerDay = 1, OutageMinutes = 150, ResentBeforeOutage = 2,
            StuckPerDay = 1, ClockAheadMinutes = 17,
        });
        var to = DayStartUtc.AddDays(3);
        var whole = Files(station, DayStartUtc, to);

        // Slices as a background service would ask for them: a few seconds, odd minutes, the odd hour.
        TimeSpan[] steps = [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(61)];
        var sliced = new List<SimulatedFile>();
        var at = DayStartUtc;
        for (var i = 0; at < to; i++)
        {
            var next = at + steps[i % steps.Length] < to ? at + steps[i % steps.Length] : to;
            sliced.AddRange(StationSimulator.FilesBetween(station, at, next, Seed));
            at = next;
        }

        Assert.Equal(whole, sliced);
        Assert.Contains(whole, f => f.IsResend); // the outage was inside the interval, so the test covers resends
    }

    [Fact]
    public void Files_are_ordered_by_delivery_time()
    {
        var station = Station(new SimulatedBehaviour { OutagePerDay = 1, ResentBeforeOutage = 3 });

        var files = Files(station, DayStartUtc, DayStartUtc.AddDays(2));

        Assert.All(files.Zip(files.Skip(1)), pair => Assert.True(pair.First.DeliverAtUtc <= pair.Second.DeliverAtUtc));
        Assert.All(files, f => Assert.Equal(DateTimeKind.Utc, f.DeliverAtUtc.Kind));
        Assert.All(files, f => Assert.Equal(DateTimeKind.Utc, f.MeasuredAtUtc.Kind));
    }

    [Fact]
    public void A_clean_station_delivers_288_files_a_day_on_the_five_minute_grid()
    {
        var files = Files(Station(), DayStartUtc, DayStartUtc.AddDays(1));

        Assert.Equal(288, files.Count);
        Assert.Equal(288, files.Select(f => f.FileName).Distinct().Count());
        Assert.All(files, f =>
        {
            var local = VietnamTime.ToLocal(f.MeasuredAtUtc);
            Assert.Equal(0, local.Minute % 5);
            Assert.Equal(0, local.Second);
            Assert.False(f.IsResend);
        });
        Assert.Equal(new DateTime(2026, 11, 25, 0, 0, 0), VietnamTime.ToLocal(files[0].MeasuredAtUtc));
        Assert.Equal(new DateTime(2026, 11, 25, 23, 55, 0), VietnamTime.ToLocal(files[^1].MeasuredAtUtc));
    }

    [Fact]
    public void Every_clean_demo_station_delivers_one_file_per_cadence_for_a_day()
    {
        foreach (var demo in DemoProvince.Stations.Where(s => s.Simulation.EffectiveBehaviour.IsClean))
        {
            var files = Files(demo.Simulation, DayStartUtc, DayStartUtc.AddDays(1));
            Assert.Equal(86_400 / demo.Simulation.CadenceSeconds, files.Count);
        }
    }

    [Fact]
    public void A_fifteen_minute_station_delivers_96_files_a_day()
    {
        var files = Files(Station(cadenceSeconds: 900), DayStartUtc, DayStartUtc.AddDays(1));

        Assert.Equal(96, files.Count);
        Assert.All(files, f => Assert.Equal(0, VietnamTime.ToLocal(f.MeasuredAtUtc).Minute % 15));
    }

    [Fact]
    public void Healthy_files_arrive_seconds_after_measurement()
    {
        var files = Files(Station(), DayStartUtc, DayStartUtc.AddDays(1));

        Assert.All(files, f =>
        {
            var latency = f.DeliverAtUtc - f.MeasuredAtUtc;
            Assert.InRange(latency, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(45));
        });
    }

    [Fact]
    public void Every_demo_file_has_the_circular_10_name_and_line_layout()
    {
        foreach (var demo in DemoProvince.Stations)
        {
            var files = Files(demo.Simulation, DayStartUtc, DayStartUtc.AddDays(1));
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var name = FileNamePattern().Match(file.FileName);
                Assert.True(name.Success, file.FileName);
                Assert.Equal(demo.Code, name.Groups["station"].Value);

                // CRLF after every line, including the last, and no bare CR or LF anywhere.
                Assert.EndsWith("\r\n", file.Content);
                Assert.Equal(file.Content.Count(c => c == '\n'), file.Content.Count(c => c == '\r'));
                Assert.DoesNotContain("\n\r", file.Content);
                Assert.DoesNotContain("\r\n\r\n", file.Content);

                var lines = Lines(file);
                Assert.Equal(demo.Simulation.Parameters.Select(p => p.Code), lines.Select(l => l.Code));
                Assert.Equal(demo.Simulation.Parameters.Select(p => p.Unit), lines.Select(l => l.Unit));
                Assert.All(lines, l => Assert.Equal(name.Groups["stamp"].Value, l.Stamp));
                Assert.All(lines.Zip(demo.Simulation.Parameters),
                    pair => Assert.Equal(pair.Second.Decimals, pair.First.ValueText.Length - pair.First.ValueText.IndexOf('.') - 1));
            }
        }
    }

    [Fact]
    public void File_time_is_the_measurement_time_in_vietnam_local_time()
    {
        var file = Files(Station(), VietnamTime.ToUtc(new DateTime(2026, 11, 25, 10, 35, 0)), VietnamTime.ToUtc(new DateTime(2026, 11, 25, 10, 36, 0))).Single();

        Assert.Equal("CM_F901_NT01_20261125103500.txt", file.FileName);
        Assert.Equal(new DateTime(2026, 11, 25, 3, 35, 0, DateTimeKind.Utc), file.MeasuredAtUtc);
        Assert.All(Lines(file), l => Assert.Equal("20261125103500", l.Stamp));
    }

    [Fact]
    public void Values_follow_a_daily_cycle_that_peaks_at_the_peak_hour()
    {
        var cod = CodParameter with { Typical = 80, DailyAmplitude = 20, Noise = 4, PeakHourLocal = 14 };
        var station = new SimulatedStation("CM_F903_NT01", StationKind.Wastewater, [cod]);

        var files = Files(station, DayStartUtc, DayStartUtc.AddDays(14));
        double MeanAt(int hour) => files
            .Where(f => VietnamTime.ToLocal(f.MeasuredAtUtc).Hour == hour)
            .Average(f => LineOf(f, "COD").Value);

        Assert.True(MeanAt(14) > MeanAt(2) + 30, $"peak {MeanAt(14):F1}, trough {MeanAt(2):F1}");
        Assert.InRange(MeanAt(14), 95, 105);
        Assert.InRange(MeanAt(2), 55, 65);
    }

    [Fact]
    public void Exceedance_episode_keeps_every_value_above_the_limit_for_its_whole_length()
    {
        var station = Station(new SimulatedBehaviour
        {
            ExceedancePerDay = 1, ExceedanceMinutes = 120, ExceedanceFactor = 1.3, ExceedanceParameters = ["COD", "NH4"],
        });
        var from = DayStartUtc;
        var to = DayStartUtc.AddDays(5);

        var episodes = StationSimulator.EpisodesBetween(station, from, to, Seed);
        var files = Files(station, from, to);
        bool InEpisode(SimulatedFile f) => episodes.Any(e => f.MeasuredAtUtc >= e.StartUtc && f.MeasuredAtUtc < e.EndUtc);

        Assert.Equal(5, episodes.Count);
        Assert.All(episodes, e =>
        {
            Assert.Equal(SimulatedEpisodeKind.Exceedance, e.Kind);
            Assert.Equal(new[] { "COD", "NH4" }, e.ParameterCodes);
            Assert.Equal(24, files.Count(f => f.MeasuredAtUtc >= e.StartUtc && f.MeasuredAtUtc < e.EndUtc));
        });
        Assert.All(files.Where(InEpisode), f =>
        {
            Assert.InRange(LineOf(f, "COD").Value, 150.01, 150 * 1.3 * 1.09);
            Assert.True(LineOf(f, "NH4").Value > 10);
            Assert.True(LineOf(f, "pH").Value < 9); // parameters not named stay normal
            Assert.All(Lines(f), l => Assert.Equal("00", l.Status));
        });
        Assert.All(files.Where(f => !InEpisode(f)), f => Assert.True(LineOf(f, "COD").Value < 150));
    }

    [Fact]
    public void Scheduled_calibration_writes_status_01_and_zero_then_span_values_for_analysers_only()
    {
        var station = Station(new SimulatedBehaviour { CalibrationHourLocal = 10, CalibrationMinutes = 20 });

        var files = Files(station, DayStartUtc, DayStartUtc.AddDays(1));
        var calibrating = files.Where(f => Lines(f).Any(l => l.Status == "01")).ToList();

        // 10:00, 10:05, 10:10, 10:15 local.
        Assert.Equal(new[] { "100000", "100500", "101000", "101500" }, calibrating.Select(f => LocalStamp(f.MeasuredAtUtc)[8..]));
        Assert.All(calibrating, f =>
        {
            foreach (var code in new[] { "pH", "COD", "NH4" })
                Assert.Equal("01", LineOf(f, code).Status);
            Assert.Equal("00", LineOf(f, "Flow").Status); // a flow meter or thermometer has no zero/span standard
            Assert.Equal("00", LineOf(f, "Temp").Status);
        });
        // Zero standard first, span (about 80 % of range) second; pH reads its 7 and 4 buffers.
        Assert.All(calibrating.Take(2), f => Assert.InRange(LineOf(f, "COD").Value, 0, 5));
        Assert.All(calibrating.Skip(2), f => Assert.InRange(LineOf(f, "COD").Value, 780, 820));
        Assert.All(calibrating.Take(2), f => Assert.InRange(LineOf(f, "pH").Value, 6.95, 7.05));
        Assert.All(calibrating.Skip(2), f => Assert.InRange(LineOf(f, "pH").Value, 3.96, 4.06));

        var episode = Assert.Single(StationSimulator.EpisodesBetween(station, DayStartUtc, DayStartUtc.AddDays(1), Seed));
        Assert.Equal(SimulatedEpisodeKind.Calibration, episode.Kind);
        Assert.Equal(VietnamTime.ToUtc(new DateTime(2026, 11, 25, 10, 0, 0)), episode.StartUtc);
        Assert.Equal(new[] { "pH", "COD", "NH4" }, episode.ParameterCodes);
    }

    [Fact]
    public void Random_episodes_happen_on_about_the_configured_share_of_days_and_never_cross_midnight()
    {
        var station = Station(new SimulatedBehaviour { RandomCalibrationPerDay = 0.3, CalibrationMinutes = 30 });

        var episodes = StationSimulator.EpisodesBetween(station, DayStartUtc, DayStartUtc.AddDays(400), Seed);

        Assert.InRange(episodes.Count, 90, 150); // 120 expected
        Assert.All(episodes, e =>
        {
            Assert.Equal(TimeSpan.FromMinutes(30), e.EndUtc - e.StartUtc);
            Assert.Equal(VietnamTime.ToLocal(e.StartUtc).Date, VietnamTime.ToLocal(e.EndUtc.AddTicks(-1)).Date);
        });
        Assert.True(episodes.Select(e => VietnamTime.ToLocal(e.StartUtc).Hour).Distinct().Count() > 12, "start times spread over the day");
    }

    [Fact]
    public void Device_fault_writes_status_02_and_an_impossible_value_for_the_faulty_analyser()
    {
        var station = Station(new SimulatedBehaviour { FaultPerDay = 1, FaultMinutes = 60, FaultParameter = "COD" });
        var from = DayStartUtc;
        var to = DayStartUtc.AddDays(6);

        var episodes = StationSimulator.EpisodesBetween(station, from, to, Seed);
        var files = Files(station, from, to);

        Assert.Equal(6, episodes.Count);
        foreach (var episode in episodes)
        {
            var during = files.Where(f => f.MeasuredAtUtc >= episode.StartUtc && f.MeasuredAtUtc < episode.EndUtc).ToList();
            Assert.Equal(12, during.Count);
            Assert.All(during, f =>
            {
                var cod = LineOf(f, "COD");
                Assert.Equal("02", cod.Status);
                Assert.True(cod.Value <= 0 || cod.Value > CodParameter.Max, $"fault value {cod.ValueText}");
                Assert.All(Lines(f).Where(l => l.Code != "COD"), l => Assert.Equal("00", l.Status));
            });
        }
        Assert.Equal(6 * 12, files.Count(f => Lines(f).Any(l => l.Status == "02")));
    }

    [Fact]
    public void Outage_holds_the_files_and_resends_them_in_order_when_the_link_returns()
    {
        var station = Station(new SimulatedBehaviour { OutagePerDay = 1, OutageMinutes = 150 });
        var from = DayStartUtc;
        var to = DayStartUtc.AddDays(3);

        var outages = StationSimulator.EpisodesBetween(station, from, to, Seed);
        var files = Files(station, from, to.AddHours(3)); // the last outage may end late in the day

        Assert.Equal(3, outages.Count);
        foreach (var outage in outages)
        {
            Assert.Equal(SimulatedEpisodeKind.Outage, outage.Kind);
            // Nothing arrives while the link is down.
            Assert.DoesNotContain(files, f => f.DeliverAtUtc >= outage.StartUtc && f.DeliverAtUtc < outage.EndUtc);

            var resent = files.Where(f => f.IsResend && f.DeliverAtUtc >= outage.EndUtc && f.DeliverAtUtc < outage.EndUtc.AddMinutes(5)).ToList();
            Assert.InRange(resent.Count, 29, 31); // 150 minutes of 5-minute files
            Assert.Equal(resent.OrderBy(f => f.MeasuredAtUtc), resent); // in measurement order
            Assert.All(resent, f => Assert.InRange(f.MeasuredAtUtc, outage.StartUtc.AddMinutes(-1), outage.EndUtc));
            Assert.All(resent.Zip(resent.Skip(1)), p => Assert.Equal(TimeSpan.FromMinutes(5), p.Second.MeasuredAtUtc - p.First.MeasuredAtUtc));
        }

        // Every measurement of the three days arrives exactly once: late, but nothing is lost.
        var measured = files.Where(f => f.MeasuredAtUtc >= from && f.MeasuredAtUtc < to).ToList();
        Assert.Equal(3 * 288, measured.Count);
        Assert.Equal(3 * 288, measured.Select(f => f.FileName).Distinct().Count());
    }

    [Fact]
    public void Datalogger_also_resends_the_last_files_before_an_outage_as_duplicates()
    {
        var station = Station(new SimulatedBehaviour { OutagePerDay = 1, OutageMinutes = 60, ResentBeforeOutage = 2 });
        var from = DayStartUtc;
        var to = DayStartUtc.AddDays(2);

        var outages = StationSimulator.EpisodesBetween(station, from, to, Seed);
        var files = Files(station, from, to.AddHours(2)).Where(f => f.MeasuredAtUtc >= from && f.MeasuredAtUtc < to).ToList();
        var twice = files.GroupBy(f => f.FileName).Where(g => g.Count() > 1).ToList();

        Assert.Equal(2 * outages.Count, twice.Count);
        Assert.All(twice, g =>
        {
            var (first, second) = (g.First(), g.Last());
            Assert.Equal(first.Content, second.Content);
            Assert.False(first.IsResend);
            Assert.True(second.IsResend);
            Assert.True(first.MeasuredAtUtc < outages.Single(o => second.DeliverAtUtc >= o.EndUtc && second.DeliverAtUtc < o.EndUtc.AddMinutes(1)).StartUtc);
        });
        Assert.Equal(2 * 288, Measurements(files).Count);
    }

    [Fact]
    public void Stuck_sensor_repeats_the_exact_same_value_for_hours_while_reporting_measuring()
    {
        var station = Station(new SimulatedBehaviour { StuckPerDay = 1, StuckMinutes = 240, StuckParameter = "pH" });
        var from = DayStartUtc;
        var to = DayStartUtc.AddDays(3);

        var episodes = StationSimulator.EpisodesBetween(station, from, to, Seed);
        var files = Files(station, from, to);

        Assert.Equal(3, episodes.Count);
        foreach (var episode in episodes)
        {
            Assert.Equal(new[] { "pH" }, episode.ParameterCodes);
            var during = files.Where(f => f.MeasuredAtUtc >= episode.StartUtc && f.MeasuredAtUtc < episode.EndUtc).ToList();
            Assert.Equal(48, during.Count);
            Assert.Single(during.Select(f => LineOf(f, "pH").ValueText).Distinct());
            Assert.All(during, f => Assert.Equal("00", LineOf(f, "pH").Status));
            Assert.True(during.Select(f => LineOf(f, "COD").ValueText).Distinct().Count() > 30, "other sensors keep moving");
        }

        // Outside the episodes the pH sensor never repeats a value for an hour.
        var longestRun = 1;
        var run = 1;
        var outside = files.Where(f => !episodes.Any(e => f.MeasuredAtUtc >= e.StartUtc && f.MeasuredAtUtc < e.EndUtc)).ToList();
        for (var i = 1; i < outside.Count; i++)
        {
            run = LineOf(outside[i], "pH").ValueText == LineOf(outside[i - 1], "pH").ValueText ? run + 1 : 1;
            longestRun = Math.Max(longestRun, run);
        }
        Assert.True(longestRun < 12, $"longest run {longestRun}");
    }

    [Fact]
    public void Clock_ahead_shifts_file_name_and_line_times_but_not_the_delivery()
    {
        var station = Station(new SimulatedBehaviour { ClockAheadMinutes = 17 });

        var files = Files(station, DayStartUtc, DayStartUtc.AddHours(6));

        Assert.Equal(72, files.Count);
        Assert.All(files, f =>
        {
            var claimed = LocalStamp(f.MeasuredAtUtc.AddMinutes(17));
            Assert.Equal($"CM_F901_NT01_{claimed}.txt", f.FileName);
            Assert.All(Lines(f), l => Assert.Equal(claimed, l.Stamp));
            // Delivered seconds after the true time, so the file claims a time in the receiver's future.
            Assert.True(f.DeliverAtUtc < f.MeasuredAtUtc.AddMinutes(1));
        });
        Assert.Equal("20261125001700", FileNamePattern().Match(files[0].FileName).Groups["stamp"].Value);
    }

    [Fact]
    public void Values_stay_within_the_physical_range_except_device_faults()
    {
        foreach (var demo in DemoProvince.Stations)
        {
            var ranges = demo.Simulation.Parameters.ToDictionary(p => p.Code);
            foreach (var file in Files(demo.Simulation, DayStartUtc, DayStartUtc.AddDays(3)))
                foreach (var line in Lines(file).Where(l => l.Status != "02"))
                    Assert.InRange(line.Value, ranges[line.Code].Min, ranges[line.Code].Max);
        }
    }

    [Fact]
    public void Clean_demo_stations_never_exceed_their_limits()
    {
        foreach (var demo in DemoProvince.Stations.Where(s => s.Simulation.EffectiveBehaviour.ExceedancePerDay == 0))
        {
            var limits = demo.Simulation.Parameters.Where(p => p.Limit is not null).ToDictionary(p => p.Code, p => p.Limit!.Value);
            foreach (var file in Files(demo.Simulation, DayStartUtc, DayStartUtc.AddDays(3)))
                foreach (var line in Lines(file).Where(l => l.Status == "00" && limits.ContainsKey(l.Code)))
                    Assert.True(line.Value <= limits[line.Code], $"{file.FileName} {line.Code} {line.ValueText}");
        }
    }

    [Fact]
    public void Empty_or_reversed_interval_gives_no_files()
    {
        Assert.Empty(StationSimulator.FilesBetween(Station(), DayStartUtc, DayStartUtc, Seed));
        Assert.Empty(StationSimulator.FilesBetween(Station(), DayStartUtc.AddHours(1), DayStartUtc, Seed));
        Assert.Empty(StationSimulator.EpisodesBetween(Station(), DayStartUtc.AddHours(1), DayStartUtc, Seed));
    }

    [Fact]
    public void Local_times_are_rejected()
    {
        var local = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => StationSimulator.FilesBetween(Station(), local, local.AddHours(1), Seed));
    }

    public static TheoryData<string, SimulatedStation> InvalidStations => new()
    {
        { "cadence that does not divide a day", Station(cadenceSeconds: 7 * 60) },
        { "cadence under a minute", Station(cadenceSeconds: 30) },
        { "value without a decimal point", Station() with { Parameters = [CodParameter with { Decimals = 0 }] } },
        { "typical outside the range", Station() with { Parameters = [CodParameter with { Typical = 2_000 }] } },
        { "repeated parameter", Station() with { Parameters = [CodParameter, CodParameter] } },
        { "no parameters", Station() with { Parameters = [] } },
        { "probability above one", Station(new SimulatedBehaviour { OutagePerDay = 1.5 }) },
        { "unknown fault parameter", Station(new SimulatedBehaviour { FaultPerDay = 0.1, FaultParameter = "TSS" }) },
        { "exceedance of a parameter without a limit", Station(new SimulatedBehaviour { ExceedancePerDay = 0.1, ExceedanceParameters = ["Flow"] }) },
        { "exceedance factor too small to stay above the limit", Station(new SimulatedBehaviour { ExceedancePerDay = 0.1, ExceedanceFactor = 1.02 }) },
        { "calibration running past midnight", Station(new SimulatedBehaviour { CalibrationHourLocal = 23, CalibrationMinutes = 90 }) },
        { "episode longer than a day", Station(new SimulatedBehaviour { StuckPerDay = 0.1, StuckMinutes = 1_500 }) },
        { "tab in the station code", Station(code: "CM\tF001") },
    };

    [Theory]
    [MemberData(nameof(InvalidStations))]
    public void Station_that_cannot_be_simulated_is_rejected_with_a_reason(string why, SimulatedStation station)
    {
        var error = Assert.Throws<ArgumentException>(() => StationSimulator.Validate(station));
        Assert.False(string.IsNullOrWhiteSpace(error.Message), why);
        Assert.Throws<ArgumentException>(() => StationSimulator.FilesBetween(station, DayStartUtc, DayStartUtc.AddHours(1), Seed));
    }
}
