using System.Globalization;
using System.Text;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Simulation;

/// <summary>
/// One parameter a simulated station measures. The normal signal is
/// <c>Typical + DailyAmplitude·cos(2π(hour − PeakHourLocal)/24) + Noise·(slow drift + 5-minute jitter)</c>,
/// clamped to [<paramref name="Min"/>, <paramref name="Max"/>] and rounded to <paramref name="Decimals"/>.
/// </summary>
/// <param name="Code">Parameter symbol as written in column 1 of the file (Circular 10/2021 Annex 15 Table 34), e.g. <c>COD</c>, <c>PM2,5</c>.</param>
/// <param name="Min">Lower end of the physically possible range; only a device fault writes a value below it.</param>
/// <param name="Max">Upper end of the analyser's range; only a device fault writes a value above it.</param>
/// <param name="Limit">Upper discharge/ambient limit the exceedance episodes push past; null when none applies.
/// For pH this is the upper bound of the allowed range.</param>
/// <param name="Decimals">Digits after the decimal point, 1 to 6 (values are always written with a decimal point).</param>
/// <param name="PeakHourLocal">Vietnam local hour (0–24) at which the daily cycle peaks.</param>
public sealed record SimulatedParameter(
    string Code,
    string Unit,
    double Typical,
    double DailyAmplitude,
    double Noise,
    double Min,
    double Max,
    double? Limit,
    int Decimals,
    double PeakHourLocal = 14);

/// <summary>
/// How a simulated station misbehaves. Every episode happens at most once per Vietnam local day, starts at a time
/// drawn from the (station, day) hash and never crosses local midnight, so any slice of time can be generated on
/// its own. Probabilities are per local day; 0 switches the behaviour off. <see cref="None"/> is a clean station.
/// </summary>
public sealed record SimulatedBehaviour
{
    public static SimulatedBehaviour None { get; } = new();

    /// <summary>Probability that an exceedance episode happens on a given local day.</summary>
    public double ExceedancePerDay { get; init; }
    public int ExceedanceMinutes { get; init; } = 90;
    /// <summary>Values sit this many times the limit during an episode (±8 % jitter). At least 1.1, so the jitter
    /// never takes a value of the episode back under the limit.</summary>
    public double ExceedanceFactor { get; init; } = 1.4;
    /// <summary>Parameters pushed over their limit; empty means every parameter that has a limit.</summary>
    public IReadOnlyList<string> ExceedanceParameters { get; init; } = [];

    /// <summary>A scheduled daily calibration (zero then span) starting at this local hour; null for none.</summary>
    public int? CalibrationHourLocal { get; init; }
    /// <summary>Probability of an extra, unscheduled calibration at a random time of the day.</summary>
    public double RandomCalibrationPerDay { get; init; }
    /// <summary>Length of a calibration; analysers typically need 15–30 minutes for zero and span.</summary>
    public int CalibrationMinutes { get; init; } = 20;

    /// <summary>Probability of a device fault (status 02 and an impossible value) on a given local day.</summary>
    public double FaultPerDay { get; init; }
    public int FaultMinutes { get; init; } = 60;
    /// <summary>The faulty analyser; null picks one parameter per episode.</summary>
    public string? FaultParameter { get; init; }

    /// <summary>Probability that the link is down for <see cref="OutageMinutes"/> on a given local day. Files that
    /// fall due while it is down are kept and re-sent, in order, as soon as it is back.</summary>
    public double OutagePerDay { get; init; }
    public int OutageMinutes { get; init; } = 120;
    /// <summary>After an outage the datalogger also re-sends this many files from just before it (it cannot know
    /// they arrived), so the receiver sees duplicates.</summary>
    public int ResentBeforeOutage { get; init; }

    /// <summary>Probability that one sensor freezes: it keeps reporting the same value with status 00.</summary>
    public double StuckPerDay { get; init; }
    /// <summary>How long the sensor stays frozen (hours, typically).</summary>
    public int StuckMinutes { get; init; } = 240;
    /// <summary>The frozen sensor; null picks one parameter per episode.</summary>
    public string? StuckParameter { get; init; }

