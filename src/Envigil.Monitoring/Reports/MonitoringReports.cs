using System.Globalization;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Reports;

/// <summary>A Vietnam calendar month, written yyyy-MM in URLs and forms.</summary>
public readonly record struct ReportMonth(int Year, int Month)
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public int Days => DateTime.DaysInMonth(Year, Month);

    /// <summary>00:00 Vietnam time on the 1st, in UTC (17:00 UTC the day before).</summary>
    public DateTime StartUtc => VietnamTime.ToUtc(FirstDay.ToDateTime(TimeOnly.MinValue));

    public DateTime EndUtc => VietnamTime.ToUtc(FirstDay.AddMonths(1).ToDateTime(TimeOnly.MinValue));

    public override string ToString() => FirstDay.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static ReportMonth Of(DateOnly day) => new(day.Year, day.Month);

    public static bool TryParse(string? text, out ReportMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first.Year < 2000)
            return false;
        month = Of(first);
        return true;
    }
}

/// <summary>
/// One station over a month. Expected values: one per datastream per cadence from the later of the month's start and
/// the Vietnam day the station was registered, up to the month's end (or now). Valid: status 00 and inside the physical
/// range (hourly rollups). Late: arrived more than 5 minutes after measurement (<see cref="Observations.ObservationStore.LateAfter"/>).
/// </summary>
public sealed record StationMonthCompleteness(
    string StationCode, string StationName, string? FacilityId, string? FacilityName, int CadenceSeconds, int Datastreams,
    long Expected, long Valid, double? CompletenessPercent, long Received, long Late, double? TimelinessPercent);

public sealed record CompletenessByStation(string Month, IReadOnlyList<StationMonthCompleteness> Stations);

/// <summary>Active exceedance episodes of one facility and parameter that started in the month.</summary>
/// <param name="HoursExceeding">Sum of the episodes' durations (start of the first exceeding window to end of the last).</param>
public sealed record FacilityParameterExceedances(
    string FacilityId, string FacilityName, string Parameter, int Episodes, int ExceedingWindows, double? WorstRatioToLimit, double HoursExceeding);

public sealed record ExceedancesByFacility(string Month, IReadOnlyList<FacilityParameterExceedances> Rows);

/// <summary>Monthly reports for the province (and, within their facility, for its operator): the page and the API read the same numbers.</summary>
public sealed class MonitoringReports(MonitoringDb db, TimeProvider time)
{
    public ReportMonth CurrentMonth() => ReportMonth.Of(VietnamTime.Today(time));

    /// <param name="facilityScope">Only these facilities' stations (a facility operator); null for every station.</param>
    public async Task<CompletenessByStation> CompletenessAsync(ReportMonth month, IReadOnlyCollection<string>? facilityScope, CancellationToken cancellationToken = default)
    {
        var startUtc = month.StartUtc;
        var endUtc = month.EndUtc;
        var now = time.GetUtcNow().UtcDateTime;
        var untilUtc = endUtc < now ? endUtc : now;

        var stations = db.Stations.AsNoTracking().Where(s => s.CreatedAtUtc < endUtc);
        if (facilityScope is not null)
            stations = stations.Where(s => s.FacilityId != null && facilityScope.Contains(s.FacilityId));
        var list = await stations.OrderBy(s => s.Code).ToListAsync(cancellationToken);
        // The filter as a subquery, not a list of codes: one parameter per element on SQLite is slow for thousands of stations.
        var codes = stations.Select(s => s.Code);
        var datastreams = (await db.Datastreams.AsNoTracking().Where(d => codes.Contains(d.StationCode))
                .Select(d => new { d.StationCode, d.CadenceSeconds }).ToListAsync(cancellationToken))
            .ToLookup(d => d.StationCode, d => d.CadenceSeconds, StringComparer.Ordinal);

        // One grouped query over the month's hourly rollups (UTC hours; Vietnam months start on a whole UTC hour).
        var received = await (
                from r in db.HourlyRollups.AsNoTracking()
                join d in db.Datastreams.AsNoTracking() on r.DatastreamId equals d.Id
                where r.BucketUtc >= startUtc && r.BucketUtc < endUtc && codes.Contains(d.StationCode)
                group r by d.StationCode into g
                select new { Station = g.Key, Samples = g.Sum(x => (long)x.SampleCount), Valid = g.Sum(x => (long)x.ValidCount), Late = g.Sum(x => (long)x.LateCount) })
            .ToDictionaryAsync(x => x.Station, cancellationToken);
        var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken);

