using System.Security.Claims;
using System.Text.Json;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Notifications;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Alerts.Notifications;

public sealed record NewWebhook(string? Url, string? Description);

/// <summary>The answer to a new subscription: the only time <see cref="Secret"/> is shown.</summary>
public sealed record CreatedWebhook(long Id, string Url, string? Description, string Secret, DateTime CreatedAtUtc);

public sealed record WebhookView(long Id, string Url, string? Description, DateTime CreatedAtUtc, string CreatedBy);

public sealed record NotificationView(
    long Id, long? AlertId, string Event, NotificationChannel Channel, string Target, long? WebhookId, string Subject, string State,
    DateTime CreatedAtUtc, int Attempts, DateTime NextAttemptUtc, DateTime? SentAtUtc, DateTime? FailedAtUtc, string? LastError);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, long? NextBefore, bool EmailEnabled, string? EmailNote);

public static class NotificationEndpoints
{
    /// <summary>Comments keep proxies and browsers from closing a quiet stream.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/alerts/stream", StreamAlertsAsync)
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithTags("Alerts")
            .WithSummary("Server-Sent Events: an 'alert' event (JSON) for each alert change the caller may see; a comment every 15 s keeps the connection open.");

        var webhooks = endpoints.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(EnvigilPolicies.Admin);

        webhooks.MapPost("", async (NewWebhook input, ClaimsPrincipal user, MonitoringDb db, TimeProvider time, CancellationToken ct) =>
            {
                var errors = WebhookSignature.ValidateSubscription(input.Url, input.Description);
                if (errors.Count > 0)
                    return ProblemResponses.Invalid([.. errors]);
                var subscription = new WebhookSubscription
                {
                    Url = input.Url!.Trim(),
                    Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
                    Secret = WebhookSignature.NewSecret(),
                    CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                    CreatedBy = user.Identity?.Name ?? "?",
                };
                db.Webhooks.Add(subscription);
                await db.SaveChangesAsync(ct);
                return Results.Json(new CreatedWebhook(subscription.Id, subscription.Url, subscription.Description, subscription.Secret, subscription.CreatedAtUtc),
                    statusCode: StatusCodes.Status201Created);
            })
            .WithSummary("Subscribe a URL to alert notifications. The signing secret is in this answer only; keep it.");

        webhooks.MapGet("", async (MonitoringDb db, CancellationToken ct) => TypedResults.Ok(await db.Webhooks.AsNoTracking()
                .Where(w => w.Enabled).OrderBy(w => w.Id)
                .Select(w => new WebhookView(w.Id, w.Url, w.Description, w.CreatedAtUtc, w.CreatedBy)).ToListAsync(ct)))
            .WithSummary("Webhook subscriptions (never their secrets).");

        webhooks.MapDelete("/{id:long}", async (long id, MonitoringDb db, CancellationToken ct) =>
            {
                var subscription = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id && w.Enabled, ct);
                if (subscription is null)
                    return Results.NotFound();
                // Disabled rather than removed: removing it would also remove its outbox rows (ON DELETE CASCADE), the
                // history operations look at. Messages still pending for it fail with the reason.
                subscription.Enabled = false;
                await db.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .WithSummary("Delete a subscription: nothing more is sent to it; messages still waiting for it fail.");

        webhooks.MapPost("/{id:long}/test", async (long id, MonitoringDb db, NotificationSignal signal, TimeProvider time, CancellationToken ct) =>
            {
                var subscription = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id && w.Enabled, ct);
                if (subscription is null)
                    return Results.NotFound();
                var now = time.GetUtcNow().UtcDateTime;
                var message = new OutboxMessage
                {
                    Event = "ping",
                    Channel = NotificationChannel.Webhook,
                    Target = subscription.Url,
                    WebhookId = subscription.Id,
                    Subject = "ping",
                    Body = JsonSerializer.Serialize(new { @event = "ping", webhookId = subscription.Id, atUtc = now }),
                    CreatedAtUtc = now,
                    NextAttemptUtc = now,
                };
                db.Outbox.Add(message);
                await db.SaveChangesAsync(ct);
                signal.Pulse();
                return Results.Json(new { outboxId = message.Id }, statusCode: StatusCodes.Status202Accepted);
            })
            .WithSummary("Queue a signed 'ping' to the subscription; its delivery shows in /api/v1/notifications.");

