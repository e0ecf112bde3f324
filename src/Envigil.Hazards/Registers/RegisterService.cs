using System.Security.Claims;
using System.Text.Json;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Risk;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Geography;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Geometries.Prepared;

namespace Envigil.Hazards.Registers;

public sealed record HouseholdInput(string? CommuneCode, string? HeadName, string? Address, double? Latitude, double? Longitude, int? Members,
    int? Elderly = 0, int? Disabled = 0, int? Children = 0, int? Pregnant = 0, string? Phone = null, RelocationStatus? Relocation = null,
    DateOnly? RelocationPlannedOn = null, DateOnly? RelocatedOn = null, string? RelocationDestination = null, string? RelocationSupport = null, int? ExpectedVersion = null);

public sealed record HouseholdView(long Id, string CommuneCode, string HeadName, string Address, double Latitude, double Longitude, int Members, int Elderly, int Disabled,
    int Children, int Pregnant, string? Phone, RelocationStatus Relocation, DateOnly? RelocationPlannedOn, DateOnly? RelocatedOn, string? RelocationDestination,
    string? RelocationSupport, IReadOnlyList<long> ZoneIds, int Version, DateTime UpdatedAtUtc, string UpdatedBy);

public sealed record HouseholdPage(IReadOnlyList<HouseholdView> Items, long? NextAfter);

public sealed record ZoneView(long Id, string Name, HazardType Hazard, Susceptibility Susceptibility, string? Source, DateOnly? SurveyedOn, double AreaKm2, DateTime CreatedAtUtc);

public sealed record ShelterInput(string? Name, string? CommuneCode, double? Latitude, double? Longitude, int? Capacity, string? Kind, string? Phone);

public sealed record ErosionSiteInput(string? Name, string? CommuneCode, string? GeometryGeoJson, double? LengthM, double? DistanceToHousesM, double? RetreatRateMPerYear, DateOnly? SurveyedOn, string? Notes);

public sealed record ChecklistItem(string Item, bool Done);

public sealed record ReviewInput(string? CommuneCode, string? Title, IReadOnlyList<ChecklistItem>? Checklist, string? Findings);

public sealed record RelocationCount(RelocationStatus Status, int Households, int People);

/// <summary>
/// The registers: hazard zones (GeoJSON), erosion sites, households (commune-scoped, .xlsx/CSV), shelters and review
/// rounds. A commune officer creates, edits and imports only their own commune's households: checked here.
/// </summary>
public sealed class RegisterService(HazardsDb db, ProvinceGeography geography, IAuditActorAccessor actors, TimeProvider time)
{
    public const int MaxPageSize = 500;
    private string Actor => actors.Current.Name;
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ------------------------------------------------------------ zones

    /// <summary>How much a zipped Shapefile may inflate to, as a multiple of the upload limit (attributes and geometry compress well).</summary>
    public const int MaxUnzipFactor = 5;

    /// <summary>
    /// Imports zones from GeoJSON, KML (.kml) or a zipped Shapefile (.zip, or content starting with the zip signature);
    /// every format maps its attributes the same way (<see cref="ZoneFeature"/>) and reports bad features by number.
    /// </summary>
    /// <summary>Starts with '&lt;' after an optional UTF-8 byte order mark and white space: XML (KML) rather than JSON.</summary>
    private static bool LooksLikeXml(byte[] content)
    {
        ReadOnlySpan<byte> skipped = [0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\r', (byte)'\n', (byte)'\t'];
        return ((ReadOnlySpan<byte>)content).TrimStart(skipped) is [(byte)'<', ..];
    }

    public async Task<ImportReport> ImportZonesAsync(byte[] content, string fileName, long maxBytes, CancellationToken ct)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var (rows, errors) =
            extension == ".zip" || content is [0x50, 0x4B, 0x03, 0x04, ..] ? ZoneShapefile.Read(content, fileName, maxBytes * MaxUnzipFactor, geography.Current.Province.Name)
            : extension == ".kml" || (extension != ".geojson" && extension != ".json" && LooksLikeXml(content)) ? ZoneKml.Read(content, fileName)
            : ZoneGeoJson.Read(content, fileName);
        foreach (var row in rows)
            AddZone(row);
        await db.SaveChangesAsync(ct);
        return new ImportReport(rows.Count, errors.Select(e => e.Row).Where(r => r > 0).Distinct().Count(), errors);
    }

