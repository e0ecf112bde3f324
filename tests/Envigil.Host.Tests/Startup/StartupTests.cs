using System.Net;
using Envigil.Kernel.Configuration;
using Envigil.Tests;

namespace Envigil.Host.Tests.Startup;

/// <summary>What an operator sees when starting Envigil: one-line messages for mistakes, a working server otherwise.</summary>
public class StartupTests
{
    private static Dictionary<string, string> Settings(string dataDirectory, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["Envigil__DataDirectory"] = dataDirectory };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    private static async Task<string> FailsWithOneLineAsync(Dictionary<string, string> settings)
    {
        var (exitCode, stdout, stderr) = await HostProcess.RunAsync([], settings);
        Assert.Equal(2, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("envigil: ", line);
        Assert.DoesNotContain("   at ", stdout + stderr);
        return line;
    }

    [Fact]
    public async Task Unwritable_data_directory_is_named_with_the_fix()
    {
        var file = Path.GetTempFileName(); // a file where a folder should be: not writable even for root
        var line = await FailsWithOneLineAsync(Settings(Path.Combine(file, "data")));
        Assert.Contains("Envigil:DataDirectory", line);
        Assert.Contains("not writable", line);
        Assert.Contains("Envigil__DataDirectory", line);
    }

    [Fact]
    public async Task Unknown_database_provider_is_named_with_the_choices()
    {
        var line = await FailsWithOneLineAsync(Settings(Temp(), ("Envigil__Database__Provider", "Oracle")));
        Assert.Contains("Envigil:Database:Provider is 'Oracle'", line);
        Assert.Contains("'Postgres'", line);
    }

    [Fact]
    public async Task Unreachable_PostgreSQL_says_where_and_what_to_do()
    {
        var line = await FailsWithOneLineAsync(Settings(Temp(),
            ("Envigil__Database__Provider", "Postgres"),
            ("Envigil__Database__ConnectionString", "Host=127.0.0.1;Port=1;Database=envigil;Username=envigil;Password=x;Timeout=3")));
        Assert.Contains("Cannot reach PostgreSQL at 127.0.0.1:1", line);
        Assert.Contains("Envigil:Database:ConnectionString", line);
    }

    [Fact]
    public async Task Missing_PostgreSQL_database_is_named()
    {
        var server = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)
            ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set: run ./test.sh.");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "no_such_database_here" };
        var line = await FailsWithOneLineAsync(Settings(Temp(),
            ("Envigil__Database__Provider", "Postgres"), ("Envigil__Database__ConnectionString", builder.ConnectionString)));
        Assert.Contains("Database 'no_such_database_here' does not exist", line);
    }

    [Fact]
    public async Task Demo_mode_is_refused_in_production()
    {
        var line = await FailsWithOneLineAsync(Settings(Temp(), ("Envigil__DemoMode", "true")));
        Assert.Contains("Envigil:DemoMode", line);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task First_administrator_is_created_on_the_command_line_and_can_sign_in(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var settings = Settings(database.DataDirectory,
            ("Envigil__Database__Provider", provider.ToString()), ("Envigil__Database__ConnectionString", database.ConnectionString));

        var (exitCode, stdout, stderr) = await HostProcess.RunAsync(["admin", "create", "--email", "chief@camau.gov.vn", "--name", "Võ Thị Sáu"], settings);
        Assert.True(exitCode == 0, stderr);
        var password = stdout.Split('\n').Single(l => l.StartsWith("Password (shown once): ", StringComparison.Ordinal))["Password (shown once): ".Length..].Trim();
        Assert.True(password.Length >= 16);

        var duplicate = await HostProcess.RunAsync(["admin", "create", "--email", "chief@camau.gov.vn", "--name", "Again"], settings);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("cannot create the account", duplicate.StandardError);
        Assert.Equal(64, (await HostProcess.RunAsync(["admin", "create", "--bogus", "x"], settings)).ExitCode);
        Assert.Contains("chief@camau.gov.vn\tVõ Thị Sáu\tAdmin", (await HostProcess.RunAsync(["admin", "list"], settings)).StandardOutput);

        await using var host = await HostProcess.StartAsync(settings);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = host.BaseAddress };
        var signIn = await client.PostAsync("/account/login", await EnvigilAppFactory.LoginForm(client, "chief@camau.gov.vn", password));
        Assert.Equal("/", signIn.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/users")).StatusCode);
        // Production: no demo banner, no demo accounts.
        var page = await client.GetStringAsync("/account/login");
        Assert.DoesNotContain("demo-banner", page);
        Assert.DoesNotContain("demo-accounts", page);
    }

    [Fact]
    public async Task Simulate_command_writes_demo_datalogger_files_into_account_folders()
    {
        var output = Temp();
        var (exitCode, stdout, stderr) = await HostProcess.RunAsync(["simulate", "--out", output, "--from", "2026-11-20T08:00", "--to", "2026-11-20T09:00", "--station", "CM_F001_NT01"], new Dictionary<string, string>());
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Wrote 12 files", stdout);
        var files = Directory.GetFiles(Path.Combine(output, "f001"));
        Assert.Equal(12, files.Length);
        Assert.Contains(files, f => Path.GetFileName(f) == "CM_F001_NT01_20261120080000.txt");
        var lines = await File.ReadAllLinesAsync(files.Order().First());
        Assert.All(lines, l => Assert.Matches(@"^[A-Za-z0-9,]+\t-?[0-9.]+\t[^\t]+\t20261120080000\t0[012]$", l));

        Assert.Equal(64, (await HostProcess.RunAsync(["simulate", "--out", output, "--station", "NOPE"], new Dictionary<string, string>())).ExitCode);
    }

    private static string Temp()
    {
        var path = Path.Combine(Path.GetTempPath(), "envigil-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(path);
        return path;
    }
}
