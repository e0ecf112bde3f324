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
/// (Debian's, as the browser tests use) --runs times in the same tab (p50_ms, p95_ms), then --runs times in a new tab
/// each (newtab_*). The time per run is the page's own mark "envigil-map-markers" (performance.now() since navigation
/// start, set by station-map.js once every station's marker is on the map, clustered or alone), so it includes the
/// server's HTML, the scripts, the page's embedded stations and the clustering (the commune boundaries arrive on their
/// own and are not waited for). Options: --stations 2000 --runs 20 --provider sqlite|postgres|all, --detail 1 (the
/// last load's resources and marks), --trace file.json (a Chromium trace of the last load).
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
            // Two ways to open the map. In the tab a person already works in (the usual way: the menu, a link): the
            // reported p50/p95. In a new tab each time: headless Chromium then also loads its own omnibox WebUI
            // (~0.9 s of CPU on the other core, seen in a --trace), the browser's start-up rather than the page's.
            var sameTab = new List<Load>(runs);
            for (var i = -2; i < runs; i++) // two warm-up loads (JIT, the limit and registry caches)
            {
                await signIn.GotoAsync("about:blank");
                var load1 = await MeasureAsync(context, signIn, i == runs - 1 ? args.String("trace", "") : "", i == runs - 1 && args.Int("detail", 0) == 1);
                if (i >= 0)
                    sameTab.Add(load1);
            }
            var newTab = new List<Load>(runs);
            for (var i = 0; i < runs; i++)
            {
                var page = await context.NewPageAsync();
                newTab.Add(await MeasureAsync(context, page, "", false));
                await page.CloseAsync();
            }
            var shown = sameTab.Concat(newTab).Min(l => l.Shown);
            var clusters = sameTab[^1].Clusters;
            if (shown != stations.Count)
                throw new InvalidOperationException($"the map showed {shown} stations, not {stations.Count}");

            BenchResult.Write("ui-map",
                ("provider", host.Name), ("stations", shown), ("clusters", clusters),
                ("p50_ms", BenchResult.Percentile(sameTab.Select(l => l.Markers).ToList(), 50)),
                ("p95_ms", BenchResult.Percentile(sameTab.Select(l => l.Markers).ToList(), 95)), ("max_ms", sameTab.Max(l => l.Markers)),
                ("html_p50_ms", BenchResult.Percentile(sameTab.Select(l => l.Html).ToList(), 50)),
                ("script_p50_ms", BenchResult.Percentile(sameTab.Select(l => l.Script).ToList(), 50)),
                ("created_p50_ms", BenchResult.Percentile(sameTab.Select(l => l.Created).ToList(), 50)),
                ("newtab_p50_ms", BenchResult.Percentile(newTab.Select(l => l.Markers).ToList(), 50)),
                ("newtab_p95_ms", BenchResult.Percentile(newTab.Select(l => l.Markers).ToList(), 95)),
                ("runs", runs), ("load", load));
        }
    }

    /// <summary>One load of the map, in ms since navigation start: HTML received, script started, markers created, all shown.</summary>
    private sealed record Load(double Markers, double Html, double Script, double Created, int Shown, int Clusters);

    private static async Task<Load> MeasureAsync(IBrowserContext context, IPage page, string trace, bool detail)
    {
        var traceEvents = new List<System.Text.Json.JsonElement>();
        var traceDone = new TaskCompletionSource();
        ICDPSession? cdp = null;
        if (trace.Length > 0) // --trace file.json: Chromium's own trace of the last load (chrome://tracing, Perfetto)
        {
            cdp = await context.NewCDPSessionAsync(page);
            cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
            {
                lock (traceEvents)
                    traceEvents.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
            };
            cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => traceDone.TrySetResult();
            await cdp.SendAsync("Tracing.start", new Dictionary<string, object>
            {
                ["categories"] = "devtools.timeline,blink.user_timing,v8.execute,loading,disabled-by-default-devtools.timeline",
                ["transferMode"] = "ReportEvents",
            });
        }
        await page.GotoAsync("/monitoring");
        await page.WaitForFunctionAsync("() => document.getElementById('station-map').dataset.rendered !== undefined", null, new() { Timeout = 60_000, PollingInterval = 20 });
        var markers = await page.EvaluateAsync<double>("() => performance.getEntriesByName('envigil-map-markers')[0].startTime");
        if (cdp is not null)
        {
            await cdp.SendAsync("Tracing.end");
            await traceDone.Task;
            await File.WriteAllTextAsync(trace, System.Text.Json.JsonSerializer.Serialize(new { traceEvents }));
        }
        var shown = int.Parse((await page.Locator("#station-map").GetAttributeAsync("data-rendered"))!, CultureInfo.InvariantCulture);
        var clusters = await page.Locator("#station-map .station-cluster").CountAsync();
        // Where the time goes: the server's HTML (responseEnd of the navigation) against the whole.
        var html = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
        // The script starting (after the HTML, styles and Leaflet) and the markers created (before clustering).
        var script = await page.EvaluateAsync<double>("() => performance.getEntriesByName('envigil-map-script')[0]?.startTime ?? -1");
        var created = await page.EvaluateAsync<double>("() => performance.getEntriesByName('envigil-map-created')[0]?.startTime ?? -1");
        if (detail)
        {
            // --detail 1: where the last load spent its time, resource by resource.
            BenchResult.Progress(await page.EvaluateAsync<string>("""
                () => {
                  const n = performance.getEntriesByType('navigation')[0];
                  const lines = [`document fetch=${n.fetchStart.toFixed(0)} request=${n.requestStart.toFixed(0)} response=${n.responseStart.toFixed(0)}-${n.responseEnd.toFixed(0)} bytes=${n.decodedBodySize} interactive=${n.domInteractive.toFixed(0)}`];
                  for (const r of performance.getEntriesByType('resource'))
                    lines.push(`${r.name.replace(location.origin, '')} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)} bytes=${r.decodedBodySize}`);
                  for (const m of performance.getEntriesByType('mark')) lines.push(`mark ${m.name} ${m.startTime.toFixed(0)}`);
                  return lines.join('\n');
                }
                """));
        }
        return new Load(markers, html, script, created, shown, clusters);
    }
}
