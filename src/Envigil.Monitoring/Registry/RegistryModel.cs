namespace Envigil.Monitoring.Registry;

/// <summary>What a station measures (SensorThings: the Thing's kind).</summary>
public enum StationKind
{
    Wastewater,
    StackEmission,
    AmbientAir,
    SurfaceWater,
    Groundwater,
}

/// <summary>A facility that discharges wastewater or emissions, as its environmental permit describes it.</summary>
public sealed class Facility
{
    /// <summary>Short stable identifier, e.g. <c>CM-F001</c>; used in URLs, scopes and FTP account mapping.</summary>
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? TaxCode { get; set; }
    public string? Address { get; set; }
    /// <summary>Official 5-digit commune code.</summary>
    public required string CommuneCode { get; set; }
    /// <summary>Industry / type of production, as in the permit.</summary>
    public string? IndustryType { get; set; }
    /// <summary>Belongs to the pollution-risk types of Decree 08/2022 Annex II.</summary>
    public bool PollutionRiskType { get; set; }
    /// <summary>Total design wastewater capacity of all discharge works in the permit (Decree 08/2022 Art. 97), m³/day.</summary>
    public double? DesignWastewaterM3PerDay { get; set; }
    /// <summary>Design flow of the dust/emission treatment works in the permit (Decree 08/2022 Art. 98), m³/h.</summary>
    public double? DesignEmissionM3PerHour { get; set; }
    /// <summary>Discharges to a centralised wastewater treatment plant (exempt from Art. 97(2)).</summary>
    public bool ConnectedToCentralTreatment { get; set; }
    public string? PermitNumber { get; set; }
    public DateOnly? PermitDate { get; set; }
    /// <summary>FTP account (one folder per account in the drop folder) that delivers this facility's files.</summary>
    public string? FtpAccount { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A monitoring station (SensorThings Thing): a facility's, or one of the public network's.</summary>
public sealed class Station
{
    /// <summary>The station code as it appears in data file names, e.g. <c>CM_F001_NT01</c>.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public StationKind Kind { get; set; }
    /// <summary>Null for stations of the public (state) network.</summary>
    public string? FacilityId { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public required string CommuneCode { get; set; }
    /// <summary>Expected cadence of data files, seconds (5 minutes by default: Circular 10/2021 transmission rule).</summary>
    public int CadenceSeconds { get; set; } = 300;
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>One parameter measured at one station (SensorThings Datastream).</summary>
public sealed class Datastream
{
    public long Id { get; set; }
    public required string StationCode { get; set; }
    /// <summary>Canonical parameter code from the catalogue (Circular 10/2021 Annex 15 Table 34), e.g. <c>COD</c>, <c>PM2,5</c>.</summary>
    public required string ParameterCode { get; set; }
    public required string Unit { get; set; }
    public int CadenceSeconds { get; set; } = 300;
    /// <summary>Physically possible range: values outside it are stored but never count as valid.</summary>
    public double? PhysicalMin { get; set; }
    public double? PhysicalMax { get; set; }
}
