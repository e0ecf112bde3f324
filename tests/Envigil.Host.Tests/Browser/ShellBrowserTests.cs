using Microsoft.Playwright;

namespace Envigil.Host.Tests.Browser;

/// <summary>What a person sees in Chromium: the newcomer path, the language switch, a commune officer's task, phones.</summary>
[Collection(BrowserCollection.Name)]
public class ShellBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Newcomer_sees_the_province_map_with_its_64_communes_in_Vietnamese_and_the_demo_banner()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");

        await Assertions.Expect(page.Locator("[data-testid=demo-banner]")).ToContainTextAsync("DEMO");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tỉnh Cà Mau");
        await Assertions.Expect(page.Locator("#province-map")).ToHaveAttributeAsync("data-loaded", "64");
        Assert.True(await page.Locator("#province-map path.leaflet-interactive").CountAsync() >= 64);
        await Assertions.Expect(page.Locator("[data-testid=commune-count] .card-value")).ToHaveTextAsync("64");
        await Assertions.Expect(page.Locator(".legend")).ToContainTextAsync("Vùng phía Tây");

        // A click on a commune tells what it is and links to it.
        await page.Locator("#province-map path.leaflet-interactive").Nth(10).ClickAsync(new() { Force = true });
        await Assertions.Expect(page.Locator(".leaflet-popup-content")).ToContainTextAsync("Mã:");
        await BrowserFixture.ScreenshotAsync(page, "home.png");
    }

    [Fact]
    public async Task Language_switch_turns_the_interface_English_and_back()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/communes");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Communes, wards and special zones");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ca Mau Province");
        await Assertions.Expect(page.Locator("#province-map")).ToHaveAttributeAsync("data-loaded", "64");
        await BrowserFixture.ScreenshotAsync(page, "home-en.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Tiếng Việt" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tỉnh Cà Mau");
    }

    [Fact]
    public async Task Sign_in_page_lists_the_demo_accounts_and_rejects_a_wrong_password()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.Locator("[data-testid=demo-accounts]")).ToContainTextAsync("admin@demo.envigil.vn");
        await Assertions.Expect(page.Locator("[data-testid=demo-accounts]")).ToContainTextAsync("Cán bộ xã");
        await BrowserFixture.ScreenshotAsync(page, "sign-in.png");

        await page.GetByLabel("Thư điện tử").FillAsync("viewer@demo.envigil.vn");
        await page.GetByLabel("Mật khẩu").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("không đúng");
        await Assertions.Expect(page.GetByLabel("Thư điện tử")).ToHaveValueAsync("viewer@demo.envigil.vn");
    }

    [Fact]
    public async Task Commune_officer_keeps_the_contact_of_own_commune_and_only_reads_others()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "commune@demo.envigil.vn");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToContainTextAsync("Cán bộ xã");
        // The officer sees the modules menu once signed in.
        await Assertions.Expect(page.Locator(".sidenav")).ToContainTextAsync("Thiên tai, cảnh báo sớm");

        await page.GotoAsync("/communes?q=Bạc Liêu");
        await page.GetByRole(AriaRole.Link, new() { Name = "Phường Bạc Liêu" }).ClickAsync();
        await page.GetByLabel("Cán bộ phụ trách").FillAsync("Huỳnh Thị Mai");
        await page.GetByLabel("Điện thoại").FillAsync("0291 3822 888");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=contact-saved]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Cán bộ phụ trách")).ToHaveValueAsync("Huỳnh Thị Mai");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Cập nhật lúc");
        await BrowserFixture.ScreenshotAsync(page, "commune-contact.png");

        var invalid = await fixture.NewPageAsync();
        await fixture.SignInAsync(invalid, "commune@demo.envigil.vn");
        await invalid.GotoAsync("/communes/31825");
        await invalid.GetByLabel("Điện thoại").FillAsync("gọi cho tôi");
        await invalid.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(invalid.Locator(".error")).ToContainTextAsync("Phone");

        await page.GotoAsync("/communes/32025");
        await Assertions.Expect(page.Locator("[data-testid=contact-readonly]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=contact-form]").CountAsync());
    }

    [Fact]
    public async Task Administrator_sees_users_and_the_audit_of_changes_in_Vietnam_time()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "admin@demo.envigil.vn");
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator("[data-testid=user-table]")).ToContainTextAsync("inspector@demo.envigil.vn");
        await BrowserFixture.ScreenshotAsync(page, "admin-users.png");

        await page.GotoAsync("/admin/audit");
        await Assertions.Expect(page.Locator("[data-testid=audit-table]")).ToContainTextAsync("signed-in");
        var firstTime = await page.Locator("[data-testid=audit-table] tbody tr td").First.InnerTextAsync();
        Assert.Matches(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$", firstTime);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-audit.png") });
    }

    [Fact]
    public async Task Viewer_is_refused_administration_pages()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "viewer@demo.envigil.vn");
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Không có quyền truy cập");
        Assert.Equal(0, await page.Locator(".sidenav a[href='/admin/users']").CountAsync());
    }

    [Fact]
    public async Task Home_page_fits_a_390_pixel_phone_without_sideways_scrolling()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#province-map")).ToHaveAttributeAsync("data-loaded", "64");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the screen");
        await BrowserFixture.ScreenshotAsync(page, "home-phone.png");
    }

    [Fact]
    public async Task Keyboard_users_can_skip_to_the_content_and_every_form_field_has_a_label()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));

        var unlabelled = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('input:not([type=hidden]), select')].filter(i => !i.labels || i.labels.length === 0).length");
        Assert.Equal(0, unlabelled);
    }

    [Fact]
    public async Task Module_pages_say_what_will_come_without_inventing_data()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "officer@demo.envigil.vn");
        foreach (var (link, heading) in new[] { ("Tài nguyên nước", "Tài nguyên nước"), ("Chất thải", "Chất thải"), ("Cổng công khai", "Cổng công khai") })
        {
            await page.Locator(".sidenav").GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Assertions.Expect(page.Locator("[data-testid=module-coming]")).ToContainTextAsync("chưa có dữ liệu");
        }
        await BrowserFixture.ScreenshotAsync(page, "module-public.png");

        // Enforcement has shipped its violation cases: the menu leads to the case list, not to a "being built" page.
        await page.Locator(".sidenav").GetByRole(AriaRole.Link, new() { Name = "Thanh tra, xử lý vi phạm" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hồ sơ vi phạm");
        await Assertions.Expect(page.Locator("[data-testid=new-case-form]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "enforcement-cases.png");

        // Hazards has shipped too: its menu entry leads to the dashboard.
        await page.Locator(".sidenav").GetByRole(AriaRole.Link, new() { Name = "Thiên tai, cảnh báo sớm" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thiên tai, cảnh báo sớm");
        await Assertions.Expect(page.Locator("[data-testid=relocation-card]")).ToBeVisibleAsync();
    }
}
