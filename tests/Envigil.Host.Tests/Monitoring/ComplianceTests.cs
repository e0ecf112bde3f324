using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Envigil.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>A clock that runs with real time plus an offset the test moves forward (never back, so cookies stay valid).</summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>The host with a clock the test moves, for hysteresis and escalation.</summary>
public class ComplianceAppFactory(DatabaseProvider provider) : EnvigilAppFactory(provider), IAsyncLifetime
{
    public ManualClock Clock { get; } = new();

    /// <summary>A local SMTP server the host sends its e-mail to.</summary>
    public SmtpSink Mail { get; } = new();

    protected override IEnumerable<(string Key, string Value)> ExtraSettings =>
    [
        ("Envigil:Monitoring:ComplianceEngine:AlertTickSeconds", "3600"),
        ("Envigil:Monitoring:ComplianceEngine:CatchUpHours", "0"),
        ("Envigil:Monitoring:ComplianceEngine:IntegrityIntervalSeconds", "0"),
        ("Envigil:Notifications:Smtp:Host", Mail.Host),
        ("Envigil:Notifications:Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Envigil:Notifications:Smtp:From", "Envigil <envigil@example.vn>"),
    ];

    // Re-implements IAsyncLifetime so that xUnit's disposal also stops the SMTP server.
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<T> InScopeAsync<T>(Func<MonitoringDb, Task<T>> read)
    {
        using var scope = Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<MonitoringDb>());
    }

    /// <summary>Waits until every delivery so far is judged, then evaluates the alert rules once more at the current clock.</summary>
    public async Task SettleAsync()
    {
        await Service<ComplianceEngine>().WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await Service<AlertEngine>().EvaluateAsync(CancellationToken.None);
    }
}

public sealed class ComplianceSqliteApp() : ComplianceAppFactory(DatabaseProvider.Sqlite);

public sealed class CompliancePostgresApp() : ComplianceAppFactory(DatabaseProvider.Postgres);

