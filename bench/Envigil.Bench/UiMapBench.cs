using System.Globalization;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Simulation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Envigil.Bench;

/// <summary>
/// The station map in a real browser: the host with a 2,000-station province (registered through the registry
/// service, one file of 8 values per station through the reception pipeline, measured just now so states and latest
/// values are real), an officer signed in through the sign-in form, and /monitoring opened in headless Chromium
/// (Debian's, as the browser tests use) --runs times in a fresh page each. The time per run is the page's own mark
/// "envigil-map-markers" (performance.now() since navigation start, set by station-map.js once every station's
/// marker is on the map, clustered or alone), so it includes the HTML, scripts, boundaries, the stations API and
/// the clustering. Options: --stations 2000 --runs 20 --provider sqlite|postgres|all.
/// </summary>
public static class UiMapBench
{
    private const string Email = "bench.officer@example.vn";
    private const string Password = "bench-officer-password-1";

    public static async Task RunAsync(BenchArgs args)
    {
        var stationCount = args.Int("stations", 2000);
        var runs = args.Int("runs", 20);
        foreach (var provider in args.Providers("ui-map"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false);
            var stations = await BenchProvince.RegisterAsync(host.Services, stationCount, clean: true);
            var now = DateTime.UtcNow;
            var files = stations.Select(s => BenchProvince.Incoming(s,
                StationSimulator.FilesBetween(s.Demo.Simulation, now.AddMinutes(-10), now, DemoProvince.Seed).Last())).ToList();
            foreach (var chunk in files.Chunk(500))
                await host.Pipeline.ReceiveAsync(chunk);
            await host.Pipeline.DrainAsync();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
                await users.EnsureRolesAsync();
                var created = await users.CreateAsync(new NewUser(Email, "Cán bộ benchmark", Password, [EnvigilRoles.Officer]));
                if (!created.Succeeded)
                    throw new InvalidOperationException(string.Join("; ", created.Errors));
            }
            var baseUrl = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            BenchResult.Progress($"ui-map {host.Name}: {stations.Count} stations at {baseUrl}");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("ENVIGIL_TEST_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl,
                ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
                Locale = "vi-VN",
                TimezoneId = "Asia/Ho_Chi_Minh",
            });
            var signIn = await context.NewPageAsync();
            await signIn.GotoAsync("/account/login");
            await signIn.GetByLabel("Thư điện tử").FillAsync(Email);
            await signIn.GetByLabel("Mật khẩu").FillAsync(Password);
            await signIn.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).Last.ClickAsync();
            await signIn.WaitForURLAsync(url => !url.Contains("/account/login"), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await signIn.CloseAsync();

            var times = new List<double>(runs);
            var htmlTimes = new List<double>(runs);
            var scriptTimes = new List<double>(runs);
            var createdTimes = new List<double>(runs);
            var shown = 0;
            var clusters = 0;
            for (var i = -2; i < runs; i++) // two warm-up loads (JIT, the limit and registry caches)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("/monitoring");
                await page.WaitForFunctionAsync("() => document.getElementById('station-map').dataset.rendered !== undefined", null, new() { Timeout = 60_000, PollingInterval = 20 });
                var mark = await page.EvaluateAsync<double>("() => performance.getEntriesByName('envigil-map-markers')[0].startTime");
                shown = int.Parse((await page.Locator("#station-map").GetAttributeAsync("data-rendered"))!, CultureInfo.InvariantCulture);
                clusters = await page.Locator("#station-map .station-cluster").CountAsync();
                // Where the time goes: the server's HTML (responseEnd of the navigation) against the whole.
                var html = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
                // The script starting (after the HTML, styles and Leaflet) and the markers created (before clustering).
                var script = await page.EvaluateAsync<double>("() => performance.getEntriesByName('envigil-map-script')[0]?.startTime ?? -1");
                var created = await page.EvaluateAsync<double>("() => performance.getEntriesByName('envigil-map-created')[0]?.startTime ?? -1");
                if (i >= 0)
                {
                    times.Add(mark);
                    htmlTimes.Add(html);
                    scriptTimes.Add(script);
                    createdTimes.Add(created);
                }
                await page.CloseAsync();
            }
            if (shown != stations.Count)
                throw new InvalidOperationException($"the map showed {shown} stations, not {stations.Count}");

            BenchResult.Write("ui-map",
                ("provider", host.Name), ("stations", shown), ("clusters", clusters),
                ("p50_ms", BenchResult.Percentile(times, 50)), ("p95_ms", BenchResult.Percentile(times, 95)), ("max_ms", times.Max()),
                ("html_p50_ms", BenchResult.Percentile(htmlTimes, 50)), ("script_p50_ms", BenchResult.Percentile(scriptTimes, 50)),
                ("created_p50_ms", BenchResult.Percentile(createdTimes, 50)),
                ("runs", runs), ("load", load));
        }
    }
}
