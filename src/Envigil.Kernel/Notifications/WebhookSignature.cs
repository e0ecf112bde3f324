using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Envigil.Kernel.Notifications;

/// <summary>
/// How a webhook receiver knows a request came from Envigil and was not replayed: the header
/// <c>X-Envigil-Signature: sha256=&lt;hex&gt;</c> is HMAC-SHA256, keyed with the subscription's secret (its UTF-8
/// bytes, as shown once at creation), over <c>"&lt;X-Envigil-Timestamp&gt;.&lt;body&gt;"</c> (UTF-8). A receiver
/// recomputes it, compares in constant time and refuses timestamps more than <see cref="Tolerance"/> away from its clock.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <param name="timestamp">Unix time in seconds, as sent in X-Envigil-Timestamp.</param>
    public static string Compute(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Checks the headers of a received request against its body, as a receiver does.</summary>
    /// <param name="timestampHeader">The X-Envigil-Timestamp header value.</param>
    /// <param name="signatureHeader">The X-Envigil-Signature header value.</param>
    /// <param name="now">The receiver's clock.</param>
    public static bool Verify(string secret, string? timestampHeader, string body, string? signatureHeader, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signatureHeader) ||
            !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return false;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (age.Duration() > Tolerance)
            return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signatureHeader.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>A new subscription's secret: 32 random bytes, base64url (shown once, then only stored).</summary>
    public static string NewSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>What is wrong with a subscription's URL and description (empty when nothing is).</summary>
    public static IReadOnlyList<string> ValidateSubscription(string? url, string? description)
    {
        var errors = new List<string>();
        url = url?.Trim();
        if (string.IsNullOrEmpty(url))
            errors.Add("url is required.");
        else if (url.Length > MaxUrlLength)
            errors.Add($"url is longer than {MaxUrlLength} characters.");
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            errors.Add("url must be an absolute http or https URL.");
        else if (!string.IsNullOrEmpty(uri.UserInfo))
            errors.Add("url must not hold a user name or password; the signature authenticates Envigil.");
        if (description is { Length: > MaxDescriptionLength })
            errors.Add($"description is longer than {MaxDescriptionLength} characters.");
        return errors;
    }
}