    /// <summary>Stores a zone drawn on the map, checked like an imported one; the report says why it was not stored.</summary>
    public async Task<ImportReport> CreateDrawnZoneAsync(DrawnZoneInput input, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var row = ZoneDrawing.Read(input, $"Vẽ trên bản đồ ({Actor})", errors);
        if (row is null)
            return new ImportReport(0, 1, errors);
        AddZone(row);
        await db.SaveChangesAsync(ct);
        return new ImportReport(1, 0, []);
    }

    /// <summary>A checked zone, imported or drawn, becomes a stored one the same way.</summary>
    private void AddZone(ZoneRow row) => db.Zones.Add(new HazardZone
    {
        Name = row.Name, Hazard = row.Hazard, Susceptibility = row.Susceptibility, Source = row.Source, SurveyedOn = row.SurveyedOn,
        Geometry = row.Geometry, CreatedBy = Actor, CreatedAtUtc = Now,
    });

    public async Task<IReadOnlyList<ZoneView>> ZonesAsync(HazardType? hazard, CancellationToken ct)
    {
        var query = db.Zones.AsNoTracking();
        if (hazard is { } h)
            query = query.Where(z => z.Hazard == h);
        var zones = await query.OrderBy(z => z.Id).Take(5_000).ToListAsync(ct);
        return zones.Select(z => new ZoneView(z.Id, z.Name, z.Hazard, z.Susceptibility, z.Source, z.SurveyedOn, Math.Round(AreaKm2(z.Geometry), 3), z.CreatedAtUtc)).ToList();
    }

    public Task<List<HazardZone>> ZoneGeometriesAsync(CancellationToken ct) => db.Zones.AsNoTracking().OrderBy(z => z.Id).Take(5_000).ToListAsync(ct);

    public async Task<bool> DeleteZoneAsync(long id, CancellationToken ct)
    {
        var zone = await db.Zones.FindAsync([id], ct);
        if (zone is null)
            return false;
        db.Zones.Remove(zone);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Equirectangular area at the zone's latitude: good to a fraction of a percent at a province's size.</summary>
    internal static double AreaKm2(Geometry g)
    {
        var lat = g.Centroid.Y * Math.PI / 180;
        return g.Area * 111.32 * 111.32 * Math.Cos(lat);
    }

    // ------------------------------------------------------------ households

    public async Task<HouseholdPage> HouseholdsAsync(ClaimsPrincipal user, string? commune, RelocationStatus? relocation, string? search, long? after, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var query = Visible(db.Households.AsNoTracking(), user);
        if (!string.IsNullOrWhiteSpace(commune))
            query = query.Where(h => h.CommuneCode == commune);
        if (relocation is { } r)
            query = query.Where(h => h.Relocation == r);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(h => h.HeadName.Contains(term) || h.Address.Contains(term));
        }
        if (after is { } a)
            query = query.Where(h => h.Id > a);
        var rows = await query.OrderBy(h => h.Id).Take(limit + 1).ToListAsync(ct);
        var zones = await ZoneIndexAsync(ct);
        var items = rows.Take(limit).Select(h => View(h, zones)).ToList();
        return new HouseholdPage(items, rows.Count > limit ? items[^1].Id : null);
    }

    public async Task<HouseholdView?> HouseholdAsync(ClaimsPrincipal user, long id, CancellationToken ct) =>
        await Visible(db.Households.AsNoTracking(), user).SingleOrDefaultAsync(h => h.Id == id, ct) is { } h ? View(h, await ZoneIndexAsync(ct)) : null;

