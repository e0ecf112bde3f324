using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// The compliance pages over HTTP, once per provider: the limits page shows the arithmetic the catalogue gives, the
/// alert pages show an alert with its episode and evidence, their forms act on it, and scopes hold on the server.
/// </summary>
public abstract class CompliancePageTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly CultureInfo Vietnamese = new("vi-VN");

    private sealed record Seeded(HttpClient Officer, string Facility, string Station, long AlertId, long EpisodeId, IReadOnlyList<string> Files);

    private static async Task<(HttpStatusCode Status, string Html)> SubmitAsync(HttpClient client, string path, string form, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var content = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(page),
            ["_handler"] = form,
        };
        var response = await client.PostAsync(path, new FormUrlEncodedContent(content));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<string> PageAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private async Task<HttpClient> OperatorAsync(string facility)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facility]))).EnsureSuccessStatusCode();
        return await app.SignedIn(email, "operator-password-1");
    }

    /// <summary>A facility on QCVN 40:2011 column B discharging to a river, with a permit limit for COD and an exceedance alert backed by real files.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var facility = $"L-{id}";
        var station = $"L{id}_NT01";
        var officer = await MonitoringSetup.RegisterAsync(app, facility, $"l{id.ToLowerInvariant()}", station);
        var machine = await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station);

        using var scope = app.Services.CreateScope();
        var limits = scope.ServiceProvider.GetRequiredService<LimitService>();
        Assert.Empty(await limits.SaveBasisAsync(new FacilityLimitBasis
        {
            FacilityId = facility, RegulationId = "QCVN40:2011", RegulationColumn = "B", PermittedOn = new DateOnly(2020, 5, 4),
            ReceivingWaterKind = ReceivingWaterKind.River, LowestFlowM3PerSecond = 30, PermitReference = $"GPMT {id}/GP-UBND", UpdatedBy = "",
        }, "test", CancellationToken.None));
        Assert.Empty(await limits.SavePermitLimitAsync(new StoredPermitLimit
        {
            FacilityId = facility, ParameterCode = "TSS", UpperBound = 50, Unit = "mg/L", Source = $"GPMT {id}/GP-UBND, Phụ lục 2, mục 3",
        }, CancellationToken.None));

        // Three readings of COD well above any limit, in files the episode's evidence must lead to.
        var start = MonitoringSetup.Hour(2, 3);
        var files = new List<string>();
        foreach (var minutes in new[] { 0, 5, 10 })
        {
            var (_, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, start.AddMinutes(minutes), cod: 400 + minutes));
            files.Add(receipt!.FileName);
        }

        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        // The files are judged and the alert rules evaluated (which writes the default rules into a fresh database).
        await app.Services.GetRequiredService<ComplianceEngine>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var rule = await db.AlertRules.FirstAsync(r => r.Code == "exceedance");
        var datastream = await db.Datastreams.FirstAsync(d => d.StationCode == station && d.ParameterCode == "COD");
        var now = DateTime.UtcNow;
        var alert = new Alert
        {
            RuleId = rule.Id, SubjectKey = $"page-test|{station}", Kind = AlertKind.Exceedance, Severity = AlertSeverity.Warning, State = AlertState.Open,
            StationCode = station, FacilityId = facility, ParameterCode = "COD", TitleVi = $"COD vượt giới hạn tại {station}", TitleEn = $"COD over the limit at {station}",
            DetailVi = "Trung bình 1 giờ 405 mg/L, giới hạn 148,5 mg/L.", DetailEn = "1-hour mean 405 mg/L, limit 148.5 mg/L.",
            ConditionSinceUtc = start, OpenedAtUtc = start.AddHours(1), LastTrueAtUtc = start.AddHours(1),
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        db.AlertEvents.Add(new AlertEvent { AlertId = alert.Id, Kind = AlertEventKind.Opened, Actor = "system", AtUtc = start.AddHours(1) });
        var episode = new StoredEpisode
        {
            DatastreamId = datastream.Id, StationCode = station, FacilityId = facility, ParameterCode = "COD", State = EpisodeState.Active,
            Direction = ExceedanceDirection.Above, AveragingPeriod = AveragingPeriod.OneHour, StartUtc = start, EndUtc = start.AddHours(1), WindowCount = 1,
            Peak = 410, Mean = 405, RatioToLimit = 405 / 148.5, LimitValue = 148.5, Unit = "mg/L", LimitFormula = "Cmax = C × Kq × Kf = 150 × 0.9 × 1.1 = 148.5 mg/L",
            LimitSource = "QCVN 40:2011/BTNMT, Table 1, column B", LimitVerified = false, AlertId = alert.Id, FirstDetectedAtUtc = now, UpdatedAtUtc = now,
            WindowsJson = EpisodeWindow.Serialize([new EpisodeWindow(start, start.AddHours(1), 405, 3, 12, 0, 0, [start, start.AddMinutes(5), start.AddMinutes(10)])]),
        };
        db.Episodes.Add(episode);
        await db.SaveChangesAsync();
        db.EpisodeChanges.Add(new EpisodeChangeRecord { EpisodeId = episode.Id, Kind = EpisodeChangeKind.Opened, Reason = "three windows over the limit", AtUtc = now });
        await db.SaveChangesAsync();
        return new Seeded(officer, facility, station, alert.Id, episode.Id, files);
    }

    [Fact]
    public async Task The_inbox_sorts_by_severity_age_and_occurrences_and_pages_each_order()
    {
        var seeded = await SeedAsync();
        var ids = new Dictionary<AlertSeverity, long> { [AlertSeverity.Warning] = seeded.AlertId };
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            var template = await db.Alerts.AsNoTracking().FirstAsync(a => a.Id == seeded.AlertId);
            // A critical alert that began later and an informational one that began earlier than the seeded warning.
            foreach (var (severity, hours, occurrences) in new[] { (AlertSeverity.Critical, 5, 2), (AlertSeverity.Info, -5, 9) })
            {
                var alert = new Alert
                {
                    RuleId = template.RuleId, SubjectKey = $"sort-test|{severity}|{seeded.Station}", Kind = AlertKind.Exceedance, Severity = severity, State = AlertState.Open,
                    StationCode = seeded.Station, FacilityId = seeded.Facility, ParameterCode = "COD", TitleVi = $"Sắp xếp {severity}", TitleEn = $"Sort {severity}",
                    DetailVi = "-", DetailEn = "-", ConditionSinceUtc = template.ConditionSinceUtc.AddHours(hours), OpenedAtUtc = template.OpenedAtUtc,
                    LastTrueAtUtc = template.OpenedAtUtc, Occurrences = occurrences,
                };
                db.Alerts.Add(alert);
                await db.SaveChangesAsync();
                ids[severity] = alert.Id;
            }
        }

        async Task<long[]> OrderAsync(string sort)
        {
            var html = await PageAsync(seeded.Officer, $"/monitoring/alerts?state=all&facility={seeded.Facility}&sort={sort}");
            // The engine raised its own alert from the seeded readings too; only the order of these three is asserted.
            return System.Text.RegularExpressions.Regex.Matches(html, "<tr data-alert=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
                .Where(ids.ContainsValue).ToArray();
        }
        Assert.Equal(new[] { ids[AlertSeverity.Critical], ids[AlertSeverity.Warning], ids[AlertSeverity.Info] }, await OrderAsync("severity"));
        Assert.Equal(new[] { ids[AlertSeverity.Info], ids[AlertSeverity.Warning], ids[AlertSeverity.Critical] }, await OrderAsync("oldest"));
        Assert.Equal(ids[AlertSeverity.Info], (await OrderAsync("occurrences"))[0]);
        Assert.Equal(ids.Values.OrderDescending().ToArray(), await OrderAsync("newest"));
        Assert.Equal(ids.Values.OrderDescending().ToArray(), await OrderAsync("nonsense"));

        var sorted = await PageAsync(seeded.Officer, $"/monitoring/alerts?state=all&facility={seeded.Facility}&sort=severity");
        Assert.Contains("aria-sort=\"descending\" data-sort=\"severity\"", sorted);
        Assert.Contains("name=\"sort\" value=\"severity\"", sorted); // the filter form keeps the order
    }

    [Theory]
    [InlineData("/monitoring/alerts")]
    [InlineData("/monitoring/alerts/1")]
    [InlineData("/monitoring/episodes/1")]
    [InlineData("/monitoring/facilities/CM-F001/limits")]
    [InlineData("/monitoring/alert-rules")]
    [InlineData("/monitoring/regulations")]
    public async Task Pages_send_strangers_to_sign_in(string path)
    {
        var stranger = await app.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("/account/login", stranger.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limits_page_shows_the_arithmetic_and_the_limits_the_catalogue_gives()
    {
        var seeded = await SeedAsync();
        var html = await PageAsync(seeded.Officer, $"/monitoring/facilities/{seeded.Facility}/limits");

        // The same computation the compliance engine makes, from the catalogue in force and the stored basis.
        EffectiveLimitSet expected;
        using (var scope = app.Services.CreateScope())
        {
            var (catalogue, _) = await scope.ServiceProvider.GetRequiredService<ComplianceCatalogue>().CurrentAsync(CancellationToken.None);
            var basis = await LimitService.BasisAsync(scope.ServiceProvider.GetRequiredService<MonitoringDb>(), seeded.Facility, RegulatedMedium.Wastewater, CancellationToken.None);
            expected = EffectiveLimits.Compute(catalogue, basis!, VietnamTime.Today(TimeProvider.System));
        }
        var cod = expected.Find("COD")!;
        Assert.Contains(cod.Coefficients, k => k.Name == "Kq");
        Assert.Contains(cod.Coefficients, k => k.Name == "Kf");
        Assert.True(expected.Find("TSS")!.FromPermit);
        Assert.Contains("data-testid=\"effective-limits\"", html);
        foreach (var limit in expected.Limits)
        {
            var row = Row(html, "data-parameter=\"" + limit.Parameter + "\"", "effective-limits");
            Assert.Contains(limit.Formula, row);
            if (limit.Kind == LimitKind.Max)
                Assert.Contains(limit.Upper!.Value.ToString("#,##0.###", Vietnamese), row);
            foreach (var k in limit.Coefficients)
                Assert.Contains($"{k.Name} = {k.Value.ToString("#,##0.###", Vietnamese)}", row);
            Assert.Contains($"data-verified=\"{(limit.Verified ? "true" : "false")}\"", row);
            if (!limit.Verified)
                Assert.Contains("chưa kiểm chứng", row);
        }
        Assert.Contains("từ giấy phép", Row(html, "data-parameter=\"TSS\"", "effective-limits"));
        Assert.Contains(expected.Choice.Reason, html);
        Assert.Contains("QCVN 40:2011/BTNMT", html);

        // The basis form checks what it is given and shows the service's reasons.
        var (status, bad) = await SubmitAsync(seeded.Officer, $"/monitoring/facilities/{seeded.Facility}/limits", "basis",
            new Dictionary<string, string> { ["b.regulation"] = "QCVN99:2099", ["b.column"] = "B", ["b.flow"] = "nhiều" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'nhiều' không phải là số", bad);
        (status, bad) = await SubmitAsync(seeded.Officer, $"/monitoring/facilities/{seeded.Facility}/limits", "basis",
            new Dictionary<string, string> { ["b.regulation"] = "QCVN99:2099", ["b.column"] = "B" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("regulation 'QCVN99:2099' is not in the catalogue", bad);

        // Column A instead of B changes C, and the page shows the new arithmetic.
        var (saved, after) = await SubmitAsync(seeded.Officer, $"/monitoring/facilities/{seeded.Facility}/limits", "basis", new Dictionary<string, string>
        {
            ["b.regulation"] = "QCVN40:2011", ["b.column"] = "A", ["b.water"] = "River", ["b.flow"] = "30", ["b.permittedOn"] = "2020-05-04",
        });
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Contains("Đã lưu căn cứ", after);
        using (var scope = app.Services.CreateScope())
        {
            var (catalogue, _) = await scope.ServiceProvider.GetRequiredService<ComplianceCatalogue>().CurrentAsync(CancellationToken.None);
            var basis = await LimitService.BasisAsync(scope.ServiceProvider.GetRequiredService<MonitoringDb>(), seeded.Facility, RegulatedMedium.Wastewater, CancellationToken.None);
            var columnA = EffectiveLimits.Compute(catalogue, basis!, VietnamTime.Today(TimeProvider.System)).Find("COD")!;
            Assert.NotEqual(cod.Upper, columnA.Upper);
            Assert.Contains(columnA.Formula, Row(after, "data-parameter=\"COD\"", "effective-limits"));
        }

        // Permit limits: add, then delete.
        (saved, after) = await SubmitAsync(seeded.Officer, $"/monitoring/facilities/{seeded.Facility}/limits", "permit", new Dictionary<string, string>
        {
            ["p.parameter"] = "COD", ["p.upper"] = "40", ["p.unit"] = "mg/L", ["p.source"] = "GPMT, Phụ lục 2",
        });
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Contains("từ giấy phép", Row(after, "data-parameter=\"COD\"", "effective-limits"));
        (saved, after) = await SubmitAsync(seeded.Officer, $"/monitoring/facilities/{seeded.Facility}/limits", "permit-delete", new Dictionary<string, string> { ["parameter"] = "COD" });
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.DoesNotContain("từ giấy phép", Row(after, "data-parameter=\"COD\"", "effective-limits"));
    }

    [Fact]
    public async Task Facility_without_a_basis_says_so()
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var officer = await MonitoringSetup.RegisterAsync(app, $"E-{id}", $"e{id.ToLowerInvariant()}", $"E{id}_NT01");
        var html = await PageAsync(officer, $"/monitoring/facilities/E-{id}/limits");
        Assert.Contains("data-testid=\"no-basis\"", html);
        Assert.Contains("data-testid=\"no-effective-limits\"", html);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/monitoring/facilities/NO-SUCH-FACILITY/limits")).StatusCode);
    }

    [Fact]
    public async Task Officer_sees_the_alert_with_its_evidence_in_both_languages_and_acknowledges_it()
    {
        var seeded = await SeedAsync();
        var inbox = await PageAsync(seeded.Officer, $"/monitoring/alerts?station={seeded.Station}");
        Assert.Contains($"data-alert=\"{seeded.AlertId}\"", inbox);
        Assert.Contains($"COD vượt giới hạn tại {seeded.Station}", inbox);
        Assert.Contains("Vượt giới hạn", inbox);
        Assert.Contains("data-alert-state=\"open\"", inbox);
        Assert.Contains("id=\"alerts-live\"", inbox);

        var detail = await PageAsync(seeded.Officer, $"/monitoring/alerts/{seeded.AlertId}");
        Assert.Contains("Trung bình 1 giờ 405 mg/L", detail);
        Assert.Contains("Cmax = C × Kq × Kf = 150 × 0.9 × 1.1 = 148.5 mg/L", detail);
        Assert.Contains($"href=\"/monitoring/episodes/{seeded.EpisodeId}\"", detail);
        Assert.Contains("chưa kiểm chứng", detail);
        Assert.Contains($"/enforcement/cases/new?alerts={seeded.AlertId}", detail);
        Assert.Contains("Mở hồ sơ vi phạm", detail);
        Assert.Contains("data-testid=\"acknowledge-form\"", detail);
        Assert.Contains(VietnamTime.FormatDateTime(MonitoringSetup.Hour(2, 3)), detail);

        var episode = await PageAsync(seeded.Officer, $"/monitoring/episodes/{seeded.EpisodeId}");
        Assert.Contains("data-testid=\"episode-chart\"", episode);
        Assert.Contains("class=\"window-exceeding\"", episode);
        Assert.Contains("class=\"limit-line\"", episode);
        foreach (var file in seeded.Files)
            Assert.Contains(file, episode);
        Assert.Contains("/api/v1/monitoring/receipts/", episode);
        Assert.Contains("three windows over the limit", episode);

        var english = await app.SignedIn(Demo.Officer);
        await english.GetAsync("/lang/en?returnUrl=/");
        var detailEn = await PageAsync(english, $"/monitoring/alerts/{seeded.AlertId}");
        Assert.Contains($"COD over the limit at {seeded.Station}", detailEn);
        Assert.Contains("1-hour mean 405 mg/L", detailEn);
        Assert.Contains("Open a violation case", detailEn);
        Assert.Contains("not verified", detailEn);

        // Empty resolution is refused with a reason; acknowledging changes the state; acknowledging again is a conflict.
        var (status, html) = await SubmitAsync(seeded.Officer, $"/monitoring/alerts/{seeded.AlertId}", "resolve", new Dictionary<string, string> { ["r.text"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Phải nhập nội dung.", html);
        (status, html) = await SubmitAsync(seeded.Officer, $"/monitoring/alerts/{seeded.AlertId}", "comment", new Dictionary<string, string> { ["c.text"] = new string('x', AlertService.MaxTextLength + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"dài quá {AlertService.MaxTextLength} ký tự", html);

        (status, html) = await SubmitAsync(seeded.Officer, $"/monitoring/alerts/{seeded.AlertId}", "acknowledge", new Dictionary<string, string> { ["ack.comment"] = "Đã gọi điện cho cơ sở." });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Đã xác nhận cảnh báo.", html);
        Assert.Contains("data-alert-state=\"acknowledged\"", html);
        Assert.Contains("Đã gọi điện cho cơ sở.", html);
        (status, html) = await SubmitAsync(seeded.Officer, $"/monitoring/alerts/{seeded.AlertId}", "acknowledge", new Dictionary<string, string> { ["ack.comment"] = "" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Chỉ xác nhận được cảnh báo đang ở trạng thái mới", html);

        Assert.Contains($"data-alert=\"{seeded.AlertId}\"", await PageAsync(seeded.Officer, $"/monitoring/alerts?state=acknowledged&station={seeded.Station}"));
        Assert.DoesNotContain($"data-alert=\"{seeded.AlertId}\"", await PageAsync(seeded.Officer, $"/monitoring/alerts?state=open&station={seeded.Station}"));

        (status, html) = await SubmitAsync(seeded.Officer, $"/monitoring/alerts/{seeded.AlertId}", "resolve", new Dictionary<string, string> { ["r.text"] = "Cơ sở đã sửa hệ thống xử lý." });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-alert-state=\"resolved\"", html);
    }

    [Fact]
    public async Task Operators_see_only_their_own_facility_and_may_comment_and_acknowledge_but_not_resolve()
    {
        var seeded = await SeedAsync();
        var other = await SeedAsync();
        var own = await OperatorAsync(seeded.Facility);

        var inbox = await PageAsync(own, "/monitoring/alerts?state=all");
        Assert.Contains($"data-alert=\"{seeded.AlertId}\"", inbox);
        Assert.DoesNotContain($"data-alert=\"{other.AlertId}\"", inbox);
        Assert.DoesNotContain(other.Station, inbox);

        var otherAlert = await own.GetAsync($"/monitoring/alerts/{other.AlertId}");
        Assert.Equal(HttpStatusCode.NotFound, otherAlert.StatusCode);
        Assert.DoesNotContain(other.Station, await otherAlert.Content.ReadAsStringAsync());
        var otherEpisode = await own.GetAsync($"/monitoring/episodes/{other.EpisodeId}");
        Assert.Equal(HttpStatusCode.Forbidden, otherEpisode.StatusCode);
        Assert.DoesNotContain(other.Files[0], await otherEpisode.Content.ReadAsStringAsync());
        var otherLimits = await own.GetAsync($"/monitoring/facilities/{other.Facility}/limits");
        Assert.Equal(HttpStatusCode.Forbidden, otherLimits.StatusCode);
        Assert.DoesNotContain("effective-limits", await otherLimits.Content.ReadAsStringAsync());

        var detail = await PageAsync(own, $"/monitoring/alerts/{seeded.AlertId}");
        Assert.Contains("data-testid=\"comment-form\"", detail);
        Assert.Contains("data-testid=\"acknowledge-form\"", detail);
        Assert.DoesNotContain("data-testid=\"resolve-form\"", detail);
        Assert.DoesNotContain("Mở hồ sơ vi phạm", detail);
        var limits = await PageAsync(own, $"/monitoring/facilities/{seeded.Facility}/limits");
        Assert.Contains("data-testid=\"effective-limits\"", limits);
        Assert.DoesNotContain("data-testid=\"basis-form\"", limits);

        var (status, html) = await SubmitAsync(own, $"/monitoring/alerts/{seeded.AlertId}", "comment", new Dictionary<string, string> { ["c.text"] = "Đang kiểm tra bơm định lượng." });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Đang kiểm tra bơm định lượng.", html);

        // The operator acknowledges once: recorded in the history, the alert stays open, the button goes away.
        (status, html) = await SubmitAsync(own, $"/monitoring/alerts/{seeded.AlertId}", "acknowledge", new Dictionary<string, string> { ["ack.comment"] = "Cơ sở đã nhận." });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Đã ghi xác nhận của cơ sở.", html);
        Assert.Contains("Cơ sở xác nhận đã biết", html);
        Assert.DoesNotContain("data-testid=\"acknowledge-form\"", await PageAsync(own, $"/monitoring/alerts/{seeded.AlertId}"));
        // The acknowledge form is not on an operator's page, so a forged submission finds no handler; nothing changes.
        (status, _) = await SubmitAsync(own, $"/monitoring/alerts/{seeded.AlertId}", "acknowledge", new Dictionary<string, string> { ["ack.comment"] = "" });
        Assert.NotEqual(HttpStatusCode.OK, status);
        (status, _) = await SubmitAsync(own, $"/monitoring/facilities/{seeded.Facility}/limits", "permit-delete", new Dictionary<string, string> { ["parameter"] = "TSS" });
        Assert.NotEqual(HttpStatusCode.OK, status);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        Assert.Equal(AlertState.Open, (await db.Alerts.AsNoTracking().FirstAsync(a => a.Id == seeded.AlertId)).State);
        Assert.True(await db.PermitLimits.AnyAsync(p => p.FacilityId == seeded.Facility && p.ParameterCode == "TSS"));
    }

    [Fact]
    public async Task Alert_rules_and_regulations_are_read_by_all_and_changed_by_admins_only()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var rules = await PageAsync(officer, "/monitoring/alert-rules");
        Assert.Contains("data-rule=\"exceedance\"", rules);
        Assert.DoesNotContain("data-testid=\"rule-form\"", rules);
        var regulations = await PageAsync(officer, "/monitoring/regulations");
        Assert.Contains("QCVN 40:2011/BTNMT", regulations);
        Assert.DoesNotContain("data-testid=\"catalogue-form\"", regulations);

        var admin = await app.SignedIn(Demo.Admin);
        var code = "page-" + Guid.NewGuid().ToString("n")[..6];
        var (status, html) = await SubmitAsync(admin, "/monitoring/alert-rules", "rule", new Dictionary<string, string>
        {
            ["r.code"] = code, ["r.nameVi"] = "Mất kết nối lâu", ["r.nameEn"] = "Long outage", ["r.kind"] = "Outage", ["r.severity"] = "Critical", ["r.threshold"] = "2",
            ["r.raiseAfter"] = "0", ["r.clearAfter"] = "15", ["r.enabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("outage threshold is required: minutes without a file, 5–44640", html);
        (status, html) = await SubmitAsync(admin, "/monitoring/alert-rules", "rule", new Dictionary<string, string>
        {
            ["r.code"] = code, ["r.nameVi"] = "Mất kết nối lâu", ["r.nameEn"] = "Long outage", ["r.kind"] = "Outage", ["r.severity"] = "Critical", ["r.threshold"] = "180",
            ["r.raiseAfter"] = "0", ["r.clearAfter"] = "15", ["r.enabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-rule=\"{code}\"", html);

        (status, html) = await SubmitAsync(admin, "/monitoring/regulations", "catalogue", new Dictionary<string, string> { ["json"] = "{\"schemaVersion\": 1, \"regulations\": [{}]}" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Danh mục không được lưu vì:", html);
        Assert.Contains("data-testid=\"catalogue-download\"", html);
    }

    /// <summary>The table row that carries <paramref name="marker"/> inside the table marked <paramref name="table"/>.</summary>
    private static string Row(string html, string marker, string table)
    {
        var from = html.IndexOf($"data-testid=\"{table}\"", StringComparison.Ordinal);
        Assert.True(from >= 0, $"no table {table}");
        var start = html.IndexOf(marker, from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row {marker}");
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}

public sealed class CompliancePageTestsOnSqlite(SqliteApp app) : CompliancePageTests<SqliteApp>(app);

public sealed class CompliancePageTestsOnPostgres(PostgresApp app) : CompliancePageTests<PostgresApp>(app);
