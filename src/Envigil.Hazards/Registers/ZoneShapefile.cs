using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Envigil.Kernel.Geography;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Registers;

/// <summary>
/// Reads hazard zones from a zipped ESRI Shapefile (ESRI Shapefile Technical Description, July 1998): .shp with
/// polygons (type 5; 15 and 25 read without their Z/M), .dbf attributes (dBASE III: C, N, F, D, L fields; UTF-8, or
/// what .cpg names), and a .prj that must say WGS 84 or VN-2000 (a TM-3 zone, converted with the kernel's
/// <see cref="Vn2000Transform"/>). Sizes are bounded before anything is inflated (a zip bomb stops at the limit).
/// </summary>
public static partial class ZoneShapefile
{
    public const int MaxEntries = 20;

    public static (IReadOnlyList<ZoneRow> Rows, IReadOnlyList<ImportError> Errors) Read(byte[] zip, string defaultSource, long maxUnzippedBytes, string? provinceName)
    {
        var rows = new List<ZoneRow>();
        var errors = new List<ImportError>();
        void Fail(string vi, string en) => errors.Add(new(0, null, vi, en));
        Dictionary<string, byte[]> files;
        try
        {
            files = Unzip(zip, maxUnzippedBytes, out var unzipError);
            if (unzipError is not null)
            {
                Fail(unzipError.Value.Vi, unzipError.Value.En);
                return (rows, errors);
            }
        }
        catch (InvalidDataException e)
        {
            Fail($"Tệp .zip hỏng: {e.Message}", $"The .zip file is damaged: {e.Message}");
            return (rows, errors);
        }
        var shps = files.Keys.Where(k => k.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
        if (shps.Count != 1)
        {
            Fail($"Tệp .zip phải có đúng một tệp .shp (có {shps.Count}).", $"The .zip must hold exactly one .shp file (it holds {shps.Count}).");
            return (rows, errors);
        }
        var stem = shps[0][..^4];
        byte[]? Sibling(string ext) => files.GetValueOrDefault(stem + ext) ?? files.FirstOrDefault(f => f.Key.Equals(stem + ext, StringComparison.OrdinalIgnoreCase)).Value;
        if (Sibling(".dbf") is not { } dbf)
        {
            Fail("Thiếu tệp .dbf (thuộc tính) cùng tên với tệp .shp.", "The .dbf file (attributes) with the .shp's name is missing.");
            return (rows, errors);
        }
        if (Sibling(".prj") is not { } prj)
        {
            Fail("Thiếu tệp .prj: không biết hệ toạ độ. Xuất lại Shapefile ở WGS 84 (EPSG:4326) hoặc VN-2000 kèm tệp .prj.",
                "The .prj file is missing: the coordinate system is unknown. Export the Shapefile in WGS 84 (EPSG:4326) or VN-2000 with its .prj.");
            return (rows, errors);
        }
        var crs = Crs.FromPrj(Encoding.UTF8.GetString(prj), provinceName);
        if (crs.Error is { } crsError)
        {
            Fail(crsError.Vi, crsError.En);
            return (rows, errors);
        }
        Encoding encoding = Encoding.UTF8;
        if (Sibling(".cpg") is { } cpg && Encoding.ASCII.GetString(cpg).Trim() is var codePage && !Regex.IsMatch(codePage, "^(UTF-?8|65001)$", RegexOptions.IgnoreCase))
        {
            Fail($"Bảng mã {codePage} (tệp .cpg) chưa hỗ trợ; xuất lại với bảng mã UTF-8.", $"Code page {codePage} (.cpg) is not supported; export again as UTF-8.");
            return (rows, errors);
        }

        List<Geometry?> shapes;
        List<Dictionary<string, string>> records;
        try
        {
            shapes = ReadShapes(Sibling(".shp")!, crs, errors);
            records = ReadDbf(dbf, encoding);
        }
        catch (FormatException e)
        {
            Fail($"Shapefile hỏng: {e.Message}", $"The Shapefile is damaged: {e.Message}");
            return (rows, errors);
        }
        if (shapes.Count != records.Count)
        {
            Fail($"Tệp .shp có {shapes.Count} hình nhưng .dbf có {records.Count} dòng.", $"The .shp holds {shapes.Count} shapes but the .dbf {records.Count} records.");
            return (rows, errors);
        }
        if (shapes.Count == 0)
            Fail("Shapefile không có vùng nào.", "The Shapefile has no features.");
        for (var i = 0; i < shapes.Count; i++)
        {
            var row = i + 1;
            if (errors.Any(e => e.Row == row))
                continue; // the shape itself could not be read
            var record = records[i];
            string? Prop(string[] names) => names.Select(n => record.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (shapes[i] is null)
            {
                errors.Add(new(row, "geometry", "Hình rỗng (null shape).", "The shape is empty (null shape)."));
                continue;
            }
            var before = errors.Count;
            var zone = ZoneFeature.ToRow(row, Prop, shapes[i], defaultSource, errors);
            if (zone is not null && errors.Count == before)
                rows.Add(zone);
        }
        return (rows, errors);
    }

    /// <summary>Inflates at most <paramref name="maxBytes"/> in all, counting what is actually read, not what the headers claim.</summary>
    private static Dictionary<string, byte[]> Unzip(byte[] zip, long maxBytes, out (string Vi, string En)? error)
    {
        error = null;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        if (archive.Entries.Count > MaxEntries)
        {
            error = ($"Tệp .zip có quá nhiều tệp (tối đa {MaxEntries}).", $"The .zip holds too many files (at most {MaxEntries}).");
            return files;
        }
        long total = 0;
        var buffer = new byte[81920];
        foreach (var entry in archive.Entries)
        {
            var ext = Path.GetExtension(entry.Name).ToLowerInvariant();
            if (entry.FullName.EndsWith('/') || ext is not (".shp" or ".shx" or ".dbf" or ".prj" or ".cpg"))
                continue; // folders, .qmd, .sbn…: not needed
            using var stream = entry.Open();
            using var output = new MemoryStream();
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    error = ($"Nội dung giải nén vượt {maxBytes / 1024 / 1024} MB.", $"The unzipped content exceeds {maxBytes / 1024 / 1024} MB.");
                    return files;
                }
                output.Write(buffer, 0, read);
            }
            files[entry.FullName] = output.ToArray();
        }
        return files;
    }

