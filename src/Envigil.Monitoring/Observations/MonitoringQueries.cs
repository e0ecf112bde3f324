using Envigil.Kernel.Localization;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Observations;

/// <param name="Exceeding">An exceedance episode of this datastream is going on (compliance's judgement, not a comparison of this one value).</param>
public sealed record LatestReading(long DatastreamId, string Parameter, string Unit, double Value, short Status, DateTime TimeUtc, bool Valid, bool Exceeding = false);

/// <summary>
/// The read contract through which monitoring learns, from compliance, which datastreams have an exceedance episode
/// going on now (active and ongoing). Implemented by <see cref="Compliance.OngoingExceedances"/>.
/// </summary>
public interface IOngoingExceedances
{
    /// <summary>Datastream ids whose newest exceedance episode is active and still going on.</summary>
    Task<IReadOnlySet<long>> DatastreamsAsync(CancellationToken cancellationToken);
}

public sealed record StationSummary(
    string Code, string Name, string Kind, string? FacilityId, string? FacilityName, string CommuneCode, double Latitude, double Longitude,
    int CadenceSeconds, StationState State, DateTime? LastObservationUtc, DateTime? LastReceivedUtc, IReadOnlyList<LatestReading> Latest);

public sealed record DatastreamInfo(long Id, string Parameter, string Unit, int CadenceSeconds, double? PhysicalMin, double? PhysicalMax);

public enum Resolution
{
    Raw,
    Hour,
    Day,
}

/// <summary>A point of a series: a raw value, or an hourly/daily aggregate (mean/min/max over valid values).</summary>
public sealed record SeriesPoint(DateTime TimeUtc, double? Value, short? Status, double? Min, double? Max, int? Count, int? ValidCount);

public sealed record SeriesPage(long DatastreamId, string Resolution, IReadOnlyList<SeriesPoint> Points, DateTime? NextAfterUtc);

public sealed record Gap(DateTime FromUtc, DateTime ToUtc, int MissingSamples);

public sealed record DatastreamCompleteness(long DatastreamId, string Parameter, int Expected, int Received, int Valid, int Late);

/// <summary>
/// Completeness and timeliness of one station over a Vietnam calendar day or month: samples expected from the
/// cadence (up to now for the current period), received (distinct measurement times), valid, late, and the gaps.
/// </summary>
public sealed record CompletenessReport(
    string StationCode, DateOnly From, DateOnly To, int Expected, int Received, double ReceivedPercent,
    IReadOnlyList<DatastreamCompleteness> Datastreams, IReadOnlyList<Gap> Gaps, IReadOnlyList<DailyCompleteness> Days);

public sealed record DailyCompleteness(DateOnly Day, int Expected, int Received, int Valid, int Late);

public sealed class MonitoringQueries(MonitoringDb db, TimeProvider time, IOptions<StationStateOptions> stateOptions, IOngoingExceedances exceedances)
{
    public const int MaxPageSize = 10_000;

    /// <summary>Facilities matched by a typed filter up to which the match is applied in SQL rather than after reading.</summary>
    private const int MaxFacilityMatchesInQuery = 100;

