using System.Globalization;
using System.Reflection;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Envigil.Kernel.Geography;

/// <summary>A unit as read from the official list shipped with Envigil (Geography/Data, see SOURCE.md there).</summary>
public sealed record OfficialUnit(string Code, AdminLevel Level, string Name, string NameEn, string FullName, string FullNameEn, string UnitType, string? ParentCode);

/// <summary>
/// Reads the shipped administrative-unit lists: 34 provinces and 3,321 communes in force since 1 July 2025, and
/// the boundaries of the provinces for which a boundary file is shipped.
/// </summary>
public static class AdminUnitSource
{
    private static readonly Assembly Assembly = typeof(AdminUnitSource).Assembly;
    private const string Prefix = "Envigil.Kernel.Geography.Data.";

    public static IReadOnlyList<OfficialUnit> Provinces() =>
        ReadCsv("provinces.csv").Select(f => new OfficialUnit(f[0], AdminLevel.Province, f[1], f[2], f[3], f[4], f[6], null)).ToList();

    public static IReadOnlyList<OfficialUnit> Communes() =>
        ReadCsv("wards.csv").Select(f => new OfficialUnit(f[0], AdminLevel.Commune, f[1], f[2], f[3], f[4], f[7], f[6])).ToList();

    public static bool HasBoundaries(string provinceCode) => Assembly.GetManifestResourceInfo($"{Prefix}{provinceCode}.wards.geojson") is not null;

    /// <summary>Commune boundaries of a province by commune code, with the area the source gives.</summary>
    public static IReadOnlyDictionary<string, (Geometry Boundary, double? AreaKm2)> CommuneBoundaries(string provinceCode) =>
        ReadBoundaries($"{provinceCode}.wards.geojson");

    public static (Geometry Boundary, double? AreaKm2)? ProvinceBoundary(string provinceCode) =>
        ReadBoundaries($"{provinceCode}.province.geojson").TryGetValue(provinceCode, out var b) ? b : null;

    public static string? RegionAssignmentJson(string provinceCode) => ReadText($"{provinceCode}.regions.json");

    private static Dictionary<string, (Geometry, double?)> ReadBoundaries(string resource)
    {
        var json = ReadText(resource);
        var result = new Dictionary<string, (Geometry, double?)>(StringComparer.Ordinal);
        if (json is null)
            return result;
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        var collection = JsonSerializer.Deserialize<FeatureCollection>(json, options)!;
        foreach (var feature in collection)
        {
            var code = Convert.ToString(feature.Attributes["code"], CultureInfo.InvariantCulture)!;
            var area = feature.Attributes.Exists("areaKm2") ? Convert.ToDouble(feature.Attributes["areaKm2"], CultureInfo.InvariantCulture) : (double?)null;
            var geometry = feature.Geometry;
            geometry.SRID = 4326;
            result[code] = (geometry, area);
        }
        return result;
    }

    private static IEnumerable<string[]> ReadCsv(string resource)
    {
        var text = ReadText(resource) ?? throw new InvalidOperationException($"Missing embedded resource {resource}.");
        // The official lists contain no quoted fields (checked when copied); a comma never appears inside a name.
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(line => line.Split(','));
    }

    private static string? ReadText(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + resource);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