    /// <summary>The datalogger clock runs this many minutes ahead: file-name and line times are shifted, delivery is not.</summary>
    public int ClockAheadMinutes { get; init; }

    public bool IsClean =>
        ExceedancePerDay == 0 && CalibrationHourLocal is null && RandomCalibrationPerDay == 0 && FaultPerDay == 0
        && OutagePerDay == 0 && StuckPerDay == 0 && ClockAheadMinutes == 0;
}

/// <summary>A station as the simulator sees it. A null <paramref name="Behaviour"/> means <see cref="SimulatedBehaviour.None"/>.</summary>
/// <param name="Code">Station code used in file names, e.g. <c>CM_F001_NT01</c>.</param>
/// <param name="CadenceSeconds">Seconds between measurements; 60–3600 and a divisor of a day, so slots fall on the
/// same local clock times every day (Circular 10/2021: one file every 5 minutes).</param>
public sealed record SimulatedStation(
    string Code,
    StationKind Kind,
    IReadOnlyList<SimulatedParameter> Parameters,
    int CadenceSeconds = 300,
    SimulatedBehaviour? Behaviour = null)
{
    public SimulatedBehaviour EffectiveBehaviour => Behaviour ?? SimulatedBehaviour.None;
}

/// <summary>
/// One data file as the station's datalogger delivers it.
/// </summary>
/// <param name="FileName"><c>{station}_{yyyyMMddHHmmss}.txt</c>, time as the station's clock shows it (Vietnam local).</param>
/// <param name="Content">One CRLF-terminated line per parameter: <c>code TAB value TAB unit TAB yyyyMMddHHmmss TAB status</c>.</param>
/// <param name="MeasuredAtUtc">The true measurement instant (differs from the name when the station clock is wrong).</param>
/// <param name="DeliverAtUtc">When the file reaches the receiver.</param>
/// <param name="IsResend">Delivered late after an outage, or a duplicate of a file already delivered.</param>
public sealed record SimulatedFile(string FileName, string Content, DateTime MeasuredAtUtc, DateTime DeliverAtUtc, bool IsResend);

public enum SimulatedEpisodeKind
{
    Exceedance,
    Calibration,
    DeviceFault,
    Outage,
    StuckSensor,
}

/// <summary>The ground truth of one planned episode, in true UTC times, so tests and the demo can compare what a
/// receiver detected with what the simulator did.</summary>
public sealed record SimulatedEpisode(
    string StationCode,
    SimulatedEpisodeKind Kind,
    DateTime StartUtc,
    DateTime EndUtc,
    IReadOnlyList<string> ParameterCodes);

/// <summary>
/// Generates Circular 10/2021 data files for a simulated station. Pure and deterministic: all randomness is a hash
/// of (seed, station, slot or day), never a sequential <see cref="Random"/>, so the files of a measurement slot are
/// the same whichever slice of time they are asked for in. A background service can therefore ask for
/// [t, t + a few seconds) over and over and deliver exactly what falls due.
/// </summary>
public static class StationSimulator
{
    // Transmission rule: a file reaches the receiver within 5 minutes of the measurement (TT 24/2017 Art. 56, reported
    // as kept in TT 10/2021; monitoring-regulations.md §1.2). Healthy stations take seconds.
    private static readonly TimeSpan MinLatency = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxLatency = TimeSpan.FromSeconds(45);
    // A datalogger catching up pushes its backlog one file after another.
    private static readonly TimeSpan ResendSpacing = TimeSpan.FromSeconds(2);

    private const long TicksPerMinute = TimeSpan.TicksPerMinute;
    private const long TicksPerHour = TimeSpan.TicksPerHour;
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private static readonly long OffsetTicks = VietnamTime.Offset.Ticks;

    // Sensors that have nothing to calibrate against a zero/span standard keep measuring during a calibration.
    private static readonly HashSet<string> PhysicalSensors = new(StringComparer.OrdinalIgnoreCase) { "Flow", "Temp", "P", "RH" };

    private static readonly string[] Formats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6"];

