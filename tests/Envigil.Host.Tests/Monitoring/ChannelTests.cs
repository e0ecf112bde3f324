using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Http;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// The same host with the FTP drop folder written by a real vsftpd and MQTT through a real mosquitto, both
/// started by ./test.sh. One host at a time watches the shared drop folder, so these classes share a collection.
/// </summary>
public class ChannelApp(DatabaseProvider provider) : EnvigilAppFactory(provider)
{
    public static string FtpDrop => Environment.GetEnvironmentVariable("ENVIGIL_TEST_FTP_DROP") ?? throw new InvalidOperationException("ENVIGIL_TEST_FTP_DROP is not set: run ./test.sh.");
    public static string FtpPort => Environment.GetEnvironmentVariable("ENVIGIL_TEST_FTP_PORT") ?? throw new InvalidOperationException("ENVIGIL_TEST_FTP_PORT is not set: run ./test.sh.");
    public static string MqttPort => Environment.GetEnvironmentVariable("ENVIGIL_TEST_MQTT_PORT") ?? throw new InvalidOperationException("ENVIGIL_TEST_MQTT_PORT is not set: run ./test.sh.");

    protected override IEnumerable<(string Key, string Value)> ExtraSettings =>
    [
        ("Envigil:Monitoring:DropFolder", FtpDrop),
        ("Envigil:Monitoring:Mqtt:Enabled", "true"),
        ("Envigil:Monitoring:Mqtt:Port", MqttPort),
        ("Envigil:Monitoring:Mqtt:Username", "envigil"),
        ("Envigil:Monitoring:Mqtt:Password", "envigil"),
    ];
}

public sealed class SqliteChannelApp() : ChannelApp(DatabaseProvider.Sqlite);

public sealed class PostgresChannelApp() : ChannelApp(DatabaseProvider.Postgres);

[CollectionDefinition(Name)]
public sealed class ChannelCollection
{
    public const string Name = "channels";
}

