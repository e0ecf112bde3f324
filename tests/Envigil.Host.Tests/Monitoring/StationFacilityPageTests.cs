using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Http;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// The station page's charts (range and resolution from the query string, the limit line, calibration bands, gaps)
/// and the facility page (limits with their arithmetic, obligation, cases through the enforcement contract, scopes),
/// over HTTP on both providers. The browser tests show the same pages in Chromium.
/// </summary>
public abstract partial class StationFacilityPageTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>A facility on QCVN 40:2011 column B with one wastewater station measuring COD; returns its effective COD limit.</summary>
    private async Task<(HttpClient Officer, HttpClient Machine, string Facility, string Station, double CodLimit)> FacilityAsync()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var (facility, station) = ($"S-{id}", $"S{id}_NT01");
        var officer = await MonitoringSetup.RegisterAsync(app, facility, $"s{id.ToLowerInvariant()}", station, parameters: ["COD"]);
        var basis = await officer.PutAsJsonAsync($"/api/v1/facilities/{facility}/limit-basis",
            new LimitBasisInput("QCVN40:2011", "B", new DateOnly(2020, 1, 1), ReceivingWater: ReceivingWaterKind.River, LowestFlowM3PerSecond: 120), Json);
        Assert.Equal(HttpStatusCode.NoContent, basis.StatusCode);
        using var limits = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/facilities/{facility}/limits"));
        var cod = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("parameter").GetString() == "COD");
        return (officer, await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station), facility, station, cod.GetProperty("upper").GetDouble());
    }

    private static string Chart(string page, string parameter)
    {
        var match = Regex.Match(page, $"<figure class=\"series-chart\" data-testid=\"series-chart\" data-parameter=\"{parameter}\".*?</figure>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {parameter} chart");
        return match.Value;
    }

    [Fact]
    public async Task Station_chart_draws_the_limit_shades_calibration_breaks_at_gaps_and_follows_range_and_resolution()
    {
        var (officer, machine, _, station, codLimit) = await FacilityAsync();
        var t = DateTime.UtcNow.AddMinutes(-90);
        t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute / 5 * 5, 0, DateTimeKind.Utc);
        // Measuring for 20 minutes, calibrating for 15, nothing for 20, measuring again.
        foreach (var (minute, status) in new[] { (0, "00"), (5, "00"), (10, "00"), (15, "00"), (20, "01"), (25, "01"), (30, "01"), (55, "00"), (60, "00") })
            Assert.Equal(HttpStatusCode.OK, (await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, t.AddMinutes(minute), ("COD", 40 + minute / 10.0, "mg/L", status)))).Status);

        var page = await officer.GetStringAsync($"/monitoring/stations/{station}");
        var cod = Chart(page, "COD");
        Assert.Contains("data-resolution=\"raw\"", cod);
        Assert.Contains($"data-testid=\"limit-line\" data-value=\"{codLimit.ToString(CultureInfo.InvariantCulture)}\"", cod);
        Assert.Contains("Giới hạn " + codLimit.ToString("#,##0.###", new CultureInfo("vi-VN")), cod);
        Assert.Single(BandRegex().Matches(cod));
        Assert.Contains("<title>Hiệu chuẩn: ", cod);
        // Two stretches of valid values: the calibration and the gap break the line.
        Assert.Equal(2, Regex.Matches(Regex.Match(cod, "<path class=\"line\" d=\"([^\"]*)\"").Groups[1].Value, "M").Count);
        Assert.Contains("data-testid=\"chart-table\"", cod);
        Assert.Contains("aria-current=\"page\" class=\"active\">24 giờ", page);

        var year = await officer.GetStringAsync($"/monitoring/stations/{station}?range=year");
        Assert.Contains("data-resolution=\"hour\"", Chart(year, "COD"));
        Assert.Contains("aria-current=\"page\" class=\"active\">12 tháng", year);
        Assert.DoesNotContain("data-testid=\"resolution-note\"", year);
        // The calibration is shaded at every resolution: rollups do not keep statuses, the bands come from the raw status codes.
        Assert.Single(BandRegex().Matches(Chart(year, "COD")));

        var rawYear = await officer.GetStringAsync($"/monitoring/stations/{station}?range=year&resolution=raw");
        Assert.Contains("data-testid=\"resolution-note\"", rawYear);
        Assert.Contains("data-resolution=\"hour\"", Chart(rawYear, "COD"));
        Assert.Contains("data-resolution=\"day\"", Chart(await officer.GetStringAsync($"/monitoring/stations/{station}?range=week&resolution=day"), "COD"));
    }

    [Fact]
    public async Task Facility_page_shows_stations_obligation_limit_arithmetic_and_cases_within_each_persons_scope()
    {
        var (officer, _, facilityA, stationA, codLimit) = await FacilityAsync();
        var (_, _, facilityB, _, _) = await FacilityAsync();
        var inspector = await app.SignedIn(Demo.Inspector);
        var created = await inspector.PostAsJsonAsync("/api/v1/cases", new { facilityId = facilityA, title = "Kiểm tra hệ thống quan trắc tự động" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var opened = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (number, caseId) = (opened.GetProperty("number").GetString()!, opened.GetProperty("id").GetInt64());

        var page = await officer.GetStringAsync($"/monitoring/facilities/{facilityA}");
        Assert.Contains($"data-station=\"{stationA}\"", page);
        Assert.Contains("data-mandatory=\"yes\"", page);
        Assert.Contains("Nghị định 08/2022/NĐ-CP", page);
        Assert.Matches($"<tr data-parameter=\"COD\"[^>]*>.*?Cmax = C ×.*?{Regex.Escape(codLimit.ToString("#,##0.###", new CultureInfo("vi-VN")))}", Regex.Replace(page, @"\s+", " "));
        Assert.Contains($"<a href=\"/enforcement/cases/{caseId}\">{number}</a>", page);
        Assert.Contains("data-testid=\"compliance-summary\"", page);

        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành A", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facilityA]))).EnsureSuccessStatusCode();
        var operatorA = await app.SignedIn(email, "operator-password-1");
        var own = await operatorA.GetAsync($"/monitoring/facilities/{facilityA}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        // The case is the inspectorate's working file until a decision is served: the operator does not see it.
        Assert.DoesNotContain(number, await own.Content.ReadAsStringAsync());
        var other = await operatorA.GetAsync($"/monitoring/facilities/{facilityB}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain(facilityB + "_", await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/monitoring/facilities/NO-SUCH-FACILITY")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync($"/monitoring/facilities/{facilityA}")).StatusCode);
    }

    [GeneratedRegex("<rect class=\"band-calibrating\"")]
    private static partial Regex BandRegex();
}

public sealed class StationFacilityPageTestsOnSqlite(SqliteApp app) : StationFacilityPageTests<SqliteApp>(app);

public sealed class StationFacilityPageTestsOnPostgres(PostgresApp app) : StationFacilityPageTests<PostgresApp>(app);
