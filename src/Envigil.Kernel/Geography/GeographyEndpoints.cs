using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Geography;

public sealed record ProvinceInfo(string Code, string Name, string NameEn, string FullName, double? AreaKm2, int CommuneCount, IReadOnlyList<RegionInfo> Regions);

public sealed record RegionInfo(string Code, string Name, string NameEn, bool Provisional, string Basis, int CommuneCount);

public sealed record CommuneInfo(string Code, string Name, string NameEn, string FullName, string UnitType, string? RegionCode, double? AreaKm2, string ValidFrom);

public sealed record CommuneLocation(string Code, string Name, string FullName, string? RegionCode, string Match, double DistanceMetres);

public sealed record CommuneContactInfo(string CommuneCode, string? OfficerName, string? Phone, string? Email, DateTime? UpdatedAtUtc);

public sealed record Vn2000Conversion(double Latitude, double Longitude, double NorthingX, double EastingY, string Zone, string? CommuneCode);

public sealed record CommuneContactUpdate(string? OfficerName, string? Phone, string? Email);

public static class GeographyEndpoints
{
    public static IEndpointRouteBuilder MapGeography(this IEndpointRouteBuilder endpoints)
    {
        var geo = endpoints.MapGroup("/api/v1/geo").WithTags("Geography");

        geo.MapGet("/province", (ProvinceGeography geography) =>
        {
            var s = geography.Current;
            return TypedResults.Ok(new ProvinceInfo(s.Province.Code, s.Province.Name, s.Province.NameEn, s.Province.FullName, s.Province.AreaKm2, s.Communes.Count,
                s.Regions.Select(r => new RegionInfo(r.Code, r.Name, r.NameEn, r.IsProvisional, r.Basis, s.Communes.Count(c => c.RegionCode == r.Code))).ToList()));
        }).RequireAuthorization(EnvigilPolicies.Public).WithSummary("The province this installation serves, with its regions.");

        geo.MapGet("/communes", (ProvinceGeography geography) =>
                TypedResults.Ok(geography.Current.Communes.Select(ToInfo).ToList()))
            .RequireAuthorization(EnvigilPolicies.Public).WithSummary("Communes and wards of the province (official codes).");

        geo.MapGet("/communes.geojson", (HttpContext http, ProvinceGeography geography) =>
            {
                // Every map page draws these (~200 kB): browsers keep them for five minutes, then revalidate with the
                // ETag and get 304 until the units are reloaded (a new snapshot, new bytes, a new tag).
                var bytes = geography.Current.CommunesGeoJson;
                http.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Bytes(bytes, "application/geo+json", entityTag: BoundaryTags.GetValue(bytes, ContentTag));
            })
            .RequireAuthorization(EnvigilPolicies.Public).WithSummary("Commune boundaries as a GeoJSON FeatureCollection (WGS84); cached, with an ETag.");

        geo.MapGet("/communes/{communeCode}", Results<Ok<CommuneInfo>, NotFound> (string communeCode, ProvinceGeography geography) =>
                geography.Current.Commune(communeCode) is { } commune ? TypedResults.Ok(ToInfo(commune)) : TypedResults.NotFound())
            .RequireAuthorization(EnvigilPolicies.Public).WithSummary("One commune by its official 5-digit code.");

        geo.MapGet("/locate", (double? lat, double? lon, ProvinceGeography geography) =>
            {
                if (lat is not { } latitude || lon is not { } longitude || latitude is < -90 or > 90 || longitude is < -180 or > 180)
                    return ProblemResponses.Invalid("Give lat (-90..90) and lon (-180..180) in WGS84 decimal degrees, e.g. ?lat=9.1769&lon=105.1524.");
                var s = geography.Current;
                var match = s.Locator.Locate(latitude, longitude);
                if (match is null)
                    return TypedResults.NotFound();
                var commune = s.Commune(match.CommuneCode)!;
                return TypedResults.Ok(new CommuneLocation(commune.Code, commune.Name, commune.FullName, commune.RegionCode, match.Kind.ToString(), match.DistanceMetres));
            })
            .RequireAuthorization(EnvigilPolicies.Public).WithSummary("The commune a WGS84 point lies in (tolerant to boundary slivers).");

        geo.MapGet("/communes/{communeCode}/contact", async Task<Results<Ok<CommuneContactInfo>, NotFound>> (string communeCode, ProvinceGeography geography, KernelDb db) =>
            {
                if (geography.Current.Commune(communeCode) is null)
                    return TypedResults.NotFound();
                var contact = await db.CommuneContacts.AsNoTracking().SingleOrDefaultAsync(c => c.CommuneCode == communeCode);
                return TypedResults.Ok(new CommuneContactInfo(communeCode, contact?.OfficerName, contact?.Phone, contact?.Email, contact?.UpdatedAtUtc));
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithSummary("Who to reach in a commune (signed-in staff only: personal data).");

        geo.MapPut("/communes/{communeCode}/contact", async (string communeCode, CommuneContactUpdate update, ProvinceGeography geography, CommuneContacts contacts) =>
            {
                if (geography.Current.Commune(communeCode) is null)
                    return (IResult)TypedResults.NotFound();
                var result = await contacts.UpdateAsync(communeCode, update);
                return result.Errors.Count > 0 ? ProblemResponses.Invalid([.. result.Errors]) : TypedResults.Ok(result.Contact);
            })
            .RequireAuthorization(EnvigilPolicies.CommuneEditor)
            .WithSummary("Update a commune's contact: province staff, or that commune's own officer.");

        geo.MapGet("/vn2000/to-wgs84", (double? x, double? y, double? meridian, string? oldProvince, ProvinceGeography geography) =>
            {
                if (ZoneOf(meridian, oldProvince) is not { } zone)
                    return ProblemResponses.Invalid("Give the zone: meridian (central meridian in decimal degrees, a multiple of 0.25, e.g. 104.5 for 104°30′) or oldProvince (a pre-2025 province name, e.g. Cà Mau).");
                if (x is not { } northing || y is not { } easting)
                    return ProblemResponses.Invalid("Give x (northing, about 7 digits) and y (easting, about 6 digits) in metres, as printed on VN-2000 documents.");
                if (!Vn2000Transform.TryToWgs84(new Vn2000GridPoint(northing, easting, zone), out var wgs84, out var error))
                    return ProblemResponses.Invalid(error);
                var commune = geography.Current.Locator.Locate(wgs84.Latitude, wgs84.Longitude);
                return TypedResults.Ok(new Vn2000Conversion(Math.Round(wgs84.Latitude, 8), Math.Round(wgs84.Longitude, 8), northing, easting, zone.ToString(), commune?.CommuneCode));
            })
            .RequireAuthorization(EnvigilPolicies.Public)
            .WithSummary("Convert VN-2000 provincial-zone grid coordinates (X northing, Y easting, as on licences) to WGS84 (EPSG:6960 parameters).");

        geo.MapGet("/vn2000/from-wgs84", (double? lat, double? lon, double? meridian, string? oldProvince, ProvinceGeography geography) =>
            {
                if (ZoneOf(meridian, oldProvince) is not { } zone)
                    return ProblemResponses.Invalid("Give the zone: meridian (e.g. 104.5) or oldProvince (e.g. Cà Mau).");
                if (lat is not { } latitude || lon is not { } longitude)
                    return ProblemResponses.Invalid("Give lat and lon in WGS84 decimal degrees.");
                if (!Vn2000Transform.TryFromWgs84(new Wgs84Point(latitude, longitude), zone, out var grid, out var error))
                    return ProblemResponses.Invalid(error);
                var commune = geography.Current.Locator.Locate(latitude, longitude);
                return TypedResults.Ok(new Vn2000Conversion(latitude, longitude, Math.Round(grid.NorthingX, 3), Math.Round(grid.EastingY, 3), zone.ToString(), commune?.CommuneCode));
            })
            .RequireAuthorization(EnvigilPolicies.Public)
            .WithSummary("Convert WGS84 to VN-2000 provincial-zone grid coordinates.");

        return endpoints;
    }

    /// <summary>One tag per snapshot's bytes, computed once.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], Microsoft.Net.Http.Headers.EntityTagHeaderValue> BoundaryTags = new();

    private static Microsoft.Net.Http.Headers.EntityTagHeaderValue ContentTag(byte[] bytes) =>
        new($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..32]}\"");

    private static Vn2000Zone? ZoneOf(double? meridian, string? oldProvince)
    {
        try
        {
            if (meridian is { } degrees)
                return Vn2000Zone.FromDecimalDegrees(degrees);
            if (!string.IsNullOrWhiteSpace(oldProvince) && oldProvince.Length <= 100)
                return Vn2000Zone.ForOldProvince(oldProvince);
        }
        catch (ArgumentException)
        {
        }
        return null;
    }

    private static CommuneInfo ToInfo(AdminUnit c) =>
        new(c.Code, c.Name, c.NameEn, c.FullName, c.UnitType, c.RegionCode, c.AreaKm2, c.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
