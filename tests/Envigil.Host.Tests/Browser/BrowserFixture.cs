using Microsoft.Playwright;

namespace Envigil.Host.Tests.Browser;

/// <summary>
/// One real Envigil (separate process, SQLite, demo mode) and one headless Chromium from Debian's package, shared by
/// the browser tests. Screenshots go to docs/screenshots so people can see the pages the tests saw.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private string _dataDirectory = "";

    public HostProcess Host { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory => Path.Combine(HostProcess.RepositoryRoot, "docs", "screenshots");

    public async Task InitializeAsync()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "envigil-tests", Guid.NewGuid().ToString("n"));
        Host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Envigil__DataDirectory"] = _dataDirectory,
            ["Envigil__DemoMode"] = "true",
            ["Envigil__Map__TileUrl"] = "", // offline: only Envigil's own boundaries
            ["Envigil__Hazards__DemoData"] = "false", // the hazards tests draw their own zones and households
        });
        _playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("ENVIGIL_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // As root in a sandbox-less container; no background traffic to the (unreachable) internet.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, string locale = "vi-VN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await context.NewPageAsync();
        // Generous: the demo host backfills its simulator while the tests run on a 2-core CI machine.
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return page;
    }

    public async Task SignInAsync(IPage page, string email, string password = Composition.DemoAccounts.Password)
    {
        // Signing in is not what these tests test, and it is the first request of many of them: it gets more time,
        // since on a 2-core CI machine the demo host may still be backfilling its simulator while other test classes
        // start hosts of their own (a sign-in once took over 30 s there).
        await page.GotoAsync("/account/login", new() { Timeout = 90_000 });
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).Last.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Host is not null)
            await Host.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