    /// <summary>The main file: a 100-byte header, then records (big-endian number and length in 16-bit words, little-endian content).</summary>
    private static List<Geometry?> ReadShapes(byte[] shp, Crs crs, List<ImportError> errors)
    {
        if (shp.Length < 100 || BinaryPrimitives.ReadInt32BigEndian(shp) != 9994)
            throw new FormatException("the .shp header is not a Shapefile header (file code 9994)");
        var type = BinaryPrimitives.ReadInt32LittleEndian(shp.AsSpan(32));
        if (type is not (0 or 5 or 15 or 25))
            throw new FormatException($"shape type {type} is not a polygon type (5, 15, 25); zones are polygons");
        var shapes = new List<Geometry?>();
        var offset = 100;
        while (offset + 8 <= shp.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(shp.AsSpan(offset + 4)) * 2;
            if (length < 4 || offset + 8 + (long)length > shp.Length)
                throw new FormatException($"record {shapes.Count + 1} runs past the end of the .shp");
            if (shapes.Count >= ZoneGeoJson.MaxFeatures)
                throw new FormatException($"more than {ZoneGeoJson.MaxFeatures} shapes");
            var content = shp.AsSpan(offset + 8, length);
            shapes.Add(ReadPolygon(content, shapes.Count + 1, crs, errors));
            offset += 8 + length;
        }
        return shapes;
    }

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static Geometry? ReadPolygon(ReadOnlySpan<byte> content, int row, Crs crs, List<ImportError> errors)
    {
        var type = BinaryPrimitives.ReadInt32LittleEndian(content);
        if (type == 0)
            return null;
        if (type is not (5 or 15 or 25) || content.Length < 44)
        {
            errors.Add(new(row, "geometry", $"Kiểu hình {type} không phải Polygon.", $"Shape type {type} is not a Polygon."));
            return null;
        }
        var parts = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
        var points = BinaryPrimitives.ReadInt32LittleEndian(content[40..]);
        if (parts < 1 || points < 4 || points > ZoneGeoJson.MaxVerticesPerFeature || 44 + parts * 4L + points * 16L > content.Length)
        {
            errors.Add(new(row, "geometry", $"Polygon hỏng hoặc quá lớn ({parts} phần, {points} đỉnh).", $"The polygon is damaged or too large ({parts} parts, {points} points)."));
            return null;
        }
        var starts = new int[parts + 1];
        for (var p = 0; p < parts; p++)
            starts[p] = BinaryPrimitives.ReadInt32LittleEndian(content[(44 + p * 4)..]);
        starts[parts] = points;
        var xy = content[(44 + parts * 4)..];
        var shells = new List<LinearRing>();
        var holes = new List<LinearRing>();
        for (var p = 0; p < parts; p++)
        {
            if (starts[p] < 0 || starts[p + 1] > points || starts[p + 1] - starts[p] < 4)
            {
                errors.Add(new(row, "geometry", $"Vòng {p + 1} của polygon hỏng.", $"Ring {p + 1} of the polygon is damaged."));
                return null;
            }
            var ring = new Coordinate[starts[p + 1] - starts[p]];
            for (var i = 0; i < ring.Length; i++)
            {
                var at = (starts[p] + i) * 16;
                var x = BinaryPrimitives.ReadDoubleLittleEndian(xy[at..]);
                var y = BinaryPrimitives.ReadDoubleLittleEndian(xy[(at + 8)..]);
                if (!crs.ToWgs84(x, y, out ring[i], out var error))
                {
                    errors.Add(new(row, "geometry", $"Toạ độ ({x.ToString(CultureInfo.InvariantCulture)}, {y.ToString(CultureInfo.InvariantCulture)}) không chuyển được: {error}",
                        $"Coordinate ({x.ToString(CultureInfo.InvariantCulture)}, {y.ToString(CultureInfo.InvariantCulture)}) cannot be converted: {error}"));
                    return null;
                }
            }
            var linear = Factory.CreateLinearRing(ring);
            // Shapefile rings: outer ones clockwise, holes counter-clockwise (the specification, "Polygon").
            (Orientation.IsCCW(linear.CoordinateSequence) ? holes : shells).Add(linear);
        }
        if (shells.Count == 0)
        {
            errors.Add(new(row, "geometry", "Polygon không có vòng ngoài (chiều kim đồng hồ).", "The polygon has no outer (clockwise) ring."));
            return null;
        }
        var polygons = shells.Select(shell =>
        {
            var shellPolygon = Factory.CreatePolygon(shell);
            var mine = holes.Where(h => shellPolygon.Contains(Factory.CreatePoint(h.InteriorPoint.Coordinate)) || shellPolygon.Covers(h)).ToList();
            holes.RemoveAll(mine.Contains);
            return Factory.CreatePolygon(shell, [.. mine]);
        }).ToList();
        if (holes.Count > 0)
        {
            errors.Add(new(row, "geometry", "Có vòng trong (lỗ) nằm ngoài mọi vòng ngoài.", "A hole lies outside every outer ring."));
            return null;
        }
        return polygons.Count == 1 ? polygons[0] : Factory.CreateMultiPolygon([.. polygons]);
    }

