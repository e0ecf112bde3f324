using System.Text;
using Envigil.Kernel.Geography;
using Xunit;

namespace Envigil.Kernel.Tests.Geography;

// Reference data:
//  * "§5.4" rows are the computed test vectors in shared/domain/follow-up-file-format-vn2000.md §5.4
//    (PROJ 9.1.1, EPSG:6960, ellipsoidal height 0). Grid values there are rounded to 1 mm and
//    lat/lon to 1e-9°.
//  * "PROJ" rows were produced for this file with Debian's proj-bin (PROJ 9.1.1, Rel. December 1st 2022),
//    forcing EPSG:6960 through an explicit towgs84 string (position-vector form, i.e. rotation signs
//    flipped relative to the EPSG coordinate-frame values). The commands were:
//
//      TW=+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278
//      WG="+proj=longlat +datum=WGS84 +no_defs"
//      CM="+proj=tmerc +lat_0=0 +lon_0=104.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 $TW +units=m +no_defs"
//      HN="+proj=tmerc +lat_0=0 +lon_0=105 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 $TW +units=m +no_defs"
//      echo "<lon> <lat>" | cs2cs -f %.4f  $WG +to $CM     # forward, Cà Mau (EPSG:9207 zone); $HN for Hà Nội (EPSG:5897)
//      echo "<E> <N>"     | cs2cs -f %.10f $CM +to $WG     # inverse
//
//    The random points were drawn with Python random.Random(20250) inside Cà Mau and Hà Nội.
//    This file never calls cs2cs; the numbers are literals.
public class Vn2000Tests
{
    private static readonly Vn2000Zone CaMauZone = Vn2000Zone.FromDegreesMinutes(104, 30);
    private static readonly Vn2000Zone HaNoiZone = Vn2000Zone.FromDegreesMinutes(105, 0);

    // Grid tolerance against 1 mm-rounded references: 0.5 mm rounding plus up to ~1 mm from the height
    // convention (see Vn2000.cs: FromWgs84 is the exact inverse of ToWgs84; PROJ assumes WGS 84 height 0
    // in this direction instead). Measured worst case: 0.73 mm per axis on §5.4, 0.98 mm (2D) on PROJ rows.
    private const double GridToleranceMetres = 0.0015;

    // Lat/lon references are rounded to 1e-9° (§5.4) or 1e-10° (PROJ rows); measured worst case 4.7e-11°
    // against the unrounded PROJ rows and 3.9e-10° against the §5.4 rows (their rounding).
    private const double DegreeTolerance = 1e-9;

    private static double Distance(Vn2000GridPoint a, double northing, double easting) =>
        Math.Sqrt(Math.Pow(a.NorthingX - northing, 2) + Math.Pow(a.EastingY - easting, 2));

    private static double Distance(Vn2000GridPoint a, Vn2000GridPoint b) => Distance(a, b.NorthingX, b.EastingY);

