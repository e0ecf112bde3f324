using Microsoft.Playwright;

namespace Envigil.Host.Tests.Browser;

/// <summary>
/// The compliance pages in Chromium against the demo host: the alerts inbox and a demo facility's limits page. The demo
/// province may have no limit basis or alert yet; the pages must then say so, and the test sets a basis through the form.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ComplianceBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Officer_reads_the_alerts_inbox_and_a_facility_limits_page_with_its_arithmetic()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Demo.Officer);

        await page.GotoAsync("/monitoring/alerts?state=all");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cảnh báo");
        await Assertions.Expect(page.Locator(".module-tabs")).ToContainTextAsync("Quy tắc cảnh báo");
        await Assertions.Expect(page.GetByLabel("Trạng thái")).ToHaveValueAsync("all");
        var rows = page.Locator("[data-testid=alert-table] tbody tr");
        if (await rows.CountAsync() == 0)
            await Assertions.Expect(page.Locator("[data-testid=alerts-empty]")).ToContainTextAsync("Không có cảnh báo nào");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-alerts.png");
        if (await rows.CountAsync() > 0)
        {
            await rows.First.Locator("td a").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=alert-timeline]")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "monitoring-alert.png");
        }

        await page.GotoAsync("/monitoring/facilities/CM-F001/limits");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Giới hạn xả thải");
        if (await page.Locator("[data-testid=no-basis]").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator("[data-testid=no-effective-limits]")).ToBeVisibleAsync();
            await page.GetByLabel("Quy chuẩn", new() { Exact = true }).SelectOptionAsync("QCVN40:2011");
            await page.GetByLabel("Cột", new() { Exact = true }).SelectOptionAsync("B");
            await page.GetByLabel("Nguồn tiếp nhận", new() { Exact = true }).SelectOptionAsync("River");
            await page.GetByLabel("Lưu lượng nguồn tiếp nhận Q (m³/s)").FillAsync("30");
            await page.GetByLabel("Ngày phê duyệt ĐTM / cấp phép").FillAsync("2020-05-04");
            await page.Locator("[data-testid=basis-form] button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=limits-message]")).ToContainTextAsync("Đã lưu căn cứ");
        }
        var cod = page.Locator("[data-testid=effective-limits] tr[data-parameter=COD]");
        await Assertions.Expect(cod).ToContainTextAsync("Cmax = C ×");
        await Assertions.Expect(cod).ToContainTextAsync("Kq =");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-limits.png");

        await page.GotoAsync("/monitoring/regulations");
        await Assertions.Expect(page.Locator("section[data-regulation='QCVN40:2011'] h2")).ToContainTextAsync("QCVN 40:2011/BTNMT");
    }

    [Fact]
    public async Task The_inbox_tells_the_reader_about_a_change_without_a_reload()
    {
        var reader = await fixture.NewPageAsync();
        await fixture.SignInAsync(reader, Demo.Officer);
        // The demo facilities have limit bases, so the simulated stations raise alerts soon after start.
        long alertId = 0;
        for (var attempt = 0; attempt < 60 && alertId == 0; attempt++)
        {
            using var list = System.Text.Json.JsonDocument.Parse(await (await reader.APIRequest.GetAsync("/api/v1/alerts?limit=1")).TextAsync());
            var items = list.RootElement.GetProperty("items");
            if (items.GetArrayLength() > 0)
                alertId = items[0].GetProperty("id").GetInt64();
            else
                await Task.Delay(1000);
        }
        Assert.True(alertId > 0, "the demo raised no alert within a minute");

        await reader.GotoAsync("/monitoring/alerts?state=all");
        var banner = reader.Locator("#alerts-live");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-live", "connected");
        await Assertions.Expect(banner).ToBeHiddenAsync();

        // Someone else comments on the alert; the reader's page says so, with a link to refresh, without reloading.
        var colleague = await fixture.NewPageAsync();
        await fixture.SignInAsync(colleague, Demo.Inspector);
        var posted = await colleague.APIRequest.PostAsync($"/api/v1/alerts/{alertId}/comments", new() { DataObject = new { text = "Đang cử người kiểm tra tại hiện trường." } });
        Assert.Equal(204, posted.Status);
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToContainTextAsync("cảnh báo thay đổi");
        await Assertions.Expect(banner.GetByRole(AriaRole.Link, new() { Name = "Tải lại danh sách" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(reader, "monitoring-alerts-live.png");
        await banner.GetByRole(AriaRole.Link, new() { Name = "Tải lại danh sách" }).ClickAsync();
        await Assertions.Expect(banner).ToBeHiddenAsync();
    }
}