    /// <summary>dBASE III records: deleted ones ('*') are skipped the way GIS tools skip them, so they do not count as rows.</summary>
    private static List<Dictionary<string, string>> ReadDbf(byte[] dbf, Encoding encoding)
    {
        if (dbf.Length < 33)
            throw new FormatException("the .dbf is too short");
        var count = BinaryPrimitives.ReadInt32LittleEndian(dbf.AsSpan(4));
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(dbf.AsSpan(8));
        var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(dbf.AsSpan(10));
        if (count < 0 || headerLength < 33 || recordLength < 1 || headerLength + (long)count * recordLength > dbf.Length)
            throw new FormatException("the .dbf header does not match its size");
        var fields = new List<(string Name, char Type, int Offset, int Length)>();
        var fieldOffset = 1;
        for (var at = 32; at + 32 <= headerLength && dbf[at] != 0x0D; at += 32)
        {
            var name = Encoding.ASCII.GetString(dbf, at, 11).TrimEnd('\0', ' ');
            var length = dbf[at + 16];
            fields.Add((name, (char)dbf[at + 11], fieldOffset, length));
            fieldOffset += length;
        }
        if (fieldOffset > recordLength)
            throw new FormatException("the .dbf fields are longer than its records");
        var records = new List<Dictionary<string, string>>(count);
        for (var r = 0; r < count; r++)
        {
            var start = headerLength + r * recordLength;
            if (dbf[start] == (byte)'*')
                continue;
            var record = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, type, at, length) in fields)
            {
                var text = encoding.GetString(dbf, start + at, length).TrimEnd('\0').Trim();
                record[name] = type == 'L' ? (text is "T" or "t" or "Y" or "y" ? "true" : text is "F" or "f" or "N" or "n" ? "false" : "") : text;
            }
            records.Add(record);
        }
        return records;
    }

    /// <summary>The coordinate system a .prj (ESRI WKT) names: geographic WGS 84, or a VN-2000 TM-3 zone.</summary>
    private sealed partial class Crs
    {
        private Vn2000Zone? _vn2000;

        public (string Vi, string En)? Error { get; private init; }

        public static Crs FromPrj(string wkt, string? provinceName)
        {
            var compact = wkt.Replace(" ", "", StringComparison.Ordinal).Replace("-", "_", StringComparison.Ordinal).ToUpperInvariant();
            var projected = compact.StartsWith("PROJCS", StringComparison.Ordinal);
            if (!projected && compact.StartsWith("GEOGCS", StringComparison.Ordinal) && (compact.Contains("WGS_1984") || compact.Contains("WGS84") || compact.Contains("WGS_84")))
                return new Crs();
            if (projected && (compact.Contains("VN_2000") || compact.Contains("VN2000")))
            {
                if (!compact.Contains("TRANSVERSE_MERCATOR"))
                    return Fail("Tệp .prj là VN-2000 nhưng không phải phép chiếu Transverse Mercator.", "The .prj is VN-2000 but not a Transverse Mercator projection.");
                // TM-3 zones (k0 = 0.9999) are what provinces use; a UTM-like 6° zone (k0 = 0.9996) is another grid.
                if (Parameter(wkt, "scale_factor") is { } k && Math.Abs(k - 0.9999) > 1e-9)
                    return Fail($"Tệp .prj là VN-2000 múi 6° (hệ số {k.ToString(CultureInfo.InvariantCulture)}); chỉ nhận múi 3° (k0 = 0,9999).",
                        $"The .prj is a VN-2000 6° zone (scale {k.ToString(CultureInfo.InvariantCulture)}); only 3° zones (k0 = 0.9999) are accepted.");
                if (Parameter(wkt, "false_easting") is { } fe && Math.Abs(fe - 500_000) > 0.001)
                    return Fail("Tệp .prj VN-2000 có false easting khác 500 000 m.", "The VN-2000 .prj has a false easting other than 500 000 m.");
                Vn2000Zone zone;
                try
                {
                    zone = Parameter(wkt, "central_meridian") is { } meridian ? Vn2000Zone.FromDecimalDegrees(meridian)
                        : provinceName is not null ? Vn2000Zone.ForOldProvince(provinceName)
                        : throw new ArgumentException("no central meridian");
                }
                catch (ArgumentException e)
                {
                    return Fail($"Kinh tuyến trục VN-2000 trong tệp .prj không dùng được: {e.Message}", $"The VN-2000 central meridian of the .prj cannot be used: {e.Message}");
                }
                return new Crs { _vn2000 = zone };
            }
            var name = NameOf(wkt);
            return Fail($"Hệ toạ độ '{name}' chưa hỗ trợ; xuất lại Shapefile ở WGS 84 (EPSG:4326) hoặc VN-2000 múi 3°.",
                $"Coordinate system '{name}' is not supported; export the Shapefile in WGS 84 (EPSG:4326) or a VN-2000 3° zone.");
        }

        private static Crs Fail(string vi, string en) => new() { Error = (vi, en) };

        public bool ToWgs84(double x, double y, out Coordinate coordinate, out string? error)
        {
            error = null;
            if (_vn2000 is not { } zone)
            {
                coordinate = new Coordinate(x, y);
                return true;
            }
            // Shapefile x is the easting (the Vietnamese "Y"), y the northing ("X").
            var grid = new Vn2000GridPoint(y, x, zone);
            if (!Vn2000Transform.TryToWgs84(grid, out var wgs84, out error))
            {
                coordinate = new Coordinate();
                return false;
            }
            coordinate = new Coordinate(wgs84.Longitude, wgs84.Latitude);
            return true;
        }

        private static double? Parameter(string wkt, string name) =>
            ParameterPattern().Matches(wkt).FirstOrDefault(m => m.Groups[1].Value.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } match
            && double.TryParse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

        private static string NameOf(string wkt) => NamePattern().Match(wkt) is { Success: true } m ? m.Groups[1].Value : wkt[..Math.Min(wkt.Length, 60)];

        [GeneratedRegex("""PARAMETER\[\s*"([^"]+)"\s*,\s*([-+0-9.eE]+)\s*\]""")]
        private static partial Regex ParameterPattern();

        [GeneratedRegex("""^\s*\w+\[\s*"([^"]*)""")]
        private static partial Regex NamePattern();
    }
}
