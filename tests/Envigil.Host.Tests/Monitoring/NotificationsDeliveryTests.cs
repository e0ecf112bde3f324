using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Envigil.Monitoring.Alerts;
using Envigil.Kernel.Notifications;
using Envigil.Monitoring.Alerts.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>The outbox leaving Envigil: e-mail through a real SMTP conversation, signed webhooks, retries with backoff, and the endpoints that manage them.</summary>
public abstract class NotificationDeliveryTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NotificationApp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Only keeps a broken test from hanging; nothing asserts on how long anything took.</summary>
    private static CancellationToken Guard => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static string Unique() => Guid.NewGuid().ToString("n")[..8];

    private async Task<CreatedWebhook> CreateWebhookAsync(HttpClient admin, string path)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new NewWebhook($"{app.Receiver.BaseUrl}/{path}", "Hệ thống điều hành của tỉnh"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedWebhook>(Json))!;
    }

    [Fact]
    public async Task Email_is_delivered_over_SMTP_with_Vietnamese_diacritics_intact()
    {
        var tag = Unique();
        var subject = $"[Envigil] Cảnh báo vượt ngưỡng COD — Trạm Đầm Dơi ({tag})";
        var body = "Giá trị COD 125,3 mg/L vượt giới hạn 75 mg/L (QCVN 40:2011/BTNMT, cột B).\nThời điểm: 14:05 ngày 03/06/2026.\n.Dòng bắt đầu bằng dấu chấm vẫn còn nguyên.";
        var id = await app.EnqueueAsync(app.Email("can-bo.moi-truong@camau.example.vn", subject, body));

        app.Services.GetRequiredService<NotificationSignal>().Pulse();
        var mail = await app.Smtp.WaitForMessageAsync(m => m.Subject.Contains(tag, StringComparison.Ordinal), Guard);
        await app.Dispatcher.DispatchDueAsync(); // the woken pass has recorded its outcome once this one may run

        Assert.Equal(subject, mail.Subject);
        Assert.Equal(body, mail.Body.ReplaceLineEndings("\n"));
        Assert.Equal(["can-bo.moi-truong@camau.example.vn"], mail.To);
        Assert.Equal("envigil@camau.example.vn", mail.From);
        var row = await app.OutboxAsync(id);
        Assert.Equal((1, app.Clock.GetUtcNow().UtcDateTime, null), (row.Attempts, row.SentAtUtc, row.LastError));
    }

    [Fact]
    public async Task Refused_email_is_retried_with_backoff_until_sent_and_fails_after_the_last_attempt()
    {
        var tag = Unique();
        app.Smtp.RefuseNext(1);
        var retried = await app.EnqueueAsync(app.Email("a@camau.example.vn", $"Thử lại {tag}", "Nội dung"));

        await app.Dispatcher.DispatchDueAsync();
        var first = await app.OutboxAsync(retried);
        Assert.Equal((1, null, null), (first.Attempts, first.SentAtUtc, first.FailedAtUtc));
        Assert.Contains("451", first.LastError);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(NotificationApp.BackoffBaseSeconds), first.NextAttemptUtc);

        app.Clock.Advance(TimeSpan.FromSeconds(NotificationApp.BackoffBaseSeconds - 1));
        await app.Dispatcher.DispatchDueAsync();
        Assert.Equal(1, (await app.OutboxAsync(retried)).Attempts); // not due yet

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.Dispatcher.DispatchDueAsync();
        var sent = await app.OutboxAsync(retried);
        Assert.Equal((2, app.Clock.GetUtcNow().UtcDateTime, null), (sent.Attempts, sent.SentAtUtc, sent.LastError));
        Assert.Single(app.Smtp.Messages, m => m.Subject == $"Thử lại {tag}");

        // Refused every time: 30 s, then 60 s (doubled), then given up at the third attempt.
        app.Smtp.RefuseNext(NotificationApp.MaxAttempts);
        var doomed = await app.EnqueueAsync(app.Email("b@camau.example.vn", $"Không tới {tag}", "Nội dung"));
        await app.Dispatcher.DispatchDueAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await app.Dispatcher.DispatchDueAsync();
        var second = await app.OutboxAsync(doomed);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(60), second.NextAttemptUtc);
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await app.Dispatcher.DispatchDueAsync();
        var failed = await app.OutboxAsync(doomed);
        Assert.Equal((NotificationApp.MaxAttempts, null, app.Clock.GetUtcNow().UtcDateTime), (failed.Attempts, failed.SentAtUtc, failed.FailedAtUtc));
        Assert.Contains("451", failed.LastError);
        Assert.DoesNotContain(app.Smtp.Messages, m => m.Subject == $"Không tới {tag}");

        // Operations see it among the failed ones, with the reason.
        var admin = await app.SignedIn(Demo.Admin);
        var page = (await admin.GetFromJsonAsync<NotificationPage>("/api/v1/notifications?state=failed", Json))!;
        var listed = Assert.Single(page.Items, n => n.Id == doomed);
        Assert.Equal(("failed", NotificationChannel.Email), (listed.State, listed.Channel));
        Assert.Contains("451", listed.LastError);
        Assert.DoesNotContain(page.Items, n => n.Id == retried);
        Assert.True(page.EmailEnabled);
    }

    [Fact]
    public async Task Webhook_is_signed_and_the_signature_verifies_only_for_the_body_sent()
    {
        var admin = await app.SignedIn(Demo.Admin);
        var webhook = await CreateWebhookAsync(admin, $"hooks/{Unique()}?token=receiver-own");

        var queued = await admin.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var outboxId = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outboxId").GetInt64();
        var request = await app.Receiver.WaitForAsync(r => r.Header("X-Envigil-Delivery") == outboxId.ToString(System.Globalization.CultureInfo.InvariantCulture), Guard);
        await app.Dispatcher.DispatchDueAsync();

        Assert.Equal("ping", request.Header("X-Envigil-Event"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.EndsWith("?token=receiver-own", request.Path);
        Assert.Equal("ping", JsonDocument.Parse(request.Body).RootElement.GetProperty("event").GetString());
        var (timestamp, signature, now) = (request.Header("X-Envigil-Timestamp"), request.Header("X-Envigil-Signature"), app.Clock.GetUtcNow());
        Assert.Equal(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.StartsWith("sha256=", signature);
        Assert.True(WebhookSignature.Verify(webhook.Secret, timestamp, request.Body, signature, now));
        Assert.False(WebhookSignature.Verify(webhook.Secret, timestamp, request.Body.Replace("ping", "pong", StringComparison.Ordinal), signature, now));
        Assert.False(WebhookSignature.Verify(webhook.Secret + "x", timestamp, request.Body, signature, now));
        Assert.False(WebhookSignature.Verify(webhook.Secret, timestamp, request.Body, signature, now.AddMinutes(6))); // a replay later on
        Assert.NotNull((await app.OutboxAsync(outboxId)).SentAtUtc);
    }

    [Fact]
    public async Task Webhook_answer_other_than_2xx_is_a_failure_and_redirects_are_not_followed()
    {
        var admin = await app.SignedIn(Demo.Admin);
        var webhook = await CreateWebhookAsync(admin, $"moved/{Unique()}");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        app.Receiver.AnswerWith(HttpStatusCode.Found);
        try
        {
            var id = await app.EnqueueAsync(new OutboxMessage
            {
                Event = AlertChangeKinds.Opened, Channel = NotificationChannel.Webhook, Target = webhook.Url, WebhookId = webhook.Id,
                Subject = "opened", Body = "{\"event\":\"opened\",\"alertId\":1}", CreatedAtUtc = now, NextAttemptUtc = now,
            });
            await app.Dispatcher.DispatchDueAsync();
            var row = await app.OutboxAsync(id);
            Assert.Equal((1, null, null), (row.Attempts, row.SentAtUtc, row.FailedAtUtc));
            Assert.Equal("HTTP 302 Found", row.LastError);
            Assert.Single(app.Receiver.Requests, r => r.Header("X-Envigil-Delivery") == id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            app.Receiver.AnswerWith(HttpStatusCode.NoContent);
            app.Clock.Advance(TimeSpan.FromSeconds(NotificationApp.BackoffBaseSeconds));
            await app.Dispatcher.DispatchDueAsync();
            Assert.Equal(2, (await app.OutboxAsync(id)).Attempts);
            Assert.NotNull((await app.OutboxAsync(id)).SentAtUtc);
        }
        finally
        {
            app.Receiver.AnswerWith(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Message_for_a_deleted_subscription_fails_with_the_reason()
    {
        var admin = await app.SignedIn(Demo.Admin);
        var webhook = await CreateWebhookAsync(admin, $"gone/{Unique()}");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var id = await app.EnqueueAsync(new OutboxMessage
        {
            Event = AlertChangeKinds.Resolved, Channel = NotificationChannel.Webhook, Target = webhook.Url, WebhookId = webhook.Id,
            Subject = "resolved", Body = "{\"event\":\"resolved\"}", CreatedAtUtc = now, NextAttemptUtc = now,
        });

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}")).StatusCode);
        await app.Dispatcher.DispatchDueAsync();

        var row = await app.OutboxAsync(id);
        Assert.Equal((1, null, now), (row.Attempts, row.SentAtUtc, row.FailedAtUtc));
        Assert.Contains("deleted", row.LastError);
        Assert.DoesNotContain(app.Receiver.Requests, r => r.Path.Contains(webhook.Url[app.Receiver.BaseUrl.Length..], StringComparison.Ordinal));
        Assert.DoesNotContain(await admin.GetFromJsonAsync<List<WebhookView>>("/api/v1/webhooks", Json) ?? [], w => w.Id == webhook.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null)).StatusCode);
    }

    [Fact]
    public async Task Webhook_endpoints_are_for_administrators_and_show_the_secret_once()
    {
        var anonymous = app.Anonymous();
        var officer = await app.SignedIn(Demo.Officer);
        var input = new NewWebhook("https://hooks.example.vn/envigil", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/webhooks", input)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/webhooks", input)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.DeleteAsync("/api/v1/webhooks/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync("/api/v1/webhooks/1/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/notifications")).StatusCode);

        var admin = await app.SignedIn(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/webhooks", input);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (await created.Content.ReadFromJsonAsync<CreatedWebhook>(Json))!;
        Assert.Equal(32, Convert.FromBase64String(webhook.Secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        var list = await admin.GetStringAsync("/api/v1/webhooks");
        Assert.Contains("https://hooks.example.vn/envigil", list);
        Assert.DoesNotContain(webhook.Secret, list);
        Assert.DoesNotContain("secret", list, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(webhook.Secret, await admin.GetStringAsync("/api/v1/admin/audit?limit=200"));
        Assert.DoesNotContain(webhook.Secret, await admin.GetStringAsync("/api/v1/notifications"));
    }

    [Fact]
    public async Task Two_dispatchers_sharing_the_database_never_send_a_message_twice()
    {
        var tag = Unique();
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
            ids.Add(await app.EnqueueAsync(app.Email($"x{i}@camau.example.vn", $"Song song {tag} {i}", "Nội dung")));
        // A second dispatcher with its own in-process lock stands for another host on the same database.
        var other = ActivatorUtilities.CreateInstance<NotificationDispatcher>(app.Services);

        await Task.WhenAll(Task.Run(() => app.Dispatcher.DispatchDueAsync()), Task.Run(() => other.DispatchDueAsync()));

        foreach (var id in ids)
            Assert.Equal(1, (await app.OutboxAsync(id)).Attempts);
        Assert.Equal(20, app.Smtp.Messages.Count(m => m.Subject.StartsWith($"Song song {tag} ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/relative/hook")]
    [InlineData("ftp://hooks.example.vn/envigil")]
    [InlineData("https://user:password@hooks.example.vn/envigil")]
    [InlineData("https://hooks.example.vn/TOO_LONG")]
    public async Task Webhook_with_a_bad_url_is_refused_with_problem_details(string url)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new NewWebhook(url.Replace("TOO_LONG", new string('a', 2000), StringComparison.Ordinal), null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("url", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/notifications?state=lost")).StatusCode);
    }
}

public sealed class NotificationDeliveryTestsOnSqlite(SqliteNotificationApp app) : NotificationDeliveryTests<SqliteNotificationApp>(app);

public sealed class NotificationDeliveryTestsOnPostgres(PostgresNotificationApp app) : NotificationDeliveryTests<PostgresNotificationApp>(app);
