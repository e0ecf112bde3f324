using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Envigil.Host.Tests.Browser;

/// <summary>
/// The station map in Chromium against the demo host (37 stations, six hours of simulated data): clusters when zoomed
/// out, the state filter as a form kept in the URL, a station's latest values against its limits, and a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public class StationMapBrowserTests(BrowserFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StationRow(string Code, string Name, string State, string? FacilityId);

    [Fact]
    public async Task Zoomed_out_nearby_stations_merge_into_clusters_coloured_by_their_worst_state()
    {
        var page = await fixture.NewPageAsync();
        var errors = ScriptErrors(page);
        await fixture.SignInAsync(page, Demo.Officer);
        var stations = await DemoStationsAsync(page);
        await page.GotoAsync("/monitoring");
        var map = page.Locator("#station-map");
        await page.WaitForFunctionAsync("() => document.getElementById('station-map').dataset.rendered || document.readyState === 'complete' && performance.now() > 20000", null, new() { PollingInterval = 200 });
        Assert.Empty(errors);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-rendered", stations.Count.ToString(CultureInfo.InvariantCulture));

        // The whole province in view: Cà Mau city's stations are too close to stand alone.
        var clusters = page.Locator("#station-map .station-cluster");
        Assert.True(await clusters.CountAsync() > 0, "no cluster at the province's zoom");
        // Every station is counted once, in a cluster or as a pin (polled: a 15 s refresh may be re-clustering).
        await page.WaitForFunctionAsync(@"n => {
            const map = document.getElementById('station-map');
            let shown = map.querySelectorAll('.station-marker').length;
            map.querySelectorAll('.station-cluster .cluster-count').forEach(c => shown += Number(c.textContent));
            return shown === n;
        }", stations.Count, new() { Timeout = 20_000, PollingInterval = 250 });

        // Each cluster's colour is the worst state among the stations it holds (severity order of the legend).
        var severity = new[] { "exceeding", "fault", "offline", "late", "calibrating", "online" };
        var worstOverall = severity.First(s => stations.Any(st => st.State.Equals(s, StringComparison.OrdinalIgnoreCase)) );
        var shown = (await clusters.EvaluateAllAsync<string[]>("els => els.map(e => e.className)"))
            .Concat(await page.Locator("#station-map .station-marker").EvaluateAllAsync<string[]>("els => els.map(e => e.className)"));
        Assert.Contains(shown, c => c.Contains($"state-{worstOverall}", StringComparison.Ordinal));
        await Assertions.Expect(clusters.First).ToHaveAttributeAsync("role", "button");
        await Assertions.Expect(clusters.First).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"^\d+ trạm; nặng nhất: "));

        // The legend tells states apart without colour: a symbol and a name each.
        foreach (var (state, symbol) in new[] { ("online", "✓"), ("late", "…"), ("offline", "×"), ("calibrating", "≈"), ("fault", "!"), ("exceeding", "▲") })
            await Assertions.Expect(page.Locator($"[data-testid=station-legend] li[data-state={state}] .station-pin")).ToHaveTextAsync(symbol);
        await Assertions.Expect(page.Locator("[data-testid=station-legend] li[data-state=exceeding]")).ToContainTextAsync("Vượt quy chuẩn");

    }

    [Fact]
    public async Task Filtering_by_state_shows_only_those_stations_on_the_map_and_in_the_list_and_keeps_it_in_the_url()
    {
        var page = await fixture.NewPageAsync();
        var errors = ScriptErrors(page);
        await fixture.SignInAsync(page, Demo.Officer);
        var stations = await DemoStationsAsync(page);
        // The rarest state present, so that the filter visibly removes stations; when every station happens to be in
        // one state, a state nobody is in (the filter then removes every station).
        var present = stations.GroupBy(s => s.State).OrderBy(g => g.Count()).Select(g => g.Key).ToList();
        var wanted = present.Count > 1 ? present[0] : new[] { "Offline", "Late", "Fault" }.First(s => !present.Contains(s));

        await page.GotoAsync("/monitoring");
        await page.Locator("select#state").SelectOptionAsync(wanted);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/monitoring?*state={wanted}*");

        var map = page.Locator("#station-map");
        // States change while the simulator runs: compare with the API at the same moment, filtered the same way.
        var filtered = JsonSerializer.Deserialize<List<StationRow>>(await (await page.APIRequest.GetAsync($"/api/v1/monitoring/stations?state={wanted}")).TextAsync(), Json)!;
        Assert.All(filtered, s => Assert.Equal(wanted, s.State));
        Assert.True(filtered.Count < stations.Count, $"{wanted}: the filter kept every station");
        if (present.Count == 1)
            Assert.Empty(filtered);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-rendered", new System.Text.RegularExpressions.Regex(@"^\d+$"));
        var listed = page.Locator("[data-testid=station-table] tbody tr");
        Assert.Equal(await map.GetAttributeAsync("data-rendered"), (await listed.CountAsync()).ToString(CultureInfo.InvariantCulture));
        Assert.InRange(await listed.CountAsync(), 0, stations.Count - 1);
        if (await listed.CountAsync() == 0)
            await Assertions.Expect(page.Locator("[data-testid=no-stations]")).ToBeVisibleAsync();
        foreach (var state in await listed.Locator("[data-cell=state] .state-badge").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.state)"))
            Assert.Equal(wanted.ToLowerInvariant(), state);
        // Pins and clusters alike: a cluster of stations of one state has that state's colour.
        foreach (var cls in await page.Locator("#station-map .station-marker, #station-map .station-cluster").EvaluateAllAsync<string[]>("els => els.map(e => e.className)"))
            Assert.Contains($"state-{wanted.ToLowerInvariant()}", cls);
        await Assertions.Expect(page.Locator("select#state")).ToHaveValueAsync(wanted);
        await Assertions.Expect(page.Locator("[data-testid=clear-filters]")).ToBeVisibleAsync();

        // Commune and facility filters narrow further, as query parameters.
        var withFacility = stations.First(s => s.FacilityId is not null);
        await page.GotoAsync($"/monitoring?facility={withFacility.FacilityId}");
        // A list or, past 30 facilities, a search field: either way it shows the facility filtered on.
        await Assertions.Expect(page.Locator("#facility")).ToHaveValueAsync(withFacility.FacilityId!);
        await Assertions.Expect(page.Locator($"[data-testid=station-table] tbody tr[data-code={withFacility.Code}]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=station-table] tbody tr")).ToHaveCountAsync(stations.Count(s => s.FacilityId == withFacility.FacilityId));
    }

    [Fact]
    public async Task Clicking_a_station_shows_its_latest_values_against_its_limits_in_vietnam_time()
    {
        var page = await fixture.NewPageAsync();
        var errors = ScriptErrors(page);
        await fixture.SignInAsync(page, Demo.Officer);
        await DemoStationsAsync(page);
        await page.GotoAsync("/monitoring");
        await Assertions.Expect(page.Locator("#station-map")).ToHaveAttributeAsync("data-rendered", new System.Text.RegularExpressions.Regex(@"^\d+$"));

        // From the list (keyboard and screen-reader route): the map zooms until the station stands alone and opens it.
        await page.Locator("button[data-show-on-map=CM_F001_NT01]").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content .station-popup[data-code=CM_F001_NT01]");
        await Assertions.Expect(popup.Locator("[data-testid=popup-values]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#station-map .station-marker[data-code=CM_F001_NT01]")).ToBeFocusedAsync();

        // The demo facility is judged by QCVN 40:2011 column B: COD has an upper limit in mg/L next to its value.
        var cod = popup.Locator("tr[data-parameter=COD]");
        await Assertions.Expect(cod.Locator("td[data-cell=value]")).ToContainTextAsync("mg/L");
        await Assertions.Expect(cod.Locator("td[data-cell=limit]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^≤ [\d.,]+ mg/L$"));
        await Assertions.Expect(cod.Locator("td[data-cell=limit]")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("QCVN 40:2011"));
        await Assertions.Expect(popup.Locator("tr[data-parameter=pH] td[data-cell=limit]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^[\d.,]+–[\d.,]+"));
        var time = await cod.Locator("td[data-cell=time]").InnerTextAsync();
        Assert.Matches(@"^\d{2}:\d{2}$", time);
        await Assertions.Expect(popup).ToContainTextAsync("Giới hạn áp dụng ngày " + Envigil.Kernel.Time.VietnamTime.FormatDate(Envigil.Kernel.Time.VietnamTime.Today(TimeProvider.System)));
        await Assertions.Expect(popup.GetByRole(AriaRole.Link, new() { Name = "Xem trạm" })).ToHaveAttributeAsync("href", "/monitoring/stations/CM_F001_NT01");
        await page.Mouse.MoveAsync(1, 1);
        await page.WaitForTimeoutAsync(800); // the popup fades in and the map pans to show it
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "monitoring-map.png") });

        // A real mouse click on the pin (now standing alone at this zoom) opens it again after it was closed.
        await page.Locator(".leaflet-popup-close-button").ClickAsync();
        await Assertions.Expect(popup).ToHaveCountAsync(0);
        await page.Locator("#station-map .station-marker[data-code=CM_F001_NT01]").ClickAsync();
        await Assertions.Expect(popup.Locator("tr[data-parameter=COD] td[data-cell=limit]")).ToContainTextAsync("mg/L");

        // Hovering a pin names the station; from the keyboard, Enter on a focused pin opens it.
        var name = await page.Locator("tr[data-code=CM_F001_NT01] a").First.InnerTextAsync();
        await page.Locator(".leaflet-popup-close-button").ClickAsync();
        await Assertions.Expect(popup).ToHaveCountAsync(0);
        await page.Locator("#station-map .station-marker[data-code=CM_F001_NT01]").HoverAsync();
        await Assertions.Expect(page.Locator(".leaflet-tooltip:not(.commune-label)")).ToHaveTextAsync(name);
        await page.Locator("#station-map .station-marker[data-code=CM_F001_NT01]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(popup.Locator("tr[data-parameter=COD] td[data-cell=limit]")).ToContainTextAsync("mg/L");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_a_390_pixel_phone_the_filters_fold_away_and_the_map_fits()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        var errors = ScriptErrors(page);
        await fixture.SignInAsync(page, Demo.Officer);
        await page.GotoAsync("/monitoring");
        await Assertions.Expect(page.Locator("#station-map")).ToHaveAttributeAsync("data-rendered", new System.Text.RegularExpressions.Regex(@"^\d+$"));
        var panel = page.Locator("#station-filter-panel");
        Assert.False(await panel.EvaluateAsync<bool>("d => d.open"));
        await Assertions.Expect(page.Locator("select#state")).Not.ToBeVisibleAsync();
        await page.Locator("#station-filter-panel > summary").ClickAsync();
        await Assertions.Expect(page.Locator("select#state")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the map page is {overflow}px wider than the screen");
        await page.Locator("#station-filter-panel > summary").ClickAsync();
        await page.Locator("#station-map").ScrollIntoViewIfNeededAsync();
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "monitoring-map-phone.png") });

        // An applied filter stays visible on the phone, so the person sees why stations are missing.
        await page.GotoAsync("/monitoring?state=Online");
        Assert.True(await panel.EvaluateAsync<bool>("d => d.open"));
    }

    /// <summary>The page's script errors: the map must load without any.</summary>
    private static List<string> ScriptErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add(message.Text);
        };
        return errors;
    }

    /// <summary>The demo stations once the simulator has brought most of them online.</summary>
    private static async Task<List<StationRow>> DemoStationsAsync(IPage page)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var response = await page.APIRequest.GetAsync("/api/v1/monitoring/stations");
            var stations = JsonSerializer.Deserialize<List<StationRow>>(await response.TextAsync(), Json)!;
            if (stations.Count >= 37 && stations.Count(s => s.State == "Online") > stations.Count / 2)
                return stations;
            await Task.Delay(1000);
        }
        Assert.Fail("The demo stations did not come online within two minutes.");
        return [];
    }
}
