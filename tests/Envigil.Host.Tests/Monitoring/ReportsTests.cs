using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// Monthly reports and bulk acknowledgement over HTTP, once per provider: numbers follow from the files delivered, the
/// exports carry the same rows with Vietnamese headers, and scopes hold.
/// </summary>
public abstract class ReportsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Seeded(string Facility, string Station, ReportMonth Month, DateOnly Registered, int Files, int Calibrating);

    private async Task<HttpClient> OperatorAsync(string facility)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facility]))).EnsureSuccessStatusCode();
        return await app.SignedIn(email, "operator-password-1");
    }

    /// <summary>
    /// A station registered on the 10th of a past month that delivered one hour: 12 files of 4 values, the first one
    /// calibrating (status 01) for COD, pH and TSS. Every file arrives months after measurement, so all are late.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var facility = $"R-{id}";
        var station = $"R{id}_NT01";
        await MonitoringSetup.RegisterAsync(app, facility, $"r{id.ToLowerInvariant()}", station);
        var machine = await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station);

        var today = VietnamTime.Today(TimeProvider.System);
        var registered = new DateOnly(today.Year, today.Month, 10).AddMonths(-2);
        var hourStartUtc = VietnamTime.ToUtc(registered.ToDateTime(new TimeOnly(10, 0)));
        const int files = 12, calibrating = 1;
        for (var i = 0; i < files; i++)
        {
            var (status, _) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, hourStartUtc.AddMinutes(5 * i), status: i < calibrating ? "01" : "00"));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var row = await db.Stations.SingleAsync(s => s.Code == station);
        row.CreatedAtUtc = VietnamTime.ToUtc(registered.ToDateTime(new TimeOnly(8, 30)));
        await db.SaveChangesAsync();
        return new Seeded(facility, station, ReportMonth.Of(registered), registered, files, calibrating);
    }

    private static JsonElement StationRow(JsonElement report, string station) =>
        report.GetProperty("stations").EnumerateArray().Single(s => s.GetProperty("stationCode").GetString() == station);

    [Fact]
    public async Task Completeness_counts_what_the_station_delivered_against_the_days_since_it_was_registered()
    {
        var seeded = await SeedAsync();
        var officer = await app.SignedIn(Demo.Officer);

        var report = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/reports/completeness?month={seeded.Month}", Json);
        var row = StationRow(report, seeded.Station);

        const int parameters = 4, perDay = 24 * 60 / 5; // COD, pH, TSS, Flow every 5 minutes
        var owedDays = seeded.Month.Days - seeded.Registered.Day + 1;
        var expected = (long)owedDays * perDay * parameters;
        var received = seeded.Files * parameters;
        var valid = received - seeded.Calibrating * 3; // Flow stays 00 in the calibrating file
        Assert.Equal(parameters, row.GetProperty("datastreams").GetInt32());
        Assert.Equal(expected, row.GetProperty("expected").GetInt64());
        Assert.Equal(valid, row.GetProperty("valid").GetInt64());
        Assert.Equal(Math.Round(100.0 * valid / expected, 1), row.GetProperty("completenessPercent").GetDouble());
        Assert.Equal(received, row.GetProperty("received").GetInt64());
        Assert.Equal(received, row.GetProperty("late").GetInt64()); // delivered months after measurement
        Assert.Equal(0, row.GetProperty("timelinessPercent").GetDouble());

        // The month before registration owes nothing: the station is not in it.
        var before = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/reports/completeness?month={ReportMonth.Of(seeded.Month.FirstDay.AddMonths(-1))}", Json);
        Assert.DoesNotContain(before.GetProperty("stations").EnumerateArray(), s => s.GetProperty("stationCode").GetString() == seeded.Station);

        // The page shows the same row, with the export links.
        var html = WebUtility.HtmlDecode(await officer.GetStringAsync($"/monitoring/reports?month={seeded.Month}&report=completeness"));
        Assert.Contains($"data-row=\"{seeded.Station}\"", html);
        Assert.Contains($"/api/v1/monitoring/reports/completeness?month={seeded.Month}&format=xlsx", html);
        Assert.Contains("href=\"/monitoring/reports\"", html); // the tab
        var cells = html[html.IndexOf($"data-row=\"{seeded.Station}\"", StringComparison.Ordinal)..];
        cells = cells[..cells.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(expected.ToString("#,##0", new CultureInfo("vi-VN")), cells);
    }

    [Fact]
    public async Task Csv_has_a_bom_and_vietnamese_headers_and_xlsx_holds_the_same_rows()
    {
        var seeded = await SeedAsync();
        var officer = await app.SignedIn(Demo.Officer);

        var csv = await officer.GetAsync($"/api/v1/monitoring/reports/completeness?month={seeded.Month}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Mã trạm,Tên trạm,Cơ sở,Chu kỳ (giây),Số thông số,Số giá trị phải có,Số giá trị hợp lệ đã nhận,Tỷ lệ đầy đủ (%)", lines[0], StringComparison.Ordinal);
        var line = lines.Single(l => l.StartsWith(seeded.Station + ",", StringComparison.Ordinal));
        Assert.Contains($",{seeded.Files * 4 - seeded.Calibrating * 3},", line);

        var english = await officer.GetStringAsync($"/api/v1/monitoring/reports/completeness?month={seeded.Month}&format=csv&lang=en");
        Assert.StartsWith("Station code,Station name", english, StringComparison.Ordinal); // GetStringAsync takes the BOM off

        var xlsx = await officer.GetAsync($"/api/v1/monitoring/reports/completeness?month={seeded.Month}&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("Đầy đủ và kịp thời", sheet.Name!.Value);
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        string Text(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        Assert.Equal("Mã trạm", Text(rows[0].Elements<Cell>().First()));
        var stationRow = rows.Single(r => Text(r.Elements<Cell>().First()) == seeded.Station).Elements<Cell>().ToList();
        Assert.Equal((seeded.Files * 4 - seeded.Calibrating * 3).ToString(CultureInfo.InvariantCulture), Text(stationRow[6]));
        Assert.Equal(rows.Count - 1, lines.Length - 1); // the same stations in both exports
    }

    [Fact]
    public async Task An_operator_of_another_facility_does_not_see_the_station_and_a_bad_month_is_a_problem()
    {
        var seeded = await SeedAsync();
        var other = await OperatorAsync($"X-{Guid.NewGuid():n}"[..8]);
        var report = await other.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/reports/completeness?month={seeded.Month}", Json);
        Assert.Empty(report.GetProperty("stations").EnumerateArray());
        var html = await other.GetStringAsync($"/monitoring/reports?month={seeded.Month}");
        Assert.DoesNotContain(seeded.Station, html);

        var own = await OperatorAsync(seeded.Facility);
        report = await own.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/reports/completeness?month={seeded.Month}", Json);
        Assert.Equal(seeded.Station, Assert.Single(report.GetProperty("stations").EnumerateArray()).GetProperty("stationCode").GetString());

        var bad = await own.GetAsync("/api/v1/monitoring/reports/completeness?month=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await own.GetAsync("/api/v1/monitoring/reports/exceedances?month=March")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync("/monitoring/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/monitoring/reports/completeness")).StatusCode);
    }

    [Fact]
    public async Task Exceedances_count_active_episodes_starting_in_the_month_per_facility_and_parameter()
    {
        var seeded = await SeedAsync();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var datastream = await db.Datastreams.FirstAsync(d => d.StationCode == seeded.Station && d.ParameterCode == "COD");
        var start = seeded.Month.StartUtc.AddDays(12);
        StoredEpisode Episode(DateTime from, int hours, double ratio, EpisodeState state = EpisodeState.Active) => new()
        {
            DatastreamId = datastream.Id, StationCode = seeded.Station, FacilityId = seeded.Facility, ParameterCode = "COD", State = state,
            Direction = ExceedanceDirection.Above, AveragingPeriod = AveragingPeriod.OneHour, StartUtc = from, EndUtc = from.AddHours(hours), WindowCount = hours,
            Peak = 150 * ratio, Mean = 150 * ratio, RatioToLimit = ratio, LimitValue = 150, Unit = "mg/L", LimitFormula = "C = 150 mg/L", LimitSource = "QCVN 40:2011/BTNMT",
            WindowsJson = "[]", FirstDetectedAtUtc = from, UpdatedAtUtc = from,
        };
        db.Episodes.AddRange(
            Episode(start, 2, 1.5),
            Episode(start.AddDays(3), 3, 2.25),
            Episode(start.AddDays(4), 5, 9, EpisodeState.Withdrawn), // a withdrawn judgement does not count
            Episode(seeded.Month.EndUtc.AddHours(1), 1, 4)); // starts in the next month
        await db.SaveChangesAsync();

        var officer = await app.SignedIn(Demo.Officer);
        var report = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/reports/exceedances?month={seeded.Month}", Json);
        var row = Assert.Single(report.GetProperty("rows").EnumerateArray(), r => r.GetProperty("facilityId").GetString() == seeded.Facility);
        Assert.Equal("COD", row.GetProperty("parameter").GetString());
        Assert.Equal(2, row.GetProperty("episodes").GetInt32());
        Assert.Equal(5, row.GetProperty("exceedingWindows").GetInt32());
        Assert.Equal(2.25, row.GetProperty("worstRatioToLimit").GetDouble());
        Assert.Equal(5, row.GetProperty("hoursExceeding").GetDouble());

        var csv = await officer.GetStringAsync($"/api/v1/monitoring/reports/exceedances?month={seeded.Month}&format=csv");
        Assert.StartsWith("Mã cơ sở,Tên cơ sở,Thông số,Số đợt vượt", csv, StringComparison.Ordinal);
        Assert.Contains($"{seeded.Facility},", csv);

        var other = await OperatorAsync($"X-{Guid.NewGuid():n}"[..8]);
        report = await other.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/reports/exceedances?month={seeded.Month}", Json);
        Assert.Empty(report.GetProperty("rows").EnumerateArray());

        var html = WebUtility.HtmlDecode(await officer.GetStringAsync($"/monitoring/reports?month={seeded.Month}&report=exceedances"));
        Assert.Contains($"data-row=\"{seeded.Facility}\"", html);
    }

    private async Task<(string Facility, string Station, long[] Ids)> SeedAlertsAsync(int count)
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var facility = $"B-{id}";
        var station = $"B{id}_NT01";
        await MonitoringSetup.RegisterAsync(app, facility, $"b{id.ToLowerInvariant()}", station);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        // The engine writes the default rules into a fresh database.
        await app.Services.GetRequiredService<ComplianceEngine>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var rule = await db.AlertRules.FirstAsync(r => r.Code == "exceedance");
        var at = MonitoringSetup.Hour(1, 2);
        var alerts = Enumerable.Range(0, count).Select(i => new Alert
        {
            RuleId = rule.Id, SubjectKey = $"bulk-test|{station}|{i}", Kind = AlertKind.Exceedance, Severity = AlertSeverity.Warning, State = AlertState.Open,
            StationCode = station, FacilityId = facility, ParameterCode = "COD", TitleVi = $"COD vượt giới hạn tại {station} ({i})", TitleEn = $"COD over the limit at {station} ({i})",
            DetailVi = "Thử.", DetailEn = "Test.", ConditionSinceUtc = at, OpenedAtUtc = at, LastTrueAtUtc = at,
        }).ToList();
        db.Alerts.AddRange(alerts);
        await db.SaveChangesAsync();
        return (facility, station, alerts.Select(a => a.Id).ToArray());
    }

    [Fact]
    public async Task Bulk_acknowledge_acknowledges_open_alerts_and_skips_one_already_acknowledged_with_the_reason()
    {
        var (_, station, ids) = await SeedAlertsAsync(3);
        var officer = await app.SignedIn(Demo.Officer);
        (await officer.PostAsJsonAsync($"/api/v1/alerts/{ids[2]}/acknowledge", new { text = "đã biết" })).EnsureSuccessStatusCode();

        var path = $"/monitoring/alerts?station={station}&state=all";
        var page = await officer.GetStringAsync(path);
        Assert.Contains($"id=\"ack-{ids[0]}\"", page);
        Assert.Contains($"Chọn cảnh báo #{ids[0]}", WebUtility.HtmlDecode(page));
        Assert.DoesNotContain($"id=\"ack-{ids[2]}\"", page); // acknowledged: nothing to select
        Assert.Contains("for=\"ack-all\"", page);

        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", EnvigilAppFactory.AntiforgeryToken(page)), new("_handler", "bulk-acknowledge"), new("bulk.comment", "Đã liên hệ cơ sở"),
        };
        form.AddRange(ids.Select(i => new KeyValuePair<string, string>("ids", i.ToString(CultureInfo.InvariantCulture))));
        var response = await officer.PostAsync(path, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Đã xác nhận 2 / 3 cảnh báo.", html);
        Assert.Contains($"data-skipped=\"{ids[2]}\"", html);
        Assert.Contains("không còn ở trạng thái mới", html);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var stored = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync();
        Assert.All(stored, a => Assert.Equal(AlertState.Acknowledged, a.State));
        Assert.Equal("Đã liên hệ cơ sở", stored[0].AcknowledgementComment);
        Assert.Equal("đã biết", stored[2].AcknowledgementComment);
    }

    [Fact]
    public async Task Bulk_acknowledge_api_reports_each_id_and_holds_scope()
    {
        var (facility, _, ids) = await SeedAlertsAsync(2);
        var (_, _, others) = await SeedAlertsAsync(1);

        // A facility operator acknowledges their own alert (recorded, the state stays open for the province); another
        // facility's alert is not found for them. A leader reads alerts but does not work them.
        var op = await OperatorAsync(facility);
        var byOperator = await op.PostAsJsonAsync("/api/v1/alerts/acknowledge", new { ids = new[] { ids[0], others[0] } });
        var body = await byOperator.Content.ReadFromJsonAsync<JsonElement>(Json);
        var results = body.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("result").GetString());
        Assert.Equal("acknowledged", results[ids[0]]);
        Assert.Equal("notFound", results[others[0]]);
        var leader = await app.SignedIn(Demo.Leader);
        body = await (await leader.PostAsJsonAsync("/api/v1/alerts/acknowledge", new { ids = new[] { ids[0] } })).Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("forbidden", body.GetProperty("results")[0].GetProperty("result").GetString());

        var officer = await app.SignedIn(Demo.Officer);
        var response = await officer.PostAsJsonAsync("/api/v1/alerts/acknowledge", new { ids = new[] { ids[0], ids[1], ids[0], long.MaxValue }, text = "hàng loạt" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(2, body.GetProperty("acknowledged").GetInt32());
        results = body.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("result").GetString());
        Assert.Equal(3, results.Count); // the repeated id once
        Assert.Equal("acknowledged", results[ids[1]]);
        Assert.Equal("notFound", results[long.MaxValue]);

        response = await officer.PostAsJsonAsync("/api/v1/alerts/acknowledge", new { ids = new[] { ids[0] } });
        body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("notOpen", body.GetProperty("results")[0].GetProperty("result").GetString());

        var tooMany = await officer.PostAsJsonAsync("/api/v1/alerts/acknowledge", new { ids = Enumerable.Range(1, AlertService.MaxBulk + 1).Select(i => (long)i).ToArray() });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/v1/alerts/acknowledge", new { ids = Array.Empty<long>() })).StatusCode);
    }
}

public sealed class ReportsTestsOnSqlite(SqliteApp app) : ReportsTests<SqliteApp>(app);

public sealed class ReportsTestsOnPostgres(PostgresApp app) : ReportsTests<PostgresApp>(app);
