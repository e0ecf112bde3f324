namespace Envigil.Monitoring.Observations;

/// <summary>Circular 10/2021 status codes: 00 measuring, 01 calibrating, 02 device fault.</summary>
public static class ObservationStatus
{
    public const short Measuring = 0;
    public const short Calibrating = 1;
    public const short Fault = 2;
}

/// <summary>A stored value (SensorThings Observation). Natural key: datastream and time.</summary>
public sealed class StoredObservation
{
    public long DatastreamId { get; set; }
    public DateTime PhenomenonTimeUtc { get; set; }
    public double Value { get; set; }
    public short Status { get; set; }
    public long ReceiptId { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
}

/// <summary>A different value offered for a datastream and time that already has one: kept for review, never overwritten.</summary>
public sealed class ObservationConflict
{
    public long Id { get; set; }
    public long DatastreamId { get; set; }
    public DateTime PhenomenonTimeUtc { get; set; }
    public double StoredValue { get; set; }
    public short StoredStatus { get; set; }
    public long StoredReceiptId { get; set; }
    public double OfferedValue { get; set; }
    public short OfferedStatus { get; set; }
    public long OfferedReceiptId { get; set; }
    public DateTime DetectedAtUtc { get; set; }
    public string? Resolution { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
}

/// <summary>
/// Aggregate of one datastream over an hour (UTC) or a day (Vietnam calendar day). Count is every sample; mean,
/// min and max are over valid samples only (status 00 and inside the physical range); late arrived more than
/// 5 minutes after measurement (the Circular 10/2021 transmission deadline).
/// </summary>
public abstract class Rollup
{
    public long DatastreamId { get; set; }
    public DateTime BucketUtc { get; set; }
    public int SampleCount { get; set; }
    public int ValidCount { get; set; }
    public int LateCount { get; set; }
    public double ValueSum { get; set; }
    public double? ValueMin { get; set; }
    public double? ValueMax { get; set; }

    public double? Mean => ValidCount > 0 ? ValueSum / ValidCount : null;
}

public sealed class HourlyRollup : Rollup;

public sealed class DailyRollup : Rollup;

public sealed class LatestValue
{
    public long DatastreamId { get; set; }
    public DateTime PhenomenonTimeUtc { get; set; }
    public double Value { get; set; }
    public short Status { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
}

public sealed class StationActivity
{
    public required string StationCode { get; set; }
    public DateTime LastObservationUtc { get; set; }
    public DateTime LastReceivedUtc { get; set; }
    public short LastStatus { get; set; }
}
