using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;

namespace Envigil.Host.Tests.Hazards;

/// <summary>
/// Writes a real polygon Shapefile byte by byte (ESRI Shapefile Technical Description, 1998: .shp, .shx, dBASE III
/// .dbf) and zips it with a .prj, the way QGIS exports one, so the import is tested on files a GIS would produce.
/// </summary>
public static class ShapefileBytes
{
    public const string Wgs84Prj = """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";

    /// <summary>VN-2000 TM-3 with the given meridian, as QGIS writes EPSG:9210-like zones.</summary>
    public static string Vn2000Prj(double centralMeridian) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $$"""PROJCS["VN-2000 / TM-3 zone",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{{centralMeridian}}],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""");

    public const string Utm48Prj = """PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],UNIT["Meter",1.0]]""";

    public sealed record Field(string Name, char Type, int Length);

    /// <summary>One feature: its rings (outer clockwise, holes counter-clockwise, closed) and its attribute values in field order.</summary>
    public sealed record Feature(IReadOnlyList<Coordinate[]> Rings, IReadOnlyList<string> Values);

    public static byte[] Zip(IReadOnlyList<Field> fields, IReadOnlyList<Feature> features, string? prj, string stem = "vung_nguy_co")
    {
        var (shp, shx) = ShpShx(features);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] bytes)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
            Add(stem + ".shp", shp);
            Add(stem + ".shx", shx);
            Add(stem + ".dbf", Dbf(fields, features));
            Add(stem + ".cpg", "UTF-8"u8.ToArray());
            if (prj is not null)
                Add(stem + ".prj", Encoding.ASCII.GetBytes(prj));
        }
        return buffer.ToArray();
    }

    /// <summary>A clockwise (outer) square ring of half-side <paramref name="half"/> around <paramref name="c"/>.</summary>
    public static Coordinate[] ClockwiseSquare(Coordinate c, double half) =>
        [new(c.X - half, c.Y - half), new(c.X - half, c.Y + half), new(c.X + half, c.Y + half), new(c.X + half, c.Y - half), new(c.X - half, c.Y - half)];

    private static (byte[] Shp, byte[] Shx) ShpShx(IReadOnlyList<Feature> features)
    {
        var records = features.Select(f =>
        {
            var points = f.Rings.Sum(r => r.Length);
            var content = new byte[44 + 4 * f.Rings.Count + 16 * points];
            var all = f.Rings.SelectMany(r => r).ToList();
            BinaryPrimitives.WriteInt32LittleEndian(content, 5);
            WriteBox(content.AsSpan(4), all);
            BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(36), f.Rings.Count);
            BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(40), points);
            var start = 0;
            for (var i = 0; i < f.Rings.Count; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(44 + 4 * i), start);
                start += f.Rings[i].Length;
            }
            var at = 44 + 4 * f.Rings.Count;
            foreach (var c in all)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(content.AsSpan(at), c.X);
                BinaryPrimitives.WriteDoubleLittleEndian(content.AsSpan(at + 8), c.Y);
                at += 16;
            }
            return content;
        }).ToList();
        var everything = features.SelectMany(f => f.Rings.SelectMany(r => r)).ToList();
        var shp = new MemoryStream();
        var shx = new MemoryStream();
        var shpLength = 100 + records.Sum(r => 8 + r.Length);
        shp.Write(Header(shpLength, everything));
        shx.Write(Header(100 + 8 * records.Count, everything));
        var offset = 100;
        for (var i = 0; i < records.Count; i++)
        {
            var head = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(head, i + 1);
            BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(4), records[i].Length / 2);
            shp.Write(head);
            shp.Write(records[i]);
            var index = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(index, offset / 2);
            BinaryPrimitives.WriteInt32BigEndian(index.AsSpan(4), records[i].Length / 2);
            shx.Write(index);
            offset += 8 + records[i].Length;
        }
        return (shp.ToArray(), shx.ToArray());
    }

    private static byte[] Header(int fileBytes, IReadOnlyList<Coordinate> all)
    {
        var header = new byte[100];
        BinaryPrimitives.WriteInt32BigEndian(header, 9994);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(24), fileBytes / 2);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), 1000);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(32), 5);
        WriteBox(header.AsSpan(36), all);
        return header;
    }

    private static void WriteBox(Span<byte> at, IReadOnlyList<Coordinate> all)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(at, all.Min(c => c.X));
        BinaryPrimitives.WriteDoubleLittleEndian(at[8..], all.Min(c => c.Y));
        BinaryPrimitives.WriteDoubleLittleEndian(at[16..], all.Max(c => c.X));
        BinaryPrimitives.WriteDoubleLittleEndian(at[24..], all.Max(c => c.Y));
    }

    private static byte[] Dbf(IReadOnlyList<Field> fields, IReadOnlyList<Feature> features)
    {
        var headerLength = 32 + 32 * fields.Count + 1;
        var recordLength = 1 + fields.Sum(f => f.Length);
        var dbf = new byte[headerLength + recordLength * features.Count + 1];
        dbf[0] = 0x03;
        (dbf[1], dbf[2], dbf[3]) = (125, 11, 26);
        BinaryPrimitives.WriteInt32LittleEndian(dbf.AsSpan(4), features.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(dbf.AsSpan(8), (ushort)headerLength);
        BinaryPrimitives.WriteUInt16LittleEndian(dbf.AsSpan(10), (ushort)recordLength);
        for (var i = 0; i < fields.Count; i++)
        {
            var at = 32 + 32 * i;
            Encoding.ASCII.GetBytes(fields[i].Name).CopyTo(dbf, at);
            dbf[at + 11] = (byte)fields[i].Type;
            dbf[at + 16] = (byte)fields[i].Length;
        }
        dbf[headerLength - 1] = 0x0D;
        for (var r = 0; r < features.Count; r++)
        {
            var at = headerLength + r * recordLength;
            dbf[at++] = (byte)' ';
            for (var i = 0; i < fields.Count; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(features[r].Values[i]);
                Assert.True(bytes.Length <= fields[i].Length, $"{fields[i].Name}: value longer than the field");
                dbf.AsSpan(at, fields[i].Length).Fill((byte)' ');
                bytes.CopyTo(dbf, at);
                at += fields[i].Length;
            }
        }
        dbf[^1] = 0x1A;
        return dbf;
    }
}
