using Envigil.Hazards.Risk;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Warnings;

public enum WarningStatus
{
    Draft,
    Approved,
    Issued,
    Cancelled,
}

/// <summary>
/// A hazard warning: forecast, area, risk level with the rule that gave it, messages; drafted by one person and approved
/// by another before it is issued.
/// </summary>
public sealed class HazardWarning
{
    public long Id { get; set; }
    public HazardType Hazard { get; set; }
    public required string HeadlineVi { get; set; }
    public string? HeadlineEn { get; set; }
    public required string MessageVi { get; set; }
    public string? MessageEn { get; set; }
    public string? InstructionVi { get; set; }
    /// <summary>The forecast values (<see cref="ForecastInputs"/>) as JSON.</summary>
    public required string ForecastJson { get; set; }
    public int? ComputedLevel { get; set; }
    public string? RuleId { get; set; }
    public bool RuleVerified { get; set; }
    public string? RuleExplanation { get; set; }
    /// <summary>Raise for compound hazards (Art. 4): 0, 1 or 2.</summary>
    public int CompoundRaise { get; set; }
    /// <summary>The level published: the computed one raised for compound hazards, or the officer's override.</summary>
    public int Level { get; set; }
    public string? OverrideReason { get; set; }
    /// <summary>Polygon/MultiPolygon of the affected area; null when the area is the list of communes.</summary>
    public Geometry? Area { get; set; }
    /// <summary>Affected communes, comma-separated codes (given, or computed from the polygon on issue).</summary>
    public string CommuneCodes { get; set; } = "";
    public required string AreaDescription { get; set; }
    public DateTime ValidFromUtc { get; set; }
    public DateTime ValidToUtc { get; set; }
    public WarningStatus Status { get; set; }
    public required string DraftedBy { get; set; }
    public DateTime DraftedAtUtc { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAtUtc { get; set; }
    public string? IssuedBy { get; set; }
    public DateTime? IssuedAtUtc { get; set; }
    public int AffectedHouseholds { get; set; }
    public int AffectedPeople { get; set; }
    public int AffectedVulnerable { get; set; }
    public int Version { get; set; } = 1;

    public IReadOnlyList<string> Communes => CommuneCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum WarningTaskStatus
{
    Open,
    Confirmed,
}

/// <summary>One affected commune's job for an issued warning: reach its households and confirm it.</summary>
public sealed class WarningTask
{
    public long Id { get; set; }
    public long WarningId { get; set; }
    public required string CommuneCode { get; set; }
    public int Households { get; set; }
    public int People { get; set; }
    public int Vulnerable { get; set; }
    public WarningTaskStatus Status { get; set; }
    public int? HouseholdsReached { get; set; }
    public string? Note { get; set; }
    public string? ConfirmedBy { get; set; }
    public DateTime? ConfirmedAtUtc { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
