using Envigil.Kernel.Geography;
using NetTopologySuite.Geometries;

namespace Envigil.Kernel.Tests.Geography;

public class CommuneLocatorTests
{
    private static readonly Lazy<CommuneLocator> CaMau = new(() =>
        new CommuneLocator(AdminUnitSource.CommuneBoundaries("96").Select(b => (b.Key, b.Value.Boundary)), toleranceMetres: 250));

    [Theory]
    [InlineData(9.1769, 105.1524, "32025")] // Cà Mau city centre: Phường Tân Thành
    [InlineData(9.2850, 105.7240, "31825")] // Bạc Liêu town centre
    public void Point_inside_a_commune_is_found(double lat, double lon, string expected)
    {
        var match = CaMau.Value.Locate(lat, lon);
        Assert.NotNull(match);
        Assert.Equal(expected, match.CommuneCode);
        Assert.Equal(CommuneMatchKind.Inside, match.Kind);
    }

    [Fact]
    public void Every_communes_interior_point_is_located_in_that_commune()
    {
        foreach (var (code, (boundary, _)) in AdminUnitSource.CommuneBoundaries("96"))
        {
            var inside = boundary.InteriorPoint;
            var match = CaMau.Value.Locate(inside.Y, inside.X);
            Assert.NotNull(match);
            Assert.Equal(code, match.CommuneCode);
        }
    }

    [Fact]
    public void Point_just_outside_a_boundary_is_matched_within_the_tolerance()
    {
        var boundaries = AdminUnitSource.CommuneBoundaries("96");
        var province = boundaries.Values.Select(b => b.Boundary).Aggregate((a, b) => a.Union(b));
        // Walk from a commune's interior outwards (west, into the sea) until just outside the province.
        var (code, (boundary, _)) = boundaries.First(b => b.Key == "32098"); // Sông Đốc, on the west coast
        var start = boundary.InteriorPoint;
        var lon = start.X;
        while (province.Contains(new Point(lon, start.Y)))
            lon -= 0.0001; // ~11 m steps
        lon -= 0.0005; // ~55 m out to sea

        var match = CaMau.Value.Locate(start.Y, lon);

        Assert.NotNull(match);
        Assert.Equal(CommuneMatchKind.NearBoundary, match.Kind);
        Assert.InRange(match.DistanceMetres, 1, 250);
        Assert.Equal(code, match.CommuneCode);
    }

    [Theory]
    [InlineData(21.0285, 105.8542)] // Hà Nội
    [InlineData(9.1769, 103.0)] // far out in the Gulf of Thailand
    [InlineData(double.NaN, 105.0)]
    public void Point_far_from_the_province_is_not_matched(double lat, double lon) =>
        Assert.Null(CaMau.Value.Locate(lat, lon));

    [Fact]
    public void Overlapping_boundaries_choose_the_commune_the_point_is_deepest_in()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        Polygon Square(double x0, double x1) => factory.CreatePolygon([new(x0, 0), new(x1, 0), new(x1, 1), new(x0, 1), new(x0, 0)]);
        var locator = new CommuneLocator([("A", Square(0, 1.0)), ("B", Square(0.9, 2))], toleranceMetres: 100);

        var nearA = locator.Locate(0.5, 0.92)!; // inside both; 0.08° from A's edge, 0.02° from B's
        var nearB = locator.Locate(0.5, 0.98)!;

        Assert.Equal((CommuneMatchKind.Overlap, "A"), (nearA.Kind, nearA.CommuneCode));
        Assert.Equal((CommuneMatchKind.Overlap, "B"), (nearB.Kind, nearB.CommuneCode));
    }

    [Fact]
    public void Zero_tolerance_matches_by_containment_only()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var square = factory.CreatePolygon([new(105, 9), new(105.1, 9), new(105.1, 9.1), new(105, 9.1), new(105, 9)]);
        var locator = new CommuneLocator([("A", square)], toleranceMetres: 0);

        Assert.Null(locator.Locate(9.05, 105.1001));
        Assert.Equal("A", locator.Locate(9.05, 105.0999)?.CommuneCode);
    }
}