public abstract class ChannelTests<TApp>(TApp app, string ftpAccount, string mqttAccount) : IClassFixture<TApp> where TApp : ChannelApp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private async Task<ReceiptView> ReceiptForAsync(HttpClient client, string fileName, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync("/api/v1/monitoring/receipts?limit=200"));
            var match = page.RootElement.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("fileName").GetString() == fileName).ToList();
            if (match.Count > 0 && match.All(r => r.GetProperty("state").GetString() != "pending"))
            {
                Assert.Single(match); // one file, one receipt: never parsed half-way and again
                return match[0].Deserialize<ReceiptView>(Json)!;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No processed receipt for {fileName} within {timeout}.");
    }

    [Fact]
    public async Task File_uploaded_to_vsftpd_is_stored_once_and_leaves_the_drop_folder()
    {
        var station = $"FTP{ftpAccount}_NT01".ToUpperInvariant();
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-{ftpAccount}", ftpAccount, station);
        var file = MonitoringSetup.Typical(station, MonitoringSetup.Hour(2, 8));
        var local = Path.Combine(Path.GetTempPath(), file.Name);
        await File.WriteAllTextAsync(local, file.Content);

        var (exit, output) = await RunAsync("curl", "-sS", "-T", local, $"ftp://{ftpAccount}:{ftpAccount}-pass@127.0.0.1:{ChannelApp.FtpPort}/");
        Assert.True(exit == 0, output);

        var receipt = await ReceiptForAsync(officer, file.Name, TimeSpan.FromSeconds(30));
        Assert.Equal(("stored", 4, "ftp", ftpAccount), (receipt.State, receipt.Stored, receipt.Channel, receipt.Sender));
        Assert.False(File.Exists(Path.Combine(ChannelApp.FtpDrop, ftpAccount, file.Name)));
    }

    [Fact]
    public async Task Slow_FTP_upload_is_read_only_when_complete()
    {
        var station = $"SLOW{ftpAccount}_NT01".ToUpperInvariant();
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-{ftpAccount}", ftpAccount, station);
        // 2,000 lines (the same four parameters at successive minutes, as a datalogger's catch-up file), ~100 KB,
        // uploaded at 40 KB/s: the watcher sees the file grow for about 2.5 s.
        var t = MonitoringSetup.Hour(3, 0);
        var content = new StringBuilder();
        for (var i = 0; i < 500; i++)
            content.Append(MonitoringSetup.Typical(station, t.AddMinutes(i), cod: 40 + i % 7).Content);
        var name = MonitoringSetup.Typical(station, t).Name;
        var local = Path.Combine(Path.GetTempPath(), name);
        await File.WriteAllTextAsync(local, content.ToString());

        var (exit, output) = await RunAsync("curl", "-sS", "--limit-rate", "40k", "-T", local, $"ftp://{ftpAccount}:{ftpAccount}-pass@127.0.0.1:{ChannelApp.FtpPort}/");
        Assert.True(exit == 0, output);

        var receipt = await ReceiptForAsync(officer, name, TimeSpan.FromSeconds(60));
        Assert.Equal(("stored", 2000, 2000), (receipt.State, receipt.Lines, receipt.Stored));
    }

    [Fact]
    public async Task FTP_account_cannot_deliver_for_another_facility()
    {
        var otherStation = $"OTH{ftpAccount}_NT01".ToUpperInvariant();
        await MonitoringSetup.RegisterAsync(app, $"F-{ftpAccount}", ftpAccount, $"OWN{ftpAccount}_NT01".ToUpperInvariant());
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-O{ftpAccount}", $"o{ftpAccount}", otherStation);
        var file = MonitoringSetup.Typical(otherStation, MonitoringSetup.Hour(2, 9));
        var local = Path.Combine(Path.GetTempPath(), file.Name);
        await File.WriteAllTextAsync(local, file.Content);

        var (exit, output) = await RunAsync("curl", "-sS", "-T", local, $"ftp://{ftpAccount}:{ftpAccount}-pass@127.0.0.1:{ChannelApp.FtpPort}/");
        Assert.True(exit == 0, output);

        var receipt = await ReceiptForAsync(officer, file.Name, TimeSpan.FromSeconds(30));
        Assert.Equal("rejected", receipt.State);
        Assert.Contains("delivers only for facility", receipt.Reason);
    }

    [Fact]
    public async Task File_published_to_mosquitto_is_stored_and_the_broker_enforces_the_account()
    {
        var station = $"MQ{mqttAccount}_NT01".ToUpperInvariant();
        var officer = await MonitoringSetup.RegisterAsync(app, $"F-M{mqttAccount}", mqttAccount, station);
        var file = MonitoringSetup.Typical(station, MonitoringSetup.Hour(2, 10));
        var local = Path.Combine(Path.GetTempPath(), file.Name);
        await File.WriteAllTextAsync(local, file.Content);

        var (exit, output) = await RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", ChannelApp.MqttPort, "-u", mqttAccount, "-P", mqttAccount,
            "-q", "1", "-t", $"envigil/{mqttAccount}/files/{file.Name}", "-f", local);
        Assert.True(exit == 0, output);

        var receipt = await ReceiptForAsync(officer, file.Name, TimeSpan.FromSeconds(30));
        Assert.Equal(("stored", 4, "mqtt", mqttAccount), (receipt.State, receipt.Stored, receipt.Channel, receipt.Sender));

        // Publishing under another account's topic is dropped by the broker's ACL: it never reaches Envigil.
        var other = mqttAccount == "f001" ? "f002" : "f001";
        var forged = MonitoringSetup.Typical(station, MonitoringSetup.Hour(2, 11));
        await File.WriteAllTextAsync(local, forged.Content);
        (exit, output) = await RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", ChannelApp.MqttPort, "-u", mqttAccount, "-P", mqttAccount,
            "-q", "1", "-t", $"envigil/{other}/files/{forged.Name}", "-f", local);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(forged.Name, await officer.GetStringAsync("/api/v1/monitoring/receipts?limit=500"));
    }
}

[Collection(ChannelCollection.Name)]
public sealed class ChannelTestsOnSqlite(SqliteChannelApp app) : ChannelTests<SqliteChannelApp>(app, "evgf001", "f001");

[Collection(ChannelCollection.Name)]
public sealed class ChannelTestsOnPostgres(PostgresChannelApp app) : ChannelTests<PostgresChannelApp>(app, "evgf002", "f002");
