using System.Net;
using System.Text.RegularExpressions;
using Envigil.Kernel.Configuration;
using Envigil.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Envigil.Host.Tests;

/// <summary>The whole host in process over a real database of one provider, in demo mode (demo accounts exist).</summary>
public class EnvigilAppFactory(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;

    /// <summary>More configuration for a fixture (e.g. MQTT reception).</summary>
    protected virtual IEnumerable<(string Key, string Value)> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        _ = Server; // start now, so start-up failures show in the fixture rather than in the first test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Envigil:DataDirectory", Database.DataDirectory);
        builder.UseSetting("Envigil:DemoMode", "true");
        builder.UseSetting("Envigil:Database:Provider", Database.Provider.ToString());
        builder.UseSetting("Envigil:Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests bring their own stations; the demo simulator would fill the database with thousands of files.
        builder.UseSetting("Envigil:Monitoring:SimulatorEnabled", "false");
        // Likewise hazards bring their own zones and households (DemoHazardsTests turns the demo register on).
        builder.UseSetting("Envigil:Hazards:DemoData", "false");
        // Integrity detectors after every delivery, so that "the engine is idle" means every signal is found.
        builder.UseSetting("Envigil:Monitoring:ComplianceEngine:IntegrityIntervalSeconds", "0");
        foreach (var (key, value) in ExtraSettings)
            builder.UseSetting(key, value);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Signs in through the real sign-in form (antiforgery token and all) and returns a client with the cookie.</summary>
    public async Task<HttpClient> SignedIn(string email, string password = Composition.DemoAccounts.Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsync("/account/login", await LoginForm(client, email, password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("error=", response.Headers.Location?.ToString() ?? "");
        return client;
    }

    public static async Task<FormUrlEncodedContent> LoginForm(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/account/login");
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        });
    }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new InvalidOperationException("No antiforgery token in the page.");
}

public sealed class SqliteApp() : EnvigilAppFactory(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : EnvigilAppFactory(DatabaseProvider.Postgres);

public static class Demo
{
    public const string Admin = "admin@demo.envigil.vn";
    public const string Officer = "officer@demo.envigil.vn";
    public const string Inspector = "inspector@demo.envigil.vn";
    public const string CommuneOfficer = "commune@demo.envigil.vn";
    public const string Leader = "leader@demo.envigil.vn";
    public const string Viewer = "viewer@demo.envigil.vn";
}
