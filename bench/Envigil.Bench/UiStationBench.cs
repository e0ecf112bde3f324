using Envigil.Kernel.Identity;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Envigil.Bench;

/// <summary>
/// The station page with a year of hourly data, as a person sees it: one hourly station with 8 parameters and a year
/// of values per parameter (with calibration and fault hours) stored through the observation
/// store's bulk path (which maintains the hourly and daily rollups as ingest does), then the page
/// <c>/monitoring/stations/{code}?range=year</c> opened in headless Chromium (Debian's, via Playwright) N times. Each
/// run is timed by the browser's Navigation Timing: from navigation start to the end of the load event (server render,
/// transfer, parse, SVG layout). Options: --runs 20 --provider sqlite|postgres|all.
/// </summary>
public static class UiStationBench
{
    private const string Password = "bench-password-1";
    private const int Hours = 8760;

    public static async Task RunAsync(BenchArgs args)
    {
        var runs = args.Int("runs", 20);
        var chromium = Environment.GetEnvironmentVariable("ENVIGIL_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        foreach (var provider in args.Providers("ui-station"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false);
            var station = (await BenchProvince.RegisterAsync(host.Services, 1, clean: true))[0];
            var now = DateTime.UtcNow;
            await LoadYearAsync(host, station, now);
            var email = await OfficerAsync(host);
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = address,
                ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
                Locale = "vi-VN",
                TimezoneId = "Asia/Ho_Chi_Minh",
            });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync("/account/login");
            await page.GetByLabel("Thư điện tử").FillAsync(email);
            await page.GetByLabel("Mật khẩu").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).Last.ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/login"), new() { WaitUntil = WaitUntilState.DOMContentLoaded });

            var path = $"/monitoring/stations/{Uri.EscapeDataString(station.Code)}?range=year";
            var loads = new List<double>(runs);
            var firstBytes = new List<double>(runs);
            long htmlBytes = 0;
            int points = 0, vertices = 0, charts = 0;
            for (var i = -2; i < runs; i++) // two warm-up loads
            {
                var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
                if (response?.Status != 200)
                    throw new InvalidOperationException($"{path} answered {response?.Status}");
                var timing = await page.EvaluateAsync<double[]>(
                    "() => { const n = performance.getEntriesByType('navigation')[0]; return [n.loadEventEnd - n.startTime, n.responseStart - n.startTime, n.transferSize]; }");
                if (i < 0)
                    continue;
                loads.Add(timing[0]);
                firstBytes.Add(timing[1]);
                htmlBytes = (long)timing[2];
            }
            // What the page drew: the points loaded per chart (from the store, not from this file) and the vertices sent.
            charts = await page.Locator("[data-testid=series-chart]").CountAsync();
            points = await page.Locator("[data-testid=series-chart]").EvaluateAllAsync<int>("els => Math.max(...els.map(e => +e.dataset.points))");
            vertices = await page.Locator("[data-testid=series-chart]").EvaluateAllAsync<int>("els => Math.max(...els.map(e => +e.dataset.vertices))");

            BenchResult.Write("ui-station",
                ("provider", host.Name), ("points", points), ("charts", charts), ("max_vertices", vertices),
                ("p50_ms", BenchResult.Percentile(loads, 50)), ("p95_ms", BenchResult.Percentile(loads, 95)),
                ("ttfb_p50_ms", BenchResult.Percentile(firstBytes, 50)), ("ttfb_p95_ms", BenchResult.Percentile(firstBytes, 95)),
                ("html_kb", htmlBytes / 1024), ("runs", runs), ("load", load));
        }
    }

    /// <summary>
    /// An hourly station: a year of values per parameter ending now, stored in batches through <see cref="ObservationStore"/>
    /// (rollups, latest values and station activity maintained as at ingest). Every 30 days three hours of calibration
    /// and every 45 days an hour of device fault (shaded bands; their hours have no valid mean, so the line breaks there).
    /// </summary>
    private static async Task LoadYearAsync(BenchHost host, BenchStation station, DateTime nowUtc)
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            await db.Stations.Where(s => s.Code == station.Code).ExecuteUpdateAsync(u => u.SetProperty(s => s.CadenceSeconds, 3600));
            await db.Datastreams.Where(d => d.StationCode == station.Code).ExecuteUpdateAsync(u => u.SetProperty(d => d.CadenceSeconds, 3600));
        }
        var end = ObservationStore.HourBucket(nowUtc);
        var start = end.AddHours(-(Hours - 1));
        var random = new Random(2025);
        var parameters = station.Demo.Simulation.Parameters;
        var rows = new List<ObservationRow>(Hours * parameters.Count);
        for (var h = 0; h < Hours; h++)
        {
            var time = start.AddHours(h);
            short status = h % (24 * 30) is >= 10 and < 13 ? ObservationStatus.Calibrating : h % (24 * 45) == 20 ? ObservationStatus.Fault : ObservationStatus.Measuring;
            foreach (var p in parameters)
            {
                var daily = Math.Cos(2 * Math.PI * (VietnamTimeHour(time) - 14) / 24);
                var value = Math.Round(p.Typical * (1 + 0.15 * daily + 0.05 * (random.NextDouble() - 0.5)) + (h == 6000 ? p.Typical * 2 : 0), 3);
                rows.Add(new ObservationRow(station.DatastreamIds[p.Code], station.Code, time, value, status, 0, time.AddMinutes(1), status == ObservationStatus.Measuring, false));
            }
        }
        var store = host.Services.GetRequiredService<ObservationStore>();
        foreach (var batch in rows.Chunk(20_000))
        {
            await using var connection = await host.Database.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await store.StoreAsync(connection, transaction, batch, nowUtc);
            await transaction.CommitAsync();
        }
    }

    private static int VietnamTimeHour(DateTime utc) => (utc.Hour + 7) % 24;

    private static async Task<string> OfficerAsync(BenchHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var email = $"bench-{Guid.NewGuid():n}@example.vn";
        var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(email, "Cán bộ benchmark", Password, [EnvigilRoles.Officer], null, null));
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        return email;
    }
}
