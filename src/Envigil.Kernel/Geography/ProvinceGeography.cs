using System.Text.Json;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Envigil.Kernel.Geography;

/// <summary>The configured province as people and maps use it: its communes, regions and the lookup of a point's commune.</summary>
public sealed record ProvinceSnapshot(
    AdminUnit Province,
    IReadOnlyList<AdminUnit> Communes,
    IReadOnlyList<ProvinceRegion> Regions,
    CommuneLocator Locator,
    byte[] CommunesGeoJson)
{
    public AdminUnit? Commune(string code) => Communes.FirstOrDefault(c => c.Code == code);

    public ProvinceRegion? Region(string? code) => Regions.FirstOrDefault(r => r.Code == code);
}

/// <summary>
/// Loads the configured province from the database once and keeps it in memory (64 communes is a few hundred KB);
/// call <see cref="ReloadAsync"/> after changing units or regions.
/// </summary>
public sealed class ProvinceGeography(IServiceScopeFactory scopes, IOptions<EnvigilOptions> options)
{
    private volatile ProvinceSnapshot? _snapshot;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public ProvinceSnapshot Current => _snapshot ?? throw new InvalidOperationException("Province geography is not loaded yet; the host loads it at start.");

    public async Task<ProvinceSnapshot> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KernelDb>();
            var code = options.Value.ProvinceCode;
            var province = await db.AdminUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code && u.Level == AdminLevel.Province, cancellationToken)
                ?? throw new StartupProblem($"Province {code} (Envigil:ProvinceCode) is not in the administrative-unit list; use one of the 34 official codes, e.g. 96.");
            var communes = await db.AdminUnits.AsNoTracking()
                .Where(u => u.ParentCode == code && u.Level == AdminLevel.Commune && u.ValidTo == null)
                .OrderBy(u => u.Code)
                .ToListAsync(cancellationToken);
            var regions = await db.ProvinceRegions.AsNoTracking().Where(r => r.ProvinceCode == code).OrderBy(r => r.Code).ToListAsync(cancellationToken);
            var locator = new CommuneLocator(communes.Where(c => c.Boundary is not null).Select(c => (c.Code, c.Boundary!)), options.Value.CommuneLookupToleranceMetres);
            _snapshot = new ProvinceSnapshot(province, communes, regions, locator, CommuneGeoJson.Write(communes, regions));
            return _snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>GeoJSON (RFC 7946) of communes, the form maps and GIS clients read.</summary>
public static class CommuneGeoJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static byte[] Write(IEnumerable<AdminUnit> communes, IReadOnlyList<ProvinceRegion> regions)
    {
        var collection = new FeatureCollection();
        foreach (var commune in communes.Where(c => c.Boundary is not null))
        {
            var region = regions.FirstOrDefault(r => r.Code == commune.RegionCode);
            collection.Add(new Feature(commune.Boundary, new AttributesTable
            {
                { "code", commune.Code },
                { "name", commune.Name },
                { "nameEn", commune.NameEn },
                { "fullName", commune.FullName },
                { "fullNameEn", commune.FullNameEn },
                { "unitType", commune.UnitType },
                { "regionCode", commune.RegionCode },
                { "regionName", region?.Name },
                { "regionNameEn", region?.NameEn },
                { "areaKm2", commune.AreaKm2 },
            }));
        }
        return JsonSerializer.SerializeToUtf8Bytes(collection, Options);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }
}
