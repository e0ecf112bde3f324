namespace Envigil.Monitoring.Observations;

public enum StationState
{
    /// <summary>Sending on time, last status measuring.</summary>
    Online,
    /// <summary>The newest measurement is older than the allowed delay but the station is not yet offline.</summary>
    Late,
    /// <summary>No data for longer than the offline threshold, or never any.</summary>
    Offline,
    Calibrating,
    Fault,
    /// <summary>Sending (online or late) while an exceedance episode of one of its parameters is still going on.</summary>
    Exceeding,
}

/// <summary>Thresholds for station states (configuration section Envigil:Monitoring:StationState).</summary>
public sealed class StationStateOptions
{
    /// <summary>Late when the newest measurement is older than this many cadences.</summary>
    public double LateAfterCadences { get; set; } = 2;

    /// <summary>Offline when nothing has arrived for this long.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(60);
}

public static class StationStates
{
    /// <summary>
    /// Worst first: the order a cluster of stations takes its colour from, and the order of the legend. An exceedance
    /// is what an officer must act on first; a fault or an outage hides the data; late and calibrating are routine.
    /// </summary>
    public static readonly IReadOnlyList<StationState> BySeverity =
        [StationState.Exceeding, StationState.Fault, StationState.Offline, StationState.Late, StationState.Calibrating, StationState.Online];

    /// <summary>
    /// The state shown on the map: <see cref="StationState.Exceeding"/> replaces online or late while an episode is
    /// going on. An offline, faulty or calibrating station keeps that state: its newest data is not a current judgement.
    /// </summary>
    public static StationState WithExceedance(StationState state, bool exceedanceGoingOn) =>
        exceedanceGoingOn && state is StationState.Online or StationState.Late ? StationState.Exceeding : state;

    public static StationState Evaluate(StationActivity? activity, int cadenceSeconds, DateTime nowUtc, StationStateOptions options)
    {
        var lateAfter = TimeSpan.FromSeconds(cadenceSeconds * options.LateAfterCadences);
        // A slow station (hourly, say) is late before it is offline: offline waits at least one more cadence.
        var offlineAfter = options.OfflineAfter > lateAfter ? options.OfflineAfter : lateAfter + TimeSpan.FromSeconds(cadenceSeconds);
        if (activity is null || nowUtc - activity.LastReceivedUtc > offlineAfter && nowUtc - activity.LastObservationUtc > offlineAfter)
            return StationState.Offline;
        if (nowUtc - activity.LastObservationUtc > lateAfter)
            return nowUtc - activity.LastObservationUtc > offlineAfter ? StationState.Offline : StationState.Late;
        return activity.LastStatus switch
        {
            ObservationStatus.Calibrating => StationState.Calibrating,
            ObservationStatus.Fault => StationState.Fault,
            _ => StationState.Online,
        };
    }
}
