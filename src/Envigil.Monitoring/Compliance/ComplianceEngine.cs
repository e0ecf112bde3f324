using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Threading.Channels;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Compliance;

/// <summary>How the compliance engine runs, bound from <see cref="SectionName"/>.</summary>
public sealed class ComplianceEngineOptions
{
    public const string SectionName = "Envigil:Monitoring:ComplianceEngine";

    public bool Enabled { get; set; } = true;

    /// <summary>Hours of data the integrity detectors look at, ending at the newest value of a delivery.</summary>
    [Range(1, 24 * 31)]
    public int IntegrityLookbackHours { get; set; } = 24;

    /// <summary>How often alert rules are evaluated without new data (outages, escalations, clearing).</summary>
    [Range(1, 3600)]
    public int AlertTickSeconds { get; set; } = 30;

    /// <summary>At start, data received this many hours back is judged again, so a crash between storing and judging loses nothing.</summary>
    [Range(0, 24 * 31)]
    public int CatchUpHours { get; set; } = 24;

    /// <summary>
    /// A station's integrity detectors (which read its last day of data) run at most this often; deliveries in between
    /// are gathered, none is skipped. Exceedances are judged on every delivery. 0 = after every delivery.
    /// </summary>
    [Range(0, 3600)]
    public int IntegrityIntervalSeconds { get; set; } = 60;
}

/// <summary>
/// Judges stored data as it arrives: exceedance episodes against each datastream's effective limit (persisted with
/// their history: an episode never disappears, it is withdrawn or replaced with the reason), data-integrity signals,
/// then the alert rules. Ingestion only queues work here; judging runs on its own loop so it never slows reception.
/// </summary>
/// <summary>Hands stored deliveries to the engine (registered per scope, so it must not be the disposable engine itself).</summary>
public sealed class ComplianceListener(ComplianceEngine engine) : IObservationsStoredListener
{
    public Task OnStoredAsync(ObservationsStored batch, CancellationToken cancellationToken) => engine.OnStoredAsync(batch, cancellationToken);
}