    /// <summary>
    /// The files whose delivery time falls in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), ordered by
    /// delivery time. <c>FilesBetween(a, c)</c> equals <c>FilesBetween(a, b)</c> followed by <c>FilesBetween(b, c)</c>.
    /// </summary>
    public static IEnumerable<SimulatedFile> FilesBetween(SimulatedStation station, DateTime fromUtc, DateTime toUtc, int seed)
    {
        ArgumentNullException.ThrowIfNull(station);
        Validate(station);
        var from = UtcTicks(fromUtc, nameof(fromUtc));
        var to = UtcTicks(toUtc, nameof(toUtc));
        if (to <= from)
            return [];

        var plan = new Plan(station, seed);
        var deliveries = new List<(long Deliver, long Slot, bool IsResend)>();
        var firstSlot = plan.SlotAtOrBefore(from - plan.MaxDelayTicks);
        var lastSlot = plan.SlotAtOrBefore(to);
        for (var slot = firstSlot; slot <= lastSlot; slot++)
            plan.AddDeliveries(slot, from, to, deliveries);

        deliveries.Sort(static (a, b) =>
        {
            var byTime = a.Deliver.CompareTo(b.Deliver);
            return byTime != 0 ? byTime : a.Slot != b.Slot ? a.Slot.CompareTo(b.Slot) : a.IsResend.CompareTo(b.IsResend);
        });

        var files = new List<SimulatedFile>(deliveries.Count);
        foreach (var (deliver, slot, isResend) in deliveries)
        {
            var (name, content) = plan.Render(slot);
            files.Add(new SimulatedFile(name, content, plan.SlotUtc(slot), new DateTime(deliver, DateTimeKind.Utc), isResend));
        }
        return files;
    }

