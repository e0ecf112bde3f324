using System.Globalization;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Registers;

/// <summary>A zone drawn on the map (or typed): its attributes and its corners, one "latitude, longitude" per line.</summary>
public sealed record DrawnZoneInput(string? Name, string? Hazard, string? Susceptibility, string? Source, string? SurveyedOn, string? Points);

/// <summary>
/// Turns a drawn zone into the same <see cref="ZoneRow"/> an imported feature becomes, through <see cref="ZoneFeature"/>,
/// so a drawn zone is checked exactly like an imported one (attributes, validity, WGS84 bounds).
/// </summary>
internal static class ZoneDrawing
{
    public const int MaxCorners = 2_000;
    public const int MaxPointsText = 80_000;

    public static ZoneRow? Read(DrawnZoneInput input, string defaultSource, List<ImportError> errors)
    {
        var corners = new List<Coordinate>();
        if (input.Points is { Length: > MaxPointsText })
        {
            errors.Add(new(1, "points", $"Danh sách đỉnh dài quá {MaxPointsText} ký tự.", $"The list of corners is longer than {MaxPointsText} characters."));
            return null;
        }
        var lines = (input.Points ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > MaxCorners)
        {
            errors.Add(new(1, "points", $"Tối đa {MaxCorners} đỉnh.", $"At most {MaxCorners} corners."));
            return null;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
                corners.Add(new Coordinate(longitude, latitude));
            else
                errors.Add(new(1, "points", $"Dòng {i + 1} \"{Clip(lines[i])}\" không phải \"vĩ độ, kinh độ\" (ví dụ 9.1769, 105.1524).",
                    $"Line {i + 1} \"{Clip(lines[i])}\" is not \"latitude, longitude\" (e.g. 9.1769, 105.1524)."));
        }
        // A ring closes on its first corner; people do not have to repeat it.
        if (corners.Count > 0 && corners[0].Equals2D(corners[^1]))
            corners.RemoveAt(corners.Count - 1);
        Geometry? geometry = null;
        if (corners.Distinct().Count() < 3)
            errors.Add(new(1, "points", "Cần ít nhất 3 đỉnh khác nhau.", "At least 3 different corners are needed."));
        else if (errors.Count == 0)
            geometry = new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon([.. corners, corners[0]]);

        var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["name"] = input.Name?.Trim(), ["hazard"] = input.Hazard, ["susceptibility"] = input.Susceptibility,
            ["source"] = input.Source?.Trim(), ["surveyedOn"] = input.SurveyedOn,
        };
        string? Prop(string[] names) => names.Select(n => attributes.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var countBefore = errors.Count;
        var row = ZoneFeature.ToRow(1, Prop, geometry, defaultSource, errors);
        return errors.Count > countBefore || geometry is null ? null : row;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