        var rows = list.Select(s =>
        {
            // Days before the station was registered are not owed: count from the Vietnam day it was created.
            var createdDayUtc = VietnamTime.ToUtc(VietnamTime.DayOf(s.CreatedAtUtc).ToDateTime(TimeOnly.MinValue));
            var from = createdDayUtc > startUtc ? createdDayUtc : startUtc;
            var cadences = datastreams[s.Code].ToList();
            var expected = cadences.Sum(c => Expected(from, untilUtc, c));
            var r = received.GetValueOrDefault(s.Code);
            long valid = r?.Valid ?? 0, samples = r?.Samples ?? 0, late = r?.Late ?? 0;
            return new StationMonthCompleteness(s.Code, s.Name, s.FacilityId, s.FacilityId is null ? null : facilities.GetValueOrDefault(s.FacilityId), s.CadenceSeconds, cadences.Count,
                expected, valid, expected == 0 ? null : Math.Round(100.0 * valid / expected, 1),
                samples, late, samples == 0 ? null : Math.Round(100.0 * (samples - late) / samples, 1));
        }).ToList();
        return new CompletenessByStation(month.ToString(), rows);
    }

    /// <summary>
    /// Measurement times start + k·cadence in [start, end), as <see cref="Observations.MonitoringQueries.CompletenessAsync"/>
    /// counts them: a whole day of 5-minute data is 288.
    /// </summary>
    internal static long Expected(DateTime startUtc, DateTime endUtc, int cadenceSeconds) =>
        endUtc <= startUtc || cadenceSeconds <= 0 ? 0 : (long)Math.Ceiling((endUtc - startUtc).TotalSeconds / cadenceSeconds);

    /// <summary>Active episodes starting in the month, per facility and parameter (withdrawn and replaced judgements are not counted).</summary>
    public async Task<ExceedancesByFacility> ExceedancesAsync(ReportMonth month, IReadOnlyCollection<string>? facilityScope, CancellationToken cancellationToken = default)
    {
        var startUtc = month.StartUtc;
        var endUtc = month.EndUtc;
        var episodes = db.Episodes.AsNoTracking()
            .Where(e => e.State == EpisodeState.Active && e.FacilityId != null && e.StartUtc >= startUtc && e.StartUtc < endUtc);
        if (facilityScope is not null)
            episodes = episodes.Where(e => facilityScope.Contains(e.FacilityId!));
        // Durations are summed here: date arithmetic differs between SQLite and PostgreSQL, and a month holds few episodes.
        var list = await episodes.Select(e => new { e.FacilityId, e.ParameterCode, e.WindowCount, e.RatioToLimit, e.StartUtc, e.EndUtc })
            .ToListAsync(cancellationToken);
        var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken);
        var rows = list
            .GroupBy(e => (Facility: e.FacilityId!, e.ParameterCode))
            .Select(g => new FacilityParameterExceedances(g.Key.Facility, facilities.GetValueOrDefault(g.Key.Facility) ?? g.Key.Facility, g.Key.ParameterCode,
                g.Count(), g.Sum(e => e.WindowCount), g.Max(e => e.RatioToLimit) is { } worst ? Math.Round(worst, 2) : null,
                Math.Round(g.Sum(e => (e.EndUtc - e.StartUtc).TotalHours), 1)))
            .OrderBy(r => r.FacilityId, StringComparer.Ordinal).ThenBy(r => r.Parameter, StringComparer.Ordinal)
            .ToList();
        return new ExceedancesByFacility(month.ToString(), rows);
    }
}
