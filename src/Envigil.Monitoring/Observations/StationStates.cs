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
    public static StationState Evaluate(StationActivity? activity, int cadenceSeconds, DateTime nowUtc, StationStateOptions options)
    {
        if (activity is null || nowUtc - activity.LastReceivedUtc > options.OfflineAfter && nowUtc - activity.LastObservationUtc > options.OfflineAfter)
            return StationState.Offline;
        if (nowUtc - activity.LastObservationUtc > TimeSpan.FromSeconds(cadenceSeconds * options.LateAfterCadences))
            return nowUtc - activity.LastObservationUtc > options.OfflineAfter ? StationState.Offline : StationState.Late;
        return activity.LastStatus switch
        {
            ObservationStatus.Calibrating => StationState.Calibrating,
            ObservationStatus.Fault => StationState.Fault,
            _ => StationState.Online,
        };
    }
}
