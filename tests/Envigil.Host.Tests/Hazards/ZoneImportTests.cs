using System.Net.Http.Json;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Envigil.Kernel.Geography;
using NetTopologySuite.Geometries;
using static Envigil.Host.Tests.Hazards.HazardsSetup;
using static Envigil.Host.Tests.Hazards.ShapefileBytes;

namespace Envigil.Host.Tests.Hazards;

/// <summary>Zones imported from KML and zipped Shapefiles (WGS 84 and VN-2000) over HTTP on both providers, with row errors and bounded sizes.</summary>
public abstract class ZoneImportTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly Field[] Fields = [new("NAME", 'C', 80), new("HAZARD", 'C', 20), new("SUSCEPTIBI", 'C', 10), new("SURVEYEDON", 'D', 8), new("SOURCE", 'C', 60)];

    private async Task<JsonElement> ImportAsync(byte[] content, string fileName)
    {
        var officer = await app.SignedIn(Demo.Officer);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await officer.PostAsync("/api/v1/hazards/zones/import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private async Task<JsonElement> FeatureAsync(string name)
    {
        var layer = await JsonAsync(await (await app.SignedIn(Demo.Officer)).GetAsync("/api/v1/hazards/zones.geojson"));
        return layer.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("name").GetString() == name);
    }

    private static List<JsonElement> Errors(JsonElement report) => [.. report.GetProperty("errors").EnumerateArray()];

    private static string Ring(Coordinate[] ring) => string.Join(" ", ring.Select(c => FormattableString.Invariant($"{c.X},{c.Y},0")));

    [Fact]
    public async Task A_zone_drawn_as_corners_is_stored_and_a_bad_drawing_is_refused_with_reasons()
    {
        var tag = Guid.NewGuid().ToString("n")[..6];
        var (_, p) = Commune(app, 12);
        var officer = await app.SignedIn(Demo.Officer);
        var corners = FormattableString.Invariant($"{p.Y - 0.01}, {p.X - 0.01}\n{p.Y - 0.01}, {p.X + 0.01}\n{p.Y + 0.01}, {p.X + 0.01}\n{p.Y + 0.01}, {p.X - 0.01}");
        var created = await officer.PostAsJsonAsync("/api/v1/hazards/zones",
            new { name = $"Sạt lở vẽ tay {tag}", hazard = "Landslide", susceptibility = "High", surveyedOn = "2026-10-01", points = corners });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var feature = await FeatureAsync($"Sạt lở vẽ tay {tag}");
        Assert.Equal("Polygon", feature.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(5, feature.GetProperty("geometry").GetProperty("coordinates")[0].GetArrayLength()); // closed ring
        Assert.Equal("Landslide", feature.GetProperty("properties").GetProperty("hazard").GetString());

        var refused = await officer.PostAsJsonAsync("/api/v1/hazards/zones",
            new { name = "", hazard = "Volcano", points = "9.1, 105.1\nnot a corner\n9.2, 105.2" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = Errors(await JsonAsync(refused));
        Assert.Contains(errors, e => e.GetProperty("messageEn").GetString()!.Contains("Line 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.GetProperty("column").GetString() == "hazard");
        Assert.Contains(errors, e => e.GetProperty("column").GetString() == "name");

        var selfCrossing = await officer.PostAsJsonAsync("/api/v1/hazards/zones", new
        {
            name = $"Hình nơ {tag}", hazard = "Flood",
            points = FormattableString.Invariant($"{p.Y}, {p.X}\n{p.Y + 0.01}, {p.X + 0.01}\n{p.Y}, {p.X + 0.01}\n{p.Y + 0.01}, {p.X}"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, selfCrossing.StatusCode);
        Assert.Contains(Errors(await JsonAsync(selfCrossing)), e => e.GetProperty("column").GetString() == "geometry");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedIn(Demo.Viewer)).PostAsJsonAsync("/api/v1/hazards/zones", new { name = "x", hazard = "Flood", points = corners })).StatusCode);
    }

    [Fact]
    public async Task Kml_placemarks_with_holes_and_multi_geometry_are_stored_and_points_are_reported()
    {
        var tag = Guid.NewGuid().ToString("n")[..6];
        var (_, p) = Commune(app, 10);
        var outer = ClockwiseSquare(p, 0.01);
        var hole = ClockwiseSquare(p, 0.002).Reverse().ToArray();
        var east = ClockwiseSquare(new Coordinate(p.X + 0.03, p.Y), 0.005);
        var kml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Vùng nguy cơ</name>
              <Schema name="zones" id="zones"><SimpleField name="hazard" type="string"/></Schema>
              <Placemark><name>Sạt lở ấp Thạnh Phú {tag}</name>
                <ExtendedData><SchemaData schemaUrl="#zones"><SimpleData name="hazard">Landslide</SimpleData><SimpleData name="susceptibility">High</SimpleData></SchemaData>
                  <Data name="surveyedOn"><value>15/09/2025</value></Data><Data name="source"><value>Khảo sát của Sở 2025</value></Data></ExtendedData>
                <Polygon><outerBoundaryIs><LinearRing><coordinates>{Ring(outer)}</coordinates></LinearRing></outerBoundaryIs>
                  <innerBoundaryIs><LinearRing><coordinates>{Ring(hole)}</coordinates></LinearRing></innerBoundaryIs></Polygon>
              </Placemark>
              <Placemark><name>Bờ biển Đông {tag}</name>
                <ExtendedData><Data name="hazard"><value>Erosion</value></Data></ExtendedData>
                <MultiGeometry>
                  <Polygon><outerBoundaryIs><LinearRing><coordinates>{Ring(east)}</coordinates></LinearRing></outerBoundaryIs></Polygon>
                  <Polygon><outerBoundaryIs><LinearRing><coordinates>{Ring(ClockwiseSquare(new Coordinate(p.X + 0.06, p.Y), 0.005))}</coordinates></LinearRing></outerBoundaryIs></Polygon>
                </MultiGeometry>
              </Placemark>
              <Placemark><name>Một điểm</name><ExtendedData><Data name="hazard"><value>Flood</value></Data></ExtendedData><Point><coordinates>{p.X},{p.Y},0</coordinates></Point></Placemark>
              <Placemark><name>Sai loại</name><ExtendedData><Data name="hazard"><value>Volcano</value></Data></ExtendedData>
                <Polygon><outerBoundaryIs><LinearRing><coordinates>{Ring(east)}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
            </Document></kml>
            """;
        var report = await ImportAsync(Encoding.UTF8.GetBytes(kml), "vung.kml");
        Assert.Equal((2, 2), (report.GetProperty("stored").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var errors = Errors(report);
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("messageEn").GetString()!.Contains("not Point"));
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 4 && e.GetProperty("column").GetString() == "hazard");

        var landslide = await FeatureAsync($"Sạt lở ấp Thạnh Phú {tag}");
        Assert.Equal(("Landslide", "High", "Khảo sát của Sở 2025"), (landslide.GetProperty("properties").GetProperty("hazard").GetString(),
            landslide.GetProperty("properties").GetProperty("susceptibility").GetString(), landslide.GetProperty("properties").GetProperty("source").GetString()));
        Assert.Equal(2, landslide.GetProperty("geometry").GetProperty("coordinates").GetArrayLength()); // the outer ring and its hole
        var erosion = await FeatureAsync($"Bờ biển Đông {tag}");
        Assert.Equal("MultiPolygon", erosion.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("Medium", erosion.GetProperty("properties").GetProperty("susceptibility").GetString());

        var broken = await ImportAsync("<kml><Placemark>"u8.ToArray(), "hong.kml");
        Assert.Contains("not valid KML", Errors(broken)[0].GetProperty("messageEn").GetString());
        var entity = await ImportAsync(Encoding.UTF8.GetBytes("""<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml>&x;</kml>"""), "xxe.kml");
        Assert.Contains("not valid KML", Errors(entity)[0].GetProperty("messageEn").GetString());
    }

    [Fact]
    public async Task Shapefile_zip_in_WGS84_maps_dbf_columns_and_reports_bad_rows()
    {
        var tag = Guid.NewGuid().ToString("n")[..6];
        var (_, p) = Commune(app, 11);
        var outer = ClockwiseSquare(p, 0.01);
        var hole = ClockwiseSquare(p, 0.002).Reverse().ToArray();
        var zip = Zip(Fields,
        [
            new([outer, hole], [$"Sụt lún khóm 3 {tag}", "Subsidence", "VeryHigh", "20250812", "Viện Địa chất"]),
            new([ClockwiseSquare(new Coordinate(p.X + 0.03, p.Y), 0.004)], [$"Triều cường {tag}", "StormSurge", "", "", ""]),
            new([ClockwiseSquare(new Coordinate(p.X + 0.05, p.Y), 0.004)], [$"Sai loại {tag}", "Volcano", "Low", "", ""]),
        ], Wgs84Prj);

        var report = await ImportAsync(zip, "vung_nguy_co.zip");
        Assert.Equal((2, 1), (report.GetProperty("stored").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var error = Assert.Single(Errors(report));
        Assert.Equal((3, "hazard"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));

        var subsidence = await FeatureAsync($"Sụt lún khóm 3 {tag}");
        Assert.Equal(("Subsidence", "VeryHigh", "Viện Địa chất"), (subsidence.GetProperty("properties").GetProperty("hazard").GetString(),
            subsidence.GetProperty("properties").GetProperty("susceptibility").GetString(), subsidence.GetProperty("properties").GetProperty("source").GetString()));
        Assert.Equal(2, subsidence.GetProperty("geometry").GetProperty("coordinates").GetArrayLength());
        var zones = await JsonAsync(await (await app.SignedIn(Demo.Officer)).GetAsync("/api/v1/hazards/zones?hazard=Subsidence"));
        Assert.Contains(zones.EnumerateArray(), z => z.GetProperty("name").GetString() == $"Sụt lún khóm 3 {tag}" && z.GetProperty("surveyedOn").GetString() == "2025-08-12");
        var surge = await FeatureAsync($"Triều cường {tag}");
        Assert.Equal(("Medium", "vung_nguy_co.zip"), (surge.GetProperty("properties").GetProperty("susceptibility").GetString(), surge.GetProperty("properties").GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Shapefile_in_VN2000_is_converted_to_WGS84_and_other_or_missing_projections_are_refused()
    {
        var tag = Guid.NewGuid().ToString("n")[..6];
        var (_, p) = Commune(app, 12);
        // Cà Mau's VN-2000 TM-3 zone: central meridian 104°30′ (Circular 973/2001/TT-TCĐC, via the kernel's table).
        var zone = Vn2000Zone.ForOldProvince("Cà Mau");
        var wgs84 = ClockwiseSquare(p, 0.01);
        var grid = wgs84.Select(c => Vn2000Transform.FromWgs84(c.Y, c.X, zone)).Select(g => new Coordinate(g.EastingY, g.NorthingX)).ToArray();
        var features = new[] { new Feature([grid], [$"Ngập ven sông {tag}", "Flood", "High", "", "Sở NN&MT"]) };

        var report = await ImportAsync(Zip(Fields, features, Vn2000Prj(zone.CentralMeridianDegrees)), "vn2000.zip");
        Assert.Equal(1, report.GetProperty("stored").GetInt32());
        var ring = (await FeatureAsync($"Ngập ven sông {tag}")).GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray()
            .Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToList();
        Assert.Equal(5, ring.Count);
        foreach (var original in wgs84)
            Assert.Contains(ring, c => Math.Abs(c.X - original.X) < 1e-6 && Math.Abs(c.Y - original.Y) < 1e-6);

        var utm = await ImportAsync(Zip(Fields, features, Utm48Prj), "utm.zip");
        Assert.Equal(0, utm.GetProperty("stored").GetInt32());
        Assert.Contains("WGS_1984_UTM_Zone_48N", Errors(utm)[0].GetProperty("messageEn").GetString());
        var noPrj = await ImportAsync(Zip(Fields, features, prj: null), "noprj.zip");
        Assert.Contains(".prj file is missing", Errors(noPrj)[0].GetProperty("messageEn").GetString());
        var sixDegree = await ImportAsync(Zip(Fields, features, Vn2000Prj(zone.CentralMeridianDegrees).Replace("0.9999", "0.9996", StringComparison.Ordinal)), "tm6.zip");
        Assert.Contains("only 3° zones", Errors(sixDegree)[0].GetProperty("messageEn").GetString());
    }

    [Fact]
    public async Task Zip_that_inflates_past_the_limit_is_refused_without_storing_anything()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("bomb.shp", CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 101; i++) // 101 MB of zeros: past 5 × the 20 MB upload limit, about 100 KB zipped
                stream.Write(zeros);
        }
        var report = await ImportAsync(buffer.ToArray(), "bomb.zip");
        Assert.Equal(0, report.GetProperty("stored").GetInt32());
        Assert.Contains("unzipped content exceeds", Errors(report)[0].GetProperty("messageEn").GetString());
        var notZip = await ImportAsync([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "hong.zip");
        Assert.Contains(".zip", Errors(notZip)[0].GetProperty("messageEn").GetString());
    }
}

public sealed class ZoneImportTestsOnSqlite(SqliteApp app) : ZoneImportTests<SqliteApp>(app);

public sealed class ZoneImportTestsOnPostgres(PostgresApp app) : ZoneImportTests<PostgresApp>(app);
