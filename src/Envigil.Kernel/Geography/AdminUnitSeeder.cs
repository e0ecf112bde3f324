using Envigil.Kernel.Audit;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel.Geography;

/// <summary>
/// Loads the official administrative units into an empty database (in every mode: they are facts, not demo data),
/// with boundaries where shipped, and assigns the configured province's communes to its regions.
/// </summary>
public sealed class AdminUnitSeeder(KernelDb db, IOptions<EnvigilOptions> options, AuditLog audit)
{
    // Resolution 202/2025/QH15 and the 2025 commune-merger resolutions: the two-level units took effect on 1 July 2025.
    public static readonly DateOnly ReformEffectiveOn = new(2025, 7, 1);

    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        var added = 0;
        if (!await db.AdminUnits.AnyAsync(cancellationToken))
        {
            foreach (var province in AdminUnitSource.Provinces())
            {
                var boundary = AdminUnitSource.ProvinceBoundary(province.Code);
                db.AdminUnits.Add(ToEntity(province, boundary?.Boundary, boundary?.AreaKm2));
            }
            var boundariesByProvince = new Dictionary<string, IReadOnlyDictionary<string, (NetTopologySuite.Geometries.Geometry Boundary, double? AreaKm2)>>();
            foreach (var commune in AdminUnitSource.Communes())
            {
                var provinceCode = commune.ParentCode!;
                if (!boundariesByProvince.TryGetValue(provinceCode, out var boundaries))
                    boundariesByProvince[provinceCode] = boundaries = AdminUnitSource.CommuneBoundaries(provinceCode);
                var found = boundaries.TryGetValue(commune.Code, out var b);
                db.AdminUnits.Add(ToEntity(commune, found ? b.Boundary : null, found ? b.AreaKm2 : null));
            }
            added = db.ChangeTracker.Entries().Count();
            using (AuditInterceptor.SuppressPerEntityEntries())
                await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await audit.RecordAsync("loaded", "kernel.admin_units", "official-list-2025",
                new { units = added, source = "Decision 19/2025/QĐ-TTg code list (Geography/Data/SOURCE.md)" });
        }
        await AssignRegionsAsync(cancellationToken);
        return added;
    }

    private async Task AssignRegionsAsync(CancellationToken cancellationToken)
    {
        var provinceCode = options.Value.ProvinceCode;
        if (await db.ProvinceRegions.AnyAsync(r => r.ProvinceCode == provinceCode, cancellationToken))
            return; // regions are kept by people once set; never overwrite them at start
        var file = options.Value.RegionsFile;
        RegionAssignment assignment;
        try
        {
            var json = file is { Length: > 0 } ? await File.ReadAllTextAsync(file, cancellationToken) : AdminUnitSource.RegionAssignmentJson(provinceCode);
            if (json is null)
                return;
            assignment = RegionAssignment.Parse(json);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException)
        {
            throw new StartupProblem($"The regions file '{file}' (Envigil:RegionsFile) cannot be read: {ex.Message}; fix the file or clear the setting to use the shipped one.", ex);
        }
        if (assignment.ProvinceCode != provinceCode)
            throw new StartupProblem($"The regions file is for province {assignment.ProvinceCode} but Envigil:ProvinceCode is {provinceCode}; fix Envigil:RegionsFile.");
        foreach (var region in assignment.Regions)
        {
            db.ProvinceRegions.Add(new ProvinceRegion
            {
                ProvinceCode = provinceCode, Code = region.Code, Name = region.Name, NameEn = region.NameEn,
                Basis = assignment.Basis, IsProvisional = assignment.Provisional,
            });
        }
        var communes = await db.AdminUnits.Where(u => u.ParentCode == provinceCode && u.Level == AdminLevel.Commune).ToListAsync(cancellationToken);
        foreach (var commune in communes)
            commune.RegionCode = assignment.RegionOf(commune.Code, commune.Boundary);
        using (AuditInterceptor.SuppressPerEntityEntries())
            await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("assigned", "kernel.province_regions", provinceCode, new
        {
            regions = assignment.Regions.Select(r => new { r.Code, communes = communes.Count(c => c.RegionCode == r.Code) }),
            assignment.Provisional,
            assignment.Basis,
        });
    }

    private static AdminUnit ToEntity(OfficialUnit unit, NetTopologySuite.Geometries.Geometry? boundary, double? areaKm2) => new()
    {
        Code = unit.Code,
        Level = unit.Level,
        Name = unit.Name,
        NameEn = unit.NameEn,
        FullName = unit.FullName,
        FullNameEn = unit.FullNameEn,
        UnitType = unit.UnitType,
        ParentCode = unit.ParentCode,
        AreaKm2 = areaKm2,
        Boundary = boundary,
        ValidFrom = ReformEffectiveOn,
    };
}
