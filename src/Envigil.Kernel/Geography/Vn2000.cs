using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Envigil.Kernel.Geography;

// VN-2000 <-> WGS 84 for the provincial TM-3 grid coordinates printed on Vietnamese licences
// (environmental permits, land-use certificates, monitoring-station dossiers).
//
// Source for every constant in this file: shared/domain/follow-up-file-format-vn2000.md §5, which
// took them from the EPSG geodetic dataset as shipped in PROJ 9.1.1's proj.db.
//
//  * Datum: EPSG:6960 "VN-2000 to WGS 84 (2)", method Coordinate Frame rotation (EPSG method 9607),
//    VN-2000 (EPSG:4756) -> WGS 84, stated accuracy 1 m. The literature attributes the same seven
//    figures to Decision 05/2007/QĐ-BTNMT (and, earlier, Circular 973/2001/TT-TCĐC); that attribution
//    was NOT verified against the legal text (tagged [U] in the notes).
//  * Ellipsoid: VN-2000 is a local datum on the WGS 84 ellipsoid (a = 6378137, 1/f = 298.257223563).
//  * Grid: Transverse Mercator, latitude of origin 0, k0 = 0.9999, false easting 500 000 m,
//    false northing 0, central meridian per (pre-2025) province (EPSG CRSs 5896-5899, 9205-9218).
//
// Vietnamese surveying convention, followed by the names in this API: X is the NORTHING (about seven
// digits, e.g. 1 014 890 m in Cà Mau) and Y is the EASTING (about six digits, e.g. 571 499 m).
// This is the reverse of the mathematical x/y habit, and swapping them is the most common data-entry
// error, so the types below name both meanings and the validation reports a likely swap.
//
// Heights: licences print only the 2D grid, so the datum shift assumes ellipsoidal height 0 on the
// VN-2000 ellipsoid. That is the assumption PROJ makes when it converts VN-2000 grid coordinates to
// WGS 84 (its pipeline pushes and pops the height around the Helmert step), so ToWgs84 agrees with PROJ
// to ~1e-10°. FromWgs84 is defined as the exact inverse of ToWgs84 (round trip closes to ~1e-12°).
// PROJ instead takes height 0 on the WGS 84 ellipsoid in that direction, which is why PROJ's own round
// trip drifts by ~0.9 mm in Hà Nội and why our FromWgs84 differs from PROJ by up to ~1 mm. The VN-2000
// ellipsoid surface lies ~25 m below the WGS 84 one in Hà Nội and ~4 m below in Cà Mau. A real terrain
// height h moves the horizontal result by about 3.5 mm per 100 m of h (≈ 11 cm on a 3 000 m summit),
// which is well below the 1 m accuracy of EPSG:6960 itself.

