using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Http;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// What the station map reads, on a real database: a station whose exceedance is going on is "exceeding" (compliance's
/// episodes through the monitoring read contract), its popup readings show today's effective limit, the map page's
/// filters work as a plain form, and the commune boundaries are cached with an ETag.
/// </summary>
public abstract class StationMapTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : ComplianceAppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Station_with_an_exceedance_going_on_is_exceeding_and_its_readings_show_the_limit()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var station = $"M{id}_NT01";
        var facility = $"F-{id}";
        var officer = await MonitoringSetup.RegisterAsync(app, facility, $"m{id.ToLowerInvariant()}", station, parameters: ["COD"]);
        var basis = await officer.PutAsJsonAsync($"/api/v1/facilities/{facility}/limit-basis",
            new LimitBasisInput("QCVN40:2011", "B", new DateOnly(2020, 1, 1), ReceivingWater: ReceivingWaterKind.River, LowestFlowM3PerSecond: 120), Json);
        Assert.Equal(HttpStatusCode.NoContent, basis.StatusCode);
        var machine = await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station);

        // Before any data: offline.
        Assert.Equal("Offline", await StateAsync(officer, station));

        // The last full clock hour and the current one up to now, all at twice the limit.
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var hourStart = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-1);
        var cmax = 0.0;
        using (var limits = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/facilities/{facility}/limits")))
            cmax = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray()
                .Single(l => l.GetProperty("parameter").GetString() == "COD").GetProperty("upper").GetDouble();
        for (var t = hourStart; t <= now; t = t.AddMinutes(5))
        {
            var (code, _) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, t, ("COD", Math.Round(cmax * 2 + t.Minute * 0.01, 2), "mg/L", "00")));
            Assert.Equal(HttpStatusCode.OK, code);
        }
        await app.SettleAsync();

        Assert.Equal("Exceeding", await StateAsync(officer, station));
        using (var filtered = JsonDocument.Parse(await officer.GetStringAsync("/api/v1/monitoring/stations?state=Exceeding")))
        {
            Assert.Contains(filtered.RootElement.EnumerateArray(), s => s.GetProperty("code").GetString() == station);
            Assert.All(filtered.RootElement.EnumerateArray(), s => Assert.Equal("Exceeding", s.GetProperty("state").GetString()));
        }

        var readings = await officer.GetFromJsonAsync<StationReadings>($"/api/v1/monitoring/stations/{station}/readings", Json);
        var cod = Assert.Single(readings!.Readings);
        Assert.Equal("COD", cod.Parameter);
        Assert.Equal(cmax, cod.Upper);
        Assert.Equal("mg/L", cod.LimitUnit);
        Assert.True(cod.Exceeding);
        Assert.True(cod.AboveLimit);
        Assert.Contains("QCVN 40:2011", cod.LimitSource);
        Assert.Null(readings.LimitsNote);

        // The map page without JavaScript: the state filter is a query parameter and the list shows only that state.
        var html = await officer.GetStringAsync($"/monitoring?state=Exceeding&facility={facility}");
        Assert.Contains($"data-code=\"{station}\"", html);
        Assert.Contains("Vượt quy chuẩn", html);
        var online = await officer.GetStringAsync($"/monitoring?state=Online&facility={facility}");
        Assert.DoesNotContain($"data-code=\"{station}\"", online);
        Assert.Contains("data-testid=\"no-stations\"", online);
    }

    [Fact]
    public async Task Readings_of_another_facility_are_refused_and_an_unknown_station_is_not_found()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var station = $"M{id}_NT01";
        await MonitoringSetup.RegisterAsync(app, $"F-{id}", $"m{id.ToLowerInvariant()}", station, parameters: ["COD"]);
        var other = $"F-{Guid.NewGuid().ToString("n")[..6].ToUpperInvariant()}";
        await MonitoringSetup.RegisterAsync(app, other, $"o{other[2..].ToLowerInvariant()}", $"O{other[2..]}_NT01", parameters: ["COD"]);
        using var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [other]))).EnsureSuccessStatusCode();
        using var operatorClient = await app.SignedIn(email, "operator-password-1");

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync($"/api/v1/monitoring/stations/{station}/readings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/monitoring/stations/NO_SUCH_STATION/readings")).StatusCode);
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/monitoring/stations/{station}/readings")).StatusCode);
    }

    [Fact]
    public async Task Facility_filter_finds_a_facility_by_part_of_its_name_without_diacritics_and_the_page_packs_its_stations()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-{id}", $"m{id.ToLowerInvariant()}", $"M{id}_NT01", parameters: ["COD"]);
        // Enough facilities with stations that the filter becomes a field to type in (a list stops at 30).
        for (var i = 0; i < 31; i++)
            await MonitoringSetup.RegisterAsync(app, $"F-{id}-{i}", $"m{id.ToLowerInvariant()}{i}", $"M{id}_{i:00}", parameters: ["COD"]);
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/facilities/F-{id}-D",
            new Envigil.Monitoring.Registry.FacilityInput($"F-{id}-D", $"Nhà máy Đường Phụng Hiệp {id}", "32025"))).EnsureSuccessStatusCode();
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/stations/M{id}_D1",
            new Envigil.Monitoring.Registry.StationInput($"M{id}_D1", "Trạm </script><b>x</b> & \"nước\"", Envigil.Monitoring.Registry.StationKind.Wastewater, 9.2, 105.2, $"F-{id}-D"))).EnsureSuccessStatusCode();

        // The API: an id is an id; anything else is looked for in ids and names, case and diacritics (and đ) ignored.
        async Task<List<string>> CodesAsync(string facility)
        {
            using var doc = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/monitoring/stations?facility={Uri.EscapeDataString(facility)}"));
            return doc.RootElement.EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToList();
        }
        Assert.Equal([$"M{id}_NT01"], await CodesAsync($"F-{id}"));
        Assert.Equal([$"M{id}_D1"], await CodesAsync($"nha may duong phung hiep {id.ToLowerInvariant()}"));
        Assert.Equal(32, (await CodesAsync($"che bien thuy san f-{id.ToLowerInvariant()}")).Count); // F-{id} and its 31 neighbours' names contain it
        Assert.Equal([$"M{id}_05"], await CodesAsync($"f-{id.ToLowerInvariant()}-5"));
        Assert.Empty(await CodesAsync($"không có cơ sở {id}"));

        // The page: a search field instead of a list, keeping what was typed, and the list narrowed the same way.
        var html = await officer.GetStringAsync($"/monitoring?facility={Uri.EscapeDataString($"  Nha may DUONG phung hiep {id} ")}");
        Assert.Contains("<input type=\"search\" id=\"facility\" name=\"facility\"", html);
        Assert.DoesNotContain("<select id=\"facility\"", html);
        Assert.Contains($"value=\"Nha may DUONG phung hiep {id}\"", html);
        Assert.Contains($"<tr data-code=\"M{id}_D1\"", html);
        // The page's style sheets reach the head (Blazor keeps only one HeadContent per page).
        Assert.Contains("href=\"/assets/monitoring/monitoring.css\"", html);
        Assert.Contains("href=\"/vendor/leaflet.markercluster/MarkerCluster.css\"", html);
        Assert.DoesNotContain($"<tr data-code=\"M{id}_NT01\"", html);

        // The stations the map draws first are packed in the page: letters as letters, markup escaped so a name cannot
        // end the script element.
        var start = html.IndexOf("<script type=\"application/json\" id=\"station-map-data\">", StringComparison.Ordinal);
        Assert.True(start >= 0);
        var json = html[(html.IndexOf('>', start) + 1)..html.IndexOf("</script>", start, StringComparison.Ordinal)];
        Assert.DoesNotContain("<", json);
        using var packed = JsonDocument.Parse(json);
        var row = Assert.Single(packed.RootElement.GetProperty("s").EnumerateArray());
        Assert.Equal($"M{id}_D1", row[0].GetString());
        Assert.Equal("Trạm </script><b>x</b> & \"nước\"", row[1].GetString());
        Assert.Contains("Trạm", json);
        Assert.Equal(9.2, row[2].GetDouble());
        Assert.Equal(105.2, row[3].GetDouble());
        Assert.Equal("Offline", packed.RootElement.GetProperty("states")[row[4].GetInt32()].GetString());
        Assert.Equal($"Nhà máy Đường Phụng Hiệp {id}", packed.RootElement.GetProperty("f")[row[5].GetInt32()].GetString());
        Assert.Equal(JsonValueKind.Null, row[6].ValueKind);
    }

    [Fact]
    public async Task Commune_boundaries_are_cached_and_revalidated_with_an_etag()
    {
        using var client = app.CreateClient();
        var first = await client.GetAsync("/api/v1/geo/communes.geojson");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/geo/communes.geojson");
        request.Headers.IfNoneMatch.Add(tag!);
        var again = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    private static async Task<string> StateAsync(HttpClient client, string station)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/monitoring/stations/{station}"));
        return doc.RootElement.GetProperty("station").GetProperty("state").GetString()!;
    }
}

public sealed class StationMapTestsOnSqlite(ComplianceSqliteApp app) : StationMapTests<ComplianceSqliteApp>(app);

[Trait("Provider", "Postgres")]
public sealed class StationMapTestsOnPostgres(CompliancePostgresApp app) : StationMapTests<CompliancePostgresApp>(app);