    // ---------------------------------------------------------------------------------------------
    // §5.4 reference vectors
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(9.1769, 105.1524, 104, 30, 1_014_890.885, 571_499.762)] // Cà Mau city
    [InlineData(10.7725, 106.6980, 105, 45, 1_191_454.611, 603_481.588)] // HCMC centre
    [InlineData(21.0285, 105.8542, 105, 0, 2_326_345.312, 588_591.944)] // Hà Nội, Hoàn Kiếm
    [InlineData(16.0544, 108.2022, 107, 45, 1_775_651.161, 548_188.299)] // Đà Nẵng
    [InlineData(10.9289, 108.1021, 108, 30, 1_208_622.921, 456_313.406)] // Phan Thiết area (Bình Thuận)
    public void FromWgs84_matches_reference_vectors(
        double lat, double lon, int degrees, int minutes, double expectedNorthingX, double expectedEastingY)
    {
        var zone = Vn2000Zone.FromDegreesMinutes(degrees, minutes);

        var grid = Vn2000Transform.FromWgs84(lat, lon, zone);

        Assert.Equal(zone, grid.Zone);
        Assert.InRange(grid.NorthingX - expectedNorthingX, -GridToleranceMetres, GridToleranceMetres);
        Assert.InRange(grid.EastingY - expectedEastingY, -GridToleranceMetres, GridToleranceMetres);
    }

    [Theory]
    [InlineData(104, 30, 1_000_000.000, 500_000.000, 9.042840428, 104.501781498)]
    [InlineData(105, 45, 1_190_000.000, 600_000.000, 10.759445635, 106.666128316)]
    [InlineData(105, 0, 2_320_000.000, 590_000.000, 20.971120949, 105.867414096)]
    public void ToWgs84_matches_reference_vectors(
        int degrees, int minutes, double northingX, double eastingY, double expectedLat, double expectedLon)
    {
        var point = new Vn2000GridPoint(northingX, eastingY, Vn2000Zone.FromDegreesMinutes(degrees, minutes));

        var wgs = Vn2000Transform.ToWgs84(point);

        Assert.InRange(wgs.Latitude - expectedLat, -DegreeTolerance, DegreeTolerance);
        Assert.InRange(wgs.Longitude - expectedLon, -DegreeTolerance, DegreeTolerance);
    }

    // ---------------------------------------------------------------------------------------------
    // PROJ cross-checks (literal values, see the header for the exact cs2cs commands)
    // ---------------------------------------------------------------------------------------------

    public static TheoryData<double, double, int, double, double> ProjForwardVectors => new()
    {
        // lat, lon, zone meridian degrees (104 = 104°30′ Cà Mau, 105 = 105°00′ Hà Nội), PROJ X (northing), PROJ Y (easting)
        { 9.4138788, 104.9622275, 104, 1041067.2426, 550566.0411 },
        { 8.8754501, 105.1108661, 104, 981543.5738, 566990.9930 },
        { 9.5242352, 104.7502339, 104, 1053248.3316, 527275.9006 },
        { 9.5219629, 105.2185700, 104, 1053068.9550, 578694.1008 },
        { 9.4348589, 104.8869775, 104, 1043377.5228, 542299.3770 },
        { 9.0913991, 105.1108816, 104, 1005426.7119, 566952.9279 },
        { 9.3194841, 104.8387822, 104, 1030612.2203, 537019.1306 },
        { 9.4398786, 105.2450034, 104, 1043996.3920, 581615.7576 },
        { 8.7191671, 105.1105414, 104, 964259.3821, 566983.4534 },
        { 9.4213215, 105.1768279, 104, 1041928.7329, 574132.7760 },
        { 20.8057641, 105.6020684, 105, 2301566.9234, 562476.3614 },
        { 21.1319438, 105.5217295, 105, 2337648.6487, 553995.6221 },
        { 20.6353974, 105.5210807, 105, 2282677.0724, 554106.4627 },
        { 21.2750698, 105.6405296, 105, 2353539.7191, 566271.5346 },
        { 21.0117861, 105.8693860, 105, 2324503.3493, 590180.5801 },
        { 20.7937371, 105.5520544, 105, 2300216.8262, 557274.5894 },
        { 20.7218810, 105.3397300, 105, 2292201.0099, 535187.4658 },
        { 20.8836555, 105.4115143, 105, 2310127.6093, 542618.2992 },
        { 20.9482566, 105.4841766, 105, 2317300.4909, 550156.6724 },
        { 20.6290751, 105.3715155, 105, 2281934.3868, 538521.5256 },
    };

    public static TheoryData<int, double, double, double, double> ProjInverseVectors => new()
    {
        // zone meridian degrees (as above), X (northing), Y (easting), PROJ lat, PROJ lon
        { 104, 1032648.810, 582034.590, 9.3372722764, 105.2485969260 },
        { 104, 971698.511, 539564.620, 8.7867529584, 104.8614220211 },
        { 104, 1040498.661, 555203.712, 9.4086799093, 105.0044486580 },
        { 104, 1031623.410, 571025.571, 9.3281979016, 105.1483623258 },
        { 104, 1048199.631, 598186.907, 9.4775283338, 105.3959924741 },
        { 105, 2301096.828, 574955.234, 20.8010553350, 105.7219214101 },
        { 105, 2315071.502, 576967.455, 20.9271972232, 105.7418692327 },
        { 105, 2289855.091, 563855.290, 20.6999274359, 105.6148868112 },
        { 105, 2331592.802, 563255.086, 21.0769472086, 105.6106478326 },
        { 105, 2343369.235, 581119.582, 21.1826063171, 105.7831221763 },
    };

    private static Vn2000Zone ZoneFor(int key) => key == 104 ? CaMauZone : HaNoiZone;

    [Theory]
    [MemberData(nameof(ProjForwardVectors))]
    public void FromWgs84_agrees_with_PROJ_to_about_a_millimetre(
        double lat, double lon, int zoneKey, double projNorthingX, double projEastingY)
    {
        var grid = Vn2000Transform.FromWgs84(lat, lon, ZoneFor(zoneKey));

        Assert.InRange(Distance(grid, projNorthingX, projEastingY), 0, GridToleranceMetres);
    }

    [Theory]
    [MemberData(nameof(ProjForwardVectors))]
    public void With_PROJs_height_convention_the_forward_direction_matches_PROJ_to_a_tenth_of_a_millimetre(
        double lat, double lon, int zoneKey, double projNorthingX, double projEastingY)
    {
        // Same datum shift and projection, but height 0 on the WGS 84 ellipsoid as PROJ assumes: the only
        // remaining difference is PROJ's 0.1 mm output rounding, so the ~1 mm above is the convention alone.
        var grid = Vn2000Transform.FromWgs84AtWgs84HeightZero(new Wgs84Point(lat, lon), ZoneFor(zoneKey), Vn2000DatumShift.Epsg6960);

        Assert.InRange(Distance(grid, projNorthingX, projEastingY), 0, 0.0001);
    }

    [Theory]
    [MemberData(nameof(ProjInverseVectors))]
    public void ToWgs84_agrees_with_PROJ(int zoneKey, double northingX, double eastingY, double projLat, double projLon)
    {
        var wgs = Vn2000Transform.ToWgs84(new Vn2000GridPoint(northingX, eastingY, ZoneFor(zoneKey)));

        Assert.InRange(wgs.Latitude - projLat, -1e-10, 1e-10);
        Assert.InRange(wgs.Longitude - projLon, -1e-10, 1e-10);
    }

    // Pure Transverse Mercator, no datum shift: `proj -f %.6f +proj=tmerc +lat_0=0 +lon_0=<cm> +k=0.9999
    // +x_0=500000 +y_0=0 +ellps=WGS84` (PROJ's default exact tmerc). Points reach 3.5° off the meridian,
    // well beyond the ±1.5° a TM-3 zone needs.
    [Theory]
    [InlineData(8.5, 106.0, 104.5, 940175.898666, 665158.840336)]
    [InlineData(23.4, 102.5, 105.0, 2590792.789131, 244424.763268)]
    [InlineData(15.0, 111.5, 108.0, 1661803.422187, 876593.309747)]
    [InlineData(9.0, 104.5, 104.5, 995150.752368, 500000.000000)]
    public void Transverse_Mercator_matches_PROJ_to_the_micrometre(
        double lat, double lon, double centralMeridian, double projNorthing, double projEasting)
    {
        var (easting, northing) = Vn2000TransverseMercator.Forward(
            Vn2000Transform.DegreesToRadians(lat), Vn2000Transform.DegreesToRadians(lon), centralMeridian);
        Assert.InRange(northing - projNorthing, -2e-6, 2e-6);
        Assert.InRange(easting - projEasting, -2e-6, 2e-6);

        var (latBack, lonBack) = Vn2000TransverseMercator.Inverse(projEasting, projNorthing, centralMeridian);
        Assert.InRange(Vn2000Transform.RadiansToDegrees(latBack) - lat, -1e-10, 1e-10);
        Assert.InRange(Vn2000Transform.RadiansToDegrees(lonBack) - lon, -1e-10, 1e-10);
    }

    // ---------------------------------------------------------------------------------------------
    // Round trips
    // ---------------------------------------------------------------------------------------------

    public static TheoryData<int, int, double, double> ZonesWithLatitudeBands => new()
    {
        // Every meridian in the province table plus the national 102° zone, each with a latitude band
        // that brackets the provinces using it (so points are realistic, not just anywhere).
        { 102, 0, 20.5, 22.5 },
        { 103, 0, 21.0, 22.8 },
        { 104, 0, 20.5, 22.0 },
        { 104, 30, 8.5, 10.5 },
        { 104, 45, 10.0, 22.8 },
        { 105, 0, 9.0, 21.5 },
        { 105, 30, 9.2, 23.0 },
        { 105, 45, 9.8, 23.0 },
        { 106, 0, 17.0, 22.5 },
        { 106, 15, 11.3, 17.3 },
        { 106, 30, 21.3, 22.8 },
        { 107, 0, 15.9, 21.7 },
        { 107, 15, 21.3, 22.4 },
        { 107, 30, 13.9, 15.5 },
        { 107, 45, 10.3, 21.6 },
        { 108, 0, 14.5, 15.5 },
        { 108, 15, 11.3, 14.7 },
        { 108, 30, 10.5, 14.7 },
    };

    [Theory]
    [MemberData(nameof(ZonesWithLatitudeBands))]
    public void Wgs84_to_grid_and_back_closes_below_1e_10_degrees(int degrees, int minutes, double southLat, double northLat)
    {
        var zone = Vn2000Zone.FromDegreesMinutes(degrees, minutes);
        var worst = 0.0;
        for (var lat = southLat; lat <= northLat + 1e-9; lat += (northLat - southLat) / 8)
        {
            for (var dLon = -1.75; dLon <= 1.75 + 1e-9; dLon += 0.25)
            {
                var start = new Wgs84Point(lat, zone.CentralMeridianDegrees + dLon);

                var back = Vn2000Transform.ToWgs84(Vn2000Transform.FromWgs84(start, zone));

                worst = Math.Max(worst, Math.Max(Math.Abs(back.Latitude - start.Latitude), Math.Abs(back.Longitude - start.Longitude)));
            }
        }

        Assert.InRange(worst, 0, 1e-10);
    }

    [Theory]
    [MemberData(nameof(ZonesWithLatitudeBands))]
    public void Grid_to_Wgs84_and_back_closes_below_a_micrometre(int degrees, int minutes, double southLat, double northLat)
    {
        var zone = Vn2000Zone.FromDegreesMinutes(degrees, minutes);
        var southNorthing = Math.Max(Vn2000GridPoint.MinNorthingX, (southLat * 110_600.0) - 5_000);
        var northNorthing = Math.Min(Vn2000GridPoint.MaxNorthingX, (northLat * 110_800.0) + 5_000);
        var worst = 0.0;
        for (var northing = southNorthing; northing <= northNorthing; northing += (northNorthing - southNorthing) / 8)
        {
            for (var easting = 320_000.0; easting <= 680_000.0; easting += 30_000.0)
            {
                var start = new Vn2000GridPoint(northing, easting, zone);

                var back = Vn2000Transform.FromWgs84(Vn2000Transform.ToWgs84(start), zone);

                Assert.Equal(zone, back.Zone);
                worst = Math.Max(worst, Distance(back, start));
            }
        }

        Assert.InRange(worst, 0, 1e-6);
    }

    [Fact]
    public void Datum_shift_inverse_is_exact()
    {
        var shift = Vn2000DatumShift.Epsg6960;
        var worst = 0.0;
        foreach (var (lat, lon) in new[] { (8.6, 104.8), (10.77, 106.7), (16.05, 108.2), (21.03, 105.85), (23.3, 105.3) })
        {
            var p = Wgs84Ellipsoid.ToCartesian(Vn2000Transform.DegreesToRadians(lat), Vn2000Transform.DegreesToRadians(lon));

            var q = shift.ApplyInverse(shift.Apply(p));

            worst = Math.Max(worst, Math.Sqrt(Math.Pow(q.X - p.X, 2) + Math.Pow(q.Y - p.Y, 2) + Math.Pow(q.Z - p.Z, 2)));
        }

        Assert.InRange(worst, 0, 1e-8);
    }

    [Fact]
    public void Datum_shift_uses_the_EPSG_6960_coordinate_frame_values_verbatim()
    {
        var shift = Vn2000DatumShift.Epsg6960;

        Assert.Equal(-191.90441429, shift.TxMetres);
        Assert.Equal(-39.30318279, shift.TyMetres);
        Assert.Equal(-111.45032835, shift.TzMetres);
        Assert.Equal(-0.00928836, shift.RxArcSeconds);
        Assert.Equal(+0.01975479, shift.RyArcSeconds);
        Assert.Equal(-0.00427372, shift.RzArcSeconds);
        Assert.Equal(+0.252906278, shift.ScalePpm);
    }

    [Theory]
    // VN-2000 geographic -> WGS 84 geographic only (no projection), height 0 on VN-2000 as in PROJ:
    //   echo "<lon> <lat>" | cs2cs -f %.10f +proj=longlat +ellps=WGS84 $TW +no_defs +to +proj=longlat +datum=WGS84 +no_defs
    // The shift is about 200 m: WGS 84 longitude ~0.0018° east and latitude ~0.001° south of VN-2000's.
    [InlineData(9.1769, 105.1524, 9.1758886472, 105.1541810208)]
    [InlineData(21.0285, 105.8542, 21.0275139821, 105.8560826434)]
    public void Datum_shift_alone_matches_PROJ(double vnLat, double vnLon, double projLat, double projLon)
    {
        var wgs = Vn2000Transform.VnGeodeticToWgs84(
            Vn2000Transform.DegreesToRadians(vnLat), Vn2000Transform.DegreesToRadians(vnLon), Vn2000DatumShift.Epsg6960);

        Assert.InRange(wgs.Latitude - projLat, -1e-10, 1e-10);
        Assert.InRange(wgs.Longitude - projLon, -1e-10, 1e-10);
    }

    // ---------------------------------------------------------------------------------------------
    // Sign trap: EPSG coordinate-frame rotations pasted unchanged into a position-vector towgs84
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Flipped_rotation_signs_shift_Ca_Mau_city_by_about_half_a_metre()
    {
        var camauCity = new Wgs84Point(9.1769, 105.1524);

        var correct = Vn2000Transform.FromWgs84(camauCity, CaMauZone);
        var wrongSign = Vn2000Transform.FromWgs84Unchecked(camauCity, CaMauZone, Vn2000DatumShift.Epsg6960.WithRotationsNegated());

        // §5.4 reports 0.527 m for this point.
        Assert.InRange(Distance(correct, wrongSign), 0.52, 0.535);
    }

    [Theory]
    // PROJ with the WRONG string (EPSG rotation signs pasted into +towgs84):
    // TWBAD=+towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278
    // echo "105.1524 9.1769" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +no_defs +to +proj=tmerc +lat_0=0
    //   +lon_0=104.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 $TWBAD +units=m +no_defs   (lon_0=105 for Hà Nội)
    [InlineData(9.1769, 105.1524, 104, 1014891.1213, 571500.2334, 0.527)]
    [InlineData(21.0285, 105.8542, 105, 2326345.5343, 588592.6647, 0.754)]
    public void Our_result_is_not_the_wrong_sign_towgs84_result(
        double lat, double lon, int zoneKey, double wrongNorthingX, double wrongEastingY, double expectedGap)
    {
        var zone = ZoneFor(zoneKey);
        var ours = Vn2000Transform.FromWgs84(lat, lon, zone);
        var oursWithFlippedSigns = Vn2000Transform.FromWgs84Unchecked(new Wgs84Point(lat, lon), zone, Vn2000DatumShift.Epsg6960.WithRotationsNegated());

        // The flipped-sign variant of our code reproduces PROJ's wrong-sign output, which proves the
        // sign convention is the only difference...
        Assert.InRange(Distance(oursWithFlippedSigns, wrongNorthingX, wrongEastingY), 0, GridToleranceMetres);

        // ...and the public API is the correct one, a half to three quarters of a metre away from it.
        Assert.InRange(Distance(ours, wrongNorthingX, wrongEastingY), expectedGap - 0.01, expectedGap + 0.01);
    }

    [Theory]
    // Second trap (§5.1): unpinned CRS-to-CRS lookups may choose EPSG:5194 (Total's Mekong-delta fit)
    // by area. These are PROJ's own choices, produced with
    //   echo "9.4138788 104.9622275" | cs2cs -f %.4f EPSG:4326 EPSG:9207   -> 550565.2214 1041067.2084
    //   echo "10.7725 106.6980"      | cs2cs -f %.4f EPSG:4326 EPSG:9210   -> 603480.7904 1191454.5656
    // (E N order for these CRSs). We always use EPSG:6960, about 0.8 m away.
    [InlineData(9.4138788, 104.9622275, 104, 30, 1041067.2084, 550565.2214)]
    [InlineData(10.7725, 106.6980, 105, 45, 1191454.5656, 603480.7904)]
    public void Our_result_is_pinned_to_EPSG_6960_not_the_Mekong_delta_fit(
        double lat, double lon, int degrees, int minutes, double epsg5194NorthingX, double epsg5194EastingY)
    {
        var ours = Vn2000Transform.FromWgs84(lat, lon, Vn2000Zone.FromDegreesMinutes(degrees, minutes));

        Assert.InRange(Distance(ours, epsg5194NorthingX, epsg5194EastingY), 0.75, 0.85);
    }

    // ---------------------------------------------------------------------------------------------
    // DMS trap: 104°30′ is 104.5°, not 104.30°
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Degrees_and_minutes_are_converted_to_decimal_degrees()
    {
        var zone = Vn2000Zone.FromDegreesMinutes(104, 30);

        Assert.Equal(104.5, zone.CentralMeridianDegrees);
        Assert.Equal(104, zone.Degrees);
        Assert.Equal(30, zone.Minutes);
        Assert.Equal(Vn2000Zone.FromDecimalDegrees(104.5), zone);
        Assert.Equal("VN-2000 TM-3 104°30′", zone.ToString());
        Assert.Equal("VN-2000 TM-3 105°00′", HaNoiZone.ToString());
        Assert.Equal(107.75, Vn2000Zone.FromDegreesMinutes(107, 45).CentralMeridianDegrees);
        Assert.Equal(106.25, Vn2000Zone.FromDegreesMinutes(106, 15).CentralMeridianDegrees);
    }

    [Theory]
    [InlineData(104.30)]
    [InlineData(104.45)]
    [InlineData(105.30)]
    [InlineData(105.45)]
    [InlineData(106.15)]
    [InlineData(106.30)]
    [InlineData(107.15)]
    [InlineData(107.30)]
    [InlineData(107.45)]
    [InlineData(108.15)]
    [InlineData(108.30)]
    public void Dms_written_as_a_decimal_is_rejected(double dmsLookingValue)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Zone.FromDecimalDegrees(dmsLookingValue));

        Assert.Contains("DMS", ex.Message);
        Assert.Contains("FromDegreesMinutes", ex.Message);
    }

    [Fact]
    public void Reading_104_30_as_decimal_degrees_would_move_Ca_Mau_city_by_about_20_km()
    {
        // Shows what the trap would cost, using the projection directly (the public API cannot build a 104.30° zone).
        var lat = Vn2000Transform.DegreesToRadians(9.1769);
        var lon = Vn2000Transform.DegreesToRadians(105.1524);

        var (rightEasting, rightNorthing) = Vn2000TransverseMercator.Forward(lat, lon, 104.5);
        var (trapEasting, trapNorthing) = Vn2000TransverseMercator.Forward(lat, lon, 104.30);

        var shift = Math.Sqrt(Math.Pow(rightEasting - trapEasting, 2) + Math.Pow(rightNorthing - trapNorthing, 2));
        Assert.InRange(shift, 21_000, 23_000);
    }

    [Fact]
    public void Using_the_wrong_zone_for_printed_grid_coordinates_lands_kilometres_away()
    {
        var printed = new Vn2000GridPoint(1_014_890.885, 571_499.762, CaMauZone);
        var misread = printed with { Zone = Vn2000Zone.FromDegreesMinutes(105, 0) };

        var right = Vn2000Transform.ToWgs84(printed);
        var wrong = Vn2000Transform.ToWgs84(misread);

        Assert.InRange(right.Longitude, 105.152, 105.153);
        Assert.InRange(wrong.Longitude - right.Longitude, 0.49, 0.51);
    }

    // ---------------------------------------------------------------------------------------------
    // Zones and the province table
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(102, 0, 5896)]
    [InlineData(103, 0, 9205)]
    [InlineData(104, 0, 9206)]
    [InlineData(104, 30, 9207)]
    [InlineData(104, 45, 9208)]
    [InlineData(105, 0, 5897)]
    [InlineData(105, 30, 9209)]
    [InlineData(105, 45, 9210)]
    [InlineData(106, 0, 9211)]
    [InlineData(106, 15, 9212)]
    [InlineData(106, 30, 9213)]
    [InlineData(107, 0, 9214)]
    [InlineData(107, 15, 9215)]
    [InlineData(107, 30, 9216)]
    [InlineData(107, 45, 5899)]
    [InlineData(108, 0, 5898)]
    [InlineData(108, 15, 9217)]
    [InlineData(108, 30, 9218)]
    public void Zone_knows_its_EPSG_code(int degrees, int minutes, int expectedEpsg)
    {
        // Checked against proj.db: `projinfo EPSG:<code> -o PROJ` gives lon_0 = degrees + minutes/60, k = 0.9999.
        Assert.Equal(expectedEpsg, Vn2000Zone.FromDegreesMinutes(degrees, minutes).EpsgCrsCode);
    }

    [Fact]
    public void Zone_without_an_EPSG_code_returns_null()
    {
        Assert.Null(Vn2000Zone.FromDegreesMinutes(106, 45).EpsgCrsCode);
        Assert.Null(default(Vn2000Zone).EpsgCrsCode);
        Assert.False(default(Vn2000Zone).IsInitialized);
        Assert.True(CaMauZone.IsInitialized);
    }

    [Theory]
    [InlineData(104, 20)]
    [InlineData(104, 60)]
    [InlineData(104, -15)]
    [InlineData(101, 45)]
    [InlineData(117, 15)]
    [InlineData(0, 0)]
    [InlineData(int.MaxValue, 0)]
    [InlineData(int.MinValue, 30)]
    public void Zone_rejects_meridians_that_are_not_VN_2000_TM_3_meridians(int degrees, int minutes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Zone.FromDegreesMinutes(degrees, minutes));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(101.75)]
    [InlineData(117.25)]
    [InlineData(0.0)]
    public void Zone_from_decimal_degrees_rejects_non_finite_and_out_of_range(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Zone.FromDecimalDegrees(value));
    }

    [Fact]
    public void Province_table_has_all_63_old_provinces()
    {
        Assert.Equal(63, Vn2000Provinces.ByOldProvinceName.Count);
        Assert.Equal(63, Vn2000Provinces.ByOldProvinceName.Values.Select(e => e.OldProvinceName).Distinct().Count());
    }

    [Theory]
    // Meridian, EPSG, number of provinces in §5.3.
    [InlineData(103, 0, 9205, 2)]
    [InlineData(104, 0, 9206, 1)]
    [InlineData(104, 30, 9207, 2)]
    [InlineData(104, 45, 9208, 5)]
    [InlineData(105, 0, 5897, 9)]
    [InlineData(105, 30, 9209, 11)]
    [InlineData(105, 45, 9210, 7)]
    [InlineData(106, 0, 9211, 3)]
    [InlineData(106, 15, 9212, 2)]
    [InlineData(106, 30, 9213, 2)]
    [InlineData(107, 0, 9214, 2)]
    [InlineData(107, 15, 9215, 1)]
    [InlineData(107, 30, 9216, 1)]
    [InlineData(107, 45, 5899, 6)]
    [InlineData(108, 0, 5898, 1)]
    [InlineData(108, 15, 9217, 3)]
    [InlineData(108, 30, 9218, 5)]
    public void Province_table_rows_match_section_5_3(int degrees, int minutes, int epsg, int provinceCount)
    {
        var zone = Vn2000Zone.FromDegreesMinutes(degrees, minutes);

        var rows = Vn2000Provinces.ByOldProvinceName.Values.Where(e => e.Zone == zone).ToList();

        Assert.Equal(provinceCount, rows.Count);
        Assert.All(rows, e => Assert.Equal(epsg, e.EpsgCrsCode));
        Assert.All(rows, e => Assert.Equal(e.EpsgCrsCode, e.Zone.EpsgCrsCode));
    }

    [Theory]
    [InlineData("Cà Mau", 104, 30, 9207)]
    [InlineData("Kiên Giang", 104, 30, 9207)]
    [InlineData("Bạc Liêu", 105, 0, 5897)] // now part of the new Cà Mau, but keeps its own meridian
    [InlineData("Hà Nội", 105, 0, 5897)]
    [InlineData("Bình Thuận", 108, 30, 9218)] // not 107°45′ as one third-party list says
    [InlineData("Quảng Ngãi", 108, 0, 5898)]
    [InlineData("Đà Nẵng", 107, 45, 5899)]
    [InlineData("Hồ Chí Minh", 105, 45, 9210)]
    [InlineData("Thừa Thiên Huế", 107, 0, 9214)]
    [InlineData("Điện Biên", 103, 0, 9205)]
    [InlineData("Sơn La", 104, 0, 9206)]
    [InlineData("Lào Cai", 104, 45, 9208)]
    [InlineData("Đắk Nông", 108, 30, 9218)]
    public void Province_lookup_gives_the_section_5_3_meridian(string name, int degrees, int minutes, int epsg)
    {
        Assert.True(Vn2000Provinces.TryGet(name, out var entry));
        Assert.Equal(Vn2000Zone.FromDegreesMinutes(degrees, minutes), entry.Zone);
        Assert.Equal(epsg, entry.EpsgCrsCode);
        Assert.Equal(name, entry.OldProvinceName);
        Assert.Equal(entry.Zone, Vn2000Zone.ForOldProvince(name));
    }

    [Theory]
    [InlineData("Ca Mau", "Cà Mau")]
    [InlineData("CA MAU", "Cà Mau")]
    [InlineData("tỉnh Cà Mau", "Cà Mau")]
    [InlineData("Tỉnh  Cà-Mau", "Cà Mau")]
    [InlineData("Thành phố Hồ Chí Minh", "Hồ Chí Minh")]
    [InlineData("TP. Hồ Chí Minh", "Hồ Chí Minh")]
    [InlineData("Thừa Thiên - Huế", "Thừa Thiên Huế")]
    [InlineData("Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu")]
    [InlineData("Khánh Hoà", "Khánh Hòa")] // old-style tone-mark placement
    [InlineData("Thanh Hoá", "Thanh Hóa")]
    [InlineData("Dak Lak", "Đắk Lắk")]
    [InlineData("DA NANG", "Đà Nẵng")]
    [InlineData("Hà Tây", "Hà Nội")] // merged into Hà Nội in 2008, same meridian
    public void Province_lookup_tolerates_spelling_variants(string typed, string canonical)
    {
        Assert.True(Vn2000Provinces.TryGet(typed, out var entry));
        Assert.Equal(canonical, entry.OldProvinceName);
    }

    [Fact]
    public void Province_lookup_accepts_decomposed_unicode()
    {
        var decomposed = "Cà Mau".Normalize(NormalizationForm.FormD);

        Assert.True(Vn2000Provinces.TryGet(decomposed, out var entry));
        Assert.Equal(CaMauZone, entry.Zone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tỉnh")]
    [InlineData("Sài Gòn")]
    [InlineData("Camau City")]
    [InlineData("Vientiane")]
    public void Unknown_province_is_not_found(string name)
    {
        Assert.False(Vn2000Provinces.TryGet(name, out var entry));
        Assert.Null(entry);
        var ex = Assert.Throws<ArgumentException>(() => Vn2000Zone.ForOldProvince(name));
        Assert.Contains("OLD province", ex.Message);
    }

    [Fact]
    public void Province_lookup_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => Vn2000Provinces.TryGet(null!, out _));
        Assert.Throws<ArgumentNullException>(() => Vn2000Zone.ForOldProvince(null!));
    }

    [Fact]
    public void Every_province_zone_is_a_plausible_meridian_and_converts()
    {
        // A coarse guard against table typos: every province meridian lies within 103°..108°30′, and the
        // false-easting line of its zone converts back to (almost) that meridian: the only offset is the
        // ~0.002° datum shift.
        foreach (var entry in Vn2000Provinces.ByOldProvinceName.Values)
        {
            Assert.InRange(entry.Zone.CentralMeridianDegrees, 103.0, 108.5);
            var origin = Vn2000Transform.ToWgs84(new Vn2000GridPoint(1_500_000, 500_000, entry.Zone));
            Assert.InRange(origin.Longitude - entry.Zone.CentralMeridianDegrees, -0.01, 0.01);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Input validation
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(double.NaN, 571_499.762)]
    [InlineData(1_014_890.885, double.NaN)]
    [InlineData(double.PositiveInfinity, 571_499.762)]
    [InlineData(1_014_890.885, double.NegativeInfinity)]
    public void ToWgs84_rejects_non_finite_values(double northingX, double eastingY)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Transform.ToWgs84(new Vn2000GridPoint(northingX, eastingY, CaMauZone)));

        Assert.Contains("finite", ex.Message);
    }

    [Theory]
    [InlineData(799_999.999, 571_499.762)]
    [InlineData(2_700_000.001, 571_499.762)]
    [InlineData(1_014_890.885, 99_999.999)]
    [InlineData(1_014_890.885, 900_000.001)]
    [InlineData(0, 0)]
    [InlineData(-1_014_890.885, 571_499.762)]
    [InlineData(1_014_890_885, 571_499_762)] // millimetres typed as metres
    public void ToWgs84_rejects_points_outside_Vietnams_zones(double northingX, double eastingY)
    {
        var point = new Vn2000GridPoint(northingX, eastingY, CaMauZone);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Transform.ToWgs84(point));

        Assert.Contains("outside Vietnam's TM-3 zones", ex.Message);
        Assert.Equal("point", ex.ParamName);
    }

    [Theory]
    [InlineData(800_000, 100_000)]
    [InlineData(2_700_000, 900_000)]
    [InlineData(800_000, 900_000)]
    [InlineData(2_700_000, 100_000)]
    public void ToWgs84_accepts_the_range_limits(double northingX, double eastingY)
    {
        var wgs = Vn2000Transform.ToWgs84(new Vn2000GridPoint(northingX, eastingY, HaNoiZone));

        Assert.True(double.IsFinite(wgs.Latitude) && double.IsFinite(wgs.Longitude));
    }

    [Fact]
    public void Swapped_X_and_Y_are_reported_as_such()
    {
        // Easting typed into X and northing into Y: the commonest licence data-entry error.
        var swapped = new Vn2000GridPoint(571_499.762, 1_014_890.885, CaMauZone);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Transform.ToWgs84(swapped));

        Assert.Contains("swapped", ex.Message);
        Assert.DoesNotContain("swapped", new Vn2000GridPoint(0, 0, CaMauZone).Validate()!);
    }

    [Fact]
    public void Default_zone_is_rejected_in_both_directions()
    {
        var ex1 = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Transform.ToWgs84(new Vn2000GridPoint(1_014_890.885, 571_499.762, default)));
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Transform.FromWgs84(9.1769, 105.1524, default));

        Assert.Contains("zone is not set", ex1.Message);
        Assert.Contains("zone is not set", ex2.Message);
    }

    [Theory]
    [InlineData(double.NaN, 105.1524, "finite")]
    [InlineData(9.1769, double.NaN, "finite")]
    [InlineData(double.PositiveInfinity, 105.1524, "finite")]
    [InlineData(9.1769, double.NegativeInfinity, "finite")]
    [InlineData(6.99, 105.1524, "Latitude")]
    [InlineData(24.51, 105.1524, "Latitude")]
    [InlineData(-9.1769, 105.1524, "Latitude")]
    [InlineData(105.1524, 9.1769, "swapped")] // lat/lon swapped
    [InlineData(9.1769, 108.01, "central meridian")] // 3.51° east of 104°30′
    [InlineData(9.1769, 100.99, "central meridian")]
    [InlineData(9.1769, -105.1524, "central meridian")]
    public void FromWgs84_rejects_invalid_input(double lat, double lon, string expectedInMessage)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vn2000Transform.FromWgs84(lat, lon, CaMauZone));

        Assert.Contains(expectedInMessage, ex.Message);
        Assert.Equal("point", ex.ParamName);
    }

    [Fact]
    public void Try_methods_report_errors_without_throwing()
    {
        Assert.False(Vn2000Transform.TryToWgs84(new Vn2000GridPoint(double.NaN, 0, CaMauZone), out var wgs, out var error1));
        Assert.Equal(default, wgs);
        Assert.False(string.IsNullOrWhiteSpace(error1));

        Assert.False(Vn2000Transform.TryFromWgs84(new Wgs84Point(50, 105), CaMauZone, out var grid, out var error2));
        Assert.Equal(default, grid);
        Assert.False(string.IsNullOrWhiteSpace(error2));
    }

    [Fact]
    public void Try_methods_succeed_and_agree_with_the_throwing_ones()
    {
        var printed = new Vn2000GridPoint(1_014_890.885, 571_499.762, CaMauZone);

        Assert.True(Vn2000Transform.TryToWgs84(printed, out var wgs, out var error1));
        Assert.Null(error1);
        Assert.Equal(Vn2000Transform.ToWgs84(printed), wgs);

        Assert.True(Vn2000Transform.TryFromWgs84(wgs, CaMauZone, out var grid, out var error2));
        Assert.Null(error2);
        Assert.Equal(Vn2000Transform.FromWgs84(wgs, CaMauZone), grid);
        Assert.Equal(Vn2000Transform.FromWgs84(wgs.Latitude, wgs.Longitude, CaMauZone), grid);
        Assert.Null(printed.Validate());
    }

    [Fact]
    public void Printed_Ca_Mau_city_coordinates_land_on_Ca_Mau_city()
    {
        // The §5.4 vector read the way a licence is used: printed X/Y to WGS 84.
        var wgs = Vn2000Transform.ToWgs84(new Vn2000GridPoint(1_014_890.885, 571_499.762, Vn2000Zone.ForOldProvince("Cà Mau")));

        Assert.InRange(wgs.Latitude - 9.1769, -1e-8, 1e-8);
        Assert.InRange(wgs.Longitude - 105.1524, -1e-8, 1e-8);
    }
}