/// <summary>
/// A VN-2000 TM-3 zone, identified by its central meridian. Construct it only from
/// degrees and minutes (<see cref="FromDegreesMinutes"/>), from a decimal-degree value that is a whole
/// number of 15′ steps (<see cref="FromDecimalDegrees"/>), or from an old province name
/// (<see cref="ForOldProvince"/>). Both factories reject the DMS-as-decimal trap: EPSG and many tools
/// write 104°30′ as "104.30", which is NOT 104.30° but 104.5°; taken literally it shifts points by about 20 km.
/// </summary>
public readonly record struct Vn2000Zone
{
    /// <summary>Lowest accepted central meridian. 102° is the westernmost national TM-3 zone (EPSG:5896).</summary>
    public const double MinCentralMeridianDegrees = 102.0;

    /// <summary>Highest accepted central meridian, generous enough for offshore islands.</summary>
    public const double MaxCentralMeridianDegrees = 117.0;

    private Vn2000Zone(int totalMinutes) => TotalMinutes = totalMinutes;

    // Stored as whole arc-minutes so equality is exact and ToString can print DMS without rounding.
    private int TotalMinutes { get; }

    /// <summary>Central meridian in decimal degrees (104°30′ is 104.5).</summary>
    public double CentralMeridianDegrees => TotalMinutes / 60.0;

    /// <summary>Whole degrees of the central meridian (104 for 104°30′).</summary>
    public int Degrees => TotalMinutes / 60;

    /// <summary>Arc-minutes of the central meridian (30 for 104°30′).</summary>
    public int Minutes => TotalMinutes % 60;

    /// <summary>
    /// False for <c>default(Vn2000Zone)</c>, which has no meridian. The transforms reject such a zone.
    /// </summary>
    public bool IsInitialized => TotalMinutes != 0;

    /// <summary>
    /// The EPSG projected CRS code for this meridian (e.g. 9207 for 104°30′), or null for a meridian
    /// that EPSG does not define. Where EPSG has two codes for one zone (5896-5899 and 6956-6959) the
    /// 589x code is returned, as in the province table of the source notes.
    /// </summary>
    public int? EpsgCrsCode => TotalMinutes switch
    {
        102 * 60 => 5896,
        103 * 60 => 9205,
        104 * 60 => 9206,
        104 * 60 + 30 => 9207,
        104 * 60 + 45 => 9208,
        105 * 60 => 5897,
        105 * 60 + 30 => 9209,
        105 * 60 + 45 => 9210,
        106 * 60 => 9211,
        106 * 60 + 15 => 9212,
        106 * 60 + 30 => 9213,
        107 * 60 => 9214,
        107 * 60 + 15 => 9215,
        107 * 60 + 30 => 9216,
        107 * 60 + 45 => 5899,
        108 * 60 => 5898,
        108 * 60 + 15 => 9217,
        108 * 60 + 30 => 9218,
        _ => null,
    };

    /// <summary>
    /// Builds a zone from the meridian as printed in Vietnamese documents, e.g. <c>FromDegreesMinutes(104, 30)</c>
    /// for "kinh tuyến trục 104°30′". VN-2000 TM-3 meridians are all whole multiples of 15′, so
    /// <paramref name="minutes"/> must be 0, 15, 30 or 45.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The meridian is not a VN-2000 TM-3 meridian.</exception>
    public static Vn2000Zone FromDegreesMinutes(int degrees, int minutes)
    {
        if (degrees < MinCentralMeridianDegrees || degrees > MaxCentralMeridianDegrees)
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees,
                $"A VN-2000 central meridian must lie between {MinCentralMeridianDegrees}° and {MaxCentralMeridianDegrees}°.");
        }

        if (minutes is not (0 or 15 or 30 or 45))
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes,
                "VN-2000 TM-3 central meridians are whole multiples of 15′, so minutes must be 0, 15, 30 or 45.");
        }

        var totalMinutes = (degrees * 60) + minutes;
        if (totalMinutes < MinCentralMeridianDegrees * 60 || totalMinutes > MaxCentralMeridianDegrees * 60)
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees,
                $"A VN-2000 central meridian must lie between {MinCentralMeridianDegrees}° and {MaxCentralMeridianDegrees}°.");
        }

        return new Vn2000Zone(totalMinutes);
    }

    /// <summary>
    /// Builds a zone from a meridian in DECIMAL degrees (104°30′ is 104.5). The value must be a whole
    /// number of 15′ steps (x.0, x.25, x.5, x.75); this rejects DMS strings misread as decimals
    /// ("104.30", "105.45", "107.15"), none of which is such a multiple.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite, outside 102°..117°, or not a 15′ multiple.</exception>
    public static Vn2000Zone FromDecimalDegrees(double centralMeridianDegrees)
    {
        if (!double.IsFinite(centralMeridianDegrees)
            || centralMeridianDegrees < MinCentralMeridianDegrees
            || centralMeridianDegrees > MaxCentralMeridianDegrees)
        {
            throw new ArgumentOutOfRangeException(nameof(centralMeridianDegrees), centralMeridianDegrees,
                $"A VN-2000 central meridian must be a finite value between {MinCentralMeridianDegrees}° and {MaxCentralMeridianDegrees}°.");
        }

        var quarters = centralMeridianDegrees * 4.0;
        var roundedQuarters = Math.Round(quarters);
        if (Math.Abs(quarters - roundedQuarters) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(centralMeridianDegrees), centralMeridianDegrees,
                "VN-2000 TM-3 central meridians are whole multiples of 15′ (0.25°). A value such as 104.30 is "
                + "probably 104°30′ written in DMS notation; use Vn2000Zone.FromDegreesMinutes(104, 30), i.e. 104.5°.");
        }

        return new Vn2000Zone((int)roundedQuarters * 15);
    }

    /// <summary>
    /// The zone of an old (pre-July-2025, 63-unit) province, e.g. "Cà Mau" or "Ca Mau".
    /// See <see cref="Vn2000Provinces"/> for the matching rules and the caveat about merged provinces.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of the 63 old provinces.</exception>
    public static Vn2000Zone ForOldProvince(string oldProvinceName)
    {
        ArgumentNullException.ThrowIfNull(oldProvinceName);
        return Vn2000Provinces.TryGet(oldProvinceName, out var province)
            ? province.Zone
            : throw new ArgumentException(
                $"'{oldProvinceName}' is not one of the 63 pre-2025 provinces. After the July 2025 mergers the "
                + "central meridian follows the OLD province territory (or whatever the licence states), never the new province name.",
                nameof(oldProvinceName));
    }

    /// <summary>The meridian in the Vietnamese notation, e.g. "VN-2000 TM-3 104°30′".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"VN-2000 TM-3 {Degrees}°{Minutes:00}′");
}

