using NetTopologySuite.Geometries;

namespace Envigil.Kernel.Geography;

public enum AdminLevel
{
    Province = 1,
    Commune = 2,
}

/// <summary>
/// An administrative unit (province, or commune/ward/special zone) with its official code. Units have a validity
/// period and successors so that units abolished by a merger (e.g. the districts and communes before 1 July 2025)
/// can be kept and mapped to the units that replaced them.
/// </summary>
public sealed class AdminUnit
{
    public required string Code { get; set; }
    public AdminLevel Level { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public required string FullName { get; set; }
    public required string FullNameEn { get; set; }
    /// <summary>Commune, Ward, Special zone, Province, City (as in the official list).</summary>
    public required string UnitType { get; set; }
    public string? ParentCode { get; set; }
    /// <summary>The province region (e.g. West/East) this commune belongs to; null for provinces or unassigned communes.</summary>
    public string? RegionCode { get; set; }
    public double? AreaKm2 { get; set; }
    public Geometry? Boundary { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }

    public bool IsValidOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || day < ValidTo);
}

/// <summary>A predecessor unit that became (part of) a successor unit on a date.</summary>
public sealed class AdminUnitSuccession
{
    public required string PredecessorCode { get; set; }
    public required string SuccessorCode { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public string? Note { get; set; }
}

/// <summary>A region of a province used by the directive (e.g. "the West of the province") and by hazard rules.</summary>
public sealed class ProvinceRegion
{
    public required string ProvinceCode { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    /// <summary>How the communes were assigned, in words a reviewer can check.</summary>
    public required string Basis { get; set; }
    /// <summary>True until the province confirms the assignment.</summary>
    public bool IsProvisional { get; set; }
}

/// <summary>Who to reach in a commune; kept by the commune's own officer (scoped) or by provincial staff.</summary>
public sealed class CommuneContact
{
    public required string CommuneCode { get; set; }
    public string? OfficerName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
