using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>The live alert stream (Server-Sent Events): who receives which change, and a clean end when the client leaves.</summary>
public abstract class NotificationStreamTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static CancellationToken Guard => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private AlertBroadcaster Broadcaster => app.Services.GetRequiredService<AlertBroadcaster>();

    private static AlertChanged Change(long id, string? facility, string? station = null) => new(
        id, AlertChangeKinds.Opened, AlertState.Open, AlertSeverity.Critical, facility, station,
        "Vượt ngưỡng COD tại trạm nước thải", "COD above the limit at the wastewater station", DateTime.UtcNow);

    /// <summary>An open stream; the server has subscribed once the headers are here.</summary>
    private static async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/alerts/stream", HttpCompletionOption.ResponseHeadersRead, Guard);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync(Guard)));
    }

    /// <summary>The next 'alert' event, skipping comments (connected, heartbeats).</summary>
    private static async Task<AlertChanged> NextAlertAsync(StreamReader reader)
    {
        string? eventName = null;
        while (await reader.ReadLineAsync(Guard) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                eventName = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "alert")
                return JsonSerializer.Deserialize<AlertChanged>(line["data: ".Length..], Json)!;
        }
        throw new InvalidOperationException("The stream ended.");
    }

    [Fact]
    public async Task Signed_in_officer_receives_a_published_alert_change()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var (response, reader) = await OpenAsync(officer);
        using (response)
        {
            var published = Change(Random.Shared.NextInt64(1, long.MaxValue), "F-OTHER", "F-OTHER_NT01");
            Broadcaster.Publish(published);
            Assert.Equal(published, await NextAlertAsync(reader));
        }
    }

    [Fact]
    public async Task Facility_operator_receives_changes_of_their_own_facility_only()
    {
        var facility = $"F-{Guid.NewGuid():n}"[..10];
        var email = $"op-{Guid.NewGuid():n}@example.vn";
        var admin = await app.SignedIn(Demo.Admin);
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser(email, "Vận hành nhà máy", "operator-password-1", [EnvigilRoles.FacilityOperator], null, [facility]))).EnsureSuccessStatusCode();
        var operatorClient = await app.SignedIn(email, "operator-password-1");
        var (response, reader) = await OpenAsync(operatorClient);
        using (response)
        {
            Broadcaster.Publish(Change(1001, "F-SOMEONE-ELSE"));
            Broadcaster.Publish(Change(1002, null, "PUBLIC_AIR01"));
            Broadcaster.Publish(Change(1003, facility));
            // Changes arrive in order: had either of the first two got through, it would come first.
            Assert.Equal(1003, (await NextAlertAsync(reader)).AlertId);
        }
    }

    [Fact]
    public async Task Stream_ends_and_unsubscribes_when_the_client_disconnects()
    {
        var viewer = await app.SignedIn(Demo.Viewer);
        var guard = Guard;
        // Streams of earlier tests end as their servers notice; wait until none is left.
        while (Broadcaster.SubscriberCount > 0)
            await Task.Delay(20, guard);
        var (response, reader) = await OpenAsync(viewer);
        Assert.Equal(1, Broadcaster.SubscriberCount);
        reader.Dispose();
        response.Dispose();
        // The server notices the abort and leaves; a publish with nobody listening must not fail either.
        while (Broadcaster.SubscriberCount > 0)
            await Task.Delay(20, guard);
        Broadcaster.Publish(Change(2001, null));
        Assert.Equal(0, Broadcaster.SubscriberCount);
    }

    [Fact]
    public async Task Stream_needs_a_signed_in_person()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/alerts/stream")).StatusCode);
    }
}

public sealed class NotificationStreamTestsOnSqlite(SqliteApp app) : NotificationStreamTests<SqliteApp>(app);

public sealed class NotificationStreamTestsOnPostgres(PostgresApp app) : NotificationStreamTests<PostgresApp>(app);