/// <summary>
/// A VN-2000 TM-3 grid coordinate as printed on a licence. <paramref name="NorthingX"/> is the Vietnamese
/// "X" (northing, about seven digits); <paramref name="EastingY"/> is the Vietnamese "Y" (easting, about six
/// digits, including the 500 000 m false easting). Both in metres.
/// </summary>
public readonly record struct Vn2000GridPoint(double NorthingX, double EastingY, Vn2000Zone Zone)
{
    /// <summary>Smallest accepted easting (Y). The zones are ±1.5° wide, i.e. roughly 335 km..665 km.</summary>
    public const double MinEastingY = 100_000.0;

    /// <summary>Largest accepted easting (Y).</summary>
    public const double MaxEastingY = 900_000.0;

    /// <summary>Smallest accepted northing (X), about 7.2° N; Vietnam's mainland starts at about 8.4° N.</summary>
    public const double MinNorthingX = 800_000.0;

    /// <summary>Largest accepted northing (X), about 24.4° N; Vietnam ends at about 23.4° N.</summary>
    public const double MaxNorthingX = 2_700_000.0;

    /// <summary>
    /// Returns null when the point is plausible for a VN-2000 TM-3 zone in Vietnam, otherwise a
    /// human-readable reason (non-finite values, values outside the ranges above, a likely X/Y swap,
    /// or an uninitialised zone).
    /// </summary>
    public string? Validate()
    {
        if (!Zone.IsInitialized)
        {
            return "The zone is not set (default(Vn2000Zone)); build it with Vn2000Zone.FromDegreesMinutes or Vn2000Zone.ForOldProvince.";
        }

        if (!double.IsFinite(NorthingX) || !double.IsFinite(EastingY))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"VN-2000 grid coordinates must be finite numbers (got X = {NorthingX}, Y = {EastingY}).");
        }

        var northingOk = NorthingX is >= MinNorthingX and <= MaxNorthingX;
        var eastingOk = EastingY is >= MinEastingY and <= MaxEastingY;
        if (northingOk && eastingOk)
        {
            return null;
        }

        var swapped = NorthingX is >= MinEastingY and <= MaxEastingY && EastingY is >= MinNorthingX and <= MaxNorthingX;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"VN-2000 grid point X (northing) = {NorthingX} m, Y (easting) = {EastingY} m is outside Vietnam's TM-3 zones (X must be {MinNorthingX:0}..{MaxNorthingX:0} m, Y must be {MinEastingY:0}..{MaxEastingY:0} m).");
        return message
            + (swapped ? " X and Y look swapped: in Vietnamese notation X is the 7-digit northing and Y the 6-digit easting." : string.Empty);
    }
}

/// <summary>A WGS 84 position in decimal degrees (latitude north, longitude east).</summary>
public readonly record struct Wgs84Point(double Latitude, double Longitude)
{
    /// <summary>Southern limit accepted for conversion into a VN-2000 zone.</summary>
    public const double MinLatitude = 7.0;

    /// <summary>Northern limit accepted for conversion into a VN-2000 zone.</summary>
    public const double MaxLatitude = 24.5;

    /// <summary>Largest accepted distance from the zone's central meridian (the zones are ±1.5° wide).</summary>
    public const double MaxLongitudeOffsetDegrees = 3.5;
}

/// <summary>
/// Converts between VN-2000 TM-3 grid coordinates and WGS 84 latitude/longitude using EPSG:6960
/// (never EPSG:5194, the Mekong-delta fit that PROJ may pick by area and that differs by ~0.8 m).
/// Errors: the plain methods throw <see cref="ArgumentOutOfRangeException"/> with a readable message
/// for non-finite or implausible input; the Try methods return false and the same message instead.
/// </summary>
public static class Vn2000Transform
{
    /// <summary>VN-2000 grid (X northing, Y easting, zone) to WGS 84 degrees.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The point is not finite or lies outside Vietnam's zones.</exception>
    public static Wgs84Point ToWgs84(Vn2000GridPoint point) =>
        TryToWgs84(point, out var result, out var error)
            ? result
            : throw new ArgumentOutOfRangeException(nameof(point), point, error);

    /// <summary>Non-throwing form of <see cref="ToWgs84"/>.</summary>
    public static bool TryToWgs84(Vn2000GridPoint point, out Wgs84Point result, [NotNullWhen(false)] out string? error)
    {
        error = point.Validate();
        if (error is not null)
        {
            result = default;
            return false;
        }

        result = ToWgs84Unchecked(point, Vn2000DatumShift.Epsg6960);
        return true;
    }

    /// <summary>WGS 84 degrees to VN-2000 grid coordinates in the given zone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-finite input, outside Vietnam, or too far from the zone's meridian.</exception>
    public static Vn2000GridPoint FromWgs84(double latitude, double longitude, Vn2000Zone zone) =>
        FromWgs84(new Wgs84Point(latitude, longitude), zone);

    /// <summary>WGS 84 degrees to VN-2000 grid coordinates in the given zone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-finite input, outside Vietnam, or too far from the zone's meridian.</exception>
    public static Vn2000GridPoint FromWgs84(Wgs84Point point, Vn2000Zone zone) =>
        TryFromWgs84(point, zone, out var result, out var error)
            ? result
            : throw new ArgumentOutOfRangeException(nameof(point), point, error);

    /// <summary>Non-throwing form of <see cref="FromWgs84(Wgs84Point, Vn2000Zone)"/>.</summary>
    public static bool TryFromWgs84(Wgs84Point point, Vn2000Zone zone, out Vn2000GridPoint result, [NotNullWhen(false)] out string? error)
    {
        error = ValidateWgs84(point, zone);
        if (error is not null)
        {
            result = default;
            return false;
        }

        result = FromWgs84Unchecked(point, zone, Vn2000DatumShift.Epsg6960);
        return true;
    }

