using System.Net;
using System.Net.Http.Json;
using System.Text;
using Envigil.Kernel.Identity;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// The monitoring pages and their forms over HTTP, once per provider: what they show, what their forms save, and the
/// scopes they enforce on the server. The browser tests show the same pages in Chromium (SQLite only).
/// </summary>
public abstract class MonitoringPageTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private async Task<(HttpClient Officer, HttpClient Machine, string Facility, string Station)> StationAsync()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var station = $"P{id}_NT01";
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-{id}", $"p{id.ToLowerInvariant()}", station);
        return (officer, await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station), $"F-{id}", station);
    }

    /// <summary>Submits a form of a page as a browser does: the page's antiforgery token and the form's name in _handler.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> SubmitAsync(HttpClient client, string path, string form, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var content = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(page),
            ["_handler"] = form,
        };
        var response = await client.PostAsync(path, new FormUrlEncodedContent(content));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/monitoring")]
    [InlineData("/monitoring/stations/CM_F001_NT01")]
    [InlineData("/monitoring/quarantine")]
    [InlineData("/monitoring/registry")]
    public async Task Pages_send_strangers_to_sign_in_and_refuse_machine_tokens(string path)
    {
        var stranger = await app.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("/account/login", stranger.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var (_, machine, _, _) = await StationAsync();
        Assert.NotEqual(HttpStatusCode.OK, (await machine.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Station_map_station_page_and_quarantine_show_what_was_received()
    {
        var (officer, machine, _, station) = await StationAsync();
        var t = DateTime.UtcNow.AddMinutes(-30);
        t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute / 5 * 5, 0, DateTimeKind.Utc);
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t.AddMinutes(-5)));
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t, status: "01"));
        var (_, partial) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, t.AddMinutes(5), ("COD", 41, "mg/L", "00"), ("XYZ_LOCAL", 7, "mg/L", "00")));

        var map = await officer.GetStringAsync("/monitoring");
        Assert.Contains($"data-code=\"{station}\"", map);

        var page = await officer.GetStringAsync($"/monitoring/stations/{station}");
        Assert.Contains("data-testid=\"latest-values\"", page);
        Assert.Contains("COD – Nhu cầu oxy hóa học", page);
        Assert.Contains("class=\"band-calibrating\"", page);
        Assert.Contains("data-testid=\"completeness-today\"", page);
        Assert.Contains(partial!.FileName, page);
        Assert.Contains($"title=\"{partial.Sha256}\"", page);

        var quarantine = await officer.GetStringAsync("/monitoring/quarantine");
        Assert.Contains(partial.FileName, quarantine);
        Assert.Contains("thông số &#x27;XYZ_LOCAL&#x27; không có trong danh mục", quarantine.Replace("'", "&#x27;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/monitoring/stations/NO_SUCH_STATION")).StatusCode);
    }

    [Fact]
    public async Task Alias_and_reprocess_forms_store_the_quarantined_line()
    {
        var (officer, machine, _, station) = await StationAsync();
        var (_, partial) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, MonitoringSetup.Hour(1, 4), ("COD", 41, "mg/L", "00"), ("TSS_PAGE", 7, "mg/L", "00")));
        Assert.Equal("partial", partial!.State);

        var (aliasStatus, aliasHtml) = await SubmitAsync(officer, "/monitoring/quarantine", "alias", new Dictionary<string, string> { ["alias"] = "TSS_PAGE", ["parameter"] = "TSS" });
        Assert.Equal(HttpStatusCode.OK, aliasStatus);
        Assert.Contains("Đã thêm bí danh &#x27;TSS_PAGE&#x27; cho TSS", aliasHtml.Replace("'", "&#x27;", StringComparison.Ordinal));
        var (badStatus, badHtml) = await SubmitAsync(officer, "/monitoring/quarantine", "alias", new Dictionary<string, string> { ["alias"] = "X1", ["parameter"] = "NOT_A_PARAMETER" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("không có trong danh mục", badHtml);

        var (status, html) = await SubmitAsync(officer, "/monitoring/quarantine", "reprocess", new Dictionary<string, string> { ["receiptId"] = partial.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Đã xử lý lại tệp {partial.FileName}: Đã lưu", html);
        var after = await officer.GetFromJsonAsync<Envigil.Monitoring.Http.ReceiptView>($"/api/v1/monitoring/receipts/{partial.Id}");
        Assert.Equal(("stored", 0), (after!.State, after.Issues!.Count));
    }

    [Fact]
    public async Task Registry_forms_save_a_facility_station_and_datastream_and_refuse_bad_input_with_reasons()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var (status, html) = await SubmitAsync(officer, "/monitoring/registry", "facility", new Dictionary<string, string>
        {
            ["f.id"] = $"R-{id}", ["f.name"] = "Công ty TNHH Thủy sản Thử Nghiệm", ["f.commune"] = "32025", ["f.wastewater"] = "1.200,5", ["f.risk"] = "true",
            ["f.permitDate"] = "2024-03-15", ["f.ftp"] = $"r{id.ToLowerInvariant()}",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Đã thêm cơ sở R-{id}.", html);
        var facilities = await officer.GetStringAsync("/api/v1/monitoring/registry/facilities");
        Assert.Contains("\"designWastewaterM3PerDay\":1200.5", facilities);

        (status, html) = await SubmitAsync(officer, "/monitoring/registry", "facility", new Dictionary<string, string>
        {
            ["f.id"] = "bad id!", ["f.name"] = "", ["f.commune"] = "99999", ["f.wastewater"] = "nhiều",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("&#x27;nhiều&#x27; không phải là số", html.Replace("'", "&#x27;", StringComparison.Ordinal));

        (status, html) = await SubmitAsync(officer, "/monitoring/registry", "station", new Dictionary<string, string>
        {
            ["s.code"] = $"R{id}_NT01", ["s.name"] = "Trạm thử", ["s.kind"] = "Wastewater", ["s.facility"] = $"R-{id}", ["s.lat"] = "9,1769", ["s.lon"] = "105.1524", ["s.cadence"] = "300",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Đã thêm trạm R{id}_NT01", html);
        (status, html) = await SubmitAsync(officer, "/monitoring/registry", "station", new Dictionary<string, string>
        {
            ["s.code"] = $"R{id}_NT02", ["s.name"] = "Trạm ngoài tỉnh", ["s.kind"] = "Wastewater", ["s.lat"] = "21.03", ["s.lon"] = "105.85",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("không nằm trong tỉnh", html);

        (status, html) = await SubmitAsync(officer, "/monitoring/registry", "datastream", new Dictionary<string, string>
        {
            ["d.station"] = $"R{id}_NT01", ["d.parameter"] = "COD", ["d.min"] = "0", ["d.max"] = "2000",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Đã thêm thông số COD (mg/L) cho trạm R{id}_NT01.", html);
    }

    [Fact]
    public async Task Spreadsheet_import_form_saves_good_rows_and_reports_bad_ones_by_row()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var header = (await officer.GetStringAsync("/api/v1/monitoring/registry/export?format=csv&table=Facilities")).Split('\n')[0].Trim('\uFEFF', '\r');
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var csv = $"{header}\r\nI-{id},Công ty nhập từ bảng tính,,,32025,,không,100,,không,,,\r\nI2-{id},Công ty sai mã xã,,,99999,,không,100,,không,,,\r\n";

        var page = await officer.GetStringAsync("/monitoring/registry");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(EnvigilAppFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("import"), "_handler" },
            { new StringContent("Facilities"), "i.table" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "co-so.csv" },
        };
        var response = await officer.PostAsync("/monitoring/registry", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Đã lưu 1 cơ sở, 0 trạm, 0 thông số.", html);
        Assert.Contains("data-testid=\"import-row-errors\"", html);
        Assert.Contains("99999", html[html.IndexOf("import-row-errors", StringComparison.Ordinal)..]);
        Assert.Contains($"I-{id}", await officer.GetStringAsync("/api/v1/monitoring/registry/facilities"));
        Assert.DoesNotContain($"I2-{id}", await officer.GetStringAsync("/api/v1/monitoring/registry/facilities"));
    }

    [Fact]
    public async Task Facility_operator_sees_only_own_facility_on_every_page_and_cannot_submit_the_forms()
    {
        var (_, machineA, facilityA, stationA) = await StationAsync();
        var (_, machineB, _, stationB) = await StationAsync();
        var (_, fileA) = await MonitoringSetup.PutAsync(machineA, MonitoringSetup.File(stationA, MonitoringSetup.Hour(1, 5), ("COD", 41, "mg/L", "00"), ("ABC_LOCAL", 7, "mg/L", "00")));
        var (_, fileB) = await MonitoringSetup.PutAsync(machineB, MonitoringSetup.File(stationB, MonitoringSetup.Hour(1, 5), ("COD", 41, "mg/L", "00"), ("ABC_LOCAL", 7, "mg/L", "00")));
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành A", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facilityA]))).EnsureSuccessStatusCode();
        var operatorClient = await app.SignedIn(email, "operator-password-1");

        var map = await operatorClient.GetStringAsync("/monitoring");
        Assert.Contains($"data-code=\"{stationA}\"", map);
        Assert.DoesNotContain(stationB, map);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/monitoring/stations/{stationA}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync($"/monitoring/stations/{stationB}")).StatusCode);

        var quarantine = await operatorClient.GetStringAsync("/monitoring/quarantine");
        Assert.Contains(fileA!.FileName, quarantine);
        Assert.DoesNotContain(fileB!.FileName, quarantine);
        Assert.DoesNotContain("data-testid=\"reprocess-form\"", quarantine);
        var registry = await operatorClient.GetStringAsync("/monitoring/registry");
        Assert.Contains(facilityA, registry);
        Assert.DoesNotContain(stationB, registry);
        Assert.DoesNotContain("data-testid=\"exports\"", registry);

        // The forms are not on the operator's pages, so a forged submission finds no handler; nothing changes.
        var (reprocess, _) = await SubmitAsync(operatorClient, "/monitoring/quarantine", "reprocess", new Dictionary<string, string> { ["receiptId"] = fileB.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.BadRequest, reprocess);
        var (facility, _) = await SubmitAsync(operatorClient, "/monitoring/registry", "facility", new Dictionary<string, string> { ["f.id"] = facilityA, ["f.name"] = "Đổi tên", ["f.commune"] = "32025" });
        Assert.Equal(HttpStatusCode.BadRequest, facility);
        Assert.DoesNotContain("Đổi tên", await admin.GetStringAsync("/api/v1/monitoring/registry/facilities"));
        Assert.Equal("partial", (await admin.GetFromJsonAsync<Envigil.Monitoring.Http.ReceiptView>($"/api/v1/monitoring/receipts/{fileB.Id}"))!.State);
    }
}

public sealed class MonitoringPageTestsOnSqlite(SqliteApp app) : MonitoringPageTests<SqliteApp>(app);

public sealed class MonitoringPageTestsOnPostgres(PostgresApp app) : MonitoringPageTests<PostgresApp>(app);
