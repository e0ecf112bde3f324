using System.Net.Http.Json;
using System.Text.Json;
using Envigil.Host.Tests.Monitoring;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Enforcement;

/// <summary>An exceedance alert with its episode, over values that arrived as real Circular 10 files through reception.</summary>
public sealed record SeededAlert(string FacilityId, string StationCode, long AlertId, long EpisodeId, IReadOnlyList<ReceiptView> Receipts);

public static class EnforcementSetup
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>
    /// Registers a facility and station, delivers four files over HTTP (the real reception path), then inserts the alert
    /// and the episode the alert engine would have written (it is being built separately), pointing at those values.
    /// </summary>
    public static async Task<SeededAlert> AlertWithEvidenceAsync(EnvigilAppFactory app)
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var facility = $"F-{id}";
        var station = $"E{id}_NT01";
        await MonitoringSetup.RegisterAsync(app, facility, $"e{id.ToLowerInvariant()}", station);
        var machine = await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station);
        var start = MonitoringSetup.Hour(2, 3);
        var receipts = new List<ReceiptView>();
        for (var i = 0; i < 4; i++)
        {
            var (_, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, start.AddMinutes(15 * i), cod: 120 + i));
            Assert.Equal("stored", receipt!.State);
            receipts.Add(receipt);
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var datastream = await db.Datastreams.SingleAsync(d => d.StationCode == station && d.ParameterCode == "COD");
        var rule = new AlertRule { Code = $"test-{id}", NameVi = "Vượt ngưỡng", NameEn = "Exceedance", Kind = AlertKind.Exceedance, Severity = AlertSeverity.Critical, UpdatedBy = "test", UpdatedAtUtc = DateTime.UtcNow };
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync();
        var alert = new Alert
        {
            RuleId = rule.Id, SubjectKey = $"datastream:{datastream.Id}", Kind = AlertKind.Exceedance, Severity = AlertSeverity.Critical, State = AlertState.Open,
            StationCode = station, FacilityId = facility, ParameterCode = "COD",
            TitleVi = $"COD vượt giới hạn tại {station}", TitleEn = $"COD above the limit at {station}",
            DetailVi = "Trung bình 1 giờ 121,5 mg/L, giới hạn 75 mg/L", DetailEn = "1-hour mean 121.5 mg/L, limit 75 mg/L",
            ConditionSinceUtc = start, OpenedAtUtc = start.AddHours(1), LastTrueAtUtc = start.AddHours(1),
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        var times = Enumerable.Range(0, 4).Select(i => start.AddMinutes(15 * i)).ToList();
        var episode = new StoredEpisode
        {
            DatastreamId = datastream.Id, StationCode = station, FacilityId = facility, ParameterCode = "COD", State = EpisodeState.Active,
            Direction = ExceedanceDirection.Above, AveragingPeriod = AveragingPeriod.OneHour, StartUtc = start, EndUtc = start.AddHours(1), WindowCount = 1,
            Peak = 123, Mean = 121.5, RatioToLimit = 1.62, LimitValue = 75, Unit = "mg/L", LimitFormula = "C × Kq × Kf = 50 × 1.5 × 1.0", LimitSource = "QCVN 40:2025/BTNMT, cột B",
            LimitVerified = false, IsOngoing = false, WindowsJson = EpisodeWindow.Serialize([new EpisodeWindow(start, start.AddHours(1), 121.5, 4, 12, 0, 0, times)]),
            AlertId = alert.Id, FirstDetectedAtUtc = start.AddHours(1), UpdatedAtUtc = start.AddHours(1),
        };
        db.Episodes.Add(episode);
        await db.SaveChangesAsync();
        return new SeededAlert(facility, station, alert.Id, episode.Id, receipts);
    }

    public static async Task<HttpClient> OperatorAsync(EnvigilAppFactory app, string facilityId)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facilityId]))).EnsureSuccessStatusCode();
        return await app.SignedIn(email, "operator-password-1");
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