    private static string? ValidateWgs84(Wgs84Point point, Vn2000Zone zone)
    {
        if (!zone.IsInitialized)
        {
            return "The zone is not set (default(Vn2000Zone)); build it with Vn2000Zone.FromDegreesMinutes or Vn2000Zone.ForOldProvince.";
        }

        if (!double.IsFinite(point.Latitude) || !double.IsFinite(point.Longitude))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"WGS 84 coordinates must be finite numbers (got latitude {point.Latitude}, longitude {point.Longitude}).");
        }

        if (point.Latitude is < Wgs84Point.MinLatitude or > Wgs84Point.MaxLatitude)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Latitude {point.Latitude}° is outside the range covered by VN-2000 zones ({Wgs84Point.MinLatitude}°..{Wgs84Point.MaxLatitude}°).")
                + " Check that latitude and longitude are not swapped.";
        }

        if (Math.Abs(point.Longitude - zone.CentralMeridianDegrees) > Wgs84Point.MaxLongitudeOffsetDegrees)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Longitude {point.Longitude}° is more than {Wgs84Point.MaxLongitudeOffsetDegrees}° from the central meridian of {zone};")
                + " the zone is probably wrong (or latitude and longitude are swapped).";
        }

        return null;
    }

    // The unchecked cores take the datum shift as a parameter so tests can demonstrate the sign trap
    // with the same code path. Production callers only ever get EPSG:6960.
    internal static Wgs84Point ToWgs84Unchecked(Vn2000GridPoint point, Vn2000DatumShift shift)
    {
        var (latVn, lonVn) = Vn2000TransverseMercator.Inverse(point.EastingY, point.NorthingX, point.Zone.CentralMeridianDegrees);
        return VnGeodeticToWgs84(latVn, lonVn, shift);
    }

    internal static Vn2000GridPoint FromWgs84Unchecked(Wgs84Point point, Vn2000Zone zone, Vn2000DatumShift shift)
    {
        var (latVn, lonVn) = Wgs84ToVnGeodetic(point, shift);
        var (easting, northing) = Vn2000TransverseMercator.Forward(latVn, lonVn, zone.CentralMeridianDegrees);
        return new Vn2000GridPoint(northing, easting, zone);
    }

    // PROJ's convention for this direction: the WGS 84 point is taken at WGS 84 height 0 rather than
    // on the VN-2000 ellipsoid. It differs from FromWgs84Unchecked by at most about 1 mm in Vietnam and
    // is not the exact inverse of ToWgs84 (PROJ's own round trip drifts by ~0.9 mm in Hà Nội). Kept
    // only so tests can show that the remaining difference from PROJ is this convention and nothing else.
    internal static Vn2000GridPoint FromWgs84AtWgs84HeightZero(Wgs84Point point, Vn2000Zone zone, Vn2000DatumShift shift)
    {
        var (latVn, lonVn) = Wgs84ToVnGeodeticAtWgs84HeightZero(point, shift);
        var (easting, northing) = Vn2000TransverseMercator.Forward(latVn, lonVn, zone.CentralMeridianDegrees);
        return new Vn2000GridPoint(northing, easting, zone);
    }

    private static (double LatitudeRad, double LongitudeRad) Wgs84ToVnGeodeticAtWgs84HeightZero(Wgs84Point point, Vn2000DatumShift shift) =>
        Wgs84Ellipsoid.ToGeodetic(shift.ApplyInverse(
            Wgs84Ellipsoid.ToCartesian(DegreesToRadians(point.Latitude), DegreesToRadians(point.Longitude))));

    // VN-2000 geodetic (radians, height 0 on the VN-2000 ellipsoid) -> WGS 84 degrees; the WGS 84
    // height that results (tens of metres) is discarded.
    internal static Wgs84Point VnGeodeticToWgs84(double latVnRad, double lonVnRad, Vn2000DatumShift shift)
    {
        var vn = Wgs84Ellipsoid.ToCartesian(latVnRad, lonVnRad);
        var wgs = shift.Apply(vn);
        var (lat, lon) = Wgs84Ellipsoid.ToGeodetic(wgs);
        return new Wgs84Point(RadiansToDegrees(lat), RadiansToDegrees(lon));
    }

    // WGS 84 degrees -> VN-2000 geodetic radians, defined as the exact inverse of VnGeodeticToWgs84:
    // find the point on the VN-2000 ellipsoid (h = 0) whose image has the requested WGS 84 latitude
    // and longitude. A first guess comes from the inverse Helmert applied to the point at WGS 84
    // height 0 (what PROJ does); two or three fixed-point corrections then remove the millimetre-level
    // difference caused by the two height assumptions. The map is a near-identity (derivatives differ
    // from 1 by ~1e-5), so each step gains about five decimal digits.
    internal static (double LatitudeRad, double LongitudeRad) Wgs84ToVnGeodetic(Wgs84Point point, Vn2000DatumShift shift)
    {
        var targetLat = DegreesToRadians(point.Latitude);
        var targetLon = DegreesToRadians(point.Longitude);

        var (lat, lon) = Wgs84ToVnGeodeticAtWgs84HeightZero(point, shift);
        for (var i = 0; i < 8; i++)
        {
            var image = VnGeodeticToWgs84(lat, lon, shift);
            var dLat = targetLat - DegreesToRadians(image.Latitude);
            var dLon = targetLon - DegreesToRadians(image.Longitude);
            lat += dLat;
            lon += dLon;
            if (Math.Abs(dLat) < 1e-15 && Math.Abs(dLon) < 1e-15)
            {
                break;
            }
        }

        return (lat, lon);
    }

    internal static double DegreesToRadians(double degrees) => degrees * (Math.PI / 180.0);

    internal static double RadiansToDegrees(double radians) => radians * (180.0 / Math.PI);
}

