using System.Globalization;
using System.Text.Json;
using Envigil.Hazards.Risk;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace Envigil.Hazards.Registers;

public sealed record ZoneRow(string Name, HazardType Hazard, Susceptibility Susceptibility, string? Source, DateOnly? SurveyedOn, Geometry Geometry);

/// <summary>
/// Reads hazard zones from a GeoJSON FeatureCollection (RFC 7946, WGS84). Each feature is judged on its own: a bad one
/// is reported with its number and reason, the others are kept. Pure: bytes in, rows and errors out.
/// </summary>
public static class ZoneGeoJson
{
    public const int MaxFeatures = 5_000;
    public const int MaxVerticesPerFeature = 200_000;

    private static readonly JsonSerializerOptions Json = CreateOptions();

    public static (IReadOnlyList<ZoneRow> Rows, IReadOnlyList<ImportError> Errors) Read(ReadOnlySpan<byte> utf8, string defaultSource)
    {
        var rows = new List<ZoneRow>();
        var errors = new List<ImportError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            errors.Add(new(0, null, $"Tệp không phải JSON hợp lệ: {e.Message}", $"The file is not valid JSON: {e.Message}"));
            return (rows, errors);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new(0, null, "Cần một GeoJSON FeatureCollection.", "Expected a GeoJSON FeatureCollection."));
                return (rows, errors);
            }
            if (features.GetArrayLength() > MaxFeatures)
            {
                errors.Add(new(0, null, $"Tối đa {MaxFeatures} vùng mỗi tệp.", $"At most {MaxFeatures} features per file."));
                return (rows, errors);
            }
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                index++;
                var row = ReadFeature(feature, index, defaultSource, errors);
                if (row is not null)
                    rows.Add(row);
            }
            if (index == 0)
                errors.Add(new(0, null, "Tệp không có vùng nào.", "The file has no features."));
        }
        return (rows, errors);
    }

    private static ZoneRow? ReadFeature(JsonElement feature, int row, string defaultSource, List<ImportError> errors)
    {
        var before = errors.Count;
        void Error(string? column, string vi, string en) => errors.Add(new(row, column, vi, en));
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("geometry", out var geometryJson) || geometryJson.ValueKind != JsonValueKind.Object)
        {
            Error("geometry", "Thiếu hình học.", "The feature has no geometry.");
            return null;
        }
        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        string? Prop(params string[] names)
        {
            if (properties.ValueKind != JsonValueKind.Object)
                return null;
            foreach (var name in names)
                foreach (var candidate in properties.EnumerateObject())
                    if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
                        return candidate.Value.ValueKind switch
                        {
                            JsonValueKind.String => candidate.Value.GetString()?.Trim(),
                            JsonValueKind.Number => candidate.Value.GetRawText(),
                            _ => null,
                        };
            return null;
        }

        Geometry? geometry = null;
        try
        {
            geometry = geometryJson.Deserialize<Geometry>(Json);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            Error("geometry", $"Hình học không đọc được: {e.Message}", $"The geometry cannot be read: {e.Message}");
        }
        var zone = ZoneFeature.ToRow(row, Prop, geometry, defaultSource, errors);
        return errors.Count > before ? null : zone;
    }

    internal static bool InWgs84(Envelope e) => e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }

    /// <summary>Reads one GeoJSON geometry (an area drawn for a warning): Polygon or MultiPolygon, valid, WGS84.</summary>
    public static Geometry? ReadArea(string json, out Message? error)
    {
        error = null;
        Geometry? geometry;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var element = doc.RootElement;
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var t) && t.GetString() == "Feature" && element.TryGetProperty("geometry", out var g))
                element = g;
            geometry = element.Deserialize<Geometry>(Json);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            error = new($"Vùng cảnh báo không phải GeoJSON hợp lệ: {e.Message}", $"The warning area is not valid GeoJSON: {e.Message}");
            return null;
        }
        if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty)
            error = new("Vùng cảnh báo phải là Polygon hoặc MultiPolygon.", "The warning area must be a Polygon or MultiPolygon.");
        else if (!InWgs84(geometry.EnvelopeInternal))
            error = new("Toạ độ vùng cảnh báo nằm ngoài WGS84.", "The warning area's coordinates are outside WGS84.");
        else if (geometry.NumPoints > MaxVerticesPerFeature)
            error = new("Vùng cảnh báo có quá nhiều đỉnh.", "The warning area has too many vertices.");
        else if (new IsValidOp(geometry).ValidationError is { } invalid)
            error = new($"Vùng cảnh báo không hợp lệ: {invalid.Message}.", $"The warning area is not valid: {invalid.Message}.");
        if (error is not null)
            return null;
        geometry!.SRID = 4326;
        return geometry;
    }
}
