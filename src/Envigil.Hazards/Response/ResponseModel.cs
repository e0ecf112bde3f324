namespace Envigil.Hazards.Response;

/// <summary>A commune officer's count of the people of their commune evacuated so far for one warning (the latest report per commune is current).</summary>
public sealed class EvacuationReport
{
    public long Id { get; set; }
    public long WarningId { get; set; }
    public required string CommuneCode { get; set; }
    public int PeopleEvacuated { get; set; }
    public string? Note { get; set; }
    public required string ReportedBy { get; set; }
    public DateTime ReportedAtUtc { get; set; }
}

/// <summary>How many people a shelter holds now, for one warning (the latest report per shelter is current).</summary>
public sealed class ShelterReport
{
    public long Id { get; set; }
    public long WarningId { get; set; }
    public long ShelterId { get; set; }
    /// <summary>The shelter's commune when reported: the scope the report was checked against.</summary>
    public required string CommuneCode { get; set; }
    public int Occupants { get; set; }
    public string? Note { get; set; }
    public required string ReportedBy { get; set; }
    public DateTime ReportedAtUtc { get; set; }
}

/// <summary>A commune's damage from one event (the latest report per commune is current; earlier ones stay as history).</summary>
public sealed class DamageReport
{
    public long Id { get; set; }
    public long WarningId { get; set; }
    public required string CommuneCode { get; set; }
    public int Deaths { get; set; }
    public int Injuries { get; set; }
    public int HousesDamaged { get; set; }
    public int HousesDestroyed { get; set; }
    /// <summary>Crops damaged, hectares.</summary>
    public double CropsHa { get; set; }
    public string? Notes { get; set; }
    public required string ReportedBy { get; set; }
    public DateTime ReportedAtUtc { get; set; }
}

/// <summary>What the province learned from one event; the next review round of every affected commune shows it.</summary>
public sealed class EventLessons
{
    public long Id { get; set; }
    public long WarningId { get; set; }
    public required string WhatWorked { get; set; }
    public required string WhatDidNot { get; set; }
    public required string Actions { get; set; }
    public required string WrittenBy { get; set; }
    public DateTime WrittenAtUtc { get; set; }
    public int Version { get; set; } = 1;
}