    /// <summary>The episodes that overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), ordered by start.</summary>
    public static IReadOnlyList<SimulatedEpisode> EpisodesBetween(SimulatedStation station, DateTime fromUtc, DateTime toUtc, int seed)
    {
        ArgumentNullException.ThrowIfNull(station);
        Validate(station);
        var from = UtcTicks(fromUtc, nameof(fromUtc));
        var to = UtcTicks(toUtc, nameof(toUtc));
        var episodes = new List<SimulatedEpisode>();
        if (to <= from)
            return episodes;

        var plan = new Plan(station, seed);
        for (var day = LocalDay(from); day <= LocalDay(to - 1); day++)
            foreach (var (kind, window, parameters) in plan.EpisodesOn(day))
                if (window.Start < to && window.End > from)
                    episodes.Add(new SimulatedEpisode(
                        station.Code, kind, new DateTime(window.Start, DateTimeKind.Utc), new DateTime(window.End, DateTimeKind.Utc), parameters));
        episodes.Sort(static (a, b) => a.StartUtc != b.StartUtc ? a.StartUtc.CompareTo(b.StartUtc) : a.Kind.CompareTo(b.Kind));
        return episodes;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with the reason when a station cannot be simulated.</summary>
    public static void Validate(SimulatedStation station)
    {
        if (string.IsNullOrWhiteSpace(station.Code) || station.Code.IndexOfAny(['\t', '\r', '\n', '/', '\\']) >= 0)
            throw new ArgumentException($"Station code '{station.Code}' is empty or contains a separator.", nameof(station));
        if (station.CadenceSeconds is < 60 or > 3600 || 86400 % station.CadenceSeconds != 0)
            throw new ArgumentException($"{station.Code}: cadence {station.CadenceSeconds} s must be 60–3600 s and divide a day.", nameof(station));
        if (station.Parameters is null || station.Parameters.Count == 0)
            throw new ArgumentException($"{station.Code}: a station measures at least one parameter.", nameof(station));

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in station.Parameters)
        {
            if (string.IsNullOrWhiteSpace(p.Code) || p.Code.IndexOfAny(['\t', '\r', '\n']) >= 0 || !codes.Add(p.Code))
                throw new ArgumentException($"{station.Code}: parameter code '{p.Code}' is empty, repeated or contains a separator.", nameof(station));
            if (string.IsNullOrWhiteSpace(p.Unit) || p.Unit.IndexOfAny(['\t', '\r', '\n']) >= 0)
                throw new ArgumentException($"{station.Code}/{p.Code}: unit '{p.Unit}' is empty or contains a separator.", nameof(station));
            if (!(p.Min <= p.Typical && p.Typical <= p.Max) || p.Noise < 0 || !double.IsFinite(p.DailyAmplitude))
                throw new ArgumentException($"{station.Code}/{p.Code}: needs Min ≤ Typical ≤ Max and Noise ≥ 0.", nameof(station));
            if (p.Decimals is < 1 or > 6)
                throw new ArgumentException($"{station.Code}/{p.Code}: decimals must be 1–6 so every value has a decimal point.", nameof(station));
            if (p.PeakHourLocal is < 0 or > 24)
                throw new ArgumentException($"{station.Code}/{p.Code}: peak hour must be 0–24.", nameof(station));
        }

        var b = station.EffectiveBehaviour;
        RequireProbability(station, b.ExceedancePerDay, nameof(b.ExceedancePerDay));
        RequireProbability(station, b.RandomCalibrationPerDay, nameof(b.RandomCalibrationPerDay));
        RequireProbability(station, b.FaultPerDay, nameof(b.FaultPerDay));
        RequireProbability(station, b.OutagePerDay, nameof(b.OutagePerDay));
        RequireProbability(station, b.StuckPerDay, nameof(b.StuckPerDay));
        RequireMinutes(station, b.ExceedanceMinutes, nameof(b.ExceedanceMinutes));
        RequireMinutes(station, b.CalibrationMinutes, nameof(b.CalibrationMinutes));
        RequireMinutes(station, b.FaultMinutes, nameof(b.FaultMinutes));
        RequireMinutes(station, b.OutageMinutes, nameof(b.OutageMinutes));
        RequireMinutes(station, b.StuckMinutes, nameof(b.StuckMinutes));
        if (b.CalibrationHourLocal is int hour && (hour is < 0 or > 23 || hour * 60 + b.CalibrationMinutes > 1440))
            throw new ArgumentException($"{station.Code}: a calibration at {hour}:00 for {b.CalibrationMinutes} min must end by midnight.", nameof(station));
        // Bounded so that the files re-sent before an outage stay within the outage's day or the one before.
        if (b.ResentBeforeOutage is < 0 or > 12)
            throw new ArgumentException($"{station.Code}: ResentBeforeOutage must be 0–12.", nameof(station));
        if (b.ClockAheadMinutes is < -1440 or > 1440)
            throw new ArgumentException($"{station.Code}: a clock more than a day off is not simulated.", nameof(station));
        if (b.FaultParameter is { } fault && !codes.Contains(fault))
            throw new ArgumentException($"{station.Code}: fault parameter '{fault}' is not measured.", nameof(station));
        if (b.StuckParameter is { } stuck && !codes.Contains(stuck))
            throw new ArgumentException($"{station.Code}: stuck parameter '{stuck}' is not measured.", nameof(station));
        if (b.ExceedancePerDay > 0)
        {
            if (b.ExceedanceFactor < 1.1)
                throw new ArgumentException($"{station.Code}: ExceedanceFactor must be at least 1.1.", nameof(station));
            var targets = ExceedanceTargets(station);
            if (targets.Count == 0)
                throw new ArgumentException($"{station.Code}: exceedances need a parameter with a limit.", nameof(station));
            foreach (var p in targets)
                if (p.Limit is not double limit || limit * b.ExceedanceFactor * 1.08 > p.Max || limit <= p.Min)
                    throw new ArgumentException($"{station.Code}/{p.Code}: needs a limit, and Max ≥ 1.08 × limit × factor.", nameof(station));
        }
    }

