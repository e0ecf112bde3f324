using System.Globalization;
using System.Security.Claims;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Risk;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Persistence;
using Envigil.Kernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Registers;

/// <summary>
/// Demo mode only (and <see cref="HazardsOptions.DemoData"/>): fills an empty hazards register with an illustrative
/// province, so that a newcomer's first look at the module has something to work on: a hazard zone in each of a few
/// communes (the West's erosion, high tide, subsidence and whirlwinds, the East's storms and thunderstorms, as
/// directive item 4 names them), households in and around them with vulnerable people and relocation under way, a
/// shelter per commune, an erosion site and an open review round in the demo commune officer's commune.
/// Every record is entered through <see cref="RegisterService"/>, checked like a person's entry, and says it is
/// illustrative: nothing here is a survey.
/// </summary>
public sealed partial class DemoHazards(
    IServiceScopeFactory scopes,
    ProvinceGeography geography,
    EnvigilDatabase database,
    IOptions<EnvigilOptions> envigil,
    IOptions<HazardsOptions> options,
    TimeProvider time,
    ILogger<DemoHazards> logger) : BackgroundService
{
    public const string Source = "Dữ liệu minh họa của bản demo Envigil — không phải số liệu khảo sát";
    private const int Seed = 3355;
    private const long LockKey = 0x45_56_47_48_5A_44_4D; // "EVGHZDM": two demo hosts on one empty database seed once
    private const int HouseholdsInZone = 24;
    private const int HouseholdsOutside = 8;
    /// <summary>Half the side of a demo zone in degrees (≈ 0.8 km): a zone of about 1.6 × 1.6 km.</summary>
    private const double HalfSide = 0.0075;

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Dương", "Lâm"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Hữu", "Kim"];
    private static readonly string[] GivenNames = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Thảo", "Tuấn", "Yến", "Khánh", "Lộc", "Nhung"];

    /// <summary>The principal the seeding acts as: province-wide, so commune scopes do not apply.</summary>
    private static readonly ClaimsPrincipal Seeder = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, EnvigilRoles.Admin)], "demo-seed"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!envigil.Value.DemoMode || !options.Value.DemoData)
            return;
        try
        {
            await SeedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Illustrative data only: the demo goes on without it rather than stopping the host.
            LogFailed(e);
        }
    }

    /// <returns>False when the register already had data (nothing is added twice, nor to a register people have used).</returns>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var held = await database.LockAsync(LockKey, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HazardsDb>();
        if (await db.Zones.AnyAsync(ct) || await db.Households.AnyAsync(ct) || await db.Shelters.AnyAsync(ct))
            return false;
        var registers = scope.ServiceProvider.GetRequiredService<RegisterService>();
        var province = geography.Current;
        var random = new Random(Seed);
        var today = VietnamTime.Today(time);
        var plans = Plans(province);
        var households = 0;
        foreach (var plan in plans)
        {
            var commune = plan.Commune;
            var centre = commune.Boundary!.InteriorPoint;
            var zone = await registers.CreateDrawnZoneAsync(new DrawnZoneInput(
                $"{plan.ZoneName} — {commune.FullName}", plan.Hazard.ToString(), plan.Susceptibility.ToString(), Source,
                today.AddMonths(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Square(centre.Y, centre.X)), ct);
            if (zone.Errors.Count > 0)
            {
                LogSkipped(commune.Code, zone.Errors[0].MessageVi);
                continue;
            }
            var high = plan.Susceptibility >= Susceptibility.High;
            for (var i = 0; i < HouseholdsInZone + HouseholdsOutside; i++)
            {
                var inZone = i < HouseholdsInZone;
                if (PointIn(commune, province, random, centre, inZone) is not { } point)
                    continue;
                var input = Household(random, commune, point, today, relocating: inZone && high, number: i);
                var created = await registers.CreateHouseholdAsync(Seeder, input, ct);
                if (created.Value is not null)
                    households++;
                else
                    LogSkipped(commune.Code, created.Failure!.Errors[0].Vi);
            }
            // The shelter stands outside the zone, on the commune's own ground.
            if (PointIn(commune, province, random, centre, inZone: false) is { } shelter)
            {
                Check(commune.Code, await registers.CreateShelterAsync(new ShelterInput(
                    plan.ShelterKind == "school" ? $"Trường Tiểu học {commune.Name}" : $"Nhà văn hóa {commune.FullName}",
                    commune.Code, shelter.Y, shelter.X, 150 + random.Next(6) * 50, plan.ShelterKind == "school" ? "Trường học" : "Nhà văn hóa",
                    $"0290 3{random.Next(100_000, 999_999)}"), ct));
            }
            if (plan.Hazard == HazardType.Erosion)
            {
                // The eroding bank runs along the zone's southern edge.
                var y = centre.Y - HalfSide * 0.8;
                var line = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"LineString","coordinates":[[{{centre.X - HalfSide:0.######}},{{y:0.######}}],[{{centre.X:0.######}},{{y - 0.0012:0.######}}],[{{centre.X + HalfSide:0.######}},{{y:0.######}}]]}""");
                Check(commune.Code, await registers.CreateErosionSiteAsync(new ErosionSiteInput($"Bờ sông sạt lở {commune.FullName}", commune.Code, line, null, 12, 6.5,
                    today.AddMonths(-5), "Minh họa: nhà dân cách mép bờ khoảng 12 m, bờ lùi khoảng 6,5 m mỗi năm."), ct));
            }
        }
        if (plans.Count > 0)
        {
            Check(plans[0].Commune.Code, await registers.StartReviewAsync(Seeder, new ReviewInput(plans[0].Commune.Code, $"Rà soát vùng nguy cơ thiên tai năm {today.Year}", null,
                "Minh họa: 2 hộ sát mép bờ sông cần di dời trước mùa mưa bão."), ct));
        }
        LogSeeded(plans.Count, households);
        return true;
    }

    private void Check<T>(string commune, HazardResult<T> result)
    {
        if (result.Failure is { } failure)
            LogSkipped(commune, failure.Errors[0].Vi);
    }

    private sealed record Plan(AdminUnit Commune, HazardType Hazard, Susceptibility Susceptibility, string ZoneName, string ShelterKind);

    /// <summary>
    /// The demo commune officer's commune (the province's first commune, as DemoAccounts assigns it) first, with riverbank
    /// erosion and its erosion site, then two more of the West and two of the East, each with the hazards the directive
    /// names for its side of the province.
    /// </summary>
    private static List<Plan> Plans(ProvinceSnapshot province)
    {
        (HazardType Hazard, Susceptibility Level, string Name)[] west =
        [
            (HazardType.Erosion, Susceptibility.VeryHigh, "Vùng sạt lở bờ sông"),
            (HazardType.StormSurge, Susceptibility.High, "Vùng ngập do triều cường"),
            (HazardType.Subsidence, Susceptibility.Medium, "Vùng sụt lún đất"),
        ];
        (HazardType Hazard, Susceptibility Level, string Name)[] east =
        [
            (HazardType.Storm, Susceptibility.VeryHigh, "Vùng ven biển chịu ảnh hưởng bão"),
            (HazardType.Thunderstorm, Susceptibility.Medium, "Vùng thường xảy ra dông, sét"),
            (HazardType.Whirlwind, Susceptibility.High, "Vùng thường xảy ra lốc"),
        ];
        var withBoundary = province.Communes.Where(c => c.Boundary is { IsEmpty: false }).ToList();
        var plans = new List<Plan>();
        if (province.Communes.Count > 0 && province.Communes[0].Boundary is { IsEmpty: false })
            plans.Add(new Plan(province.Communes[0], west[0].Hazard, west[0].Level, west[0].Name, "school"));
        var chosen = plans.Select(p => p.Commune).ToList();
        var others = withBoundary.Where(c => c.RegionCode == "west" && !chosen.Contains(c)).OrderBy(c => c.Boundary!.InteriorPoint.X).Take(2)
            .Concat(withBoundary.Where(c => c.RegionCode == "east" && !chosen.Contains(c)).OrderByDescending(c => c.Boundary!.InteriorPoint.X).Take(2));
        int w = plans.Count, e = 0;
        foreach (var c in others)
        {
            var (hazard, level, name) = c.RegionCode == "east" ? east[e++ % east.Length] : west[w++ % west.Length];
            plans.Add(new Plan(c, hazard, level, name, plans.Count % 2 == 0 ? "school" : "hall"));
        }
        return plans;
    }

    private static string Square(double latitude, double longitude) => string.Join('\n', new[]
    {
        (latitude - HalfSide, longitude - HalfSide), (latitude - HalfSide, longitude + HalfSide),
        (latitude + HalfSide, longitude + HalfSide), (latitude + HalfSide, longitude - HalfSide),
    }.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1:0.######}, {p.Item2:0.######}")));

    /// <summary>A point of the commune, inside the demo zone around <paramref name="centre"/> or outside it; null if none is found.</summary>
    private static Point? PointIn(AdminUnit commune, ProvinceSnapshot province, Random random, Point centre, bool inZone)
    {
        var envelope = commune.Boundary!.EnvelopeInternal;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            double x, y;
            if (inZone)
            {
                x = centre.X + (random.NextDouble() * 2 - 1) * HalfSide * 0.9;
                y = centre.Y + (random.NextDouble() * 2 - 1) * HalfSide * 0.9;
            }
            else
            {
                x = envelope.MinX + random.NextDouble() * envelope.Width;
                y = envelope.MinY + random.NextDouble() * envelope.Height;
                if (Math.Abs(x - centre.X) <= HalfSide * 1.2 && Math.Abs(y - centre.Y) <= HalfSide * 1.2)
                    continue;
            }
            x = Math.Round(x, 6);
            y = Math.Round(y, 6);
            if (province.Locator.Locate(y, x) is { Kind: CommuneMatchKind.Inside } match && match.CommuneCode == commune.Code)
                return new Point(x, y) { SRID = 4326 };
        }
        return null;
    }

    private static HouseholdInput Household(Random random, AdminUnit commune, Point point, DateOnly today, bool relocating, int number)
    {
        var members = random.Next(2, 8);
        var elderly = random.Next(0, Math.Min(3, members));
        var children = random.Next(0, Math.Min(4, members - elderly) + 1);
        var disabled = random.Next(10) == 0 ? 1 : 0;
        var pregnant = random.Next(12) == 0 ? 1 : 0;
        var relocation = RelocationStatus.NotNeeded;
        DateOnly? planned = null, relocated = null;
        string? destination = null, support = null;
        if (relocating)
        {
            relocation = (number % 10) switch
            {
                < 4 => RelocationStatus.Planned,
                < 6 => RelocationStatus.InProgress,
                < 8 => RelocationStatus.Relocated,
                8 => RelocationStatus.Refused,
                _ => RelocationStatus.NotNeeded,
            };
            if (relocation is RelocationStatus.Planned or RelocationStatus.InProgress)
                planned = today.AddDays(random.Next(20, 120));
            if (relocation == RelocationStatus.Relocated)
            {
                planned = today.AddDays(-random.Next(120, 300));
                relocated = planned.Value.AddDays(random.Next(10, 60));
            }
            if (relocation is RelocationStatus.Planned or RelocationStatus.InProgress or RelocationStatus.Relocated)
                destination = $"Khu tái định cư {commune.FullName}";
            if (relocation == RelocationStatus.Relocated)
                support = "Minh họa: hỗ trợ di dời và làm nhà mới";
        }
        var head = $"{FamilyNames[random.Next(FamilyNames.Length)]} {MiddleNames[random.Next(MiddleNames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}";
        return new HouseholdInput(commune.Code, head, $"Ấp {random.Next(1, 9)}, {commune.FullName}", point.Y, point.X, members,
            elderly, disabled, Math.Min(children, members - elderly), Math.Min(pregnant, members), $"09{random.Next(10_000_000, 99_999_999)}",
            relocation, planned, relocated, destination, support);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo hazards: {Zones} zones with {Households} households, shelters and a review round added")]
    private partial void LogSeeded(int zones, int households);

    [LoggerMessage(Level = LogLevel.Error, Message = "Demo hazards: seeding failed; the demo runs without them")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo hazards: a record of commune {Commune} was refused: {Reason}")]
    private partial void LogSkipped(string commune, string reason);
}