        endpoints.MapGet("/api/v1/notifications", async (string? state, long? before, int? limit, MonitoringDb db, IOptions<NotificationOptions> options, CancellationToken ct) =>
            {
                var query = db.Outbox.AsNoTracking();
                switch (state)
                {
                    case null or "":
                        break;
                    case "pending":
                        query = query.Where(m => m.SentAtUtc == null && m.FailedAtUtc == null);
                        break;
                    case "sent":
                        query = query.Where(m => m.SentAtUtc != null);
                        break;
                    case "failed":
                        query = query.Where(m => m.FailedAtUtc != null);
                        break;
                    default:
                        return ProblemResponses.Invalid("state: pending, sent or failed.");
                }
                if (before is { } b)
                    query = query.Where(m => m.Id < b);
                var take = Math.Clamp(limit ?? 100, 1, 1000);
                var rows = await query.OrderByDescending(m => m.Id).Take(take)
                    .Select(m => new NotificationView(m.Id, m.AlertId, m.Event, m.Channel, m.Target, m.WebhookId, m.Subject,
                        m.SentAtUtc != null ? "sent" : m.FailedAtUtc != null ? "failed" : "pending",
                        m.CreatedAtUtc, m.Attempts, m.NextAttemptUtc, m.SentAtUtc, m.FailedAtUtc, m.LastError))
                    .ToListAsync(ct);
                var email = options.Value.Smtp.Enabled;
                return Results.Ok(new NotificationPage(rows, rows.Count == take ? rows[^1].Id : null, email,
                    email ? null : "E-mail is off (Envigil:Notifications:Smtp:Host is not set): e-mail messages stay pending until it is."));
            })
            .RequireAuthorization(EnvigilPolicies.Admin).WithTags("Webhooks")
            .WithSummary("The notification outbox, newest first: state=pending, sent or failed; keyset paging with before=<id>.");

        return endpoints;
    }

    /// <summary>
    /// Subscribes before the first byte goes out, so a change published once the caller has the response headers
    /// reaches it. Ends when the client disconnects (RequestAborted) or the host stops.
    /// </summary>
    private static async Task StreamAlertsAsync(HttpContext http, AlertBroadcaster broadcaster, RegistryCache registry, TimeProvider time,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var audience = AlertAudience.Of(http.User);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var changes = broadcaster.Subscribe(stop.Token).GetAsyncEnumerator(stop.Token);
        using var heartbeat = new PeriodicTimer(HeartbeatInterval, time);
        Task<bool>? next = null;
        Task<bool>? tick = null;

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.WriteAsync(": connected\n\n", stop.Token);
            await response.Body.FlushAsync(stop.Token);
            next = changes.MoveNextAsync().AsTask();
            tick = heartbeat.WaitForNextTickAsync(stop.Token).AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, tick) == next)
                {
                    if (!await next)
                        break;
                    var change = changes.Current;
                    next = changes.MoveNextAsync().AsTask();
                    if (!audience.Includes(change, await registry.GetAsync(stop.Token)))
                        continue;
                    await response.WriteAsync($"event: alert\ndata: {JsonSerializer.Serialize(change, json.Value.SerializerOptions)}\n\n", stop.Token);
                }
                else
                {
                    if (!await tick)
                        break;
                    tick = heartbeat.WaitForNextTickAsync(stop.Token).AsTask();
                    await response.WriteAsync(": heartbeat\n\n", stop.Token);
                }
                await response.Body.FlushAsync(stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: a normal end for a stream.
        }
        finally
        {
            await stop.CancelAsync();
            // An async iterator may not be disposed while a MoveNextAsync is still running.
            if (next is not null)
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await changes.DisposeAsync();
        }
    }
}
