using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Envigil.Hazards.Delivery;
using Envigil.Host.Tests.Monitoring;
using Envigil.Kernel.Notifications;
using Envigil.Kernel.Time;
using Microsoft.Extensions.DependencyInjection;
using static Envigil.Host.Tests.Hazards.HazardsSetup;

namespace Envigil.Host.Tests.Hazards;

/// <summary>
/// Issued warnings leave Envigil: a real SMTP conversation in Vietnamese, a signed CAP 1.2 POST to a receiver on
/// loopback, retries when the mail server refuses, and the delivery status on the API and the warning page.
/// The fixture is monitoring's notification host (SMTP sink, webhook receiver, a clock the test moves).
/// </summary>
public abstract class WarningDeliveryTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NotificationApp
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    /// <summary>Only keeps a broken test from hanging; nothing asserts on how long anything took.</summary>
    private static CancellationToken Guard => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private DeliveryDispatcher Dispatcher => app.Services.GetRequiredService<DeliveryDispatcher>();

    private static string Unique() => Guid.NewGuid().ToString("n")[..8];

    /// <summary>Drafts (administrator), approves and issues (leader) a storm warning over a household of <paramref name="commune"/>.</summary>
    private async Task<(long Id, string Headline)> IssueAsync(int commune, string tag)
    {
        var (_, centre) = Commune(app, commune);
        var admin = await app.SignedIn(Demo.Admin);
        await HouseholdAsync(admin, $"Hộ {tag}", centre, members: 3);
        var headline = $"Bão số 3 đổ bộ – sơ tán khẩn cấp ({tag})";
        var id = await DraftStormAsync(admin, Square(centre, 0.0003), headline);
        var leader = await app.SignedIn(Demo.Leader);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync($"/api/v1/hazards/warnings/{id}/approve", null)).StatusCode);
        var issued = await leader.PostAsync($"/api/v1/hazards/warnings/{id}/issue", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        return (id, headline);
    }

    private async Task<JsonElement> DeliveriesAsync(long id) =>
        await JsonAsync(await (await app.SignedIn(Demo.Officer)).GetAsync($"/api/v1/hazards/warnings/{id}/deliveries"));

    [Fact]
    public async Task Issued_warning_is_emailed_in_Vietnamese_and_posted_as_signed_CAP()
    {
        var tag = Unique();
        var admin = await app.SignedIn(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/hazards/webhooks", new NewWarningWebhook($"{app.Receiver.BaseUrl}/sms-gateway/{tag}", "Cổng SMS của tỉnh"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = (await created.Content.ReadFromJsonAsync<CreatedWarningWebhook>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        var (communeCode, _) = Commune(app, 8);
        var communeOfficer = await CommuneOfficerAsync(app, communeCode);
        var communeEmail = (await JsonAsync(await communeOfficer.GetAsync("/api/v1/me"))).GetProperty("name").GetString();

        var (id, headline) = await IssueAsync(8, tag);

        // The issue pulsed the dispatcher; these wait for what it sent, then one more pass makes sure its outcome is recorded.
        var toLeader = await app.Smtp.WaitForMessageAsync(m => m.Subject.Contains(tag, StringComparison.Ordinal) && m.To.Contains(Demo.Leader), Guard);
        var toCommune = await app.Smtp.WaitForMessageAsync(m => m.Subject.Contains(tag, StringComparison.Ordinal) && m.To.Contains(communeEmail!), Guard);
        var post = await app.Receiver.WaitForAsync(r => r.Path.EndsWith($"/sms-gateway/{tag}", StringComparison.Ordinal), Guard);
        await Dispatcher.DispatchDueAsync();

        var warning = (await JsonAsync(await admin.GetAsync($"/api/v1/hazards/warnings/{id}"))).GetProperty("warning");
        var validFrom = warning.GetProperty("validFromUtc").GetDateTime();
        var validTo = warning.GetProperty("validToUtc").GetDateTime();
        var communeName = Province(app).Commune(communeCode)!.FullName;
        Assert.Equal($"[Cảnh báo thiên tai] Cấp độ rủi ro 5 – Bão, áp thấp nhiệt đới: {headline}", toLeader.Subject);
        var body = toLeader.Body.ReplaceLineEndings("\n");
        Assert.StartsWith(headline + "\n", body);
        Assert.Contains("Bão mạnh cấp 12 đổ bộ; người dân vùng ven biển sơ tán.", body);
        Assert.Contains($"Hiệu lực: từ {VietnamTime.FormatDateTime(validFrom)} đến {VietnamTime.FormatDateTime(validTo)} (giờ Việt Nam)", body);
        Assert.Contains($"Xã, phường bị ảnh hưởng (1): {communeName}", body);
        Assert.Contains("Hướng dẫn:\nSơ tán đến điểm tránh trú gần nhất.", body);
        Assert.Contains($"/hazards/warnings/{id}\n", body);
        Assert.Equal(toLeader.Subject, toCommune.Subject);

        // CAP 1.2 in the body, signed over exactly the bytes sent.
        Assert.Equal("application/cap+xml; charset=utf-8", post.Header("Content-Type"));
        Assert.Equal(WarningDeliveries.Issued, post.Header("X-Envigil-Event"));
        var (timestamp, signature, now) = (post.Header("X-Envigil-Timestamp"), post.Header("X-Envigil-Signature"), app.Clock.GetUtcNow());
        Assert.True(WebhookSignature.Verify(hook.Secret, timestamp, post.Body, signature, now));
        Assert.False(WebhookSignature.Verify(hook.Secret, timestamp, post.Body.Replace("Bão", "Bao", StringComparison.Ordinal), signature, now));
        Assert.Empty(CapProblems(post.Body));
        var alert = XDocument.Parse(post.Body).Root!;
        Assert.Equal($"urn:envigil:96:hazards:warning:{id}", alert.Element(Cap + "identifier")!.Value);
        Assert.Equal(headline, alert.Element(Cap + "info")!.Element(Cap + "headline")!.Value);

        // Status: every push sent, on the API and the page; commune officers do not see others' addresses.
        var deliveries = await DeliveriesAsync(id);
        var items = deliveries.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, d => d.GetProperty("target").GetString() == Demo.Leader && d.GetProperty("channel").GetString() == "Email");
        Assert.Contains(items, d => d.GetProperty("target").GetString() == communeEmail && d.GetProperty("recipientReason").GetString() == $"CommuneOfficer {communeCode}");
        Assert.Contains(items, d => d.GetProperty("channel").GetString() == "Webhook" && d.GetProperty("target").GetString()!.EndsWith($"/sms-gateway/{tag}", StringComparison.Ordinal)
            && d.GetProperty("recipientReason").GetString() == "Cổng SMS của tỉnh");
        Assert.All(items, d => Assert.Equal("sent", d.GetProperty("state").GetString()));
        Assert.Equal(items.Count, deliveries.GetProperty("sent").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await communeOfficer.GetAsync($"/api/v1/hazards/warnings/{id}/deliveries")).StatusCode);
        var page = await (await app.SignedIn(Demo.Leader)).GetStringAsync($"/hazards/warnings/{id}");
        Assert.Contains("data-testid=\"deliveries\"", page);
        Assert.Contains($"{items.Count} đã gửi, 0 đang chờ, 0 lỗi", page);
        Assert.Contains("Cổng SMS của tỉnh", page);

        // The secret was in the creation answer only.
        var list = await admin.GetStringAsync("/api/v1/hazards/webhooks");
        Assert.Contains($"/sms-gateway/{tag}", list);
        Assert.DoesNotContain(hook.Secret, list);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedIn(Demo.Officer)).GetAsync("/api/v1/hazards/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/hazards/webhooks/{hook.Id}")).StatusCode);
    }

    [Fact]
    public async Task Email_refused_by_the_mail_server_is_retried_later_and_delivered()
    {
        var tag = Unique();
        app.Smtp.RefuseNext(1000);
        long id;
        try
        {
            (id, _) = await IssueAsync(9, tag);
            await Dispatcher.DispatchDueAsync(); // the pass the issue woke has finished once this one may run
        }
        finally
        {
            app.Smtp.RefuseNext(0);
        }

        var waiting = (await DeliveriesAsync(id)).GetProperty("items").EnumerateArray().Where(d => d.GetProperty("channel").GetString() == "Email").ToList();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, d =>
        {
            Assert.Equal("pending", d.GetProperty("state").GetString());
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
            Assert.Contains("451", d.GetProperty("lastError").GetString());
        });
        Assert.DoesNotContain(app.Smtp.Messages, m => m.Subject.Contains(tag, StringComparison.Ordinal));
        var page = await (await app.SignedIn(Demo.Leader)).GetStringAsync($"/hazards/warnings/{id}");
        Assert.Contains("data-state=\"pending\"", page);
        Assert.Contains("451", page);

        // Not due before the backoff has passed; due and delivered after it.
        app.Clock.Advance(TimeSpan.FromSeconds(NotificationApp.BackoffBaseSeconds - 1));
        await Dispatcher.DispatchDueAsync();
        Assert.DoesNotContain(app.Smtp.Messages, m => m.Subject.Contains(tag, StringComparison.Ordinal));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await Dispatcher.DispatchDueAsync();

        var delivered = (await DeliveriesAsync(id)).GetProperty("items").EnumerateArray().Where(d => d.GetProperty("channel").GetString() == "Email").ToList();
        Assert.All(delivered, d => Assert.Equal(("sent", 2), (d.GetProperty("state").GetString(), d.GetProperty("attempts").GetInt32())));
        Assert.Equal(waiting.Count, app.Smtp.Messages.Count(m => m.Subject.Contains(tag, StringComparison.Ordinal)));
        Assert.Contains(app.Smtp.Messages, m => m.Subject.Contains(tag, StringComparison.Ordinal) && m.To.Contains(Demo.Leader) && m.Body.Contains("Cấp độ rủi ro: 5", StringComparison.Ordinal));
    }
}

public sealed class WarningDeliveryTestsOnSqlite(SqliteNotificationApp app) : WarningDeliveryTests<SqliteNotificationApp>(app);

public sealed class WarningDeliveryTestsOnPostgres(PostgresNotificationApp app) : WarningDeliveryTests<PostgresNotificationApp>(app);
