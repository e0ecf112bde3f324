using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace Envigil.Kernel.Geography;

/// <summary>
/// How a province's communes are split into regions (e.g. West/East in Directive 3355-CV/TU item 4): a list of
/// regions, a dividing line for the default assignment by a commune's interior point, and explicit per-commune overrides.
/// Stored as JSON so each province can supply its own (<c>Envigil:RegionsFile</c>, or the embedded default).
/// </summary>
public sealed record RegionAssignment(
    string ProvinceCode,
    bool Provisional,
    string Basis,
    IReadOnlyList<RegionDefinition> Regions,
    DividingLine? DividingLine,
    IReadOnlyDictionary<string, string> CommuneOverrides)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public static RegionAssignment Parse(string json) =>
        JsonSerializer.Deserialize<RegionAssignment>(json, Json) ?? throw new FormatException("Empty region assignment.");

    /// <summary>The region of a commune: its override if any, else the side of the dividing line its interior point lies on.</summary>
    public string? RegionOf(string communeCode, Geometry? boundary)
    {
        if (CommuneOverrides.TryGetValue(communeCode, out var region))
            return region;
        if (DividingLine is null || boundary is null || boundary.IsEmpty)
            return null;
        var centroid = boundary.InteriorPoint; // inside even for crescent-shaped coastal communes
        return DividingLine.IsWest(centroid.X, centroid.Y) ? DividingLine.WestRegion : DividingLine.EastRegion;
    }
}

public sealed record RegionDefinition(string Code, string Name, string NameEn);

/// <summary>A line given by two [lon, lat] points; a point whose longitude is smaller than the line's at the same latitude is west.</summary>
public sealed record DividingLine(
    [property: JsonPropertyName("from")] double[] From,
    [property: JsonPropertyName("to")] double[] To,
    string WestRegion,
    string EastRegion)
{
    public bool IsWest(double longitude, double latitude)
    {
        // Longitude of the line at this latitude, extended beyond its ends.
        var (lon1, lat1, lon2, lat2) = (From[0], From[1], To[0], To[1]);
        var lineLongitude = Math.Abs(lat2 - lat1) < 1e-12 ? lon1 : lon1 + (latitude - lat1) * (lon2 - lon1) / (lat2 - lat1);
        return longitude < lineLongitude;
    }
}