/// <summary>
/// Compliance end to end on a real database: limits from a facility's basis, episodes judged from delivered files
/// (and re-judged on late data), integrity signals, alerts with hysteresis, de-duplication, escalation and the outbox.
/// </summary>
public abstract class ComplianceTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : ComplianceAppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>A facility under QCVN 40:2011 column B discharging to a river, with a COD-only station; returns the officer, machine, station, facility and COD Cmax.</summary>
    private async Task<(HttpClient Officer, HttpClient Machine, string Station, string Facility, double Cmax)> FacilityAsync(string industry = "seafood")
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var station = $"C{id}_NT01";
        var facility = $"F-{id}";
        var officer = await MonitoringSetup.RegisterAsync(app, facility, $"c{id.ToLowerInvariant()}", station, parameters: ["COD"]);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            await db.Facilities.Where(f => f.Id == facility).ExecuteUpdateAsync(u => u.SetProperty(f => f.IndustryType, industry));
            await app.Service<Envigil.Monitoring.Registry.RegistryCache>().ReloadAsync();
        }
        var basis = await officer.PutAsJsonAsync($"/api/v1/facilities/{facility}/limit-basis",
            new LimitBasisInput("QCVN40:2011", "B", new DateOnly(2020, 1, 1), ReceivingWater: ReceivingWaterKind.River, LowestFlowM3PerSecond: 120, PermitReference: "GPMT 1/GP-UBND"), Json);
        Assert.Equal(HttpStatusCode.NoContent, basis.StatusCode);
        using var limits = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/facilities/{facility}/limits"));
        var cod = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("parameter").GetString() == "COD");
        return (officer, await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station), station, facility, cod.GetProperty("upper").GetDouble());
    }

    /// <summary>Twelve files of one hour at a 5-minute cadence; values wobble a little so no stuck-sensor signal fires.</summary>
    private static async Task<List<ReceiptView>> HourAsync(HttpClient machine, string station, DateTime hour, Func<int, double> value, Func<int, string>? status = null, IEnumerable<int>? only = null)
    {
        var receipts = new List<ReceiptView>();
        foreach (var i in only ?? Enumerable.Range(0, 12))
        {
            var (code, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, hour.AddMinutes(5 * i), ("COD", Math.Round(value(i) + (i % 3) * 0.37, 2), "mg/L", status?.Invoke(i) ?? "00")));
            Assert.Equal(HttpStatusCode.OK, code);
            receipts.Add(receipt!);
        }
        return receipts;
    }

    [Fact]
    public async Task Files_with_an_exceedance_and_calibration_abuse_end_as_alerts_an_e_mail_and_a_case_with_evidence()
    {
        var (officer, machine, station, facility, cmax) = await FacilityAsync();
        var recipient = $"thanh.tra+{station.ToLowerInvariant()}@example.vn";
        await SetRuleEmailsAsync("exceedance", recipient);
        var day = MonitoringSetup.Hour(1, 0);
        // 02:00–03:00 over the limit; 05:00 rising to 95 % of it, then 06:00–07:30 "calibrating" at 1.4 × the limit.
        var exceeding = await HourAsync(machine, station, day.AddHours(2), _ => cmax * 1.5);
        await HourAsync(machine, station, day.AddHours(3), _ => cmax * 0.5);
        await HourAsync(machine, station, day.AddHours(5), i => cmax * (0.80 + 0.014 * i));
        await HourAsync(machine, station, day.AddHours(6), _ => cmax * 1.4, _ => "01");
        await HourAsync(machine, station, day.AddHours(7), _ => cmax * 1.4, i => i < 6 ? "01" : "00");
        await app.SettleAsync();

        var alerts = await AlertsAsync(officer, station);
        var exceedance = Assert.Single(alerts, a => a.Kind == AlertKind.Exceedance);
        var abuse = Assert.Single(alerts, a => a.Kind == AlertKind.Integrity && a.SubjectKey.Contains(nameof(IntegritySignalKind.CalibrationNearLimit)));
        using (var episodes = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes?station={station}&state=Active")))
        {
            // Only 02:00–03:00: the calibrating hours never count, and 07:00 has too few valid values after it.
            var episode = Assert.Single(episodes.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(day.AddHours(2), episode.GetProperty("startUtc").GetDateTime().ToUniversalTime());
        }

        // The e-mail reaches the SMTP server with its Vietnamese intact.
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var mail = await app.Mail.WaitForMessageAsync(m => m.To.Contains(recipient), wait.Token);
        Assert.Contains($"Vượt giới hạn COD tại Trạm nước thải {station}", mail.Subject);
        Assert.Contains($"#{exceedance.Id}", mail.Body);

        // An inspector opens a case from both alerts and exports its evidence.
        var inspector = await app.SignedIn(Demo.Inspector);
        var created = await inspector.PostAsJsonAsync("/api/v1/cases", new { alertIds = new[] { exceedance.Id, abuse.Id }, title = "Xả thải vượt quy chuẩn COD", legalBasis = "QCVN 40:2011/BTNMT" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var @case = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(facility, @case.RootElement.GetProperty("facilityId").GetString());
        var zipBytes = await inspector.GetByteArrayAsync($"/api/v1/cases/{@case.RootElement.GetProperty("id").GetInt64()}/evidence.zip");
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(zipBytes));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("manifest.json", names);
        Assert.Contains("SHA256SUMS", names);
        foreach (var receipt in exceeding)
            Assert.Contains(names, n => n.StartsWith($"evidence/files/{receipt.Sha256}_", StringComparison.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("evidence/signals.csv")!.Open());
        Assert.Contains(nameof(IntegritySignalKind.CalibrationNearLimit), await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Limits_show_the_arithmetic_and_a_stricter_permit_limit_replaces_the_national_one()
    {
        var (officer, _, _, facility, cmax) = await FacilityAsync();
        using (var limits = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/facilities/{facility}/limits")))
        {
            var cod = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("parameter").GetString() == "COD");
            var c = cod.GetProperty("c").GetDouble();
            var product = cod.GetProperty("coefficients").EnumerateArray().Aggregate(c, (p, k) => p * k.GetProperty("value").GetDouble());
            Assert.Equal(Math.Round(product, 6), Math.Round(cmax, 6));
            Assert.StartsWith("Cmax = C × Kq × Kf", cod.GetProperty("formula").GetString());
            var ph = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("parameter").GetString() == "pH");
            Assert.Equal("Range", ph.GetProperty("kind").GetString());
            Assert.Empty(ph.GetProperty("coefficients").EnumerateArray());
        }

        var stricter = Math.Round(cmax * 0.5, 1);
        Assert.Equal(HttpStatusCode.NoContent, (await officer.PutAsJsonAsync($"/api/v1/facilities/{facility}/permit-limits/COD",
            new PermitLimitInput(null, stricter, "mg/L", "GPMT 1/GP-UBND, Phụ lục 2, mục 3"))).StatusCode);
        using (var limits = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/facilities/{facility}/limits")))
        {
            var cod = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("parameter").GetString() == "COD");
            Assert.Equal(stricter, cod.GetProperty("upper").GetDouble());
            Assert.True(cod.GetProperty("fromPermit").GetBoolean());
        }

        var bad = await officer.PutAsJsonAsync($"/api/v1/facilities/{facility}/limit-basis", new LimitBasisInput("QCVN99:2030", "Z"), Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("QCVN99:2030", await bad.Content.ReadAsStringAsync());
        var operatorOfOther = await OperatorAsync((await FacilityAsync()).Facility);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorOfOther.GetAsync($"/api/v1/facilities/{facility}/limits")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorOfOther.PutAsJsonAsync($"/api/v1/facilities/{facility}/permit-limits/COD",
            new PermitLimitInput(null, 1, "mg/L", "x"))).StatusCode);
    }

    [Fact]
    public async Task An_exceeding_hour_becomes_an_episode_with_its_files_an_alert_and_an_e_mail_in_the_outbox()
    {
        var (officer, machine, station, facility, cmax) = await FacilityAsync();
        await SetRuleEmailsAsync("exceedance", "thanh.tra@example.vn");
        var hour = MonitoringSetup.Hour(1, 3);
        var high = await HourAsync(machine, station, hour, _ => cmax * 1.5);
        await HourAsync(machine, station, hour.AddHours(1), _ => cmax * 0.5);
        await app.SettleAsync();

        using var list = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes?station={station}"));
        var episode = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(hour, episode.GetProperty("startUtc").GetDateTime().ToUniversalTime());
        Assert.Equal(hour.AddHours(1), episode.GetProperty("endUtc").GetDateTime().ToUniversalTime());
        Assert.Equal(1, episode.GetProperty("windowCount").GetInt32());
        Assert.Equal("Active", episode.GetProperty("state").GetString());
        Assert.Equal(Math.Round(cmax * 1.5 + 0.37, 6), Math.Round(episode.GetProperty("peak").GetDouble(), 6), 2);

        using var detail = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes/{episode.GetProperty("id").GetInt64()}"));
        var readings = detail.RootElement.GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal(12, readings.Count);
        Assert.Equal(high.Select(r => r.Sha256).Order(), readings.Select(r => r.GetProperty("sha256").GetString()!).Order());
        // Opened by the exceeding hour (revised as more of its values were judged, depending on how deliveries were batched),
        // closed once the next hour arrived under the limit (or opened closed, when both hours were judged together).
        var kinds = detail.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ToList();
        Assert.Equal("Opened", kinds[0]);
        Assert.False(detail.RootElement.GetProperty("episode").GetProperty("isOngoing").GetBoolean());
        Assert.All(kinds, k => Assert.Contains(k, new[] { "Opened", "Revised", "Closed" }));

        var alert = await SingleAlertAsync(officer, station, AlertKind.Exceedance);
        Assert.Equal((AlertState.Open, facility, "COD"), (alert.State, alert.FacilityId, alert.ParameterCode));
        Assert.Contains("COD", alert.TitleVi);
        var mails = await app.InScopeAsync(db => db.Outbox.Where(o => o.AlertId == alert.Id && o.Channel == NotificationChannel.Email).ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal(("thanh.tra@example.vn", "opened"), (mail.Target, mail.Event));
        Assert.Contains("Vượt giới hạn COD", mail.Subject);

        // A second exceeding hour later the same day: the same open alert gathers it (de-duplication), no second alert.
        await HourAsync(machine, station, hour.AddHours(3), _ => cmax * 1.2);
        await HourAsync(machine, station, hour.AddHours(4), _ => cmax * 0.5);
        await app.SettleAsync();
        var again = await SingleAlertAsync(officer, station, AlertKind.Exceedance);
        Assert.Equal((alert.Id, 2), (again.Id, again.Occurrences));
    }

    [Fact]
    public async Task Late_values_that_bring_a_window_under_the_limit_withdraw_the_episode_with_the_reason()
    {
        var (officer, machine, station, _, cmax) = await FacilityAsync();
        var hour = MonitoringSetup.Hour(1, 8);
        // 9 of 12 values (75 %, enough to judge) slightly above the limit.
        await HourAsync(machine, station, hour, _ => cmax * 1.05, only: Enumerable.Range(0, 9));
        await HourAsync(machine, station, hour.AddHours(1), _ => cmax * 0.5);
        await app.SettleAsync();
        using (var list = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes?station={station}&state=Active")))
            Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());

        // The three missing values arrive late and low: the hour's mean falls under the limit.
        await HourAsync(machine, station, hour, _ => cmax * 0.2, only: [9, 10, 11]);
        await app.SettleAsync();
        using var all = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes?station={station}"));
        var episode = Assert.Single(all.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("Withdrawn", episode.GetProperty("state").GetString());
        Assert.StartsWith("Withdrawn", episode.GetProperty("stateReason").GetString());
        using var detail = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes/{episode.GetProperty("id").GetInt64()}"));
        var kinds = detail.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ToList();
        Assert.Equal(("Opened", "Withdrawn"), (kinds[0], kinds[^1]));
    }

    [Fact]
    public async Task Calibration_started_as_values_approach_the_limit_is_a_signal_and_an_alert()
    {
        var (officer, machine, station, _, cmax) = await FacilityAsync();
        var hour = MonitoringSetup.Hour(1, 12);
        // An hour rising to 95 % of the limit, then 90 minutes "calibrating" (status 01): values that never count.
        await HourAsync(machine, station, hour, i => cmax * (0.80 + 0.014 * i));
        await HourAsync(machine, station, hour.AddHours(1), _ => cmax * 1.4, _ => "01");
        await HourAsync(machine, station, hour.AddHours(2), _ => cmax * 1.4, i => i < 6 ? "01" : "00", Enumerable.Range(0, 6));
        await app.SettleAsync();

        using var signals = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/signals?station={station}"));
        var kinds = signals.RootElement.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToList();
        Assert.Contains(nameof(IntegritySignalKind.CalibrationNearLimit), kinds);
        Assert.Contains(nameof(IntegritySignalKind.CalibrationTooLong), kinds);
        var near = signals.RootElement.GetProperty("items").EnumerateArray().First(s => s.GetProperty("kind").GetString() == nameof(IntegritySignalKind.CalibrationNearLimit));
        Assert.Contains("hiệu chuẩn", near.GetProperty("explanationVi").GetString(), StringComparison.OrdinalIgnoreCase);

        var alerts = await AlertsAsync(officer, station);
        Assert.Contains(alerts, a => a.Kind == AlertKind.Integrity && a.SubjectKey.Contains(nameof(IntegritySignalKind.CalibrationNearLimit)));
        // Calibration values never count: the 1.4 × limit hours are no exceedance.
        using var episodes = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes?station={station}"));
        Assert.Empty(episodes.RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_unacknowledged_alert_escalates_and_an_acknowledged_one_does_not()
    {
        var (officer, machine, station, _, cmax) = await FacilityAsync();
        var (_, machine2, station2, _, cmax2) = await FacilityAsync();
        await SetRuleEmailsAsync("exceedance", "thanh.tra@example.vn", escalation: "giam.doc@example.vn");
        var hour = MonitoringSetup.Hour(1, 15);
        await HourAsync(machine, station, hour, _ => cmax * 1.3);
        await HourAsync(machine2, station2, hour, _ => cmax2 * 1.3);
        await app.SettleAsync();
        var first = await SingleAlertAsync(officer, station, AlertKind.Exceedance);
        var second = await SingleAlertAsync(officer, station2, AlertKind.Exceedance);
        Assert.Equal(HttpStatusCode.NoContent, (await officer.PostAsJsonAsync($"/api/v1/alerts/{second.Id}/acknowledge", new AlertActionInput("Đã gọi cơ sở"))).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(121));
        await app.SettleAsync();
        var escalated = await SingleAlertAsync(officer, station, AlertKind.Exceedance);
        Assert.Equal((1, AlertSeverity.Critical), (escalated.EscalationLevel, escalated.Severity));
        var quiet = await SingleAlertAsync(officer, station2, AlertKind.Exceedance);
        Assert.Equal((0, AlertState.Acknowledged), (quiet.EscalationLevel, quiet.State));
        var mails = await app.InScopeAsync(db => db.Outbox.Where(o => o.AlertId == first.Id).Select(o => new { o.Event, o.Target }).ToListAsync());
        Assert.Contains(mails, m => m.Event == "escalated" && m.Target == "giam.doc@example.vn");

        using var detail = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/alerts/{second.Id}"));
        var ack = detail.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Acknowledged");
        Assert.Equal((Demo.Officer, "Đã gọi cơ sở"), (ack.GetProperty("actor").GetString(), ack.GetProperty("body").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/v1/alerts/{second.Id}/acknowledge", new AlertActionInput(null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/v1/alerts/{second.Id}/resolve", new AlertActionInput(" "))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await officer.PostAsJsonAsync($"/api/v1/alerts/{second.Id}/resolve", new AlertActionInput("Cơ sở đã khắc phục"))).StatusCode);
    }

    [Fact]
    public async Task Outage_waits_out_its_hysteresis_survives_in_the_database_and_resolves_itself_once_data_returns()
    {
        var industry = $"ind-{Guid.NewGuid():n}"[..16];
        var (officer, machine, station, _, cmax) = await FacilityAsync(industry);
        var admin = await app.SignedIn(Demo.Admin);
        var rule = new AlertRuleInput($"outage-{industry}", "Mất kết nối (thử)", "Outage (test)", AlertKind.Outage, AlertSeverity.Warning, IndustryType: industry,
            Threshold: 30, RaiseAfterMinutes: 10, ClearAfterMinutes: 15, AutoResolve: true);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/v1/alert-rules/{rule.Code}", rule, Json)).StatusCode);
        await HourAsync(machine, station, MonitoringSetup.Hour(0, 0), _ => cmax * 0.3, only: [0]);

        app.Clock.Advance(TimeSpan.FromMinutes(35));
        await app.SettleAsync();
        Assert.DoesNotContain(await AlertsAsync(officer, station), a => a.Kind == AlertKind.Outage);
        var pending = await app.InScopeAsync(db => db.PendingConditions.CountAsync(p => p.SubjectKey == $"st:{station}"));
        Assert.Equal(1, pending);

        // A restarted host has a new engine with nothing in memory: the waiting condition is read back from the database.
        var restarted = ActivatorUtilities.CreateInstance<AlertEngine>(app.Services);
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await app.Service<ComplianceEngine>().WhenIdleAsync();
        await restarted.EvaluateAsync(CancellationToken.None);
        var outage = Assert.Single(await AlertsAsync(officer, station), a => a.Kind == AlertKind.Outage);
        Assert.Equal(AlertState.Open, outage.State);
        Assert.True(app.Clock.GetUtcNow().UtcDateTime - outage.ConditionSinceUtc >= TimeSpan.FromMinutes(11), "the hysteresis started before the restart");

        // Data again: the condition clears, and after 15 more minutes the alert resolves itself.
        await HourAsync(machine, station, MonitoringSetup.Hour(0, 1), _ => cmax * 0.3, only: [1]);
        await app.SettleAsync();
        Assert.NotNull((await AlertsAsync(officer, station)).Single(a => a.Id == outage.Id).ClearedSinceUtc);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await HourAsync(machine, station, MonitoringSetup.Hour(0, 1), _ => cmax * 0.3, only: [2]);
        await app.SettleAsync();
        var resolved = (await AlertsAsync(officer, station)).Single(a => a.Id == outage.Id);
        Assert.Equal(("system", AlertState.Resolved), (resolved.ResolvedBy, resolved.State));

        var badRule = rule with { Code = "bad rule!", Threshold = 1 };
        var refused = await admin.PutAsJsonAsync("/api/v1/alert-rules/x", badRule with { Code = "x" }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("outage threshold", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync($"/api/v1/alert-rules/{rule.Code}", rule, Json)).StatusCode);
    }

    [Fact]
    public async Task Operators_see_comment_on_and_acknowledge_their_own_alerts_only_without_changing_the_state()
    {
        var (officer, machine, station, facility, cmax) = await FacilityAsync();
        await HourAsync(machine, station, MonitoringSetup.Hour(1, 19), _ => cmax * 1.6);
        await app.SettleAsync();
        var alert = await SingleAlertAsync(officer, station, AlertKind.Exceedance);

        var own = await OperatorAsync(facility);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/api/v1/alerts/{alert.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await own.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/comments", new AlertActionInput("Máy đo đang được kiểm tra"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await own.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/acknowledge", new AlertActionInput("Đã nhận, đang kiểm tra"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await own.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/acknowledge", new AlertActionInput(null))).StatusCode);
        using (var seen = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/alerts/{alert.Id}")))
        {
            // The facility has seen it, but the alert stays open for the province: an operator cannot stop escalation.
            Assert.Equal("Open", seen.RootElement.GetProperty("alert").GetProperty("state").GetString());
            var ack = seen.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "OperatorAcknowledged");
            Assert.Equal("Đã nhận, đang kiểm tra", ack.GetProperty("body").GetString());
            Assert.Equal(EnvigilRoles.FacilityOperator, ack.GetProperty("actorRole").GetString());
        }
        Assert.Equal(HttpStatusCode.NoContent, (await officer.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/acknowledge", new AlertActionInput(null))).StatusCode);
        using (var acknowledged = JsonDocument.Parse(await own.GetStringAsync($"/api/v1/alerts/{alert.Id}")))
            Assert.Equal("Acknowledged", acknowledged.RootElement.GetProperty("alert").GetProperty("state").GetString());

        var other = await OperatorAsync((await FacilityAsync()).Facility);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/acknowledge", new AlertActionInput(null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/alerts/{alert.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/comments", new AlertActionInput("x"))).StatusCode);
        using var theirs = JsonDocument.Parse(await other.GetStringAsync("/api/v1/alerts"));
        Assert.DoesNotContain(theirs.RootElement.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetInt64() == alert.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/v1/alerts/{alert.Id}/comments", new AlertActionInput(new string('x', 2001)))).StatusCode);
    }

    [Fact]
    public async Task A_stack_is_never_judged_against_the_wastewater_regulation_of_its_facility()
    {
        var (officer, _, station, facility, _) = await FacilityAsync();
        var stack = station.Replace("_NT01", "_KT01", StringComparison.Ordinal);
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/stations/{stack}",
            new StationInput(stack, $"Ống khói {stack}", StationKind.StackEmission, 9.1769, 105.1524, facility))).EnsureSuccessStatusCode();
        (await officer.PutAsync($"/api/v1/monitoring/registry/stations/{stack}/datastreams/Temp", JsonContent.Create(new DatastreamInput("Temp")))).EnsureSuccessStatusCode();
        var machine = await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, stack);
        var hour = MonitoringSetup.Hour(1, 20);
        // 160 °C flue gas: far above QCVN 40's 40 °C for wastewater, normal for a stack (no emission basis is set).
        for (var i = 0; i < 12; i++)
        {
            var (code, _) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(stack, hour.AddMinutes(5 * i), ("Temp", 160 + i % 3, "°C", "00")));
            Assert.Equal(HttpStatusCode.OK, code);
        }
        await app.SettleAsync();
        using var episodes = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/episodes?station={stack}"));
        Assert.Empty(episodes.RootElement.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(await AlertsAsync(officer, stack), a => a.Kind == AlertKind.Exceedance);
    }

    [Fact]
    public async Task Completeness_below_the_threshold_over_24_hours_raises_an_alert_after_its_hysteresis()
    {
        var industry = $"cmp-{Guid.NewGuid():n}"[..16];
        var (officer, machine, station, _, cmax) = await FacilityAsync(industry);
        var admin = await app.SignedIn(Demo.Admin);
        var rule = new AlertRuleInput($"completeness-{industry}", "Thiếu dữ liệu (thử)", "Incomplete (test)", AlertKind.Completeness, AlertSeverity.Info,
            IndustryType: industry, Threshold: 0.8, RaiseAfterMinutes: 60, ClearAfterMinutes: 60, AutoResolve: true);
        var created = await admin.PutAsJsonAsync($"/api/v1/alert-rules/{rule.Code}", rule, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ruleId = (await created.Content.ReadFromJsonAsync<AlertRule>(Json))!.Id;

        // A day later the station has sent one hour of the 24: 12 of 288 values.
        app.Clock.Advance(TimeSpan.FromHours(25));
        officer = await app.SignedIn(Demo.Officer); // a day later the sign-in cookie has expired
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await HourAsync(machine, station, new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-3), _ => cmax * 0.3);
        await app.SettleAsync();
        bool Mine(Alert a) => a.RuleId == ruleId && a.SubjectKey == $"st:{station}";
        Assert.DoesNotContain(await AlertsAsync(officer, station), Mine);

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.SettleAsync();
        var alert = Assert.Single(await AlertsAsync(officer, station), Mine);
        Assert.Contains("4.2%", alert.DetailEn);
    }

    [Fact]
    public async Task Every_compliance_table_matches_its_migration()
    {
        await app.InScopeAsync(async db =>
        {
            await db.RegulationCatalogues.Take(1).ToListAsync();
            await db.LimitBases.Take(1).ToListAsync();
            await db.PermitLimits.Take(1).ToListAsync();
            await db.Episodes.Take(1).ToListAsync();
            await db.EpisodeChanges.Take(1).ToListAsync();
            await db.Signals.Take(1).ToListAsync();
            await db.AlertRules.Take(1).ToListAsync();
            await db.Alerts.Take(1).ToListAsync();
            await db.PendingConditions.Take(1).ToListAsync();
            await db.AlertEvents.Take(1).ToListAsync();
            await db.Webhooks.Take(1).ToListAsync();
            await db.Outbox.Take(1).ToListAsync();
            return 0;
        });
    }

    [Fact]
    public async Task An_admin_edits_the_regulation_catalogue_and_limits_follow()
    {
        var (officer, _, _, facility, cmax) = await FacilityAsync();
        var admin = await app.SignedIn(Demo.Admin);
        var json = await admin.GetStringAsync("/api/v1/regulations/catalogue.json");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/regulations/catalogue.json")).StatusCode);

        var refused = await admin.PutAsync("/api/v1/regulations/catalogue.json", new StringContent("{\"schemaVersion\": 1}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        // COD column B doubled: the effective limit doubles (every coefficient stays).
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var cod = node["regulations"]!.AsArray().First(r => r!["id"]!.GetValue<string>() == "QCVN40:2011")!["parameters"]!.AsArray()
            .First(p => p!["code"]!.GetValue<string>() == "COD")!["limits"]!.AsArray().First(l => l!["column"]!.GetValue<string>() == "B")!;
        cod["max"] = cod["max"]!.GetValue<double>() * 2;
        try
        {
            var saved = await admin.PutAsync("/api/v1/regulations/catalogue.json?note=test", new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
            using var limits = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/facilities/{facility}/limits"));
            var now = limits.RootElement.GetProperty("bases")[0].GetProperty("effective").GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("parameter").GetString() == "COD");
            Assert.Equal(Math.Round(cmax * 2, 6), Math.Round(now.GetProperty("upper").GetDouble(), 6));
        }
        finally
        {
            // Put the shipped catalogue back for the other tests of this fixture.
            await admin.PutAsync("/api/v1/regulations/catalogue.json?note=restore", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        }
    }

    private async Task SetRuleEmailsAsync(string code, string emails, string? escalation = null)
    {
        var admin = await app.SignedIn(Demo.Admin);
        await app.Service<AlertEngine>().EvaluateAsync(CancellationToken.None); // the default rules exist after the first evaluation
        var rules = (await admin.GetFromJsonAsync<List<AlertRule>>("/api/v1/alert-rules", Json))!;
        var r = rules.Single(x => x.Code == code);
        var input = new AlertRuleInput(r.Code, r.NameVi, r.NameEn, r.Kind, r.Severity, r.IndustryType, r.StationKind, r.Threshold, r.SignalKinds, r.RaiseAfterMinutes,
            r.ClearAfterMinutes, r.AutoResolve, r.EscalateAfterMinutes, r.EscalateToSeverity, emails, escalation ?? r.EscalationEmails, r.NotifyWebhooks, r.Enabled);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/alert-rules/{code}", input, Json)).StatusCode);
    }

    private async Task<HttpClient> OperatorAsync(string facility)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        var created = await admin.PostAsJsonAsync("/api/v1/admin/users",
            new { email, displayName = "Người vận hành", password = "Op-pass-12345!", roles = new[] { EnvigilRoles.FacilityOperator }, facilities = new[] { facility } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return await app.SignedIn(email, "Op-pass-12345!");
    }

    private static async Task<List<Alert>> AlertsAsync(HttpClient client, string station)
    {
        using var list = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/alerts?station={station}"));
        return list.RootElement.GetProperty("items").Deserialize<List<Alert>>(Json)!;
    }

    private static async Task<Alert> SingleAlertAsync(HttpClient client, string station, AlertKind kind) =>
        Assert.Single(await AlertsAsync(client, station), a => a.Kind == kind);
}

public sealed class SqliteComplianceTests(ComplianceSqliteApp app) : ComplianceTests<ComplianceSqliteApp>(app);

[Trait("Provider", "Postgres")]
public sealed class PostgresComplianceTests(CompliancePostgresApp app) : ComplianceTests<CompliancePostgresApp>(app);