/// <summary>
/// The 63 old (pre-July-2025) provinces and their VN-2000 TM-3 central meridians, from §5.3 of the source
/// notes: built from the EPSG extents of CRSs 9205-9218 and the province usages of 5897/5898/5899, and
/// cross-checked row by row against ankiimation/dart_vn2000. Bình Thuận is 108°30′ (EPSG:9218); a
/// third-party list that says 107°45′ is wrong.
/// <para>
/// After the July 2025 mergers (34 provinces) several new provinces straddle two meridians (the new Cà Mau
/// includes the former Bạc Liêu at 105°00′; the new An Giang includes Kiên Giang at 104°30′). No rule
/// assigning one meridian per new province was found (unverified), so the meridian is keyed to the OLD
/// province territory, or to whatever the licence itself states; never derive it from a new province name.
/// </para>
/// <para>
/// Lookups ignore case, Vietnamese diacritics, spaces, hyphens and a leading "Tỉnh"/"Thành phố"/"TP", so
/// "Cà Mau", "Ca Mau", "tỉnh Cà Mau" and "CA-MAU" all match. "Hà Tây" (merged into Hà Nội in 2008, same
/// meridian) is accepted as an alias by <see cref="TryGet"/> but is not one of the 63 keys.
/// </para>
/// </summary>
public static class Vn2000Provinces
{
    /// <summary>An old province, its zone and the EPSG projected CRS of that zone.</summary>
    public sealed record Entry(string OldProvinceName, Vn2000Zone Zone, int EpsgCrsCode);

    private static readonly (int Degrees, int Minutes, int Epsg, string[] Provinces)[] Table =
    [
        (103, 0, 9205, ["Điện Biên", "Lai Châu"]),
        (104, 0, 9206, ["Sơn La"]),
        (104, 30, 9207, ["Cà Mau", "Kiên Giang"]),
        (104, 45, 9208, ["An Giang", "Lào Cai", "Nghệ An", "Phú Thọ", "Yên Bái"]),
        (105, 0, 5897, ["Hà Nội", "Hà Nam", "Ninh Bình", "Thanh Hóa", "Vĩnh Phúc", "Cần Thơ", "Bạc Liêu", "Đồng Tháp", "Hậu Giang"]),
        (105, 30, 9209, ["Bắc Ninh", "Hà Giang", "Hà Tĩnh", "Hải Dương", "Hưng Yên", "Nam Định", "Sóc Trăng", "Tây Ninh", "Thái Bình", "Trà Vinh", "Vĩnh Long"]),
        (105, 45, 9210, ["Hải Phòng", "Hồ Chí Minh", "Bến Tre", "Bình Dương", "Cao Bằng", "Long An", "Tiền Giang"]),
        (106, 0, 9211, ["Hòa Bình", "Quảng Bình", "Tuyên Quang"]),
        (106, 15, 9212, ["Bình Phước", "Quảng Trị"]),
        (106, 30, 9213, ["Bắc Kạn", "Thái Nguyên"]),
        (107, 0, 9214, ["Bắc Giang", "Thừa Thiên Huế"]),
        (107, 15, 9215, ["Lạng Sơn"]),
        (107, 30, 9216, ["Kon Tum"]),
        (107, 45, 5899, ["Quảng Ninh", "Đà Nẵng", "Quảng Nam", "Bà Rịa-Vũng Tàu", "Đồng Nai", "Lâm Đồng"]),
        (108, 0, 5898, ["Quảng Ngãi"]),
        (108, 15, 9217, ["Bình Định", "Khánh Hòa", "Ninh Thuận"]),
        (108, 30, 9218, ["Bình Thuận", "Đắk Lắk", "Đắk Nông", "Gia Lai", "Phú Yên"]),
    ];

    /// <summary>The 63 old provinces keyed by their Vietnamese name (lookups are accent- and case-insensitive).</summary>
    public static IReadOnlyDictionary<string, Entry> ByOldProvinceName { get; } = Build();

    /// <summary>Finds an old province by name; see the class remarks for the matching rules.</summary>
    public static bool TryGet(string oldProvinceName, [NotNullWhen(true)] out Entry? entry)
    {
        ArgumentNullException.ThrowIfNull(oldProvinceName);
        if (ByOldProvinceName.TryGetValue(oldProvinceName, out entry))
        {
            return true;
        }

        // Hà Tây was absorbed by Hà Nội in 2008; the notes count it inside Hà Nội at 105°00′.
        if (Vn2000ProvinceNameComparer.Instance.Equals(oldProvinceName, "Hà Tây"))
        {
            entry = ByOldProvinceName["Hà Nội"];
            return true;
        }

        return false;
    }

    private static Dictionary<string, Entry> Build()
    {
        var result = new Dictionary<string, Entry>(Vn2000ProvinceNameComparer.Instance);
        foreach (var (degrees, minutes, epsg, provinces) in Table)
        {
            var zone = Vn2000Zone.FromDegreesMinutes(degrees, minutes);
            foreach (var name in provinces)
            {
                result.Add(name, new Entry(name, zone, epsg));
            }
        }

        return result;
    }
}

