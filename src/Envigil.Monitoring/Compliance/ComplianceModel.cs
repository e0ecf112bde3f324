namespace Envigil.Monitoring.Compliance;

/// <summary>An admin-edited regulation catalogue (the JSON of Compliance/Data/regulations.json); the newest row wins, none means the embedded one.</summary>
public sealed class StoredRegulationCatalogue
{
    public long Id { get; set; }
    public required string Json { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>What a facility's limits rest on, as its permit states it (the stored form of <see cref="LimitBasis"/>).</summary>
public sealed class FacilityLimitBasis
{
    public required string FacilityId { get; set; }

    /// <summary>Wastewater or emission: a facility with both has one basis each (its regulation decides which).</summary>
    public RegulatedMedium Medium { get; set; }
    public required string RegulationId { get; set; }
    public required string RegulationColumn { get; set; }
    public DateOnly? PermittedOn { get; set; }
    public string? SuccessorColumn { get; set; }
    public string? Scope { get; set; }
    public string? SuccessorScope { get; set; }
    public ReceivingWaterKind? ReceivingWaterKind { get; set; }
    public double? LowestFlowM3PerSecond { get; set; }
    public double? VolumeM3 { get; set; }
    public bool SalineOrBrackish { get; set; }
    public CoastalUse? CoastalUse { get; set; }
    public string? EmissionZone { get; set; }
    public string? SizeClass { get; set; }

    /// <summary>The permit the basis is read from, e.g. "GPMT 12/GP-UBND 05/03/2024".</summary>
    public string? PermitReference { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public required string UpdatedBy { get; set; }

    public ReceivingWater? ReceivingWater => ReceivingWaterKind switch
    {
        Compliance.ReceivingWaterKind.River => Compliance.ReceivingWater.River(LowestFlowM3PerSecond, SalineOrBrackish),
        Compliance.ReceivingWaterKind.Lake => Compliance.ReceivingWater.Lake(VolumeM3, SalineOrBrackish),
        Compliance.ReceivingWaterKind.Coastal => Compliance.ReceivingWater.Coastal(CoastalUse),
        _ => null,
    };
}

/// <summary>A limit written in a facility's permit (stored form of <see cref="PermitLimit"/>).</summary>
public sealed class StoredPermitLimit
{
    public long Id { get; set; }
    public required string FacilityId { get; set; }
    public RegulatedMedium Medium { get; set; }
    public required string ParameterCode { get; set; }
    public double? LowerBound { get; set; }
    public double? UpperBound { get; set; }
    public required string Unit { get; set; }
    public required string Source { get; set; }
}

public enum EpisodeState
{
    /// <summary>The current judgement.</summary>
    Active,

    /// <summary>Re-evaluation found no exceeding window left where it was (late data, reprocessed file); the reason says why.</summary>
    Withdrawn,

    /// <summary>Split, merged or regrouped into other episodes (<see cref="StoredEpisode.ReplacedBy"/>).</summary>
    Replaced,
}

/// <summary>A persisted exceedance episode. Never deleted: a changed judgement changes its state and leaves an <see cref="EpisodeChangeRecord"/>.</summary>
public sealed class StoredEpisode
{
    public long Id { get; set; }
    public long DatastreamId { get; set; }
    public required string StationCode { get; set; }
    public string? FacilityId { get; set; }
    public required string ParameterCode { get; set; }
    public EpisodeState State { get; set; }
    public ExceedanceDirection Direction { get; set; }
    public AveragingPeriod AveragingPeriod { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public int WindowCount { get; set; }
    public double Peak { get; set; }
    public double Mean { get; set; }
    public double? RatioToLimit { get; set; }
    public double LimitValue { get; set; }
    public required string Unit { get; set; }
    public required string LimitFormula { get; set; }
    public required string LimitSource { get; set; }
    public bool LimitVerified { get; set; }
    public bool IsOngoing { get; set; }

    /// <summary>The exceeding windows: start, end, mean, valid/expected counts, the times of the values (JSON).</summary>
    public required string WindowsJson { get; set; }
    public string? StateReason { get; set; }

    /// <summary>Ids of the episodes that replaced this one, comma-separated.</summary>
    public string? ReplacedBy { get; set; }
    public long? AlertId { get; set; }
    public DateTime FirstDetectedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>One change of an episode's judgement, with the reason and the episode as it was before.</summary>
public sealed class EpisodeChangeRecord
{
    public long Id { get; set; }
    public long EpisodeId { get; set; }
    public EpisodeChangeKind Kind { get; set; }
    public required string Reason { get; set; }
    public string? BeforeJson { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>A persisted data-integrity signal; the same signal found again updates its end, explanation and evidence.</summary>
public sealed class StoredSignal
{
    public long Id { get; set; }

    /// <summary>station|parameter|kind|start: what makes two detections the same signal.</summary>
    public required string SignalKey { get; set; }
    public required string StationCode { get; set; }
    public string? FacilityId { get; set; }
    public string? ParameterCode { get; set; }
    public IntegritySignalKind Kind { get; set; }
    public IntegritySeverity Severity { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public required string ExplanationVi { get; set; }
    public required string ExplanationEn { get; set; }
    public required string EvidenceJson { get; set; }
    public long? AlertId { get; set; }
    public DateTime FirstDetectedAtUtc { get; set; }
    public DateTime LastDetectedAtUtc { get; set; }
}

/// <summary>One exceeding window as stored in <see cref="StoredEpisode.WindowsJson"/> (camelCase JSON array).</summary>
/// <param name="ValidTimesUtc">Times of the values the mean is made of: with the datastream they find the observations and, through their receipts, the archived files.</param>
public sealed record EpisodeWindow(DateTime StartUtc, DateTime EndUtc, double Mean, int Valid, int Expected, int Calibrating, int Fault, IReadOnlyList<DateTime> ValidTimesUtc)
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static EpisodeWindow Of(WindowEvaluation w) =>
        new(w.StartUtc, w.EndUtc, w.Mean ?? double.NaN, w.Valid, w.Expected, w.Calibrating, w.Fault, w.ValidTimesUtc);

    public static string Serialize(IEnumerable<EpisodeWindow> windows) => System.Text.Json.JsonSerializer.Serialize(windows.ToList(), Json);

    public static IReadOnlyList<EpisodeWindow> Parse(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<List<EpisodeWindow>>(json, Json) ?? [];
}