public class RegionAssignmentTests
{
    private const string Json = """
        {
          "provinceCode": "96", "provisional": true, "basis": "test",
          "regions": [ { "code": "west", "name": "Vùng phía Tây", "nameEn": "West" }, { "code": "east", "name": "Vùng phía Đông", "nameEn": "East" } ],
          "dividingLine": { "from": [105.0, 10.0], "to": [105.0, 8.0], "westRegion": "west", "eastRegion": "east" },
          "communeOverrides": { "00002": "west" }
        }
        """;

    private static Geometry SquareAt(double lon, double lat)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        return factory.CreatePolygon([new(lon, lat), new(lon + 0.01, lat), new(lon + 0.01, lat + 0.01), new(lon, lat + 0.01), new(lon, lat)]);
    }

    [Fact]
    public void Commune_is_assigned_by_the_side_of_the_line_its_interior_lies_on()
    {
        var assignment = RegionAssignment.Parse(Json);
        Assert.Equal("west", assignment.RegionOf("00001", SquareAt(104.9, 9)));
        Assert.Equal("east", assignment.RegionOf("00003", SquareAt(105.1, 9)));
    }

    [Fact]
    public void Override_wins_over_the_line() =>
        Assert.Equal("west", RegionAssignment.Parse(Json).RegionOf("00002", SquareAt(105.5, 9)));

    [Fact]
    public void Commune_without_boundary_or_line_has_no_region() =>
        Assert.Null(RegionAssignment.Parse(Json).RegionOf("00004", null));

    [Fact]
    public void Slanted_line_is_extended_beyond_its_ends()
    {
        var line = new DividingLine([105.35, 9.65], [104.85, 8.55], "west", "east");
        Assert.True(line.IsWest(104.9, 9.3));
        Assert.False(line.IsWest(105.3, 9.3));
        Assert.True(line.IsWest(104.5, 8.0)); // south of the line's end
    }

    [Fact]
    public void Shipped_assignment_for_the_demo_province_parses() =>
        Assert.Equal(2, RegionAssignment.Parse(AdminUnitSource.RegionAssignmentJson("96")!).Regions.Count);
}

public class AdminUnitSourceTests
{
    [Fact]
    public void Official_lists_have_34_provinces_and_3321_communes_with_unique_codes()
    {
        var provinces = AdminUnitSource.Provinces();
        var communes = AdminUnitSource.Communes();
        Assert.Equal(34, provinces.Count);
        Assert.Equal(3321, communes.Count);
        Assert.Equal(communes.Count, communes.Select(c => c.Code).Distinct().Count());
        Assert.All(communes, c => Assert.Contains(provinces, p => p.Code == c.ParentCode));
        Assert.Equal(64, communes.Count(c => c.ParentCode == "96"));
    }

    [Fact]
    public void Vietnamese_names_keep_their_diacritics()
    {
        Assert.Equal("Tỉnh Cà Mau", AdminUnitSource.Provinces().Single(p => p.Code == "96").FullName);
        Assert.Contains(AdminUnitSource.Communes(), c => c.FullName == "Xã Sông Đốc");
    }

    [Fact]
    public void Demo_province_boundaries_cover_exactly_its_communes()
    {
        var boundaries = AdminUnitSource.CommuneBoundaries("96");
        var codes = AdminUnitSource.Communes().Where(c => c.ParentCode == "96").Select(c => c.Code).Order();
        Assert.Equal(codes, boundaries.Keys.Order());
        Assert.All(boundaries.Values, b => Assert.True(b.Boundary.IsValid || b.Boundary.Buffer(0).IsValid));
        Assert.True(AdminUnitSource.HasBoundaries("96"));
        Assert.False(AdminUnitSource.HasBoundaries("01"));
    }
}