/// <summary>
/// Compares Vietnamese place names ignoring case, diacritics (including đ/Đ), spaces, punctuation and
/// an administrative prefix ("Tỉnh", "Thành phố", "TP"), so user-typed names find the table rows.
/// </summary>
internal sealed class Vn2000ProvinceNameComparer : IEqualityComparer<string>
{
    public static readonly Vn2000ProvinceNameComparer Instance = new();

    public bool Equals(string? x, string? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Fold(x) == Fold(y));

    public int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(Fold(obj));

    internal static string Fold(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var folded = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (char.IsLetterOrDigit(folded))
            {
                builder.Append(folded);
            }
        }

        var key = builder.ToString();
        foreach (var prefix in (ReadOnlySpan<string>)["thanhpho", "tinh", "tp"])
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return key[prefix.Length..];
            }
        }

        return key;
    }
}

/// <summary>
/// A seven-parameter similarity in the Coordinate Frame rotation convention (EPSG method 9607):
/// <c>X_target = T + (1 + dS) · R · X_source</c> with the small-angle matrix
/// <c>R = [[1, rZ, −rY], [−rZ, 1, rX], [rY, −rX, 1]]</c> (EPSG Guidance Note 7-2).
/// <para>
/// Sign trap: PROJ's <c>+towgs84</c> and WKT1 <c>TOWGS84</c> use the Position Vector convention (EPSG 9606),
/// whose matrix is the transpose, so the three rotations must be NEGATED when written there
/// (<c>+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278</c>).
/// Many public snippets paste the EPSG signs unchanged; that moves points by 0.5-0.75 m in Vietnam.
/// </para>
/// </summary>
internal sealed class Vn2000DatumShift
{
    private const double ArcSecondsToRadians = Math.PI / (180.0 * 3600.0);

    // Row-major 3x3: (1 + dS) · R.
    private readonly double[] _forward;

    // The exact inverse of _forward (not the transpose, which is only right to first order).
    private readonly double[] _inverse;

    public Vn2000DatumShift(
        double txMetres, double tyMetres, double tzMetres,
        double rxArcSeconds, double ryArcSeconds, double rzArcSeconds,
        double scalePpm)
    {
        TxMetres = txMetres;
        TyMetres = tyMetres;
        TzMetres = tzMetres;
        RxArcSeconds = rxArcSeconds;
        RyArcSeconds = ryArcSeconds;
        RzArcSeconds = rzArcSeconds;
        ScalePpm = scalePpm;
        _forward = BuildForward();
        _inverse = Invert(_forward);
    }

    /// <summary>
    /// EPSG:6960 "VN-2000 to WGS 84 (2)" (DoSM-Vnm), VN-2000 -> WGS 84, Coordinate Frame rotation.
    /// Said to match Decision 05/2007/QĐ-BTNMT; unverified against the decision's text.
    /// </summary>
    public static Vn2000DatumShift Epsg6960 { get; } = new(
        -191.90441429, -39.30318279, -111.45032835,
        -0.00928836, +0.01975479, -0.00427372,
        +0.252906278);

    public double TxMetres { get; }

    public double TyMetres { get; }

    public double TzMetres { get; }

    public double RxArcSeconds { get; }

    public double RyArcSeconds { get; }

    public double RzArcSeconds { get; }

    public double ScalePpm { get; }

    /// <summary>The same shift with the three rotations negated, i.e. Position Vector read as Coordinate Frame.</summary>
    public Vn2000DatumShift WithRotationsNegated() =>
        new(TxMetres, TyMetres, TzMetres, -RxArcSeconds, -RyArcSeconds, -RzArcSeconds, ScalePpm);

    public (double X, double Y, double Z) Apply((double X, double Y, double Z) source)
    {
        var m = _forward;
        return (
            TxMetres + (m[0] * source.X) + (m[1] * source.Y) + (m[2] * source.Z),
            TyMetres + (m[3] * source.X) + (m[4] * source.Y) + (m[5] * source.Z),
            TzMetres + (m[6] * source.X) + (m[7] * source.Y) + (m[8] * source.Z));
    }

    public (double X, double Y, double Z) ApplyInverse((double X, double Y, double Z) target)
    {
        var m = _inverse;
        var x = target.X - TxMetres;
        var y = target.Y - TyMetres;
        var z = target.Z - TzMetres;
        return (
            (m[0] * x) + (m[1] * y) + (m[2] * z),
            (m[3] * x) + (m[4] * y) + (m[5] * z),
            (m[6] * x) + (m[7] * y) + (m[8] * z));
    }

    private double[] BuildForward()
    {
        var k = 1.0 + (ScalePpm * 1e-6);
        var rx = RxArcSeconds * ArcSecondsToRadians;
        var ry = RyArcSeconds * ArcSecondsToRadians;
        var rz = RzArcSeconds * ArcSecondsToRadians;
        return
        [
            k, k * rz, -k * ry,
            -k * rz, k, k * rx,
            k * ry, -k * rx, k,
        ];
    }

