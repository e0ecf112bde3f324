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
}