public sealed partial class ComplianceEngine(
    IServiceScopeFactory scopes,
    ComplianceCatalogue catalogue,
    RegistryCache registry,
    AlertEngine alerts,
    IOptions<ExceedanceRules> rules,
    IOptions<IntegrityThresholds> thresholds,
    IOptions<ComplianceEngineOptions> options,
    TimeProvider time,
    ILogger<ComplianceEngine> logger) : BackgroundService
{
    private readonly Channel<ObservationsStored> _queue = Channel.CreateUnbounded<ObservationsStored>();
    private readonly Lock _idleLock = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    // Stations whose integrity detectors are due (newest data time), and when each last ran; touched by the loop only.
    private readonly Dictionary<string, DateTime> _integrityDue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _integrityRan = new(StringComparer.Ordinal);
    private volatile int _integrityWaiting;

    // What the last passes changed, so the data-driven rules run only when there is something new for them.
    private bool _episodesChanged;
    private readonly List<(StoredEpisode Row, EpisodeChange Change, DateTime At)> _opened = [];
    private bool _signalsAdded;

    /// <summary>Deliveries judged since start (for metrics and benchmarks).</summary>
    public long Evaluations { get; private set; }

    public Task OnStoredAsync(ObservationsStored batch, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return Task.CompletedTask;
        lock (_idleLock)
        {
            _pending++;
            if (_idle.Task.IsCompleted)
                _idle = NewIdle(completed: false);
        }
        _queue.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    /// <summary>Completes when every delivery queued so far has been judged and the alert rules evaluated after it.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_idleLock)
            return _idle.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        await Task.Yield();
        try
        {
            await CatchUpAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(ex);
        }

        var tick = TimeSpan.FromSeconds(options.Value.AlertTickSeconds);
        var interval = TimeSpan.FromSeconds(options.Value.IntegrityIntervalSeconds);
        var lastFullEvaluation = long.MinValue / 2;
        while (!stoppingToken.IsCancellationRequested)
        {
            var batches = new List<ObservationsStored>();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                // Wake for integrity work that becomes due, and for the rules that run on time alone (outages, escalation).
                var untilTick = tick - System.Diagnostics.Stopwatch.GetElapsedTime(lastFullEvaluation);
                var wait = _integrityDue.Count > 0 && interval < untilTick ? interval : untilTick;
                timeout.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
                try
                {
                    if (await _queue.Reader.WaitToReadAsync(timeout.Token))
                    {
                        while (batches.Count < 1000 && _queue.Reader.TryRead(out var batch))
                            batches.Add(batch);
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                if (batches.Count > 0)
                    await JudgeAsync(batches, stoppingToken, integrityNow: interval == TimeSpan.Zero);
                var judged = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                await JudgeDueIntegrityAsync(interval, stoppingToken);
                // Exceedance and integrity rules follow the data; outage and completeness rules need only the clock.
                var full = System.Diagnostics.Stopwatch.GetElapsedTime(lastFullEvaluation) >= tick;
                if (full)
                    lastFullEvaluation = System.Diagnostics.Stopwatch.GetTimestamp();
                List<Alerts.AlertKind> kinds = [];
                if (_episodesChanged)
                    kinds.Add(Alerts.AlertKind.Exceedance);
                if (_signalsAdded)
                    kinds.Add(Alerts.AlertKind.Integrity);
                (_episodesChanged, _signalsAdded) = (false, false);
                if (full || kinds.Count > 0)
                    await alerts.EvaluateAsync(stoppingToken, full ? null : kinds);
                LogPass(batches.Count, judged.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, full);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
            finally
            {
                Settle(batches.Count);
            }
        }
    }

    private void Settle(int count)
    {
        lock (_idleLock)
        {
            _pending -= count;
            if (_pending == 0 && _integrityWaiting == 0)
                _idle.TrySetResult();
        }
    }

    private async Task JudgeDueIntegrityAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (_integrityDue.Count == 0)
            return;
        var due = _integrityDue
            .Where(d => !_integrityRan.TryGetValue(d.Key, out var ran) || System.Diagnostics.Stopwatch.GetElapsedTime(ran) >= interval)
            .ToList();
        if (due.Count == 0)
            return;
        var snapshot = await registry.GetAsync(cancellationToken);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        foreach (var (station, newest) in due)
        {
            _integrityDue.Remove(station);
            _integrityRan[station] = System.Diagnostics.Stopwatch.GetTimestamp();
            await JudgeIntegrityAsync(db, snapshot, station, newest, cancellationToken);
        }
        if (_integrityRan.Count > 100_000)
            _integrityRan.Clear();
        _integrityWaiting = _integrityDue.Count;
    }

    /// <summary>Judges the deliveries now: the touched range of every datastream, then integrity per station.</summary>
    public Task JudgeAsync(IReadOnlyList<ObservationsStored> batches, CancellationToken cancellationToken) =>
        JudgeAsync(batches, cancellationToken, integrityNow: true);

    /// <param name="integrityNow">False: stations are only marked for their integrity detectors, which run when due.</param>
    private async Task JudgeAsync(IReadOnlyList<ObservationsStored> batches, CancellationToken cancellationToken, bool integrityNow)
    {
        var snapshot = await registry.GetAsync(cancellationToken);
        var ranges = new Dictionary<long, (DateTime Min, DateTime Max)>();
        foreach (var batch in batches)
        {
            foreach (var id in batch.DatastreamIds)
            {
                ranges[id] = ranges.TryGetValue(id, out var r)
                    ? (r.Min < batch.MinTimeUtc ? r.Min : batch.MinTimeUtc, r.Max > batch.MaxTimeUtc ? r.Max : batch.MaxTimeUtc)
                    : (batch.MinTimeUtc, batch.MaxTimeUtc);
            }
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        await JudgeExceedancesAsync(db, snapshot,
            ranges.Where(r => snapshot.DatastreamsById.ContainsKey(r.Key)).Select(r => (snapshot.DatastreamsById[r.Key], r.Value.Min, r.Value.Max)),
            cancellationToken);

        foreach (var station in ranges.Where(r => snapshot.DatastreamsById.ContainsKey(r.Key))
                     .GroupBy(r => snapshot.DatastreamsById[r.Key].StationCode))
        {
            var newest = station.Max(r => r.Value.Max);
            if (integrityNow)
            {
                await JudgeIntegrityAsync(db, snapshot, station.Key, newest, cancellationToken);
                continue;
            }
            _integrityDue[station.Key] = _integrityDue.TryGetValue(station.Key, out var known) && known > newest ? known : newest;
        }
        _integrityWaiting = _integrityDue.Count;
        Evaluations += batches.Count;
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CatchUpHours == 0)
            return;
        var since = time.GetUtcNow().UtcDateTime.AddHours(-options.Value.CatchUpHours);
        List<LatestValue> recent;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            recent = await db.LatestValues.AsNoTracking().Where(l => l.ReceivedAtUtc >= since).ToListAsync(cancellationToken);
        }
        if (recent.Count == 0)
            return;
        var batch = new ObservationsStored([], [], recent.Select(l => l.DatastreamId).ToList(), since, recent.Max(l => l.PhenomenonTimeUtc));
        await JudgeAsync([batch], cancellationToken);
    }

    /// <summary>What judging one datastream needs: its limit and the range to judge, widened to whole windows.</summary>
    private sealed record Work(Datastream Datastream, Station Station, string FacilityId, EffectiveLimit Limit, AveragingPeriod Period, DateTime From, DateTime To);

    /// <summary>
    /// Judges the touched ranges of many datastreams with one query for their episodes and one for their values
    /// (a round trip per datastream would cost more than the judging on a server database).
    /// </summary>
    private async Task JudgeExceedancesAsync(MonitoringDb db, RegistrySnapshot snapshot, IEnumerable<(Datastream Datastream, DateTime Min, DateTime Max)> touched,
        CancellationToken cancellationToken)
    {
        var work = new List<Work>();
        foreach (var (datastream, minUtc, maxUtc) in touched)
        {
            if (snapshot.Station(datastream.StationCode) is not { FacilityId: { } facilityId } station || LimitService.MediumOf(station.Kind) is not { } medium)
                continue;
            var limits = await catalogue.LimitsAsync(facilityId, medium, VietnamTime.DayOf(maxUtc), cancellationToken);
            if (limits?.Find(datastream.ParameterCode) is not { } limit || limit.ReferenceOxygenPercent is not null)
                continue; // No limit, or one that needs an O₂ correction this version does not make (see docs/compliance.md).
            var period = rules.Value.PeriodFor(datastream.ParameterCode);
            work.Add(new Work(datastream, station, facilityId, limit, period, WindowStart(minUtc, period), WindowStart(maxUtc, period) + Length(period)));
        }
        foreach (var chunk in work.Chunk(500))
        {
            var ids = chunk.Select(w => w.Datastream.Id).ToList();
            var (lo, hi) = (chunk.Min(w => w.From), chunk.Max(w => w.To));
            var episodes = (await db.Episodes
                    .Where(e => ids.Contains(e.DatastreamId) && e.State == EpisodeState.Active && e.EndUtc >= lo && e.StartUtc <= hi)
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.DatastreamId);
            // Each range widened to the episodes it touches, so that none is judged in part.
            var widened = chunk.Select(w =>
            {
                var from = w.From;
                var to = w.To;
                foreach (var e in episodes[w.Datastream.Id].Where(e => e.EndUtc >= w.From && e.StartUtc <= w.To))
                {
                    from = e.StartUtc < from ? WindowStart(e.StartUtc, w.Period) : from;
                    to = e.EndUtc > to ? e.EndUtc : to;
                }
                return w with { From = from, To = to };
            }).ToList();
            (lo, hi) = (widened.Min(w => w.From), widened.Max(w => w.To));
            var values = (await db.Observations.AsNoTracking()
                    .Where(o => ids.Contains(o.DatastreamId) && o.PhenomenonTimeUtc >= lo && o.PhenomenonTimeUtc < hi)
                    .Select(o => new { o.DatastreamId, Point = new ObservationPoint(o.PhenomenonTimeUtc, o.Value, o.Status) })
                    .ToListAsync(cancellationToken))
                .ToLookup(o => o.DatastreamId, o => o.Point);
            // One transaction (two saves) per chunk, not one per opened episode.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            _opened.Clear();
            foreach (var w in widened)
            {
                var existing = episodes[w.Datastream.Id].Where(e => e.EndUtc >= w.From && e.StartUtc <= w.To).ToList();
                var points = values[w.Datastream.Id].Where(p => p.TimeUtc >= w.From && p.TimeUtc < w.To).ToList();
                await JudgeExceedancesAsync(db, w, existing, points, cancellationToken);
            }
            _episodesChanged |= db.ChangeTracker.HasChanges();
            await db.SaveChangesAsync(cancellationToken);
            if (_opened.Count > 0)
            {
                db.EpisodeChanges.AddRange(_opened.Select(o => Record(o.Row.Id, o.Change, null, o.At)));
                _opened.Clear();
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private async Task JudgeExceedancesAsync(MonitoringDb db, Work work, List<StoredEpisode> existing, List<ObservationPoint> points, CancellationToken cancellationToken)
    {
        var (datastream, station, facilityId, limit, _, from, to) = work;
        var series = new ObservationSeries(datastream.ParameterCode, datastream.Unit, TimeSpan.FromSeconds(datastream.CadenceSeconds),
            datastream.PhysicalMin, datastream.PhysicalMax, points);
        var evaluation = ExceedanceEvaluator.Evaluate(limit, series, rules.Value, from, to, time.GetUtcNow().UtcDateTime);

        var previous = existing.ToDictionary(e => Rebuild(e), e => e);
        var changes = ExceedanceEvaluator.Diff(previous.Keys.ToList(), evaluation);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var change in changes)
        {
            var before = change.Before.Select(b => previous[b]).ToList();
            switch (change.Kind)
            {
                case EpisodeChangeKind.Unchanged or EpisodeChangeKind.NotReevaluated:
                    break;
                case EpisodeChangeKind.Opened:
                    _episodesChanged = true;
                    var opened = NewRow(change.After[0], station, facilityId, datastream, limit, evaluation.Period, now);
                    db.Episodes.Add(opened);
                    _opened.Add((opened, change, now)); // its history row once the chunk is saved and the id known
                    break;
                case EpisodeChangeKind.Withdrawn:
                    foreach (var row in before)
                    {
                        var snapshotJson = Snapshot(row);
                        row.State = EpisodeState.Withdrawn;
                        row.StateReason = change.Reason;
                        row.UpdatedAtUtc = now;
                        db.EpisodeChanges.Add(Record(row.Id, change, snapshotJson, now));
                    }
                    break;
                case EpisodeChangeKind.Split or EpisodeChangeKind.Merged or EpisodeChangeKind.Regrouped:
                    _episodesChanged = true;
                    var replacements = change.After.Select(a => NewRow(a, station, facilityId, datastream, limit, evaluation.Period, now)).ToList();
                    // Alerts follow their episodes: the new ones stay attached to the alert the old ones were in.
                    var alertId = before.Select(b => b.AlertId).FirstOrDefault(a => a is not null);
                    foreach (var r in replacements)
                        r.AlertId = alertId;
                    db.Episodes.AddRange(replacements);
                    await db.SaveChangesAsync(cancellationToken);
                    var ids = string.Join(",", replacements.Select(r => r.Id));
                    foreach (var row in before)
                    {
                        var snapshotJson = Snapshot(row);
                        row.State = EpisodeState.Replaced;
                        row.ReplacedBy = ids;
                        row.StateReason = change.Reason;
                        row.UpdatedAtUtc = now;
                        db.EpisodeChanges.Add(Record(row.Id, change, snapshotJson, now));
                    }
                    foreach (var r in replacements)
                        db.EpisodeChanges.Add(Record(r.Id, change, null, now));
                    break;
                default:
                    var target = before[0];
                    var old = Snapshot(target);
                    Apply(target, change.After[0], limit, now);
                    db.EpisodeChanges.Add(Record(target.Id, change, old, now));
                    break;
            }
        }
    }

    private async Task JudgeIntegrityAsync(MonitoringDb db, RegistrySnapshot snapshot, string stationCode, DateTime newestUtc, CancellationToken cancellationToken)
    {
        if (snapshot.Station(stationCode) is not { } station)
            return;
        var now = time.GetUtcNow().UtcDateTime;
        var end = newestUtc > now ? newestUtc : now;
        var from = newestUtc.AddHours(-options.Value.IntegrityLookbackHours);
        var datastreams = snapshot.DatastreamsById.Values.Where(d => d.StationCode == stationCode).ToList();
        var ids = datastreams.Select(d => d.Id).ToList();
        var samples = (await db.Observations.AsNoTracking()
                .Where(o => ids.Contains(o.DatastreamId) && o.PhenomenonTimeUtc >= from && o.PhenomenonTimeUtc <= end)
                .Select(o => new { o.DatastreamId, o.PhenomenonTimeUtc, o.Value, o.Status, o.ReceivedAtUtc })
                .ToListAsync(cancellationToken))
            .ToLookup(o => o.DatastreamId);
        var conflicts = (await db.ObservationConflicts.AsNoTracking()
                .Where(c => ids.Contains(c.DatastreamId) && c.PhenomenonTimeUtc >= from && c.PhenomenonTimeUtc <= end)
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.DatastreamId);
        var limits = station.FacilityId is { } facility && LimitService.MediumOf(station.Kind) is { } medium
            ? await catalogue.LimitsAsync(facility, medium, VietnamTime.DayOf(newestUtc), cancellationToken)
            : null;

        var streams = datastreams.Select(d =>
        {
            var limit = limits?.Find(d.ParameterCode);
            var bounds = limit is { ReferenceOxygenPercent: null } && (limit.Upper ?? limit.Lower) is not null
                ? new LimitBounds(limit.Upper ?? double.PositiveInfinity, limit.Upper is null ? null : limit.Lower)
                : null;
            return new DatastreamSamples(d.ParameterCode, d.Unit, d.CadenceSeconds,
                samples[d.Id].Select(s => new Sample(s.PhenomenonTimeUtc, s.Value, s.Status, s.ReceivedAtUtc)).ToList(),
                d.PhysicalMin, d.PhysicalMax, bounds is { IsUsable: true } ? bounds : null,
                conflicts[d.Id].Select(c => new SampleConflict(c.PhenomenonTimeUtc, c.StoredValue, c.StoredStatus, c.OfferedValue, c.OfferedStatus, c.DetectedAtUtc)).ToList());
        }).ToList();

        var found = IntegrityAnalysis.Analyze(new StationSamples(stationCode, station.Kind, streams, PeriodEndUtc: end), thresholds.Value);
        if (found.Count == 0)
            return;
        var keys = found.Select(Key).ToList();
        var stored = await db.Signals.Where(s => keys.Contains(s.SignalKey)).ToDictionaryAsync(s => s.SignalKey, cancellationToken);
        foreach (var signal in found)
        {
            var key = Key(signal);
            if (!stored.TryGetValue(key, out var row))
            {
                row = new StoredSignal
                {
                    SignalKey = key, StationCode = stationCode, FacilityId = station.FacilityId, ParameterCode = signal.Parameter, Kind = signal.Kind,
                    ExplanationVi = "", ExplanationEn = "", EvidenceJson = "[]", FirstDetectedAtUtc = now,
                };
                db.Signals.Add(row);
                _signalsAdded = true;
                stored[key] = row;
            }
            row.Severity = signal.Severity;
            row.StartUtc = signal.StartUtc;
            row.EndUtc = signal.EndUtc;
            row.ExplanationVi = signal.ExplanationVi;
            row.ExplanationEn = signal.ExplanationEn;
            row.EvidenceJson = JsonSerializer.Serialize(signal.Evidence, EpisodeWindow.Json);
            row.LastDetectedAtUtc = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>What makes two detections the same signal: station, parameter, kind and start.</summary>
    public static string Key(IntegritySignal s) =>
        $"{s.StationCode}|{s.Parameter}|{s.Kind}|{s.StartUtc:yyyyMMddTHHmmss}";

    public static DateTime WindowStart(DateTime utc, AveragingPeriod period)
    {
        if (period == AveragingPeriod.OneHour)
            return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
        var local = VietnamTime.ToLocal(utc);
        return VietnamTime.ToUtc(local.Date);
    }

    public static TimeSpan Length(AveragingPeriod period) => period == AveragingPeriod.OneHour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    /// <summary>The stored episode as the evaluator's record, so that <see cref="ExceedanceEvaluator.Diff"/> can compare it.</summary>
    public static ExceedanceEpisode Rebuild(StoredEpisode e) =>
        new(e.ParameterCode, e.StartUtc, e.EndUtc, e.Direction, e.Peak, e.Mean, e.RatioToLimit, e.LimitValue, e.Unit,
            EpisodeWindow.Parse(e.WindowsJson).Select(w => new WindowEvaluation(w.StartUtc, w.EndUtc, WindowVerdict.Exceeding, e.Direction, w.Mean,
                w.Expected, 0, w.Valid, w.Calibrating, w.Fault, w.ValidTimesUtc, [], "")).ToList(),
            e.IsOngoing);

    private static StoredEpisode NewRow(ExceedanceEpisode episode, Station station, string facilityId, Datastream datastream, EffectiveLimit limit, AveragingPeriod period, DateTime now)
    {
        var row = new StoredEpisode
        {
            DatastreamId = datastream.Id, StationCode = station.Code, FacilityId = facilityId, ParameterCode = datastream.ParameterCode, State = EpisodeState.Active,
            AveragingPeriod = period, Unit = episode.Unit, LimitFormula = "", LimitSource = "", WindowsJson = "[]", FirstDetectedAtUtc = now,
        };
        Apply(row, episode, limit, now);
        return row;
    }

    private static void Apply(StoredEpisode row, ExceedanceEpisode episode, EffectiveLimit limit, DateTime now)
    {
        row.Direction = episode.Direction;
        row.StartUtc = episode.StartUtc;
        row.EndUtc = episode.EndUtc;
        row.WindowCount = episode.Windows.Count;
        row.Peak = episode.Peak;
        row.Mean = episode.Mean;
        row.RatioToLimit = episode.RatioToLimit;
        row.LimitValue = episode.Limit;
        row.Unit = episode.Unit;
        row.LimitFormula = limit.Formula;
        row.LimitSource = limit.Source;
        row.LimitVerified = limit.Verified;
        row.IsOngoing = episode.IsOngoing;
        row.WindowsJson = EpisodeWindow.Serialize(episode.Windows.Select(EpisodeWindow.Of));
        row.UpdatedAtUtc = now;
    }

    private static string Snapshot(StoredEpisode e) => JsonSerializer.Serialize(new
    {
        e.StartUtc, e.EndUtc, e.WindowCount, e.Peak, e.Mean, e.RatioToLimit, e.LimitValue, e.IsOngoing, e.State,
    }, EpisodeWindow.Json);

    private static EpisodeChangeRecord Record(long episodeId, EpisodeChange change, string? before, DateTime now) => new()
    {
        EpisodeId = episodeId, Kind = change.Kind, Reason = change.Reason.Length > 4000 ? change.Reason[..4000] : change.Reason, BeforeJson = before, AtUtc = now,
    };

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
            tcs.SetResult();
        return tcs;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compliance pass: {Deliveries} deliveries judged in {JudgedMs} ms, {TotalMs} ms with the rules (all rules: {Full})")]
    private partial void LogPass(int deliveries, double judgedMs, double totalMs, bool full);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compliance evaluation failed; it runs again with the next delivery or tick")]
    private partial void LogFailed(Exception ex);
}