    private static double[] Invert(double[] m)
    {
        // Adjugate / determinant; the matrix is within 1e-6 of the identity, so this is well conditioned.
        var c00 = (m[4] * m[8]) - (m[5] * m[7]);
        var c01 = (m[5] * m[6]) - (m[3] * m[8]);
        var c02 = (m[3] * m[7]) - (m[4] * m[6]);
        var det = (m[0] * c00) + (m[1] * c01) + (m[2] * c02);
        return
        [
            c00 / det, ((m[2] * m[7]) - (m[1] * m[8])) / det, ((m[1] * m[5]) - (m[2] * m[4])) / det,
            c01 / det, ((m[0] * m[8]) - (m[2] * m[6])) / det, ((m[2] * m[3]) - (m[0] * m[5])) / det,
            c02 / det, ((m[1] * m[6]) - (m[0] * m[7])) / det, ((m[0] * m[4]) - (m[1] * m[3])) / det,
        ];
    }
}

/// <summary>The WGS 84 ellipsoid, which VN-2000 also uses (EPSG:4756).</summary>
internal static class Wgs84Ellipsoid
{
    public const double A = 6_378_137.0;
    public const double InverseFlattening = 298.257223563;
    public const double F = 1.0 / InverseFlattening;
    public static readonly double E2 = F * (2.0 - F);
    public static readonly double E = Math.Sqrt(E2);

    /// <summary>Geodetic (radians, height 0) to earth-centred cartesian metres.</summary>
    public static (double X, double Y, double Z) ToCartesian(double latRad, double lonRad)
    {
        var sinLat = Math.Sin(latRad);
        var cosLat = Math.Cos(latRad);
        var n = A / Math.Sqrt(1.0 - (E2 * sinLat * sinLat));
        return (n * cosLat * Math.Cos(lonRad), n * cosLat * Math.Sin(lonRad), n * (1.0 - E2) * sinLat);
    }

    /// <summary>
    /// Cartesian to geodetic latitude/longitude (radians); the height is not needed. Fixed-point
    /// iteration on the latitude, which for points within a few km of the surface contracts by a
    /// factor of about e² per step and reaches 1e-15 rad in a handful of iterations.
    /// </summary>
    public static (double LatitudeRad, double LongitudeRad) ToGeodetic((double X, double Y, double Z) p)
    {
        var lon = Math.Atan2(p.Y, p.X);
        var r = Math.Sqrt((p.X * p.X) + (p.Y * p.Y));
        var lat = Math.Atan2(p.Z, r * (1.0 - E2));
        for (var i = 0; i < 20; i++)
        {
            var sinLat = Math.Sin(lat);
            var n = A / Math.Sqrt(1.0 - (E2 * sinLat * sinLat));
            var next = Math.Atan2(p.Z + (E2 * n * sinLat), r);
            var done = Math.Abs(next - lat) < 1e-15;
            lat = next;
            if (done)
            {
                break;
            }
        }

        return (lat, lon);
    }
}

/// <summary>
/// Transverse Mercator on the WGS 84 ellipsoid with the VN-2000 TM-3 constants, using Krüger's series
/// to sixth order in the third flattening n, as in Karney (2011), "Transverse Mercator with an accuracy
/// of a few nanometers", J. Geodesy 85:475-485, eqs. 7-11, 15-21, 35-36 (the same method as PROJ's
/// default tmerc, formerly etmerc). Within a few degrees of the central meridian the truncation error is
/// far below a micrometre.
/// </summary>
internal static class Vn2000TransverseMercator
{
    public const double ScaleFactor = 0.9999;
    public const double FalseEasting = 500_000.0;
    public const double FalseNorthing = 0.0;

    private static readonly double N = Wgs84Ellipsoid.F / (2.0 - Wgs84Ellipsoid.F);

    // Rectifying radius: 2πA is the meridian circumference (Karney 2011 eq. 14).
    private static readonly double RectifyingRadius = RectifyingRadiusFor(N);

    private static readonly double[] Alpha = AlphaFor(N);
    private static readonly double[] Beta = BetaFor(N);

    /// <summary>Geodetic latitude/longitude (radians) to (easting, northing) metres.</summary>
    public static (double Easting, double Northing) Forward(double latRad, double lonRad, double centralMeridianDegrees)
    {
        var lambda = lonRad - Vn2000Transform.DegreesToRadians(centralMeridianDegrees);
        var tau = Math.Tan(latRad);
        var tauPrime = ConformalTau(tau);
        var cosLambda = Math.Cos(lambda);
        var xiPrime = Math.Atan2(tauPrime, cosLambda);
        var etaPrime = Math.Asinh(Math.Sin(lambda) / Math.Sqrt((tauPrime * tauPrime) + (cosLambda * cosLambda)));

        var xi = xiPrime;
        var eta = etaPrime;
        for (var j = 1; j <= 6; j++)
        {
            xi += Alpha[j] * Math.Sin(2 * j * xiPrime) * Math.Cosh(2 * j * etaPrime);
            eta += Alpha[j] * Math.Cos(2 * j * xiPrime) * Math.Sinh(2 * j * etaPrime);
        }

        var k0A = ScaleFactor * RectifyingRadius;
        return (FalseEasting + (k0A * eta), FalseNorthing + (k0A * xi));
    }

