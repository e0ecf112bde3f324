using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel.Notifications;

/// <summary>What one attempt to send an outbox message came to. <see cref="Error"/> is short and never holds a secret.</summary>
public readonly record struct DeliveryOutcome(bool Sent, string? Error, bool Permanent)
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

/// <summary>Plain-text e-mail over SMTP (<c>Envigil:Notifications:Smtp</c>), UTF-8 subject and body so Vietnamese diacritics arrive intact.</summary>
public sealed class SmtpSender(IOptions<NotificationOptions> options)
{
    /// <summary>SmtpClient waits 100 s by default; a mail server that has not answered in 30 s is retried later.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public bool Enabled => options.Value.Smtp.Enabled;

    public async Task<DeliveryOutcome> SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var mail = new MailMessage
        {
            From = new MailAddress(smtp.From),
            Subject = subject,
            SubjectEncoding = Encoding.UTF8,
            Body = body,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        try
        {
            mail.To.Add(to);
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

/// <summary>One signed POST: <paramref name="DeliveryId"/> is the outbox row id receivers de-duplicate by.</summary>
public sealed record WebhookPost(string Url, string Secret, string Event, long DeliveryId, string Body, string ContentType);

/// <summary>
/// POSTs a body to a subscriber with the Envigil headers (X-Envigil-Event, -Delivery, -Timestamp) and an HMAC signature
/// (<see cref="WebhookSignature"/>). Redirects are not followed and count as failures, like any answer other than 2xx.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const string HttpClientName = "envigil-webhooks";

    public async Task<DeliveryOutcome> SendAsync(WebhookPost post, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(post.Url, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            return DeliveryOutcome.GiveUp("not an http(s) URL");

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(post.Body, Encoding.UTF8),
        };
        // The caller's media type as given: JSON is UTF-8 by definition (RFC 8259 §8.1), CAP XML declares its encoding.
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(post.ContentType);
        request.Headers.Add("X-Envigil-Event", post.Event);
        request.Headers.Add("X-Envigil-Delivery", post.DeliveryId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Envigil-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Envigil-Signature", WebhookSignature.Compute(post.Secret, timestamp, post.Body));

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
