using Envigil.Hazards.Risk;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Registers;

/// <summary>An area mapped as exposed to one hazard (a zoning map's polygon), with its susceptibility class.</summary>
public sealed class HazardZone
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public HazardType Hazard { get; set; }
    public Susceptibility Susceptibility { get; set; }
    public string? Source { get; set; }
    public DateOnly? SurveyedOn { get; set; }
    /// <summary>Polygon or MultiPolygon, WGS84 (SRID 4326).</summary>
    public required Geometry Geometry { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A stretch of eroding riverbank or coast (a line) or a subsidence/erosion spot (a point).</summary>
public sealed class ErosionSite
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string CommuneCode { get; set; }
    public HazardType Hazard { get; set; } = HazardType.Erosion;
    public required Geometry Geometry { get; set; }
    public double? LengthM { get; set; }
    /// <summary>Distance from the erosion edge to the nearest houses.</summary>
    public double? DistanceToHousesM { get; set; }
    /// <summary>How fast the bank retreats, metres per year.</summary>
    public double? RetreatRateMPerYear { get; set; }
    public DateOnly? SurveyedOn { get; set; }
    public string? Notes { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

public enum RelocationStatus
{
    NotNeeded,
    Planned,
    InProgress,
    Relocated,
    Refused,
}

/// <summary>
/// A household living in or near a hazard zone, kept by its commune. The location is a WGS84 point (longitude/latitude
/// columns; PostgreSQL also keeps a generated PostGIS point with a GiST index for the warning join).
/// </summary>
public sealed class Household
{
    public long Id { get; set; }
    public required string CommuneCode { get; set; }
    public required string HeadName { get; set; }
    public required string Address { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public int Members { get; set; }
    public int Elderly { get; set; }
    public int Disabled { get; set; }
    public int Children { get; set; }
    public int Pregnant { get; set; }
    public string? Phone { get; set; }
    public RelocationStatus Relocation { get; set; }
    public DateOnly? RelocationPlannedOn { get; set; }
    public DateOnly? RelocatedOn { get; set; }
    public string? RelocationDestination { get; set; }
    public string? RelocationSupport { get; set; }
    public int Version { get; set; } = 1;
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public int Vulnerable => Elderly + Disabled + Children + Pregnant;
}

/// <summary>A shelter or evacuation point with the people it can take.</summary>
public sealed class Shelter
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string CommuneCode { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public int Capacity { get; set; }
    public string? Kind { get; set; }
    public string? Phone { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A periodic review (rà soát) of a commune's hazard zones and households, with its checklist, findings and sign-off.</summary>
public sealed class ReviewRound
{
    public long Id { get; set; }
    public required string CommuneCode { get; set; }
    public required string Title { get; set; }
    /// <summary>JSON array of {item, done}.</summary>
    public required string ChecklistJson { get; set; }
    public string? Findings { get; set; }
    public required string StartedBy { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public string? SignedOffBy { get; set; }
    public DateTime? SignedOffAtUtc { get; set; }
}
