using System.Globalization;
using System.Xml;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Registers;

/// <summary>
/// Reads hazard zones from KML 2.2 (OGC 12-007r2; Google Earth, QGIS "Save as KML"): every Placemark is a zone, its
/// Polygon (or the Polygons of a MultiGeometry) with outerBoundaryIs / innerBoundaryIs rings, its name from &lt;name&gt;
/// or the attributes, attributes from ExtendedData (Data/value and SchemaData/SimpleData). KML coordinates are WGS84
/// "lon,lat[,alt]" by definition. No DTDs, no external entities; bounded like the GeoJSON import.
/// </summary>
public static class ZoneKml
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static (IReadOnlyList<ZoneRow> Rows, IReadOnlyList<ImportError> Errors) Read(byte[] content, string defaultSource)
    {
        var rows = new List<ZoneRow>();
        var errors = new List<ImportError>();
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0, MaxCharactersInDocument = 200_000_000,
            });
            document.Load(reader);
        }
        catch (XmlException e)
        {
            errors.Add(new(0, null, $"Tệp không phải KML (XML) hợp lệ: {e.Message}", $"The file is not valid KML (XML): {e.Message}"));
            return (rows, errors);
        }
        if (document.DocumentElement?.LocalName != "kml")
        {
            errors.Add(new(0, null, "Cần một tệp KML (phần tử gốc <kml>).", "Expected a KML file (root element <kml>)."));
            return (rows, errors);
        }
        var placemarks = Descendants(document.DocumentElement, "Placemark").ToList();
        if (placemarks.Count == 0)
            errors.Add(new(0, null, "Tệp không có Placemark nào.", "The file has no Placemark."));
        else if (placemarks.Count > ZoneGeoJson.MaxFeatures)
        {
            errors.Add(new(0, null, $"Tối đa {ZoneGeoJson.MaxFeatures} vùng mỗi tệp.", $"At most {ZoneGeoJson.MaxFeatures} features per file."));
            return (rows, errors);
        }
        var index = 0;
        foreach (var placemark in placemarks)
        {
            index++;
            var row = ReadPlacemark(placemark, index, defaultSource, errors);
            if (row is not null)
                rows.Add(row);
        }
        return (rows, errors);
    }

    private static ZoneRow? ReadPlacemark(XmlElement placemark, int row, string defaultSource, List<ImportError> errors)
    {
        var before = errors.Count;
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var data in Descendants(placemark, "Data"))
            if (data.GetAttribute("name") is { Length: > 0 } key && Child(data, "value")?.InnerText.Trim() is { Length: > 0 } value)
                attributes.TryAdd(key, value);
        foreach (var simple in Descendants(placemark, "SimpleData"))
            if (simple.GetAttribute("name") is { Length: > 0 } key && simple.InnerText.Trim() is { Length: > 0 } value)
                attributes.TryAdd(key, value);
        if (Child(placemark, "name")?.InnerText.Trim() is { Length: > 0 } placemarkName)
            attributes.TryAdd("name", placemarkName);
        string? Prop(string[] names) => names.Select(n => attributes.GetValueOrDefault(n)).FirstOrDefault(v => v is not null);

        Geometry? geometry = null;
        var polygons = new List<Polygon>();
        foreach (var polygon in Descendants(placemark, "Polygon"))
        {
            var shell = Ring(Child(Child(polygon, "outerBoundaryIs"), "LinearRing"), row, errors);
            var holes = polygon.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "innerBoundaryIs")
                .Select(inner => Ring(Child(inner, "LinearRing"), row, errors)).ToList();
            if (shell is null)
            {
                if (errors.Count == before)
                    errors.Add(new(row, "geometry", "Polygon thiếu outerBoundaryIs/LinearRing.", "A Polygon has no outerBoundaryIs/LinearRing."));
                continue;
            }
            if (holes.Any(h => h is null))
                continue;
            polygons.Add(Factory.CreatePolygon(shell, [.. holes!]));
        }
        if (errors.Count > before)
            return null;
        if (polygons.Count == 1)
            geometry = polygons[0];
        else if (polygons.Count > 1)
            geometry = Factory.CreateMultiPolygon([.. polygons]);
        else
        {
            var kind = new[] { "Point", "LineString", "LinearRing", "Model", "Track" }.FirstOrDefault(k => Descendants(placemark, k).Any()) ?? "không có hình học / no geometry";
            errors.Add(new(row, "geometry", $"Vùng phải là Polygon hoặc MultiGeometry gồm các Polygon, không phải {kind}.", $"A zone must be a Polygon or a MultiGeometry of Polygons, not {kind}."));
            return null;
        }
        var zone = ZoneFeature.ToRow(row, Prop, geometry, defaultSource, errors);
        return errors.Count > before ? null : zone;
    }

    /// <summary>"lon,lat[,alt]" tuples separated by whitespace, closed as KML requires (closed here if the file forgot).</summary>
    private static LinearRing? Ring(XmlElement? linearRing, int row, List<ImportError> errors)
    {
        var text = Child(linearRing, "coordinates")?.InnerText;
        if (text is null)
            return null;
        var coordinates = new List<Coordinate>();
        foreach (var tuple in text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = tuple.Split(',');
            if (parts.Length is < 2 or > 3
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
            {
                errors.Add(new(row, "geometry", $"Toạ độ '{Shorten(tuple)}' không đọc được (cần kinh độ,vĩ độ[,độ cao]).", $"Coordinate '{Shorten(tuple)}' cannot be read (expected lon,lat[,alt])."));
                return null;
            }
            if (coordinates.Count > ZoneGeoJson.MaxVerticesPerFeature)
            {
                errors.Add(new(row, "geometry", $"Quá nhiều đỉnh (tối đa {ZoneGeoJson.MaxVerticesPerFeature}).", $"Too many vertices (at most {ZoneGeoJson.MaxVerticesPerFeature})."));
                return null;
            }
            coordinates.Add(new Coordinate(lon, lat));
        }
        if (coordinates.Count > 0 && !coordinates[0].Equals2D(coordinates[^1]))
            coordinates.Add(coordinates[0].Copy());
        if (coordinates.Count < 4)
        {
            errors.Add(new(row, "geometry", "Một vòng cần ít nhất 3 đỉnh khác nhau.", "A ring needs at least 3 distinct vertices."));
            return null;
        }
        return Factory.CreateLinearRing([.. coordinates]);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static XmlElement? Child(XmlElement? parent, string localName) =>
        parent?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == localName);

    private static IEnumerable<XmlElement> Descendants(XmlElement parent, string localName) =>
        parent.GetElementsByTagName("*").OfType<XmlElement>().Where(e => e.LocalName == localName);
}
