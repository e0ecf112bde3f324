using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Observations;
using Envigil.Tests;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// Kill -9 the host while it is working through a backlog in the drop folder, start it again, and prove that
/// no file and no value was lost or stored twice.
/// </summary>
public class CrashTests
{
    private const int Files = 600;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Killing_the_host_mid_batch_loses_nothing_and_stores_nothing_twice(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var drop = Path.Combine(database.DataDirectory, "drop");
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Envigil__DemoMode"] = "true",
            ["Envigil__Monitoring__SimulatorEnabled"] = "false",
            ["Envigil__Hazards__DemoData"] = "false",
            ["Envigil__DataDirectory"] = database.DataDirectory,
            ["Envigil__Monitoring__DropFolder"] = drop,
            ["Envigil__Database__Provider"] = provider.ToString(),
            ["Envigil__Database__ConnectionString"] = database.ConnectionString,
        };
        const string station = "CRASH_NT01";
        var t0 = MonitoringSetup.Hour(5, 0);

        var host = await HostProcess.StartAsync(settings);
        using (var officer = await SignInAsync(host, Demo.Officer))
        {
            await RegisterAsync(officer, station);
            // The backlog a datalogger sends after an outage: 600 files, written as an FTP server would.
            // Written aside first and then moved in at once (renames, as an FTP server completes uploads): a fast host
            // must not finish the backlog while the test is still writing it, or there is no "middle" to kill it in.
            var staging = Path.Combine(database.DataDirectory, "staging");
            Directory.CreateDirectory(staging);
            Directory.CreateDirectory(Path.Combine(drop, "crash"));
            var names = new List<string>(Files);
            for (var i = 0; i < Files; i++)
            {
                var file = MonitoringSetup.Typical(station, t0.AddMinutes(5 * i), cod: 40 + i % 13);
                await File.WriteAllTextAsync(Path.Combine(staging, file.Name), file.Content);
                names.Add(file.Name);
            }
            foreach (var name in names)
                File.Move(Path.Combine(staging, name), Path.Combine(drop, "crash", name));
            // Kill as soon as the host has taken in part of the backlog. Watched on the disk, not over HTTP: the host is
            // busy with the backlog and would answer an API poll too late to catch it in the middle. The kill then
            // comes after the first batch's receipts are committed and before most files are read: the restart has
            // both pending receipts to parse and files still in the folder (whether any value was stored before the
            // kill varies from run to run).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Remaining(drop) == Files && DateTime.UtcNow < deadline)
                await Task.Delay(2);
        }
        await host.DisposeAsync(); // SIGKILL: no graceful shutdown
        var remainingAtKill = Remaining(drop);
        Assert.InRange(remainingAtKill, 1, Files - 1); // the kill really came in the middle of the backlog

        await using var restarted = await HostProcess.StartAsync(settings);
        using var client = await SignInAsync(restarted, Demo.Officer);
        var wait = DateTime.UtcNow.AddSeconds(120);
        while ((Directory.EnumerateFiles(Path.Combine(drop, "crash")).Any() || await PendingAsync(client) > 0) && DateTime.UtcNow < wait)
            await Task.Delay(200);

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(drop, "crash")));
        var receipts = await AllReceiptsAsync(client);
        var byName = receipts.GroupBy(r => r.FileName).ToList();
        Assert.Equal(Files, byName.Count); // every file arrived
        Assert.All(byName, g =>
        {
            Assert.Single(g, r => r.State == "stored"); // stored exactly once
            Assert.All(g.Where(r => r.State != "stored"), r => Assert.Equal("duplicate", r.State)); // a re-read after the kill is recognised
        });
        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/monitoring/stations/{station}"));
        foreach (var datastream in detail.RootElement.GetProperty("datastreams").EnumerateArray())
        {
            var id = datastream.GetProperty("id").GetInt64();
            var raw = await client.GetFromJsonAsync<SeriesPage>($"/api/v1/monitoring/datastreams/{id}/observations?resolution=raw&from={t0.AddMinutes(-1):O}&to={t0.AddDays(3):O}&limit=10000");
            Assert.Equal(Files, raw!.Points.Count);
            var daily = await client.GetFromJsonAsync<SeriesPage>($"/api/v1/monitoring/datastreams/{id}/observations?resolution=1d&from={t0.AddDays(-1):O}&to={t0.AddDays(3):O}");
            Assert.Equal(Files, daily!.Points.Sum(p => p.Count)); // rollups neither missed nor double-counted a value
        }
    }

    private static async Task<HttpClient> SignInAsync(HostProcess host, string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = host.BaseAddress };
        var signedIn = await client.PostAsync("/account/login", await EnvigilAppFactory.LoginForm(client, email, Composition.DemoAccounts.Password));
        Assert.Equal("/", signedIn.Headers.Location?.ToString());
        return client;
    }

    private static async Task RegisterAsync(HttpClient officer, string station)
    {
        (await officer.PutAsJsonAsync("/api/v1/monitoring/registry/facilities/F-CRASH",
            new Envigil.Monitoring.Registry.FacilityInput("F-CRASH", "Nhà máy thử nghiệm", "32025", FtpAccount: "crash"))).EnsureSuccessStatusCode();
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/stations/{station}",
            new Envigil.Monitoring.Registry.StationInput(station, "Trạm thử nghiệm", Envigil.Monitoring.Registry.StationKind.Wastewater, 9.1769, 105.1524, "F-CRASH"))).EnsureSuccessStatusCode();
        foreach (var parameter in new[] { "COD", "pH", "TSS", "Flow" })
            (await officer.PutAsync($"/api/v1/monitoring/registry/stations/{station}/datastreams/{parameter}", JsonContent.Create(new Envigil.Monitoring.Registry.DatastreamInput(parameter)))).EnsureSuccessStatusCode();
    }

    private static async Task<List<ReceiptView>> AllReceiptsAsync(HttpClient client)
    {
        var all = new List<ReceiptView>();
        long? before = null;
        do
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/monitoring/receipts?limit=1000{(before is { } b ? $"&before={b}" : "")}"));
            all.AddRange(page.RootElement.GetProperty("items").Deserialize<List<ReceiptView>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
            before = page.RootElement.GetProperty("nextBefore").ValueKind == JsonValueKind.Number ? page.RootElement.GetProperty("nextBefore").GetInt64() : null;
        }
        while (before is not null);
        return all;
    }

    /// <summary>Files of the backlog still in the drop folder (the host deletes each once it is archived and recorded).</summary>
    private static int Remaining(string drop) => Directory.EnumerateFiles(Path.Combine(drop, "crash")).Count();

    private static async Task<int> PendingAsync(HttpClient client) => (await AllReceiptsAsync(client)).Count(r => r.State == "pending");
}