    /// <param name="facilityScope">Only these facilities' stations (a facility operator); null for every station.</param>
    /// <param name="stationCode">Only this station (a station's own page or popup), without reading the whole province.</param>
    /// <param name="facility">A facility's id, or a part of its name or id (case and diacritics ignored): the map's facility
    /// filter, a search field where a province has too many facilities for a list.</param>
    public async Task<IReadOnlyList<StationSummary>> StationsAsync(IReadOnlyCollection<string>? facilityScope, string? kind = null, string? facility = null, string? communeCode = null,
        CancellationToken cancellationToken = default, string? stationCode = null)
    {
        var stations = db.Stations.AsNoTracking();
        var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken);
        HashSet<string>? facilityMatches = null;
        if (!string.IsNullOrWhiteSpace(facility) && !facilities.ContainsKey(facility))
        {
            facilityMatches = facilities.Where(f => VietnameseSearch.Contains(f.Key, facility) || VietnameseSearch.Contains(f.Value, facility))
                .Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            if (facilityMatches.Count == 0)
                return [];
        }
        if (stationCode is not null)
            stations = stations.Where(s => s.Code == stationCode);
        if (facilityScope is not null)
            stations = stations.Where(s => s.FacilityId == null || facilityScope.Contains(s.FacilityId)); // the public network is everyone's
        if (!string.IsNullOrEmpty(kind) && Enum.TryParse<StationKind>(kind, true, out var k))
            stations = stations.Where(s => s.Kind == k);
        if (!string.IsNullOrWhiteSpace(facility) && facilityMatches is null)
            stations = stations.Where(s => s.FacilityId == facility);
        // A few matches go into the SQL (one parameter each on SQLite); many are filtered after reading.
        if (facilityMatches is { Count: <= MaxFacilityMatchesInQuery })
        {
            var ids = facilityMatches.ToList();
            stations = stations.Where(s => s.FacilityId != null && ids.Contains(s.FacilityId));
        }
        if (!string.IsNullOrEmpty(communeCode))
            stations = stations.Where(s => s.CommuneCode == communeCode);
        var list = await stations.OrderBy(s => s.Code).ToListAsync(cancellationToken);
        if (facilityMatches is { Count: > MaxFacilityMatchesInQuery })
            list = list.Where(s => s.FacilityId is not null && facilityMatches.Contains(s.FacilityId)).ToList();
        // The same filter as a subquery, not a list of codes and ids: EF sends a list as one parameter per element
        // on SQLite, and 16,000 parameters (2,000 stations × 8 datastreams) take a second to bind and plan.
        var codes = stations.Select(s => s.Code);
        var activity = await db.StationActivity.AsNoTracking().Where(a => codes.Contains(a.StationCode)).ToDictionaryAsync(a => a.StationCode, cancellationToken);
        var datastreams = await db.Datastreams.AsNoTracking().Where(d => codes.Contains(d.StationCode)).ToListAsync(cancellationToken);
        var latest = await db.LatestValues.AsNoTracking()
            .Where(l => db.Datastreams.Where(d => codes.Contains(d.StationCode)).Select(d => d.Id).Contains(l.DatastreamId))
            .ToDictionaryAsync(l => l.DatastreamId, cancellationToken);
        var exceeding = await exceedances.DatastreamsAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // Grouped once: looking each station's datastreams up in the whole list is quadratic (2,000 stations × 16,000 datastreams).
        var datastreamsByStation = datastreams.ToLookup(d => d.StationCode, StringComparer.Ordinal);
        return list.Select(s =>
        {
            var a = activity.GetValueOrDefault(s.Code);
            var readings = datastreamsByStation[s.Code].Where(d => latest.ContainsKey(d.Id)).OrderBy(d => d.ParameterCode)
                .Select(d =>
                {
                    var l = latest[d.Id];
                    var valid = l.Status == ObservationStatus.Measuring && (d.PhysicalMin is not { } mn || l.Value >= mn) && (d.PhysicalMax is not { } mx || l.Value <= mx);
                    return new LatestReading(d.Id, d.ParameterCode, d.Unit, l.Value, l.Status, l.PhenomenonTimeUtc, valid, exceeding.Contains(d.Id));
                }).ToList();
            var state = StationStates.WithExceedance(StationStates.Evaluate(a, s.CadenceSeconds, now, stateOptions.Value),
                datastreamsByStation[s.Code].Any(d => exceeding.Contains(d.Id)));
            return new StationSummary(s.Code, s.Name, s.Kind.ToString(), s.FacilityId, s.FacilityId is null ? null : facilities.GetValueOrDefault(s.FacilityId),
                s.CommuneCode, s.Latitude, s.Longitude, s.CadenceSeconds, state,
                a?.LastObservationUtc, a?.LastReceivedUtc, readings);
        }).ToList();
    }

    /// <summary>Id and name of the facilities that have stations, within the person's scope: the map's facility filter.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> FacilitiesWithStationsAsync(IReadOnlyCollection<string>? facilityScope, CancellationToken cancellationToken = default)
    {
        var withStations = db.Stations.Where(s => s.FacilityId != null).Select(s => s.FacilityId!);
        var facilities = db.Facilities.AsNoTracking().Where(f => withStations.Contains(f.Id));
        if (facilityScope is not null)
            facilities = facilities.Where(f => facilityScope.Contains(f.Id));
        return (await facilities.OrderBy(f => f.Name).Select(f => new { f.Id, f.Name }).ToListAsync(cancellationToken)).Select(f => (f.Id, f.Name)).ToList();
    }

    public async Task<IReadOnlyList<DatastreamInfo>> DatastreamsAsync(string stationCode, CancellationToken cancellationToken = default) =>
        await db.Datastreams.AsNoTracking().Where(d => d.StationCode == stationCode).OrderBy(d => d.ParameterCode)
            .Select(d => new DatastreamInfo(d.Id, d.ParameterCode, d.Unit, d.CadenceSeconds, d.PhysicalMin, d.PhysicalMax)).ToListAsync(cancellationToken);

    /// <summary>Points with time in (after, to], oldest first; continue with <see cref="SeriesPage.NextAfterUtc"/> (keyset paging).</summary>
    public async Task<SeriesPage> SeriesAsync(long datastreamId, Resolution resolution, DateTime fromUtc, DateTime toUtc, DateTime? afterUtc, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var start = afterUtc is { } after && after >= fromUtc ? after : fromUtc.AddTicks(-1);
        List<SeriesPoint> points;
        switch (resolution)
        {
            case Resolution.Raw:
                points = await db.Observations.AsNoTracking()
                    .Where(o => o.DatastreamId == datastreamId && o.PhenomenonTimeUtc > start && o.PhenomenonTimeUtc <= toUtc)
                    .OrderBy(o => o.PhenomenonTimeUtc).Take(limit + 1)
                    .Select(o => new SeriesPoint(o.PhenomenonTimeUtc, o.Value, o.Status, null, null, null, null)).ToListAsync(cancellationToken);
                break;
            case Resolution.Hour:
                // Projected in the query, the mean included: Rollup.Mean is a C# property, and naming it in the projection
                // made EF read whole entities, ten times slower for a year of hourly points (8,760 rows per parameter).
                points = await db.HourlyRollups.AsNoTracking()
                    .Where(r => r.DatastreamId == datastreamId && r.BucketUtc > start && r.BucketUtc <= toUtc)
                    .OrderBy(r => r.BucketUtc).Take(limit + 1)
                    .Select(r => new SeriesPoint(r.BucketUtc, r.ValidCount > 0 ? r.ValueSum / r.ValidCount : null, null, r.ValueMin, r.ValueMax, r.SampleCount, r.ValidCount))
                    .ToListAsync(cancellationToken);
                break;
            default:
                // As above: the mean computed in SQL, not through Rollup.Mean.
                points = await db.DailyRollups.AsNoTracking()
                    .Where(r => r.DatastreamId == datastreamId && r.BucketUtc > start && r.BucketUtc <= toUtc)
                    .OrderBy(r => r.BucketUtc).Take(limit + 1)
                    .Select(r => new SeriesPoint(r.BucketUtc, r.ValidCount > 0 ? r.ValueSum / r.ValidCount : null, null, r.ValueMin, r.ValueMax, r.SampleCount, r.ValidCount))
                    .ToListAsync(cancellationToken);
                break;
        }
        var next = points.Count > limit ? points[limit - 1].TimeUtc : (DateTime?)null;
        return new SeriesPage(datastreamId, resolution.ToString().ToLowerInvariant(), points.Take(limit).ToList(), next);
    }

    /// <summary>At most this many non-measuring samples per chart query: a year of 5-minute data in calibration is 105,120.</summary>
    public const int MaxStatusSamples = 20_000;

    /// <summary>
    /// The samples of one datastream that are not measuring (Circular 10/2021 status 01 calibrating, 02 device fault),
    /// oldest first, for shading those periods on a chart at any resolution: rollups count them but do not keep them.
    /// </summary>
    public async Task<IReadOnlyList<(DateTime TimeUtc, short Status)>> StatusSamplesAsync(long datastreamId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        (await db.Observations.AsNoTracking()
            .Where(o => o.DatastreamId == datastreamId && o.PhenomenonTimeUtc > fromUtc && o.PhenomenonTimeUtc <= toUtc && o.Status != ObservationStatus.Measuring)
            .OrderBy(o => o.PhenomenonTimeUtc).Take(MaxStatusSamples)
            .Select(o => new { o.PhenomenonTimeUtc, o.Status }).ToListAsync(cancellationToken))
        .Select(o => (o.PhenomenonTimeUtc, o.Status)).ToList();

    public async Task<CompletenessReport?> CompletenessAsync(string stationCode, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == stationCode, cancellationToken);
        if (station is null)
            return null;
        var fromUtc = VietnamTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
        var endUtc = VietnamTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var now = time.GetUtcNow().UtcDateTime;
        var untilUtc = endUtc < now ? endUtc : now;
        var datastreams = await db.Datastreams.AsNoTracking().Where(d => d.StationCode == stationCode).OrderBy(d => d.ParameterCode).ToListAsync(cancellationToken);
        var ids = datastreams.Select(d => d.Id).ToList();
        var daily = await db.DailyRollups.AsNoTracking().Where(r => ids.Contains(r.DatastreamId) && r.BucketUtc >= fromUtc && r.BucketUtc < endUtc).ToListAsync(cancellationToken);
        var times = await db.Observations.AsNoTracking()
            .Where(o => ids.Contains(o.DatastreamId) && o.PhenomenonTimeUtc >= fromUtc && o.PhenomenonTimeUtc < endUtc)
            .Select(o => o.PhenomenonTimeUtc).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);

        // Measurement times start + k·cadence in [start, end): a whole day of 5-minute data is 288, and "today so far"
        // includes the slot that has begun, whose sample may already be in (else received could exceed expected).
        int Expected(DateTime start, DateTime end, int cadence) => end <= start ? 0 : (int)Math.Ceiling((end - start).TotalSeconds / cadence);

        // Samples missing at the end of the period: only slots whose time has fully passed.
        int Elapsed(DateTime start, DateTime end, int cadence) => end <= start ? 0 : (int)Math.Floor((end - start).TotalSeconds / cadence);

        var perDatastream = datastreams.Select(d =>
        {
            var rollups = daily.Where(r => r.DatastreamId == d.Id).ToList();
            return new DatastreamCompleteness(d.Id, d.ParameterCode, Expected(fromUtc, untilUtc, d.CadenceSeconds),
                rollups.Sum(r => r.SampleCount), rollups.Sum(r => r.ValidCount), rollups.Sum(r => r.LateCount));
        }).ToList();

        var cadence = TimeSpan.FromSeconds(station.CadenceSeconds);
        var gaps = new List<Gap>();
        var previous = fromUtc - cadence; // a gap at the very start counts from the period's start
        foreach (var t in times.Append(untilUtc))
        {
            if (t - previous > cadence * 1.5)
            {
                var gapFrom = previous + cadence;
                var missing = (int)Math.Round((t - previous).TotalSeconds / station.CadenceSeconds) - 1;
                if (t == untilUtc)
                    missing = Elapsed(gapFrom, untilUtc, station.CadenceSeconds);
                if (missing > 0)
                    gaps.Add(new Gap(gapFrom, t, missing));
            }
            previous = t;
        }

        var days = new List<DailyCompleteness>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var dayStart = VietnamTime.ToUtc(day.ToDateTime(TimeOnly.MinValue));
            var dayEnd = dayStart.AddDays(1) < untilUtc ? dayStart.AddDays(1) : untilUtc;
            var received = times.Count(t => t >= dayStart && t < dayStart.AddDays(1));
            var dayRollups = daily.Where(r => r.BucketUtc == dayStart).ToList();
            days.Add(new DailyCompleteness(day, Expected(dayStart, dayEnd, station.CadenceSeconds), received,
                datastreams.Count == 0 ? 0 : dayRollups.Sum(r => r.ValidCount) / datastreams.Count, datastreams.Count == 0 ? 0 : dayRollups.Sum(r => r.LateCount) / datastreams.Count));
        }

        var expected = Expected(fromUtc, untilUtc, station.CadenceSeconds);
        return new CompletenessReport(stationCode, from, to, expected, times.Count, expected == 0 ? 0 : Math.Round(100.0 * times.Count / expected, 1),
            perDatastream, gaps, days);
    }
}