    private static void RequireProbability(SimulatedStation station, double value, string name)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
            throw new ArgumentException($"{station.Code}: {name} must be a probability 0–1.", nameof(station));
    }

    // Episodes never cross local midnight, which keeps each one a function of its day alone.
    private static void RequireMinutes(SimulatedStation station, int minutes, string name)
    {
        if (minutes is < 1 or > 1380)
            throw new ArgumentException($"{station.Code}: {name} must be 1–1380 minutes.", nameof(station));
    }

    private static List<SimulatedParameter> ExceedanceTargets(SimulatedStation station)
    {
        var names = station.EffectiveBehaviour.ExceedanceParameters;
        if (names.Count == 0)
            return station.Parameters.Where(p => p.Limit is not null).ToList();
        foreach (var name in names)
            if (!station.Parameters.Any(p => p.Code == name))
                throw new ArgumentException($"{station.Code}: exceedance parameter '{name}' is not measured.", nameof(station));
        return station.Parameters.Where(p => names.Contains(p.Code)).ToList();
    }

    private static long UtcTicks(DateTime value, string name) => value.Kind == DateTimeKind.Local
        ? throw new ArgumentException("Pass UTC times, not local ones.", name)
        : value.Ticks;

    private static long LocalDay(long utcTicks) => FloorDiv(utcTicks + OffsetTicks, TicksPerDay);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private readonly record struct Window(long Start, long End, ulong Tag)
    {
        public bool Contains(long utcTicks) => utcTicks >= Start && utcTicks < End;
    }

    // One hash stream per purpose, so adding a behaviour never changes the values of another.
    private enum Stream : ulong
    {
        Latency = 1,
        Drift = 2,
        Jitter = 3,
        Exceedance = 4,
        ScheduledCalibration = 5,
        RandomCalibration = 6,
        Fault = 7,
        Outage = 8,
        Stuck = 9,
        CalibrationNoise = 10,
    }

    /// <summary>Everything derived from (station, seed); computes a slot's delivery and content on demand.</summary>
    private sealed class Plan
    {
        private readonly SimulatedStation _station;
        private readonly SimulatedBehaviour _b;
        private readonly ulong _key;
        private readonly long _cadence;
        private readonly ulong[] _parameterKeys;
        private readonly bool[] _exceeds;
        private readonly bool[] _calibrates;
        private readonly string[] _calibrated;
        private readonly string[] _exceeded;

        public Plan(SimulatedStation station, int seed)
        {
            _station = station;
            _b = station.EffectiveBehaviour;
            _key = Hashing.Mix(Hashing.Fnv1a(station.Code) ^ Hashing.Mix((ulong)(uint)seed));
            _cadence = station.CadenceSeconds * TimeSpan.TicksPerSecond;
            var parameters = station.Parameters;
            _parameterKeys = parameters.Select(p => Hashing.Fnv1a(p.Code)).ToArray();
            var targets = _b.ExceedancePerDay > 0 ? ExceedanceTargets(station) : [];
            _exceeds = parameters.Select(p => targets.Contains(p)).ToArray();
            _calibrates = parameters.Select(p => !PhysicalSensors.Contains(p.Code)).ToArray();
            _calibrated = parameters.Where(p => !PhysicalSensors.Contains(p.Code)).Select(p => p.Code).ToArray();
            _exceeded = targets.Select(p => p.Code).ToArray();

            var latency = MaxLatency.Ticks + TicksPerMinute;
            MaxDelayTicks = _b.OutagePerDay > 0
                ? latency + _b.OutageMinutes * TicksPerMinute + (_b.ResentBeforeOutage + 1) * _cadence
                  + (_b.ResentBeforeOutage + _b.OutageMinutes * TicksPerMinute / _cadence + 2) * ResendSpacing.Ticks
                : latency;
        }

        /// <summary>Longest time between a measurement and any delivery of its file.</summary>
        public long MaxDelayTicks { get; }

        // Slots are counted on the Vietnam local clock so they fall on :00, :05, … every local day.
        public long SlotAtOrBefore(long utcTicks) => FloorDiv(utcTicks + OffsetTicks, _cadence);

        private long SlotUtcTicks(long slot) => slot * _cadence - OffsetTicks;

        public DateTime SlotUtc(long slot) => new(SlotUtcTicks(slot), DateTimeKind.Utc);

        private long NormalDelivery(long slot)
        {
            var u = Hashing.Uniform(_key, Stream.Latency, 0, slot);
            var latency = MinLatency.Ticks + (long)(u * (MaxLatency - MinLatency).Ticks);
            return SlotUtcTicks(slot) + latency / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        }

        // The first slot whose file falls due while the link is down: the one at or just before the outage starts,
        // if its file had not left yet, otherwise the next one (latency < cadence keeps deliveries in slot order).
        private long FirstHeldSlot(Window outage)
        {
            var slot = SlotAtOrBefore(outage.Start);
            return NormalDelivery(slot) >= outage.Start ? slot : slot + 1;
        }

        public void AddDeliveries(long slot, long from, long to, List<(long, long, bool)> into)
        {
            var normal = NormalDelivery(slot);
            var outage = _b.OutagePerDay > 0 ? OutageOn(LocalDay(normal)) : null;
            if (outage is { } held && held.Contains(normal))
            {
                var position = _b.ResentBeforeOutage + (slot - FirstHeldSlot(held));
                Add(held.End + (position + 1) * ResendSpacing.Ticks, true);
            }
            else
            {
                Add(normal, false);
            }

            if (_b.ResentBeforeOutage == 0 || _b.OutagePerDay == 0)
                return;
            for (var day = LocalDay(normal); day <= LocalDay(normal) + 1; day++)
            {
                if (OutageOn(day) is not { } next)
                    continue;
                var firstHeld = FirstHeldSlot(next);
                var firstResent = firstHeld - _b.ResentBeforeOutage;
                if (slot >= firstResent && slot < firstHeld)
                    Add(next.End + (slot - firstResent + 1) * ResendSpacing.Ticks, true);
            }

            void Add(long deliver, bool isResend)
            {
                if (deliver >= from && deliver < to)
                    into.Add((deliver, slot, isResend));
            }
        }

        private static Window? Active(Window? window, long utcTicks) => window is { } w && w.Contains(utcTicks) ? w : null;

        private Window? OutageOn(long day) => Daily(Stream.Outage, day, _b.OutagePerDay, _b.OutageMinutes, null);

        private Window? Daily(Stream stream, long day, double probability, int minutes, int? fixedHour)
        {
            if (fixedHour is null && (probability <= 0 || Hashing.Uniform(_key, stream, day, 0) >= probability))
                return null;
            long startMinute = fixedHour is int hour
                ? hour * 60L
                : (long)(Hashing.Uniform(_key, stream, day, 1) * (1440 - minutes + 1));
            var start = day * TicksPerDay - OffsetTicks + startMinute * TicksPerMinute;
            return new Window(start, start + minutes * TicksPerMinute, Hashing.Hash(_key, stream, day, 2));
        }

        private Window? ExceedanceOn(long day) => Daily(Stream.Exceedance, day, _b.ExceedancePerDay, _b.ExceedanceMinutes, null);

        private Window? ScheduledCalibrationOn(long day) => _b.CalibrationHourLocal is null
            ? null
            : Daily(Stream.ScheduledCalibration, day, 1, _b.CalibrationMinutes, _b.CalibrationHourLocal);

        private Window? RandomCalibrationOn(long day) =>
            Daily(Stream.RandomCalibration, day, _b.RandomCalibrationPerDay, _b.CalibrationMinutes, null);

        private Window? FaultOn(long day) => Daily(Stream.Fault, day, _b.FaultPerDay, _b.FaultMinutes, null);

        private Window? StuckOn(long day) => Daily(Stream.Stuck, day, _b.StuckPerDay, _b.StuckMinutes, null);

        private int FaultIndex(Window w) => IndexOf(_b.FaultParameter, w.Tag);

        private int StuckIndex(Window w) => IndexOf(_b.StuckParameter, w.Tag);

        private int IndexOf(string? code, ulong tag)
        {
            if (code is null)
                return (int)(tag % (ulong)_station.Parameters.Count);
            for (var i = 0; i < _station.Parameters.Count; i++)
                if (_station.Parameters[i].Code == code)
                    return i;
            throw new InvalidOperationException("validated");
        }

        public IEnumerable<(SimulatedEpisodeKind, Window, IReadOnlyList<string>)> EpisodesOn(long day)
        {
            if (ExceedanceOn(day) is { } exceedance)
                yield return (SimulatedEpisodeKind.Exceedance, exceedance, _exceeded);
            if (ScheduledCalibrationOn(day) is { } scheduled && _calibrated.Length > 0)
                yield return (SimulatedEpisodeKind.Calibration, scheduled, _calibrated);
            if (RandomCalibrationOn(day) is { } random && _calibrated.Length > 0)
                yield return (SimulatedEpisodeKind.Calibration, random, _calibrated);
            if (FaultOn(day) is { } fault)
                yield return (SimulatedEpisodeKind.DeviceFault, fault, [_station.Parameters[FaultIndex(fault)].Code]);
            if (OutageOn(day) is { } outage)
                yield return (SimulatedEpisodeKind.Outage, outage, []);
            if (StuckOn(day) is { } stuck)
                yield return (SimulatedEpisodeKind.StuckSensor, stuck, [_station.Parameters[StuckIndex(stuck)].Code]);
        }

        public (string FileName, string Content) Render(long slot)
        {
            var t = SlotUtcTicks(slot);
            var day = LocalDay(t);
            var shown = new DateTime(t + OffsetTicks + _b.ClockAheadMinutes * TicksPerMinute, DateTimeKind.Unspecified);
            var stamp = shown.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

            var calibration = Active(ScheduledCalibrationOn(day), t) ?? Active(RandomCalibrationOn(day), t);
            var fault = Active(FaultOn(day), t);
            var stuck = Active(StuckOn(day), t);
            var exceeding = Active(ExceedanceOn(day), t) is not null;
            var faultIndex = fault is { } faultWindow ? FaultIndex(faultWindow) : -1;
            var stuckIndex = stuck is { } stuckWindow ? StuckIndex(stuckWindow) : -1;
            // The value at the moment the sensor froze (its first slot), repeated to the digit.
            var stuckSlot = stuck is { } frozen ? FloorDiv(frozen.Start + OffsetTicks + _cadence - 1, _cadence) : 0;

            var content = new StringBuilder(_station.Parameters.Count * 40);
            for (var i = 0; i < _station.Parameters.Count; i++)
            {
                var p = _station.Parameters[i];
                string status;
                double value;
                if (i == faultIndex)
                {
                    status = "02";
                    value = FaultValue(p, fault.GetValueOrDefault());
                }
                else if (calibration is { } c && _calibrates[i])
                {
                    status = "01";
                    value = Round(p, CalibrationValue(p, i, slot, t, c));
                }
                else if (i == stuckIndex)
                {
                    status = "00";
                    value = NormalValue(p, i, stuckSlot);
                }
                else if (exceeding && _exceeds[i])
                {
                    status = "00";
                    var jitter = Math.Clamp(Hashing.Gaussian(_key, Stream.Exceedance, (long)_parameterKeys[i], slot), -2, 2);
                    value = Round(p, p.Limit!.Value * _b.ExceedanceFactor * (1 + 0.04 * jitter));
                }
                else
                {
                    status = "00";
                    value = NormalValue(p, i, slot);
                }

                content.Append(p.Code).Append('\t')
                    .Append(value.ToString(Formats[p.Decimals], CultureInfo.InvariantCulture)).Append('\t')
                    .Append(p.Unit).Append('\t')
                    .Append(stamp).Append('\t')
                    .Append(status).Append("\r\n");
            }
            return ($"{_station.Code}_{stamp}.txt", content.ToString());
        }

        private double NormalValue(SimulatedParameter p, int index, long slot)
        {
            var local = slot * _cadence;
            var hourOfDay = (double)(local - FloorDiv(local, TicksPerDay) * TicksPerDay) / TicksPerHour;
            var cycle = p.DailyAmplitude * Math.Cos(2 * Math.PI * (hourOfDay - p.PeakHourLocal) / 24);

            // Slow drift: smooth interpolation between hourly random knots, so consecutive files are correlated the
            // way real process values are; jitter: the 5-minute analyser noise on top.
            var knot = FloorDiv(local, TicksPerHour);
            var fraction = (double)(local - knot * TicksPerHour) / TicksPerHour;
            var smooth = fraction * fraction * (3 - 2 * fraction);
            var a = Hashing.Gaussian(_key, Stream.Drift, (long)_parameterKeys[index], knot);
            var b = Hashing.Gaussian(_key, Stream.Drift, (long)_parameterKeys[index], knot + 1);
            var drift = a + (b - a) * smooth;
            var jitter = Hashing.Gaussian(_key, Stream.Jitter, (long)_parameterKeys[index], slot);

            return Round(p, p.Typical + cycle + p.Noise * (0.8 * drift + 0.6 * jitter));
        }

        // Zero then span: the analyser reads its zero standard for the first half and a span standard near 80 % of
        // its range for the second, which is why these values look odd next to the process values.
        private double CalibrationValue(SimulatedParameter p, int index, long slot, long t, Window calibration)
        {
            var noise = Hashing.Gaussian(_key, Stream.CalibrationNoise, (long)_parameterKeys[index], slot);
            var zeroPhase = t < calibration.Start + (calibration.End - calibration.Start) / 2;
            if (p.Code.Equals("pH", StringComparison.OrdinalIgnoreCase))
                return (zeroPhase ? 7.00 : 4.01) + 0.01 * noise; // pH 7 and pH 4 buffer solutions
            var span = p.Max - p.Min;
            return zeroPhase
                ? p.Min + Math.Abs(noise) * span * 0.001
                : p.Min + span * (0.8 + 0.002 * noise);
        }

        // A faulty analyser writes one impossible value for the whole episode: a lost signal reads 0, a broken
        // cell reads negative, a saturated one reads above its range.
        private double FaultValue(SimulatedParameter p, Window fault)
        {
            var power = Math.Pow(10, p.Decimals);
            return ((fault.Tag >> 8) % 3) switch
            {
                0 => 0,
                1 => -Math.Round((1 + (fault.Tag >> 16) % 50) * Math.Max(p.Noise, 1 / power), p.Decimals),
                _ => Math.Round(p.Max * (1.05 + (fault.Tag >> 24) % 20 / 100.0), p.Decimals),
            };
        }

        private static double Round(SimulatedParameter p, double value)
        {
            var clamped = Math.Clamp(value, p.Min, p.Max);
            var rounded = Math.Round(clamped, p.Decimals, MidpointRounding.AwayFromZero);
            var power = Math.Pow(10, p.Decimals);
            if (rounded > p.Max)
                rounded = Math.Floor(p.Max * power) / power;
            if (rounded < p.Min)
                rounded = Math.Ceiling(p.Min * power) / power;
            return rounded == 0 ? 0 : rounded; // never "-0.0"
        }
    }

    /// <summary>Stateless hashing: SplitMix64 finaliser over (key, stream, a, b); FNV-1a for codes, stable across runs
    /// and platforms (unlike <see cref="string.GetHashCode()"/>).</summary>
    private static class Hashing
    {
        public static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }

        public static ulong Fnv1a(string text)
        {
            var hash = 0xCBF29CE484222325UL;
            foreach (var ch in text)
            {
                hash ^= ch;
                hash *= 0x100000001B3UL;
            }
            return hash;
        }

        public static ulong Hash(ulong key, Stream stream, long a, long b) =>
            Mix(Mix(Mix(key ^ ((ulong)stream * 0xD6E8FEB86659FD93UL)) ^ (ulong)a) ^ (ulong)b);

        /// <summary>Uniform in [0, 1).</summary>
        public static double Uniform(ulong key, Stream stream, long a, long b) =>
            (Hash(key, stream, a, b) >> 11) * (1.0 / (1UL << 53));

        /// <summary>Standard normal (Box–Muller over two independent hashes).</summary>
        public static double Gaussian(ulong key, Stream stream, long a, long b)
        {
            var h = Hash(key, stream, a, b);
            var u1 = 1.0 - (h >> 11) * (1.0 / (1UL << 53));
            var u2 = (Mix(h) >> 11) * (1.0 / (1UL << 53));
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