    /// <summary>(Easting, northing) metres to geodetic latitude/longitude (radians).</summary>
    public static (double LatitudeRad, double LongitudeRad) Inverse(double easting, double northing, double centralMeridianDegrees)
    {
        var k0A = ScaleFactor * RectifyingRadius;
        var xi = (northing - FalseNorthing) / k0A;
        var eta = (easting - FalseEasting) / k0A;

        var xiPrime = xi;
        var etaPrime = eta;
        for (var j = 1; j <= 6; j++)
        {
            xiPrime -= Beta[j] * Math.Sin(2 * j * xi) * Math.Cosh(2 * j * eta);
            etaPrime -= Beta[j] * Math.Cos(2 * j * xi) * Math.Sinh(2 * j * eta);
        }

        var sinhEtaPrime = Math.Sinh(etaPrime);
        var sinXiPrime = Math.Sin(xiPrime);
        var cosXiPrime = Math.Cos(xiPrime);
        var tauPrime = sinXiPrime / Math.Sqrt((sinhEtaPrime * sinhEtaPrime) + (cosXiPrime * cosXiPrime));
        var lambda = Math.Atan2(sinhEtaPrime, cosXiPrime);

        var tau = GeodeticTau(tauPrime);
        return (Math.Atan(tau), lambda + Vn2000Transform.DegreesToRadians(centralMeridianDegrees));
    }

    // τ' = tan(conformal latitude) from τ = tan(geodetic latitude) (Karney 2011 eqs. 7-9).
    private static double ConformalTau(double tau)
    {
        var e = Wgs84Ellipsoid.E;
        var sigma = Math.Sinh(e * Math.Atanh(e * tau / Math.Sqrt(1.0 + (tau * tau))));
        return (tau * Math.Sqrt(1.0 + (sigma * sigma))) - (sigma * Math.Sqrt(1.0 + (tau * tau)));
    }

    // Inverts ConformalTau by Newton's method (Karney 2011 eqs. 19-21); converges in 2-3 steps.
    private static double GeodeticTau(double tauPrime)
    {
        var oneMinusE2 = 1.0 - Wgs84Ellipsoid.E2;
        var tau = tauPrime;
        for (var i = 0; i < 10; i++)
        {
            var tauPrimeI = ConformalTau(tau);
            var delta = (tauPrime - tauPrimeI) / Math.Sqrt(1.0 + (tauPrimeI * tauPrimeI))
                * (1.0 + (oneMinusE2 * tau * tau)) / (oneMinusE2 * Math.Sqrt(1.0 + (tau * tau)));
            tau += delta;
            if (Math.Abs(delta) <= 1e-15 * Math.Max(1.0, Math.Abs(tau)))
            {
                break;
            }
        }

        return tau;
    }

    private static double RectifyingRadiusFor(double n)
    {
        var n2 = n * n;
        return Wgs84Ellipsoid.A / (1.0 + n) * (1.0 + (n2 / 4.0) + (n2 * n2 / 64.0) + (n2 * n2 * n2 / 256.0));
    }

    // Karney 2011 eq. 35 (one-based, index 0 unused).
    private static double[] AlphaFor(double n)
    {
        var n2 = n * n;
        var n3 = n2 * n;
        var n4 = n3 * n;
        var n5 = n4 * n;
        var n6 = n5 * n;
        return
        [
            0.0,
            (n / 2.0) - (2.0 / 3.0 * n2) + (5.0 / 16.0 * n3) + (41.0 / 180.0 * n4) - (127.0 / 288.0 * n5) + (7891.0 / 37800.0 * n6),
            (13.0 / 48.0 * n2) - (3.0 / 5.0 * n3) + (557.0 / 1440.0 * n4) + (281.0 / 630.0 * n5) - (1983433.0 / 1935360.0 * n6),
            (61.0 / 240.0 * n3) - (103.0 / 140.0 * n4) + (15061.0 / 26880.0 * n5) + (167603.0 / 181440.0 * n6),
            (49561.0 / 161280.0 * n4) - (179.0 / 168.0 * n5) + (6601661.0 / 7257600.0 * n6),
            (34729.0 / 80640.0 * n5) - (3418889.0 / 1995840.0 * n6),
            212378941.0 / 319334400.0 * n6,
        ];
    }

    // Karney 2011 eq. 36 (one-based, index 0 unused).
    private static double[] BetaFor(double n)
    {
        var n2 = n * n;
        var n3 = n2 * n;
        var n4 = n3 * n;
        var n5 = n4 * n;
        var n6 = n5 * n;
        return
        [
            0.0,
            (n / 2.0) - (2.0 / 3.0 * n2) + (37.0 / 96.0 * n3) - (1.0 / 360.0 * n4) - (81.0 / 512.0 * n5) + (96199.0 / 604800.0 * n6),
            (1.0 / 48.0 * n2) + (1.0 / 15.0 * n3) - (437.0 / 1440.0 * n4) + (46.0 / 105.0 * n5) - (1118711.0 / 3870720.0 * n6),
            (17.0 / 480.0 * n3) - (37.0 / 840.0 * n4) - (209.0 / 4480.0 * n5) + (5569.0 / 90720.0 * n6),
            (4397.0 / 161280.0 * n4) - (11.0 / 504.0 * n5) - (830251.0 / 7257600.0 * n6),
            (4583.0 / 161280.0 * n5) - (108847.0 / 3991680.0 * n6),
            20648693.0 / 638668800.0 * n6,
        ];
    }
}