    public async Task<IReadOnlyList<RelocationCount>> RelocationCountsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var counts = await Visible(db.Households.AsNoTracking(), user).GroupBy(h => h.Relocation)
            .Select(g => new { g.Key, Households = g.Count(), People = g.Sum(h => h.Members) }).ToListAsync(ct);
        return Enum.GetValues<RelocationStatus>().Select(s => counts.FirstOrDefault(c => c.Key == s) is { } c ? new RelocationCount(s, c.Households, c.People) : new RelocationCount(s, 0, 0)).ToList();
    }

    public async Task<HazardResult<HouseholdView>> CreateHouseholdAsync(ClaimsPrincipal user, HouseholdInput input, CancellationToken ct)
    {
        var household = new Household { CommuneCode = "", HeadName = "", Address = "", UpdatedBy = Actor };
        if (Apply(user, household, input) is { } failure)
            return failure;
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);
        return View(household, await ZoneIndexAsync(ct));
    }

    public async Task<HazardResult<HouseholdView>> UpdateHouseholdAsync(ClaimsPrincipal user, long id, HouseholdInput input, CancellationToken ct)
    {
        var household = await Visible(db.Households, user).SingleOrDefaultAsync(h => h.Id == id, ct);
        if (household is null)
            return HazardFailure.NotFound("Không có hộ này, hoặc hộ không thuộc xã của bạn.", "No such household, or it is not in your commune.");
        if (input.ExpectedVersion is { } v && v != household.Version)
            return HazardFailure.Conflict("Hộ đã được người khác sửa; hãy tải lại.", "Someone else changed the household; reload it.");
        if (Apply(user, household, input) is { } failure)
            return failure;
        household.Version++;
        await db.SaveChangesAsync(ct);
        return View(household, await ZoneIndexAsync(ct));
    }

    public async Task<ImportReport> ImportHouseholdsAsync(ClaimsPrincipal user, byte[] content, string fileName, CancellationToken ct)
    {
        var (rows, errors) = HouseholdSheet.Read(content, fileName);
        var all = errors.ToList();
        var stored = 0;
        foreach (var row in rows)
        {
            var household = new Household { CommuneCode = "", HeadName = "", Address = "", UpdatedBy = Actor };
            var failure = Apply(user, household, new HouseholdInput(row.CommuneCode, row.HeadName, row.Address, row.Latitude, row.Longitude, row.Members,
                row.Elderly, row.Disabled, row.Children, row.Pregnant, row.Phone, row.Relocation, row.PlannedOn, row.RelocatedOn, row.Destination, row.Support));
            if (failure is not null)
            {
                all.AddRange(failure.Errors.Select(e => new ImportError(row.Row, null, e.Vi, e.En)));
                continue;
            }
            db.Households.Add(household);
            stored++;
        }
        // One transaction: the valid rows are stored together, or none if the database refuses.
        await db.SaveChangesAsync(ct);
        return new ImportReport(stored, all.Select(e => e.Row).Where(r => r > 0).Distinct().Count(), all.OrderBy(e => e.Row).ToList());
    }

    private static IQueryable<Household> Visible(IQueryable<Household> households, ClaimsPrincipal user)
    {
        if (HazardScope.Communes(user)?.ToList() is not { } scope)
            return households;
        return households.Where(h => scope.Contains(h.CommuneCode));
    }

    /// <summary>Validates and copies the input; the commune comes from the input or, when absent, from the point.</summary>
    private HazardFailure? Apply(ClaimsPrincipal user, Household h, HouseholdInput input)
    {
        var errors = new List<Message>();
        var province = geography.Current;
        if (string.IsNullOrWhiteSpace(input.HeadName) || input.HeadName.Length > 300)
            errors.Add(new("Phải nhập họ tên chủ hộ (tối đa 300 ký tự).", "The head of household's name is required (at most 300 characters)."));
        if (string.IsNullOrWhiteSpace(input.Address) || input.Address.Length > 500)
            errors.Add(new("Phải nhập địa chỉ (tối đa 500 ký tự).", "The address is required (at most 500 characters)."));
        if (input.Members is not (>= 1 and <= 100))
            errors.Add(new("Số nhân khẩu phải từ 1 đến 100.", "Members must be 1 to 100."));
        foreach (var (n, vi, en) in new[] { (input.Elderly, "người cao tuổi", "elderly"), (input.Disabled, "người khuyết tật", "disabled"), (input.Children, "trẻ em", "children"), (input.Pregnant, "phụ nữ mang thai", "pregnant") })
            if (n is < 0 || n > (input.Members ?? 0))
                errors.Add(new($"Số {vi} phải từ 0 đến số nhân khẩu.", $"The {en} count must be 0 to the members."));
        string? commune = null;
        if (input.Latitude is not { } lat || input.Longitude is not { } lon || !double.IsFinite(lat) || !double.IsFinite(lon))
        {
            errors.Add(new("Phải nhập vị trí (vĩ độ, kinh độ WGS84).", "The location (WGS84 latitude, longitude) is required."));
        }
        else
        {
            var located = province.Locator.Locate(lat, lon);
            if (!string.IsNullOrWhiteSpace(input.CommuneCode))
            {
                commune = input.CommuneCode.Trim();
                if (province.Commune(commune) is null)
                    errors.Add(new($"Mã xã {commune} không thuộc tỉnh.", $"Commune {commune} is not in the province."));
                else if (located is null)
                    errors.Add(new($"Vị trí ({lat}, {lon}) nằm ngoài tỉnh.", $"The location ({lat}, {lon}) is outside the province."));
                // Clearly inside another commune: a typo in the code or in the coordinates. Near a (simplified) border either is accepted.
                else if (located.Kind == CommuneMatchKind.Inside && located.CommuneCode != commune && !NearBorder(province, commune, lat, lon))
                    errors.Add(new($"Vị trí ({lat}, {lon}) nằm trong xã {located.CommuneCode}, không phải xã {commune}.", $"The location ({lat}, {lon}) lies in commune {located.CommuneCode}, not {commune}."));
            }
            else if (located is null)
                errors.Add(new($"Vị trí ({lat}, {lon}) nằm ngoài tỉnh; không xác định được xã.", $"The location ({lat}, {lon}) is outside the province; no commune found."));
            else
                commune = located.CommuneCode;
        }
        if (commune is not null && !HazardScope.Covers(user, commune))
            errors.Add(new($"Bạn chỉ được quản lý hộ dân của xã mình, không phải xã {commune}.", $"You may keep households of your own commune only, not {commune}."));
        if (h.Id != 0 && h.CommuneCode.Length > 0 && !HazardScope.Covers(user, h.CommuneCode))
            errors.Add(new("Hộ này không thuộc xã của bạn.", "This household is not in your commune."));
        if (input.Phone is { Length: > 50 })
            errors.Add(new("Số điện thoại quá dài.", "The phone number is too long."));
        if (input.RelocatedOn is not null && input.Relocation is not RelocationStatus.Relocated)
            errors.Add(new("Chỉ ghi ngày di dời khi hộ đã di dời.", "A relocation date is for relocated households only."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);

        h.CommuneCode = commune!;
        h.HeadName = input.HeadName!.Trim();
        h.Address = input.Address!.Trim();
        h.Latitude = input.Latitude!.Value;
        h.Longitude = input.Longitude!.Value;
        h.Members = input.Members!.Value;
        h.Elderly = input.Elderly ?? 0;
        h.Disabled = input.Disabled ?? 0;
        h.Children = input.Children ?? 0;
        h.Pregnant = input.Pregnant ?? 0;
        h.Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        h.Relocation = input.Relocation ?? RelocationStatus.NotNeeded;
        h.RelocationPlannedOn = input.RelocationPlannedOn;
        h.RelocatedOn = input.RelocatedOn;
        h.RelocationDestination = string.IsNullOrWhiteSpace(input.RelocationDestination) ? null : input.RelocationDestination.Trim()[..Math.Min(input.RelocationDestination.Trim().Length, 500)];
        h.RelocationSupport = string.IsNullOrWhiteSpace(input.RelocationSupport) ? null : input.RelocationSupport.Trim()[..Math.Min(input.RelocationSupport.Trim().Length, 500)];
        h.UpdatedBy = Actor;
        h.UpdatedAtUtc = Now;
        return null;
    }

    /// <summary>Within about 300 m of the named commune's boundary: the shipped boundaries are simplified.</summary>
    private static bool NearBorder(ProvinceSnapshot province, string commune, double lat, double lon) =>
        province.Commune(commune)?.Boundary is { } boundary && boundary.IsWithinDistance(new Point(lon, lat), 0.003);

    private async Task<STRtree<(long Id, IPreparedGeometry Geometry)>> ZoneIndexAsync(CancellationToken ct)
    {
        var tree = new STRtree<(long, IPreparedGeometry)>();
        foreach (var zone in await ZoneGeometriesAsync(ct))
            tree.Insert(zone.Geometry.EnvelopeInternal, (zone.Id, PreparedGeometryFactory.Prepare(zone.Geometry)));
        tree.Build();
        return tree;
    }

    private static HouseholdView View(Household h, STRtree<(long Id, IPreparedGeometry Geometry)> zones)
    {
        var point = new Point(h.Longitude, h.Latitude);
        var inside = zones.Count == 0 ? [] : zones.Query(point.EnvelopeInternal).Where(z => z.Geometry.Covers(point)).Select(z => z.Id).Order().ToList();
        return new HouseholdView(h.Id, h.CommuneCode, h.HeadName, h.Address, h.Latitude, h.Longitude, h.Members, h.Elderly, h.Disabled, h.Children, h.Pregnant,
            h.Phone, h.Relocation, h.RelocationPlannedOn, h.RelocatedOn, h.RelocationDestination, h.RelocationSupport, inside, h.Version, h.UpdatedAtUtc, h.UpdatedBy);
    }

    // ------------------------------------------------------------ shelters, erosion sites, reviews

    public async Task<IReadOnlyList<Shelter>> SheltersAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var query = db.Shelters.AsNoTracking();
        if (HazardScope.Communes(user)?.ToList() is { } scope)
            query = query.Where(s => scope.Contains(s.CommuneCode));
        return await query.OrderBy(s => s.Id).Take(5_000).ToListAsync(ct);
    }

    public async Task<HazardResult<Shelter>> CreateShelterAsync(ShelterInput input, CancellationToken ct)
    {
        var errors = new List<Message>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 300)
            errors.Add(new("Phải nhập tên điểm sơ tán.", "The shelter's name is required."));
        if (input.CommuneCode is null || geography.Current.Commune(input.CommuneCode) is null)
            errors.Add(new("Mã xã không thuộc tỉnh.", "The commune is not in the province."));
        if (input.Latitude is not { } lat || input.Longitude is not { } lon || geography.Current.Locator.Locate(lat, lon) is null)
            errors.Add(new("Vị trí phải nằm trong tỉnh.", "The location must be inside the province."));
        if (input.Capacity is not (>= 1 and <= 1_000_000))
            errors.Add(new("Sức chứa phải từ 1 người.", "Capacity must be at least 1 person."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);
        var shelter = new Shelter
        {
            Name = input.Name!.Trim(), CommuneCode = input.CommuneCode!, Latitude = input.Latitude!.Value, Longitude = input.Longitude!.Value, Capacity = input.Capacity!.Value,
            Kind = input.Kind, Phone = input.Phone, UpdatedBy = Actor, UpdatedAtUtc = Now,
        };
        db.Shelters.Add(shelter);
        await db.SaveChangesAsync(ct);
        return shelter;
    }

    public async Task<IReadOnlyList<ErosionSite>> ErosionSitesAsync(CancellationToken ct) => await db.ErosionSites.AsNoTracking().OrderBy(s => s.Id).Take(5_000).ToListAsync(ct);

    public async Task<HazardResult<ErosionSite>> CreateErosionSiteAsync(ErosionSiteInput input, CancellationToken ct)
    {
        var errors = new List<Message>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 300)
            errors.Add(new("Phải nhập tên điểm sạt lở.", "The site's name is required."));
        if (input.CommuneCode is null || geography.Current.Commune(input.CommuneCode) is null)
            errors.Add(new("Mã xã không thuộc tỉnh.", "The commune is not in the province."));
        Geometry? geometry = null;
        try
        {
            geometry = string.IsNullOrWhiteSpace(input.GeometryGeoJson) ? null
                : JsonSerializer.Deserialize<Geometry>(input.GeometryGeoJson, CommuneGeoJson.Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            errors.Add(new($"Hình học không đọc được: {e.Message}", $"The geometry cannot be read: {e.Message}"));
        }
        if (geometry is not (LineString or MultiLineString or Point) || !geometry.IsValid)
            errors.Add(new("Điểm sạt lở là một đường (LineString) hoặc một điểm (Point) hợp lệ.", "An erosion site is a valid LineString or Point."));
        foreach (var (value, vi, en) in new[] { (input.LengthM, "Chiều dài", "Length"), (input.DistanceToHousesM, "Khoảng cách tới nhà dân", "Distance to houses"), (input.RetreatRateMPerYear, "Tốc độ sạt lở", "Retreat rate") })
            if (value is < 0 or > 1_000_000)
                errors.Add(new($"{vi} không hợp lệ.", $"{en} is not valid."));
        if (errors.Count > 0)
            return HazardFailure.Invalid([.. errors]);
        geometry!.SRID = 4326;
        var length = input.LengthM ?? (geometry is Point ? null : Math.Round(geometry.Length * 111_320 * Math.Cos(geometry.Centroid.Y * Math.PI / 180), 1));
        var site = new ErosionSite
        {
            Name = input.Name!.Trim(), CommuneCode = input.CommuneCode!, Geometry = geometry, LengthM = length, DistanceToHousesM = input.DistanceToHousesM,
            RetreatRateMPerYear = input.RetreatRateMPerYear, SurveyedOn = input.SurveyedOn, Notes = input.Notes, CreatedBy = Actor, CreatedAtUtc = Now,
        };
        db.ErosionSites.Add(site);
        await db.SaveChangesAsync(ct);
        return site;
    }

    public async Task<IReadOnlyList<ReviewRound>> ReviewsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var query = db.Reviews.AsNoTracking();
        if (HazardScope.Communes(user)?.ToList() is { } scope)
            query = query.Where(r => scope.Contains(r.CommuneCode));
        return await query.OrderByDescending(r => r.Id).Take(500).ToListAsync(ct);
    }

    public async Task<HazardResult<ReviewRound>> StartReviewAsync(ClaimsPrincipal user, ReviewInput input, CancellationToken ct)
    {
        if (input.CommuneCode is null || geography.Current.Commune(input.CommuneCode) is null)
            return HazardFailure.Invalid(new Message("Mã xã không thuộc tỉnh.", "The commune is not in the province."));
        if (!HazardScope.Covers(user, input.CommuneCode))
            return HazardFailure.Forbidden("Bạn chỉ rà soát xã của mình.", "You review your own commune only.");
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 300)
            return HazardFailure.Invalid(new Message("Phải nhập tên đợt rà soát.", "The review needs a title."));
        var checklist = input.Checklist is { Count: > 0 } c ? c.Take(100).ToList() : DefaultChecklist;
        var review = new ReviewRound
        {
            CommuneCode = input.CommuneCode, Title = input.Title.Trim(), ChecklistJson = JsonSerializer.Serialize(checklist, JsonSerializerOptions.Web),
            Findings = input.Findings, StartedBy = Actor, StartedAtUtc = Now,
        };
        db.Reviews.Add(review);
        await db.SaveChangesAsync(ct);
        return review;
    }

    public async Task<HazardResult<ReviewRound>> SignOffReviewAsync(ClaimsPrincipal user, long id, IReadOnlyList<ChecklistItem>? checklist, string? findings, CancellationToken ct)
    {
        var review = await db.Reviews.FindAsync([id], ct);
        if (review is null || !HazardScope.Covers(user, review.CommuneCode))
            return HazardFailure.NotFound("Không có đợt rà soát này.", "No such review.");
        if (review.SignedOffAtUtc is not null)
            return HazardFailure.Conflict("Đợt rà soát đã được ký xác nhận.", "The review is already signed off.");
        if (checklist is { Count: > 0 })
            review.ChecklistJson = JsonSerializer.Serialize(checklist.Take(100), JsonSerializerOptions.Web);
        if (findings is not null)
            review.Findings = findings.Length > 8000 ? findings[..8000] : findings;
        review.SignedOffBy = Actor;
        review.SignedOffAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return review;
    }

    /// <summary>What a commune checks every review (directive item 4: regular reviews, relocation out of high-risk areas).</summary>
    public static readonly IReadOnlyList<ChecklistItem> DefaultChecklist =
    [
        new("Rà soát ranh giới vùng nguy cơ (sạt lở, triều cường, sụt lún, lốc) so với thực địa / Zone boundaries checked on the ground", false),
        new("Cập nhật danh sách hộ trong vùng nguy cơ và người dễ bị tổn thương / Households and vulnerable people updated", false),
        new("Kiểm tra điểm sơ tán và sức chứa / Shelters and capacity checked", false),
        new("Rà soát kế hoạch di dời hộ ở vùng nguy cơ cao / Relocation plan for high-risk households reviewed", false),
        new("Kiểm tra phương tiện thông báo (loa, điện thoại) / Warning channels (loudspeakers, phones) tested", false),
    ];
}
