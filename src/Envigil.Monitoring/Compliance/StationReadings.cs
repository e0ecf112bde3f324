using Envigil.Kernel.Time;
using Envigil.Monitoring.Observations;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// A station's latest value of each parameter beside the limit it is judged against today (Vietnam day), for the map's
/// popup. <see cref="AboveLimit"/> compares this one value; <see cref="Exceeding"/> is compliance's judgement over the
/// regulation's averaging period (an open episode), which is what makes the station "exceeding".
/// </summary>
/// <param name="Lower">The effective lower bound (pH, dissolved oxygen), null when there is none.</param>
/// <param name="Upper">The effective upper bound, null when there is none.</param>
/// <param name="LimitSource">The regulation table and column, or the permit, the limit comes from.</param>
public sealed record ReadingVsLimit(
    string Parameter, string Unit, double Value, short Status, DateTime TimeUtc, bool Valid, bool Exceeding,
    double? Lower, double? Upper, string? LimitUnit, string? LimitSource, bool? LimitVerified, bool AboveLimit);

/// <param name="LimitsOn">The Vietnam day whose effective limits are shown.</param>
/// <param name="LimitsNote">Why no limits are shown, when none are (an ambient station, no limit basis set yet).</param>
public sealed record StationReadings(
    string Code, string Name, string? FacilityName, StationState State, DateTime? LastObservationUtc, DateOnly LimitsOn,
    string? LimitsNote, IReadOnlyList<ReadingVsLimit> Readings);

public static class StationReadingsQuery
{
    public static async Task<StationReadings> ForAsync(StationSummary station, LimitService limits, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(time);
        EffectiveLimitSet? set = null;
        string? note = null;
        if (!Enum.TryParse<Registry.StationKind>(station.Kind, out var kind) || LimitService.MediumOf(kind) is not { } medium)
            note = "ambient"; // ambient air and water quality: judged by indices, not by discharge limits
        else if (station.FacilityId is null)
            note = "no-facility";
        else if ((set = await limits.EffectiveAsync(station.FacilityId, medium, today, cancellationToken)) is null)
            note = "no-basis"; // the facility has no limit basis (regulation, column, permit) yet
        var readings = station.Latest.Select(r =>
        {
            var limit = set?.Find(r.Parameter);
            var above = limit is not null && r.Valid && (limit.Upper is { } upper && r.Value > upper || limit.Lower is { } lower && r.Value < lower);
            return new ReadingVsLimit(r.Parameter, r.Unit, r.Value, r.Status, r.TimeUtc, r.Valid, r.Exceeding,
                limit?.Lower, limit?.Upper, limit?.Unit, limit?.Source, limit?.Verified, above);
        }).ToList();
        return new StationReadings(station.Code, station.Name, station.FacilityName, station.State, station.LastObservationUtc, today, note, readings);
    }
}
