using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>Reception over HTTP end to end, once per provider: storage, idempotency, conflicts, late data, quarantine, scopes.</summary>
public abstract class ReceptionTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<(HttpClient Officer, HttpClient Machine, string Station)> StationAsync(params string[] parameters)
    {
        var id = Guid.NewGuid().ToString("n")[..6].ToUpperInvariant();
        var station = $"T{id}_NT01";
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-{id}", $"a{id.ToLowerInvariant()}", station, parameters: parameters);
        return (officer, await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Station, station), station);
    }

    private static async Task<long> DatastreamIdAsync(HttpClient client, string station, string parameter)
    {
        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/monitoring/stations/{station}"));
        return detail.RootElement.GetProperty("datastreams").EnumerateArray().Single(d => d.GetProperty("parameter").GetString() == parameter).GetProperty("id").GetInt64();
    }

    private static async Task<SeriesPage> SeriesAsync(HttpClient client, long datastream, string resolution, DateTime from, DateTime to) =>
        (await client.GetFromJsonAsync<SeriesPage>($"/api/v1/monitoring/datastreams/{datastream}/observations?resolution={resolution}&from={from:O}&to={to:O}", Json))!;

    [Fact]
    public async Task File_over_HTTP_is_archived_parsed_and_stored_with_rollups_and_latest_values()
    {
        var (officer, machine, station) = await StationAsync();
        var t = MonitoringSetup.Hour(2, 3);
        var (status, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t, cod: 45.2));
        var (_, second) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t.AddMinutes(5), cod: 55.2));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("stored", 4, 4), (receipt!.State, receipt.Lines, receipt.Stored));
        Assert.Equal(64, receipt.Sha256.Length);
        Assert.Equal("stored", second!.State);
        var cod = await DatastreamIdAsync(officer, station, "COD");
        var raw = await SeriesAsync(officer, cod, "raw", t.AddHours(-1), t.AddHours(1));
        Assert.Equal([45.2, 55.2], raw.Points.Select(p => p.Value!.Value));
        Assert.Equal(t, raw.Points[0].TimeUtc);
        var hourly = Assert.Single((await SeriesAsync(officer, cod, "1h", t.AddHours(-1), t.AddHours(1))).Points);
        Assert.Equal((2, 2, 50.2, 45.2, 55.2), (hourly.Count!.Value, hourly.ValidCount!.Value, Math.Round(hourly.Value!.Value, 6), hourly.Min!.Value, hourly.Max!.Value));
        var daily = Assert.Single((await SeriesAsync(officer, cod, "1d", t.AddDays(-1), t.AddDays(1))).Points);
        Assert.Equal(2, daily.Count);

        var stations = await officer.GetFromJsonAsync<List<StationSummary>>($"/api/v1/monitoring/stations?facility=F-{station[1..7]}", Json);
        var summary = Assert.Single(stations!);
        Assert.Equal(55.2, summary.Latest.Single(l => l.Parameter == "COD").Value);
        // The archived bytes are served back unchanged.
        var content = await officer.GetStringAsync($"/api/v1/monitoring/receipts/{receipt.Id}/content");
        Assert.Equal(MonitoringSetup.Typical(station, t, cod: 45.2).Content, content);
    }

    [Fact]
    public async Task Resent_file_is_recognised_and_not_stored_twice()
    {
        var (officer, machine, station) = await StationAsync();
        var file = MonitoringSetup.Typical(station, MonitoringSetup.Hour(3, 5));
        var (_, first) = await MonitoringSetup.PutAsync(machine, file);
        var (_, again) = await MonitoringSetup.PutAsync(machine, file);
        // The same values in a file with other bytes (a resend with LF endings): every value recognised.
        var (_, rewritten) = await MonitoringSetup.PutAsync(machine, (file.Name, file.Content.Replace("\r\n", "\n")));

        Assert.Equal("stored", first!.State);
        Assert.Equal("duplicate", again!.State);
        Assert.Contains($"receipt {first.Id}", again.Reason);
        Assert.Equal(("duplicate", 0, 4), (rewritten!.State, rewritten.Stored, rewritten.Duplicates));
        var cod = await DatastreamIdAsync(officer, station, "COD");
        Assert.Single((await SeriesAsync(officer, cod, "raw", MonitoringSetup.Hour(4, 0), MonitoringSetup.Hour(2, 0))).Points);
        Assert.Equal(1, (await SeriesAsync(officer, cod, "1h", MonitoringSetup.Hour(4, 0), MonitoringSetup.Hour(2, 0))).Points.Single().Count);
    }

    [Fact]
    public async Task Different_value_for_the_same_time_is_kept_as_a_conflict_and_never_overwrites()
    {
        var (officer, machine, station) = await StationAsync();
        var t = MonitoringSetup.Hour(3, 7);
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t, cod: 40));
        var (_, changed) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, t, ("COD", 99, "mg/L", "00")));

        Assert.Equal(("stored", 0, 1), (changed!.State, changed.Stored, changed.Conflicts));
        Assert.Contains("conflict", changed.Reason);
        var cod = await DatastreamIdAsync(officer, station, "COD");
        Assert.Equal(40, (await SeriesAsync(officer, cod, "raw", t.AddMinutes(-1), t.AddMinutes(1))).Points.Single().Value);
        using var conflicts = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/monitoring/conflicts?station={station}"));
        var conflict = conflicts.RootElement.EnumerateArray().Single();
        Assert.Equal((40.0, 99.0), (conflict.GetProperty("storedValue").GetDouble(), conflict.GetProperty("offeredValue").GetDouble()));
    }

    [Fact]
    public async Task Late_out_of_order_data_updates_rollups_but_not_the_newer_latest_value()
    {
        var (officer, machine, station) = await StationAsync();
        var t = MonitoringSetup.Hour(2, 9);
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t.AddMinutes(30), cod: 30));
        var (_, late) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t.AddMinutes(10), cod: 60));

        Assert.Equal("stored", late!.State);
        var cod = await DatastreamIdAsync(officer, station, "COD");
        var hour = (await SeriesAsync(officer, cod, "1h", t.AddMinutes(-1), t.AddMinutes(59))).Points.Single();
        Assert.Equal((2, 45.0), (hour.Count!.Value, hour.Value!.Value));
        var summary = (await officer.GetFromJsonAsync<List<StationSummary>>($"/api/v1/monitoring/stations", Json))!.Single(s => s.Code == station);
        Assert.Equal(30, summary.Latest.Single(l => l.Parameter == "COD").Value);
    }

    [Fact]
    public async Task Unknown_parameter_is_quarantined_and_stored_after_an_alias_and_reprocessing()
    {
        var (officer, machine, station) = await StationAsync();
        var t = MonitoringSetup.Hour(2, 11);
        var (_, partial) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, t, ("COD", 41, "mg/L", "00"), ("COD_out_x", 7, "mg/L", "00")));

        Assert.Equal(("partial", 1, 1), (partial!.State, partial.Stored, partial.Rejected));
        var detail = await officer.GetFromJsonAsync<ReceiptView>($"/api/v1/monitoring/receipts/{partial.Id}", Json);
        Assert.Contains("'COD_out_x' is not in the catalogue", detail!.Issues!.Single().Reason);
        var attention = await officer.GetStringAsync("/api/v1/monitoring/receipts?state=attention");
        Assert.Contains(partial.FileName, attention);

        // The parameter TSS is registered; the datalogger spells it its own way.
        (await officer.PostAsJsonAsync("/api/v1/monitoring/registry/aliases", new MonitoringEndpoints.AliasInput("COD_out_x", "TSS"))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await officer.PostAsync($"/api/v1/monitoring/receipts/{partial.Id}/reprocess", null)).StatusCode);
        ReceiptView? after = null;
        for (var i = 0; i < 100 && after?.State is null or "pending"; i++)
        {
            await Task.Delay(100);
            after = await officer.GetFromJsonAsync<ReceiptView>($"/api/v1/monitoring/receipts/{partial.Id}", Json);
        }
        Assert.Equal(("stored", 1, 1, 0), (after!.State, after.Stored, after.Duplicates, after.Issues!.Count));
        var tss = await DatastreamIdAsync(officer, station, "TSS");
        Assert.Equal(7, (await SeriesAsync(officer, tss, "raw", t.AddMinutes(-1), t.AddMinutes(1))).Points.Single().Value);
    }

    [Fact]
    public async Task File_for_an_unregistered_station_is_quarantined_with_its_reason_and_kept()
    {
        var machine = await MonitoringSetup.MachineAsync(app, MachineTokenKinds.Integration, "province-relay");
        var (status, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical("NOPE_NT09", MonitoringSetup.Hour(2, 1)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("quarantined", receipt!.State);
        Assert.Contains("'NOPE_NT09' in the file name is not registered", receipt.Reason);

        var (_, badName) = await MonitoringSetup.PutAsync(machine, ("not-a-datalogger-file.txt", "COD\t1\tmg/L\t20260101000000\t00"));
        Assert.Contains("14-digit", badName!.Reason);
        var (_, binary) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File("NOPE_NT09", MonitoringSetup.Hour(2, 2)) with { Content = "\u0000\u0001\u0002binary" });
        Assert.Equal("quarantined", binary!.State);
    }

    [Fact]
    public async Task Token_for_another_station_is_refused_but_the_file_is_archived_and_the_refusal_audited()
    {
        var (_, _, victim) = await StationAsync();
        var (_, machine, _) = await StationAsync();
        var (status, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(victim, MonitoringSetup.Hour(2, 4)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("rejected", receipt!.State);
        Assert.Contains($"names station {victim}", receipt.Reason);
        var admin = await app.SignedIn(Demo.Admin);
        var audit = await admin.GetStringAsync("/api/v1/admin/audit?entity=monitoring.file_receipts");
        Assert.Contains("delivery-refused", audit);
        Assert.Contains(receipt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit);
    }

    [Fact]
    public async Task Oversized_file_and_people_without_a_token_are_refused()
    {
        var (_, machine, station) = await StationAsync();
        var big = await machine.PutAsync($"/api/v1/ingest/files/{station}_20260101000000.txt", new ByteArrayContent(new byte[2 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        var person = await app.SignedIn(Demo.Officer);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.PutAsync($"/api/v1/ingest/files/{station}_20260101000000.txt", new StringContent("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PutAsync($"/api/v1/ingest/files/{station}_20260101000000.txt", new StringContent("x"))).StatusCode);
    }

    [Fact]
    public async Task Calibration_values_are_stored_but_never_count_as_valid_and_the_station_shows_calibrating()
    {
        var (officer, machine, station) = await StationAsync();
        var now = DateTime.UtcNow;
        var t = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute / 5 * 5, 0, DateTimeKind.Utc);
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t.AddMinutes(-5), cod: 50));
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, t, cod: 0, status: "01"));

        var cod = await DatastreamIdAsync(officer, station, "COD");
        var hours = (await SeriesAsync(officer, cod, "1h", t.AddHours(-2), t.AddHours(1))).Points;
        Assert.Equal(2, hours.Sum(h => h.Count));
        Assert.Equal(1, hours.Sum(h => h.ValidCount));
        Assert.Equal(50, hours.Where(h => h.ValidCount > 0).Single().Value);
        var summary = (await officer.GetFromJsonAsync<List<StationSummary>>("/api/v1/monitoring/stations?state=Calibrating", Json))!;
        Assert.Contains(summary, s => s.Code == station);
    }

    [Fact]
    public async Task Completeness_counts_expected_received_late_samples_and_finds_the_gaps()
    {
        var (officer, machine, station) = await StationAsync();
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(-3);
        var start = Envigil.Kernel.Time.VietnamTime.ToUtc(day.ToDateTime(new TimeOnly(10, 0)));
        foreach (var minutes in new[] { 0, 5, 20 })
            await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, start.AddMinutes(minutes)));

        var report = await officer.GetFromJsonAsync<CompletenessReport>($"/api/v1/monitoring/stations/{station}/completeness?day={day:yyyy-MM-dd}", Json);
        Assert.Equal(288, report!.Expected);
        Assert.Equal(3, report.Received);
        Assert.All(report.Datastreams, d => Assert.Equal((3, 3), (d.Received, d.Late))); // sent days later: all late
        Assert.Contains(report.Gaps, g => g.FromUtc == start.AddMinutes(10) && g.ToUtc == start.AddMinutes(20) && g.MissingSamples == 2);
        Assert.Equal(288 - 3, report.Gaps.Sum(g => g.MissingSamples));
        var csv = await officer.GetStringAsync($"/api/v1/monitoring/stations/{station}/completeness?day={day:yyyy-MM-dd}&format=csv");
        Assert.Contains($"{station},{day:dd/MM/yyyy},288,3", csv);
    }

    [Fact]
    public async Task Facility_operator_sees_only_own_stations()
    {
        var (_, machineA, stationA) = await StationAsync();
        var (_, _, stationB) = await StationAsync();
        await MonitoringSetup.PutAsync(machineA, MonitoringSetup.Typical(stationA, MonitoringSetup.Hour(2, 6)));
        var facilityA = $"F-{stationA[1..7]}";
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Nhà máy A", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facilityA]))).EnsureSuccessStatusCode();
        var operatorClient = await app.SignedIn(email, "operator-password-1");

        var visible = (await operatorClient.GetFromJsonAsync<List<StationSummary>>("/api/v1/monitoring/stations", Json))!;
        Assert.Equal([stationA], visible.Select(s => s.Code));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync($"/api/v1/monitoring/stations/{stationB}")).StatusCode);
        var facilities = await operatorClient.GetStringAsync("/api/v1/monitoring/registry/facilities");
        Assert.Contains(facilityA, facilities);
        Assert.DoesNotContain($"F-{stationB[1..7]}", facilities);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/v1/monitoring/registry/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PutAsJsonAsync($"/api/v1/monitoring/registry/facilities/{facilityA}", new FacilityInput(facilityA, "x", "32025"))).StatusCode);
    }

    [Fact]
    public async Task Registry_refuses_bad_input_with_reasons_and_explains_the_monitoring_obligation()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var bad = await officer.PutAsJsonAsync("/api/v1/monitoring/registry/facilities/F BAD", new FacilityInput("F BAD", "", "99999", DesignWastewaterM3PerDay: -1));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Id:", body);
        Assert.Contains("Commune code '99999'", body);
        Assert.Contains("cannot be negative", body);

        var swapped = await officer.PutAsJsonAsync("/api/v1/monitoring/registry/stations/X1", new StationInput("X1", "Trạm", StationKind.Wastewater, 105.15, 9.17));
        Assert.Contains("look swapped", await swapped.Content.ReadAsStringAsync());

        var id = $"F-OB{Guid.NewGuid():n}"[..10];
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/facilities/{id}", new FacilityInput(id, "Nhà máy giấy", "32025", PollutionRiskType: true, DesignWastewaterM3PerDay: 200))).EnsureSuccessStatusCode();
        using var facilities = JsonDocument.Parse(await officer.GetStringAsync("/api/v1/monitoring/registry/facilities"));
        var view = facilities.RootElement.EnumerateArray().Single(f => f.GetProperty("facility").GetProperty("id").GetString() == id);
        var wastewater = view.GetProperty("obligation").GetProperty("wastewater");
        Assert.True(wastewater.GetProperty("mandatory").GetBoolean());
        Assert.Contains("Điều 97", wastewater.GetProperty("reasonVi").GetString());
    }

    [Fact]
    public async Task Every_monitoring_table_of_the_model_matches_the_migrated_schema()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Envigil.Monitoring.Persistence.MonitoringDb>();
        // Reading one row of every entity set makes EF select every mapped column: a column missing from the SQL fails here.
        await db.Facilities.Take(1).ToListAsync();
        await db.Stations.Take(1).ToListAsync();
        await db.Datastreams.Take(1).ToListAsync();
        await db.ParameterAliases.Take(1).ToListAsync();
        await db.FileReceipts.Take(1).ToListAsync();
        await db.QuarantinedLines.Take(1).ToListAsync();
        await db.Observations.Take(1).ToListAsync();
        await db.ObservationConflicts.Take(1).ToListAsync();
        await db.HourlyRollups.Take(1).ToListAsync();
        await db.DailyRollups.Take(1).ToListAsync();
        await db.LatestValues.Take(1).ToListAsync();
        await db.StationActivity.Take(1).ToListAsync();
    }

    [Fact]
    public async Task Registry_changes_are_audited_with_the_key_the_database_gave_and_receipts_are_not()
    {
        var (_, machine, station) = await StationAsync();
        await MonitoringSetup.PutAsync(machine, MonitoringSetup.Typical(station, MonitoringSetup.Hour(2, 12)));
        var admin = await app.SignedIn(Demo.Admin);
        using var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/audit?entity=monitoring.datastreams&limit=500"));
        var created = audit.RootElement.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("after").GetString()!.Contains(station)).ToList();
        Assert.Equal(4, created.Count);
        Assert.All(created, e => Assert.True(long.Parse(e.GetProperty("entityKey").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.All(created, e => Assert.Equal(Demo.Officer, e.GetProperty("actor").GetString()));
        using var receipts = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/audit?entity=monitoring.file_receipts&limit=500"));
        Assert.DoesNotContain(receipts.RootElement.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "created");
    }

    [Fact]
    public async Task Station_codes_that_differ_only_in_case_are_refused()
    {
        var (officer, _, station) = await StationAsync();
        var response = await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/stations/{station.ToLowerInvariant()}",
            new StationInput(station.ToLowerInvariant(), "Trạm trùng", StationKind.Wastewater, 9.1769, 105.1524));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("letter case", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_lines_for_the_same_parameter_and_time_after_resolving_aliases_store_one_value()
    {
        var (officer, machine, station) = await StationAsync();
        var t = MonitoringSetup.Hour(2, 13);
        var (_, receipt) = await MonitoringSetup.PutAsync(machine, MonitoringSetup.File(station, t, ("COD", 41, "mg/L", "00"), ("cod", 42, "mg/L", "00")));
        Assert.Equal(("partial", 1, 1), (receipt!.State, receipt.Stored, receipt.Rejected));
        var cod = await DatastreamIdAsync(officer, station, "COD");
        Assert.Equal(1, (await SeriesAsync(officer, cod, "1h", t.AddMinutes(-1), t.AddMinutes(59))).Points.Single().Count);
    }

    [Fact]
    public async Task Registry_round_trips_through_an_xlsx_workbook()
    {
        var (officer, _, station) = await StationAsync();
        var export = await officer.GetAsync("/api/v1/monitoring/registry/export?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var workbook = await export.Content.ReadAsByteArrayAsync();

        var form = new MultipartFormDataContent { { new ByteArrayContent(workbook), "file", "registry.xlsx" } };
        var import = await officer.PostAsync("/api/v1/monitoring/registry/import", form);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var result = (await import.Content.ReadFromJsonAsync<ImportResult>(Json))!;
        Assert.Empty(result.Errors);
        Assert.True(result.Stations >= 1);
        Assert.True(result.Datastreams >= 4);

        var csv = "Mã trạm;Thông số;Đơn vị\r\n" + station + ";NH4;mg/L\r\n" + station + ";Bogus;mg/L\r\nNOPE;COD;mg/L\r\n";
        var csvForm = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "datastreams.csv" } };
        var csvImport = (await (await officer.PostAsync("/api/v1/monitoring/registry/import?table=Datastreams", csvForm)).Content.ReadFromJsonAsync<ImportResult>(Json))!;
        Assert.Equal(1, csvImport.Datastreams);
        Assert.Equal(2, csvImport.Errors.Count);
    }
}

public sealed class ReceptionTestsOnSqlite(SqliteApp app) : ReceptionTests<SqliteApp>(app);

public sealed class ReceptionTestsOnPostgres(PostgresApp app) : ReceptionTests<PostgresApp>(app);
