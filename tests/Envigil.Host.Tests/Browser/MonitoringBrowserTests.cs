using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Time;
using Microsoft.Playwright;

namespace Envigil.Host.Tests.Browser;

/// <summary>
/// The monitoring pages in Chromium against the real host in demo mode, where the simulator has registered 30
/// facilities and 37 stations (codes CM_...) and backfilled six hours of data. Stations the tests add start with UI_.
/// </summary>
[Collection(BrowserCollection.Name)]
public class MonitoringBrowserTests(BrowserFixture fixture)
{
    private const int DemoStations = 37;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Station_map_shows_every_station_coloured_by_state_and_a_popup_with_latest_values()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);
        await DemoDataAsync(page);
        await page.Locator(".sidenav").GetByRole(AriaRole.Link, new() { Name = "Quan trắc" }).ClickAsync();
        await page.WaitForURLAsync("**/monitoring");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Bản đồ trạm quan trắc");

        var stations = await StationsAsync(page);
        Assert.Equal(DemoStations, stations.Count(s => s.Code.StartsWith("CM_", StringComparison.Ordinal)));
        var map = page.Locator("#station-map");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-stations", stations.Count.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(map).ToHaveAttributeAsync("data-boundaries", "64");
        // Every station is on the map, as a pin or inside a cluster (StationMapBrowserTests looks at both); mostly online.
        await Assertions.Expect(map).ToHaveAttributeAsync("data-rendered", stations.Count.ToString(CultureInfo.InvariantCulture));
        var online = stations.Count(s => s.State == "Online");
        Assert.True(online > stations.Count / 2, $"only {online} of {stations.Count} stations online");
        await Assertions.Expect(page.Locator("[data-testid=station-legend] li[data-state=online]")).ToContainTextAsync("Trực tuyến");
        await Assertions.Expect(page.Locator("[data-testid=station-table] tbody tr")).ToHaveCountAsync(stations.Count);
        var firstTime = await page.Locator("[data-testid=station-table] tbody tr td[data-cell=time]").First.InnerTextAsync();
        Assert.Matches(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$", firstTime);

        // A click on a station tells what it is, how it is, its latest values with units, and leads to its page.
        await page.Locator("button[data-show-on-map=CM_F001_NT01]").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content .station-popup");
        await Assertions.Expect(popup).ToContainTextAsync("Thủy sản Phương Nam Xanh");
        await Assertions.Expect(popup).ToContainTextAsync("Cơ sở: Công ty Cổ phần Thủy sản Phương Nam Xanh");
        await Assertions.Expect(popup).ToContainTextAsync("Trạng thái:");
        await Assertions.Expect(popup).ToContainTextAsync("mg/L");
        await Assertions.Expect(popup.Locator(".popup-values tbody tr")).ToHaveCountAsync(stations.Single(s => s.Code == "CM_F001_NT01").Latest.Count);
        await Assertions.Expect(popup.GetByRole(AriaRole.Link, new() { Name = "Xem trạm" })).ToHaveAttributeAsync("href", "/monitoring/stations/CM_F001_NT01");

        // The markers refresh from the API every 15 seconds without reloading the page.
        var refreshed = await map.GetAttributeAsync("data-refreshed-at");
        await page.WaitForFunctionAsync("before => document.getElementById('station-map').dataset.refreshedAt !== before", refreshed,
            new() { Timeout = 25_000, PollingInterval = 500 });

        // Filters narrow both the map and the table.
        await page.GotoAsync("/monitoring?kind=StackEmission");
        var stacks = stations.Count(s => s.Kind == "StackEmission");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-stations", stacks.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=station-table] tbody tr")).ToHaveCountAsync(stacks);
    }

    [Fact]
    public async Task Station_page_shows_latest_values_charts_completeness_and_the_files_received()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);
        await DemoDataAsync(page);
        await page.GotoAsync("/monitoring/stations/CM_F001_NT01");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Nước thải sau xử lý – Thủy sản Phương Nam Xanh");
        await Assertions.Expect(page.Locator("[data-testid=station-facts]")).ToContainTextAsync("Công ty Cổ phần Thủy sản Phương Nam Xanh (CM-F001)");
        var latest = page.Locator("[data-testid=latest-values]");
        await Assertions.Expect(latest).ToContainTextAsync("COD");
        await Assertions.Expect(latest).ToContainTextAsync("mg/L");
        await Assertions.Expect(latest).ToContainTextAsync("Đang đo");
        // One chart per parameter, each with a drawn line of the last 24 hours.
        await Assertions.Expect(page.Locator("[data-testid=series-chart]")).ToHaveCountAsync(8);
        var line = await page.Locator("[data-testid=series-chart][data-parameter=COD] path.line").GetAttributeAsync("d");
        Assert.True(line!.Split('L').Length > 20, "the COD line has too few points");

        var today = page.Locator("[data-testid=completeness-today]");
        await Assertions.Expect(today).ToContainTextAsync("Hôm nay " + VietnamTime.FormatDate(DateTime.UtcNow));
        var received = int.Parse(await today.Locator("[data-field=received]").InnerTextAsync(), CultureInfo.InvariantCulture);
        var expected = int.Parse(await today.Locator("[data-field=expected]").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.InRange(received, 1, expected);
        await Assertions.Expect(page.Locator("[data-testid=completeness-month]")).ToContainTextAsync("Tháng " + VietnamTime.ToLocal(DateTime.UtcNow).ToString("MM/yyyy", CultureInfo.InvariantCulture));

        var files = page.Locator("[data-testid=receipt-table] tbody tr[data-receipt]");
        Assert.True(await files.CountAsync() > 0);
        var hash = files.First.Locator("code.hash");
        Assert.Matches("^[0-9a-f]{64}$", await hash.GetAttributeAsync("title"));
        var content = await page.APIRequest.GetAsync((await files.First.Locator("a").First.GetAttributeAsync("href"))!);
        Assert.Equal(200, content.Status);
        Assert.Contains("\t", await content.TextAsync());
    }

    [Fact]
    public async Task Station_page_switches_range_and_resolution_and_draws_the_limit_and_a_calibration_band()
    {
        using var admin = await ApiClientAsync(Demo.Admin);
        await EnsureLimitBasisAsync(admin, "CM-F001");
        // Fifteen minutes of calibration three hours ago, between the simulator's samples (at 17 seconds past the minute).
        var token = await StationTokenAsync(admin, "CM_F001_NT01");
        var calibration = DateTime.UtcNow.AddHours(-3);
        calibration = new DateTime(calibration.Year, calibration.Month, calibration.Day, calibration.Hour, calibration.Minute, 17, DateTimeKind.Utc);
        using (var machine = new HttpClient { BaseAddress = fixture.Host.BaseAddress })
        {
            machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 3; i++)
            {
                var local = VietnamTime.ToLocal(calibration.AddMinutes(5 * i)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                var put = await machine.PutAsync($"/api/v1/ingest/files/CM_F001_NT01_{local}.txt", new ByteArrayContent(Encoding.UTF8.GetBytes($"COD\t52.5\tmg/L\t{local}\t01\r\n")));
                Assert.True(put.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"PUT answered {put.StatusCode}");
                Assert.Equal("stored", await SettledStateAsync(admin, (await put.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetInt64()));
            }
        }

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);
        await DemoDataAsync(page);
        await page.GotoAsync("/monitoring/stations/CM_F001_NT01");
        var cod = page.Locator("[data-testid=series-chart][data-parameter=COD]");
        await Assertions.Expect(cod).ToHaveAttributeAsync("data-resolution", "raw");
        await Assertions.Expect(cod.Locator("[data-testid=limit-line] text")).ToContainTextAsync("Giới hạn");
        Assert.True(await cod.Locator("rect.band-calibrating").CountAsync() >= 1, "no calibration band on the COD chart");
        await Assertions.Expect(cod.Locator("rect.band-calibrating").First.Locator("title")).ToContainTextAsync("Hiệu chuẩn");
        await Assertions.Expect(cod.Locator("svg")).ToHaveAttributeAsync("aria-labelledby", new Regex("-title .*-desc$"));
        var dayLine = await cod.Locator("path.line").GetAttributeAsync("d");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-station.png");

        // The switches are plain links (they work without JavaScript); the range keeps its own default resolution.
        await page.GetByTestId("range-switch").GetByRole(AriaRole.Link, new() { Name = "12 tháng" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("range=year"));
        await Assertions.Expect(cod).ToHaveAttributeAsync("data-resolution", "hour");
        await Assertions.Expect(page.GetByTestId("range-switch").Locator("[aria-current=page]")).ToHaveTextAsync("12 tháng");
        Assert.NotEqual(dayLine, await cod.Locator("path.line").GetAttributeAsync("d"));
        Assert.True(await cod.Locator("rect.band-calibrating").CountAsync() >= 1, "the calibration is not shaded on the hourly chart");

        await page.GetByTestId("resolution-switch").GetByRole(AriaRole.Link, new() { Name = "Trung bình ngày" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("range=year&resolution=day"));
        await Assertions.Expect(cod).ToHaveAttributeAsync("data-resolution", "day");
        // Never more vertices than two per pixel column of the plot, whatever the data.
        var vertices = int.Parse((await cod.GetAttributeAsync("data-vertices"))!, CultureInfo.InvariantCulture);
        Assert.InRange(vertices, 1, 2 * 570);

        // Keyboard: the range links are reachable and followed with Enter.
        await page.GetByTestId("range-switch").GetByRole(AriaRole.Link, new() { Name = "7 ngày" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("range=week"));
        await Assertions.Expect(cod).ToHaveAttributeAsync("data-resolution", "raw");

        var phone = await fixture.NewPageAsync(width: 390, height: 844);
        await fixture.SignInAsync(phone, Demo.Officer);
        await phone.GotoAsync("/monitoring/stations/CM_F001_NT01");
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the station page is {overflow}px wider than the phone");
        // What a phone shows of the charts: the switches and the first charts, as the screen holds them.
        await phone.Locator("#charts-heading").EvaluateAsync("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 8)");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "monitoring-station-phone.png") });
    }

    [Fact]
    public async Task Facility_page_shows_the_cmax_arithmetic_and_refuses_an_operator_of_another_facility()
    {
        using var admin = await ApiClientAsync(Demo.Admin);
        await EnsureLimitBasisAsync(admin, "CM-F001");
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);
        await DemoDataAsync(page);
        await page.GotoAsync("/monitoring/stations/CM_F001_NT01");
        await page.GetByTestId("facility-link").ClickAsync();
        await page.WaitForURLAsync("**/monitoring/facilities/CM-F001");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Công ty Cổ phần Thủy sản Phương Nam Xanh");
        await Assertions.Expect(page.GetByTestId("facility-stations").Locator("tr[data-station=CM_F001_NT01]")).ToContainTextAsync("Trực tuyến");
        await Assertions.Expect(page.GetByTestId("facility-obligation").Locator(".obligation-answer").First).ToContainTextAsync("Bắt buộc");
        var cod = page.Locator("[data-testid=effective-limits] tr[data-parameter=COD]");
        await Assertions.Expect(cod).ToContainTextAsync("Cmax = C ×");
        await Assertions.Expect(cod).ToContainTextAsync("Kq =");
        await Assertions.Expect(page.GetByTestId("summary-episodes")).ToContainTextAsync("Đợt vượt giới hạn, 30 ngày qua");
        await Assertions.Expect(page.GetByTestId("summary-completeness").Locator("[data-field=percent]")).ToHaveTextAsync(new Regex(@"^\d+(,\d)? %$"));
        await BrowserFixture.ScreenshotAsync(page, "monitoring-facility.png");

        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users",
            new NewUser(email, "Vận hành Phương Nam Xanh", "operator-password-1", [EnvigilRoles.FacilityOperator], null, ["CM-F001"]))).EnsureSuccessStatusCode();
        var operatorPage = await fixture.NewPageAsync();
        await fixture.SignInAsync(operatorPage, email, "operator-password-1");
        Assert.Equal(200, (await operatorPage.GotoAsync("/monitoring/facilities/CM-F001"))!.Status);
        await Assertions.Expect(operatorPage.Locator("h1")).ToHaveTextAsync("Công ty Cổ phần Thủy sản Phương Nam Xanh");
        var other = await operatorPage.GotoAsync("/monitoring/facilities/CM-F002");
        Assert.Equal(403, other!.Status);
        await Assertions.Expect(operatorPage.Locator("h1")).ToHaveTextAsync("Không có quyền xem cơ sở này");
        Assert.Equal(0, await operatorPage.GetByTestId("facility-stations").CountAsync());
    }

    /// <summary>The demo facility's limit basis as the compliance browser test sets it through the form, when it has none yet.</summary>
    private static async Task EnsureLimitBasisAsync(HttpClient admin, string facilityId)
    {
        var limits = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/facilities/{facilityId}/limits", Json);
        if (limits.GetProperty("bases").GetArrayLength() > 0)
            return;
        var saved = await admin.PutAsJsonAsync($"/api/v1/facilities/{facilityId}/limit-basis",
            new { regulationId = "QCVN40:2011", column = "B", permittedOn = "2020-05-04", receivingWater = "River", lowestFlowM3PerSecond = 30 });
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
    }

    [Fact]
    public async Task Officer_adds_an_alias_and_reprocesses_a_quarantined_file_which_is_then_stored()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);
        await DemoDataAsync(page);

        // A datalogger spells TSS its own way: the line is quarantined, the rest of the file stored.
        using var admin = await ApiClientAsync(Demo.Admin);
        var token = await StationTokenAsync(admin, "CM_F001_NT01");
        var measured = DateTime.UtcNow.AddHours(-2);
        measured = new DateTime(measured.Year, measured.Month, measured.Day, measured.Hour, measured.Minute, 17, DateTimeKind.Utc);
        var local = VietnamTime.ToLocal(measured).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var fileName = $"CM_F001_NT01_{local}.txt";
        using (var machine = new HttpClient { BaseAddress = fixture.Host.BaseAddress })
        {
            machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var put = await machine.PutAsync($"/api/v1/ingest/files/{fileName}",
                new ByteArrayContent(Encoding.UTF8.GetBytes($"COD\t41.5\tmg/L\t{local}\t00\r\nTSS_UI\t30.5\tmg/L\t{local}\t00\r\n")));
            // 202 when the pipeline is busy (the simulator's backfill): the receipt says how it ended.
            Assert.True(put.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"PUT answered {put.StatusCode}");
            var receipt = await put.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Equal("partial", await SettledStateAsync(admin, receipt.GetProperty("id").GetInt64()));
        }

        await page.GotoAsync("/monitoring/quarantine");
        var row = page.Locator($"tr[data-file='{fileName}']");
        await Assertions.Expect(row).ToContainTextAsync("Lưu một phần");
        await Assertions.Expect(row).ToContainTextAsync("1 trong 2 dòng bị cách ly");
        var issues = row.Locator("xpath=following-sibling::tr[1]");
        await Assertions.Expect(issues).ToContainTextAsync("thông số 'TSS_UI' không có trong danh mục");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-quarantine.png");

        // "Add an alias" next to the line fills in the code; the officer says what it means.
        await issues.GetByRole(AriaRole.Link, new() { Name = "Thêm bí danh" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Mã như bộ ghi dữ liệu viết")).ToHaveValueAsync("TSS_UI");
        await page.GetByLabel("Là thông số").SelectOptionAsync("TSS");
        await page.Locator("[data-testid=alias-form] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=quarantine-message]")).ToContainTextAsync("Đã thêm bí danh 'TSS_UI' cho TSS");
        await Assertions.Expect(page.Locator("[data-testid=alias-table]")).ToContainTextAsync("tssui");

        await page.Locator($"tr[data-file='{fileName}']").GetByRole(AriaRole.Button, new() { Name = $"Xử lý lại tệp {fileName}" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=quarantine-message]")).ToContainTextAsync($"Đã xử lý lại tệp {fileName}: Đã lưu");
        await Assertions.Expect(page.Locator($"tr[data-file='{fileName}']")).ToHaveCountAsync(0);

        // The value quarantined before is now stored, traced to the same file.
        var tss = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/monitoring/stations/CM_F001_NT01", Json)).GetProperty("datastreams").EnumerateArray()
            .Single(d => d.GetProperty("parameter").GetString() == "TSS").GetProperty("id").GetInt64();
        var series = await admin.GetStringAsync(
            $"/api/v1/monitoring/datastreams/{tss}/observations?from={measured.AddSeconds(-1):yyyy-MM-ddTHH:mm:ssZ}&to={measured.AddSeconds(1):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Contains("\"value\":30.5", series);
    }

    [Fact]
    public async Task Officer_adds_a_facility_and_a_station_through_the_registry_forms()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);
        await page.GotoAsync("/monitoring/registry");
        await Assertions.Expect(page.Locator("[data-testid=facility-table] tbody tr")).ToHaveCountAsync(await FacilityCountAsync(page));
        await Assertions.Expect(page.Locator("[data-testid=facility-table] tr[data-facility=CM-F001]")).ToContainTextAsync("Bắt buộc");

        await page.Locator("#facility-form > summary").ClickAsync();
        await page.GetByLabel("Mã cơ sở").FillAsync("UI-F901");
        await page.GetByLabel("Tên cơ sở").FillAsync("Công ty TNHH Chế biến Thủy sản Đất Mũi (thử)");
        await page.GetByLabel("Xã, phường").First.SelectOptionAsync("32025");
        await page.GetByLabel("Lưu lượng nước thải thiết kế (m³/ngày)").FillAsync("350");
        await page.GetByLabel("Thuộc loại hình có nguy cơ gây ô nhiễm", new() { Exact = false }).CheckAsync();
        await page.GetByLabel("Tài khoản FTP").FillAsync("ui901");
        await page.Locator("[data-testid=facility-form] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=registry-message]")).ToHaveTextAsync("Đã thêm cơ sở UI-F901.");
        var facility = page.Locator("[data-testid=facility-table] tr[data-facility=UI-F901]");
        await Assertions.Expect(facility).ToContainTextAsync("Phường Tân Thành");
        await Assertions.Expect(facility.Locator(".obligation-answer").First).ToContainTextAsync("Bắt buộc");

        // Latitude and longitude swapped: refused with the reason in Vietnamese, what was typed kept.
        await page.Locator("#station-form > summary").ClickAsync();
        var station = page.Locator("[data-testid=station-form]");
        await station.GetByLabel("Mã trạm").FillAsync("UI_F901_NT01");
        await station.GetByLabel("Tên trạm").FillAsync("Nước thải sau xử lý – Đất Mũi (thử)");
        await station.GetByLabel("Cơ sở").SelectOptionAsync("UI-F901");
        await station.GetByLabel("Vĩ độ").FillAsync("105.1524");
        await station.GetByLabel("Kinh độ").FillAsync("9.1769");
        await station.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=station-errors]")).ToContainTextAsync("có vẻ vĩ độ và kinh độ bị đảo");
        station = page.Locator("[data-testid=station-form]");
        await Assertions.Expect(station.GetByLabel("Mã trạm")).ToHaveValueAsync("UI_F901_NT01");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "monitoring-registry.png") });

        // The commune is left empty: Envigil takes it from the location.
        await station.GetByLabel("Vĩ độ").FillAsync("9.1769");
        await station.GetByLabel("Kinh độ").FillAsync("105,1524");
        await station.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=registry-message]")).ToContainTextAsync("Đã thêm trạm UI_F901_NT01");
        await Assertions.Expect(page.Locator("[data-testid=registry-station-table] tr[data-station=UI_F901_NT01]")).ToContainTextAsync("UI-F901");

        // Then what it measures: the form opens on the new station.
        var datastream = page.Locator("[data-testid=datastream-form]");
        await Assertions.Expect(datastream.GetByLabel("Trạm", new() { Exact = true })).ToHaveValueAsync("UI_F901_NT01");
        await datastream.GetByLabel("Thông số").SelectOptionAsync("COD");
        await datastream.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=registry-message]")).ToHaveTextAsync("Đã thêm thông số COD (mg/L) cho trạm UI_F901_NT01.");
        await Assertions.Expect(page.Locator("[data-testid=registry-station-table] tr[data-station=UI_F901_NT01]")).ToContainTextAsync("COD");
        await Assertions.Expect(page.Locator("[data-testid=facility-table] tr[data-facility=UI-F901]")).ToContainTextAsync("UI_F901_NT01");
        var facilities = await page.Locator("#facilities-heading").BoundingBoxAsync();
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "monitoring-registry-facilities.png"),
            FullPage = true,
            Clip = new() { X = 0, Y = facilities!.Y - 16, Width = 1366, Height = 900 },
        });
    }

    [Fact]
    public async Task Administrator_issues_a_station_token_that_is_shown_once_and_works_for_ingestion()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Admin);
        await page.GotoAsync("/monitoring/registry");
        await page.Locator("#token-form > summary").ClickAsync();
        var form = page.Locator("[data-testid=token-form]");
        await form.GetByLabel("Trạm", new() { Exact = true }).SelectOptionAsync("CM_F002_NT01");
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=issued-token-box]")).ToContainTextAsync("chỉ hiển thị một lần");
        var token = await page.Locator("[data-testid=issued-token]").InnerTextAsync();
        Assert.StartsWith(MachineTokenFormat.Prefix, token);
        await Assertions.Expect(page.Locator("[data-testid=token-table]")).ToContainTextAsync("CM_F002_NT01");

        // Shown once: the page never shows it again.
        await page.GotoAsync("/monitoring/registry");
        Assert.DoesNotContain(token, await page.ContentAsync());
        using var machine = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await machine.GetStringAsync("/api/v1/me");
        Assert.Contains("CM_F002_NT01", me);
    }

    [Fact]
    public async Task Facility_operator_sees_only_own_stations_and_may_not_reprocess_files()
    {
        using var admin = await ApiClientAsync(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users",
            new NewUser(email, "Vận hành Phương Nam Xanh", "operator-password-1", [EnvigilRoles.FacilityOperator], null, ["CM-F001"]))).EnsureSuccessStatusCode();

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, email, "operator-password-1");
        await page.GotoAsync("/monitoring");
        await Assertions.Expect(page.Locator("[data-testid=scope-note]")).ToBeVisibleAsync();
        // Own station plus the public network's (state stations are everyone's); no other facility's.
        var visible = 1 + Envigil.Monitoring.Simulation.DemoProvince.Stations.Count(s => s.FacilityId is null);
        await Assertions.Expect(page.Locator("#station-map")).ToHaveAttributeAsync("data-stations", visible.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#station-map")).ToHaveAttributeAsync("data-rendered", visible.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("button[data-show-on-map=CM_F001_NT01]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("button[data-show-on-map=CM_F002_NT01]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=station-table] tbody tr")).ToHaveCountAsync(visible);

        // Another facility's station is refused on the server, whatever the link.
        var other = await page.GotoAsync("/monitoring/stations/CM_F002_NT01");
        Assert.Equal(403, other!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Không có quyền xem trạm này");

        // The registry shows the operator's own facility only, read-only.
        await page.GotoAsync("/monitoring/registry");
        await Assertions.Expect(page.Locator("[data-testid=facility-table] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=read-only-note]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("form[data-testid=facility-form]").CountAsync());

        // Files: read-only; a forged reprocessing post is refused.
        await page.GotoAsync("/monitoring/quarantine");
        await Assertions.Expect(page.Locator("[data-testid=read-only-note]")).ToContainTextAsync("Chỉ quản trị viên và cán bộ môi trường");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Xử lý lại tất cả" }).CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=alias-form]").CountAsync());
        var antiforgery = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var forged = await page.APIRequest.PostAsync("/monitoring/quarantine", new()
        {
            Form = page.APIRequest.CreateFormData().Append("__RequestVerificationToken", antiforgery!).Append("_handler", "reprocess-all"),
            MaxRedirects = 0,
        });
        Assert.Equal(400, forged.Status);
        var aliasForged = await page.APIRequest.PostAsync("/api/v1/monitoring/registry/aliases", new() { DataObject = new { alias = "x_y_z", parameter = "COD" } });
        Assert.Equal(403, aliasForged.Status);
    }

    [Fact]
    public async Task Monitoring_pages_fit_a_390_pixel_phone_without_sideways_scrolling()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await fixture.SignInAsync(page, Demo.Officer);
        foreach (var path in new[] { "/monitoring", "/monitoring/stations/CM_F006_KT01", "/monitoring/stations/CM_F006_KT01?range=year", "/monitoring/facilities/CM-F006", "/monitoring/quarantine", "/monitoring/registry" })
        {
            await page.GotoAsync(path);
            if (path == "/monitoring")
                await Assertions.Expect(page.Locator("#station-map")).ToHaveAttributeAsync("data-boundaries", "64");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than the screen");
        }
    }

    /// <summary>The host answers before the simulator has delivered its six hours of backfill; wait until the network is live.</summary>
    private static async Task DemoDataAsync(IPage page)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var demo = (await StationsAsync(page)).Where(s => s.Code.StartsWith("CM_", StringComparison.Ordinal)).ToList();
            if (demo.Count == DemoStations && demo.Count(s => s.State == "Online") > DemoStations / 2)
                return;
            await Task.Delay(1000);
        }
        Assert.Fail("The demo stations did not come online within two minutes.");
    }

    private static async Task<string> SettledStateAsync(HttpClient client, long receiptId)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var state = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/receipts/{receiptId}", Json)).GetProperty("state").GetString()!;
            if (state != "pending")
                return state;
            await Task.Delay(200);
        }
        return "pending";
    }

    private sealed record StationRow(string Code, string Kind, string State, List<JsonElement> Latest);

    private static async Task<List<StationRow>> StationsAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/v1/monitoring/stations");
        Assert.Equal(200, response.Status);
        return JsonSerializer.Deserialize<List<StationRow>>(await response.TextAsync(), Json)!;
    }

    private static async Task<int> FacilityCountAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/v1/monitoring/registry/facilities");
        return JsonSerializer.Deserialize<List<JsonElement>>(await response.TextAsync(), Json)!.Count;
    }

    /// <summary>An HTTP client with a person's cookie, signed in through the real sign-in form.</summary>
    private async Task<HttpClient> ApiClientAsync(string email, string password = Composition.DemoAccounts.Password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = fixture.Host.BaseAddress };
        var response = await client.PostAsync("/account/login", await EnvigilAppFactory.LoginForm(client, email, password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<string> StationTokenAsync(HttpClient admin, string stationCode)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/admin/tokens", new NewMachineToken($"ui test {stationCode} {Guid.NewGuid():n}", MachineTokenKinds.Station, stationCode));
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<IssuedMachineToken>(Json))!.Token;
    }
}
