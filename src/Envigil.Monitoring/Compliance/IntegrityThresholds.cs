using System.ComponentModel.DataAnnotations;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Thresholds of the integrity detectors, bound from <see cref="SectionName"/>. No regulation sets any of them
/// (Circular 10/2021 only fixes the status codes and the 5-minute transmission rule): every default below is an
/// engineering default, chosen so that a clean simulated station raises nothing and each simulated fault is found,
/// and meant to be tuned with inspectors' experience. Lists are bound the usual way: configured entries are added to
/// the defaults shown.
/// </summary>
public sealed class IntegrityThresholds
{
    public const string SectionName = "Envigil:Monitoring:Integrity";

    // ---- 1. Stuck sensor ----

    /// <summary>Engineering default: the same value, to the digit, for 3 hours (36 five-minute samples). A working
    /// analyser's noise changes the last digit within minutes; 3 h also outlasts any calibration or short stoppage.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan StuckMinDuration { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Engineering default: windows of 3 hours for the near-zero-variation test, the same span as above.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan FlatWindow { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Engineering default: a window is flat below a coefficient of variation of 0.1 %, i.e. one last-digit
    /// flicker (pH 7,20/7,21 or COD 100,0/100,2).</summary>
    [Range(0.0, 1.0)]
    public double FlatMaxCv { get; set; } = 0.001;

    /// <summary>Engineering default: a parameter "normally varies" when the median coefficient of variation of its
    /// windows is at least 0.3 %. Below that (stack pressure, for one) a flat window says nothing.</summary>
    [Range(0.0, 1.0)]
    public double NormalVariationMinCv { get; set; } = 0.003;

    /// <summary>Engineering default: a window or an hour speaks for itself when it holds at least 75 % of its expected samples.</summary>
    [Range(0.01, 1.0)]
    public double WindowMinCoverage { get; set; } = 0.75;

    /// <summary>Parameters that may legitimately hold one value for hours (e.g. an integer colour reading at some
    /// plants). Empty by default: flow at zero is left to the zero-flow test, which knows whether the plant runs.</summary>
    public List<string> StuckExcludedParameters { get; set; } = [];

    /// <summary>Codes that are flows. "Flow" is the Circular 10/2021 Annex 15 Table 34 symbol [T].</summary>
    public List<string> FlowParameters { get; set; } = ["Flow"];

    // ---- 2. Impossible values ----

    /// <summary>Parameters that may be negative: temperature and (differential) pressure. Everything else is a
    /// concentration, a flow or an index that cannot go below zero.</summary>
    public List<string> NegativeAllowedParameters { get; set; } = ["Temp", "P"];

    /// <summary>Engineering default: the flat constant must start within 2 samples of the exceedance ("sudden").</summary>
    [Range(1, 100)]
    public int DropMaxSamplesAfterExceedance { get; set; } = 2;

    /// <summary>Engineering default: "well below" is at most 70 % of the limit (of the half-range, for pH).</summary>
    [Range(0.0, 1.0)]
    public double DropMaxLimitFraction { get; set; } = 0.7;

    /// <summary>Engineering default: the constant must hold for 30 minutes (6 five-minute samples), longer than any
    /// plausible run of identical readings after a real recovery.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DropMinPersistence { get; set; } = TimeSpan.FromMinutes(30);

    // ---- 3. Calibration ----

    /// <summary>Engineering default: zero and span take analysers 15–30 minutes; over 60 minutes is too long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CalibrationMaxDuration { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Engineering default: one scheduled daily calibration plus one extra is normal; a third in a Vietnam day is too many.</summary>
    [Range(0, 1000)]
    public int CalibrationMaxPerDay { get; set; } = 2;

    // ---- Shared by calibration (3) and gaps (4): "approaching the limit" ----

    /// <summary>Engineering default: values at 90 % of the limit or more are "at the limit".</summary>
    [Range(0.0, 10.0)]
    public double NearLimitFraction { get; set; } = 0.9;

    /// <summary>Engineering default: a rising trend counts when the trend window's mean is at least 80 % of the limit.</summary>
    [Range(0.0, 10.0)]
    public double RisingFloorFraction { get; set; } = 0.8;

    /// <summary>Engineering default: the trend before (and the values after) an event are read over one hour.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan TrendWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Engineering default: "the last values" / "the first values" are the last or first 3 valid samples.</summary>
    [Range(1, 100)]
    public int EdgeSamples { get; set; } = 3;

    /// <summary>Engineering default: a slope needs at least 3 samples.</summary>
    [Range(2, 1000)]
    public int MinTrendSamples { get; set; } = 3;

    // ---- 4. Gaps ----

    /// <summary>Engineering default: data is missing when the next sample comes more than 2 cadences after the last
    /// (as StationStateOptions.LateAfterCadences).</summary>
    [Range(1.0, 1000.0)]
    public double GapAfterCadences { get; set; } = 2;

    // ---- 5. Clock ----

    /// <summary>Engineering default: a measurement time more than 2 minutes after its receipt cannot be right; 2
    /// minutes leaves room for a receiver clock that is itself slightly off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ClockAheadTolerance { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Engineering default: a datalogger clock drifting 30 s a day or more is off by minutes within a week
    /// (a common RTC drifts about 2 s a day).</summary>
    [Range(0.0, 86400.0)]
    public double LatencyDriftMinSecondsPerDay { get; set; } = 30;

    /// <summary>Engineering default: report drift only once it adds up to a minute over the analysed period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LatencyDriftMinTotal { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Engineering default: a drift needs 12 hours of data, so that transmission jitter (seconds) cannot pose as one.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan LatencyDriftMinSpan { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Engineering default: each step of a slip is at least 1 second off the cadence.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CadenceSlipMinStep { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Engineering default: report a slip once the steps add up to a minute off the grid.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CadenceSlipMinTotal { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Engineering default: a slip is at least 3 steps in a row; one jump is a clock being reset, not a slipping timer.</summary>
    [Range(1, 10_000)]
    public int CadenceSlipMinSteps { get; set; } = 3;

    // ---- 6. Flow ----

    /// <summary>Engineering default: outflow may exceed inflow by 10 % over an hour (meter accuracy, rain on open tanks).</summary>
    [Range(0.0, 10.0)]
    public double OutflowTolerance { get; set; } = 0.10;

    /// <summary>Engineering default: flow at zero for an hour; shorter pauses happen between batch discharges.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan ZeroFlowMinDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Engineering default: only a reading of exactly 0 is "zero" (in absolute value).</summary>
    [Range(0.0, double.MaxValue)]
    public double ZeroFlowMax { get; set; }

    /// <summary>Engineering default: another analyser shows the plant active when, during the zero-flow period, it
    /// varies at least half as much as it usually does over periods of the same length.</summary>
    [Range(0.0, 10.0)]
    public double ActiveVariationRatio { get; set; } = 0.5;

    /// <summary>Sensors that vary with the weather whether or not the plant runs; they prove no activity.</summary>
    public List<string> ActivityExcludedParameters { get; set; } = ["Temp", "P", "RH"];

    // ---- Output ----

    /// <summary>Engineering default: at most 100 evidence points per signal (first and last halves kept).</summary>
    [Range(2, 100_000)]
    public int MaxEvidencePoints { get; set; } = 100;
}
