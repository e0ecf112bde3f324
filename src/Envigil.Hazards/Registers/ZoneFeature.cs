using System.Globalization;
using Envigil.Hazards.Risk;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Envigil.Hazards.Registers;

/// <summary>
/// One imported zone from its attributes and WGS84 geometry, the same way for every format (GeoJSON properties, KML
/// ExtendedData, Shapefile DBF columns): name, hazard, susceptibility, source, survey date; Polygon or MultiPolygon,
/// valid, within WGS84, bounded vertices. Problems are added to <c>errors</c> against the feature's number.
/// </summary>
internal static class ZoneFeature
{
    /// <summary>The attribute names each column is read from, case-insensitive; DBF names are at most 10 characters.</summary>
    public static readonly string[] Name = ["name", "ten", "tên"];
    public static readonly string[] Hazard = ["hazard", "loai", "loại"];
    public static readonly string[] Susceptibility = ["susceptibility", "susceptibi", "muc_do", "mức_độ"];
    public static readonly string[] SurveyedOn = ["surveyedOn", "surveyDate", "surveydate", "ngay_khao_sat", "ngay_ks"];
    public static readonly string[] Source = ["source", "nguon", "nguồn"];

    /// <param name="prop">The first non-empty attribute among the given names, or null.</param>
    public static ZoneRow? ToRow(int row, Func<string[], string?> prop, Geometry? geometry, string defaultSource, List<ImportError> errors)
    {
        var before = errors.Count;
        void Error(string? column, string vi, string en) => errors.Add(new(row, column, vi, en));
        var name = prop(Name);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 300)
            Error("name", "Thiếu tên vùng (thuộc tính name, tối đa 300 ký tự).", "Missing zone name (property name, at most 300 characters).");
        var hazardText = prop(Hazard);
        if (!HazardLabels.TryParse(hazardText, out HazardType hazard))
            Error("hazard", $"Loại thiên tai '{hazardText}' không hợp lệ; dùng một trong {string.Join(", ", Enum.GetNames<HazardType>())}.",
                $"Hazard '{hazardText}' is not valid; use one of {string.Join(", ", Enum.GetNames<HazardType>())}.");
        var susceptibilityText = prop(Susceptibility) ?? nameof(Risk.Susceptibility.Medium);
        if (!HazardLabels.TryParse(susceptibilityText, out Susceptibility susceptibility))
            Error("susceptibility", $"Mức nguy cơ '{susceptibilityText}' không hợp lệ (Low, Medium, High, VeryHigh).", $"Susceptibility '{susceptibilityText}' is not valid (Low, Medium, High, VeryHigh).");
        DateOnly? surveyed = null;
        if (prop(SurveyedOn) is { Length: > 0 } dateText)
        {
            // yyyyMMdd: a DBF date (type D).
            if (DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "dd/MM/yyyy", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                surveyed = d;
            else
                Error("surveyedOn", $"Ngày khảo sát '{dateText}' không hợp lệ (dd/MM/yyyy).", $"Survey date '{dateText}' is not a date (yyyy-MM-dd).");
        }

        if (geometry is not null)
        {
            if (geometry is not (Polygon or MultiPolygon))
                Error("geometry", $"Vùng phải là Polygon hoặc MultiPolygon, không phải {geometry.GeometryType}.", $"A zone must be a Polygon or MultiPolygon, not {geometry.GeometryType}.");
            else if (geometry.NumPoints > ZoneGeoJson.MaxVerticesPerFeature)
                Error("geometry", $"Quá nhiều đỉnh ({geometry.NumPoints}; tối đa {ZoneGeoJson.MaxVerticesPerFeature}).", $"Too many vertices ({geometry.NumPoints}; at most {ZoneGeoJson.MaxVerticesPerFeature}).");
            else if (geometry.IsEmpty)
                Error("geometry", "Hình học rỗng.", "The geometry is empty.");
            else if (!ZoneGeoJson.InWgs84(geometry.EnvelopeInternal))
                Error("geometry", "Toạ độ nằm ngoài phạm vi WGS84 (kinh độ, vĩ độ); GeoJSON và KML phải dùng WGS84, không dùng VN-2000.",
                    "Coordinates are outside WGS84 longitude/latitude; GeoJSON and KML must be WGS84, not VN-2000.");
            else if (new IsValidOp(geometry).ValidationError is { } invalid)
                Error("geometry", $"Hình học không hợp lệ: {invalid.Message} tại ({invalid.Coordinate?.X.ToString("0.#####", CultureInfo.InvariantCulture)}, {invalid.Coordinate?.Y.ToString("0.#####", CultureInfo.InvariantCulture)}).",
                    $"Invalid geometry: {invalid.Message} at ({invalid.Coordinate?.X.ToString("0.#####", CultureInfo.InvariantCulture)}, {invalid.Coordinate?.Y.ToString("0.#####", CultureInfo.InvariantCulture)}).");
        }
        if (errors.Count > before || geometry is null)
            return null;
        geometry.SRID = 4326;
        var source = prop(Source);
        return new ZoneRow(name!, hazard, susceptibility, string.IsNullOrWhiteSpace(source) ? defaultSource : source[..Math.Min(source.Length, 300)], surveyed, geometry);
    }
}
