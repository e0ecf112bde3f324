using System.Net;
using System.Net.Http.Headers;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Alerts.Notifications;

/// <summary>What one attempt to send an outbox message came to. <see cref="Error"/> is short and never holds a secret.</summary>
internal readonly record struct DeliveryOutcome(bool Sent, string? Error, bool Permanent)
{
    public static readonly DeliveryOutcome Delivered = new(true, null, false);

    public static DeliveryOutcome Retry(string error) => new(false, Shorten(error), false);

    /// <summary>Retrying cannot help (a deleted subscription, a malformed address): failed at once.</summary>
    public static DeliveryOutcome GiveUp(string error) => new(false, Shorten(error), true);

    private static string Shorten(string error)
    {
        var oneLine = error.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 300 ? oneLine : oneLine[..297] + "...";
    }
}

/// <summary>Plain-text e-mail over SMTP, UTF-8 subject and body so Vietnamese diacritics arrive intact.</summary>
internal sealed class SmtpDelivery(IOptions<NotificationOptions> options)
{
    /// <summary>SmtpClient waits 100 s by default; a mail server that has not answered in 30 s is retried later.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var mail = new MailMessage
        {
            From = new MailAddress(smtp.From),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        try
        {
            mail.To.Add(message.Target);
        }
        catch (FormatException)
        {
            return DeliveryOutcome.GiveUp("not an e-mail address");
        }

        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        try
        {
            await client.SendMailAsync(mail, cancellationToken);
            return DeliveryOutcome.Delivered;
        }
        catch (SmtpException ex)
        {
            // The server's reply, e.g. "451 4.3.0 try again later"; SmtpClient never puts the password in it.
            return DeliveryOutcome.Retry($"SMTP {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            return DeliveryOutcome.Retry($"SMTP: {ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>
/// POSTs the JSON body to the subscriber with the Envigil headers and an HMAC signature (<see cref="WebhookSignature"/>).
/// Redirects are not followed and count as failures, like any answer other than 2xx.
/// </summary>
internal sealed class WebhookDelivery(IHttpClientFactory clients, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const string HttpClientName = "envigil-webhooks";

    public async Task<DeliveryOutcome> SendAsync(OutboxMessage message, WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(message.Target, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            return DeliveryOutcome.GiveUp("not an http(s) URL");

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(message.Body, Encoding.UTF8),
        };
        // JSON is UTF-8 by definition (RFC 8259 §8.1): no charset parameter.
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Envigil-Event", message.Event);
        request.Headers.Add("X-Envigil-Delivery", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Envigil-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Envigil-Signature", WebhookSignature.Compute(subscription.Secret, timestamp, message.Body));

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? DeliveryOutcome.Delivered
                : DeliveryOutcome.Retry($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException ex)
        {
            // Not ex.Message: it may repeat the URL, whose query string can hold the receiver's own token.
            return DeliveryOutcome.Retry($"request failed: {ex.HttpRequestError}{(ex.StatusCode is { } status ? $" (HTTP {(int)status})" : "")}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry($"no answer within {options.Value.WebhookTimeoutSeconds} s");
        }
    }
}
