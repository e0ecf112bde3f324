using System.Security.Cryptography;
using System.Text;

namespace Envigil.Kernel.Identity;

/// <summary>
/// Machine tokens look like <c>evg_</c> + 43 URL-safe characters (256 random bits). Only their SHA-256 is stored:
/// the value is shown once, when created. The high entropy makes a plain (unsalted) hash safe and lets the
/// hash itself be the lookup key.
/// </summary>
public static class MachineTokenFormat
{
    public const string Prefix = "evg_";
    public const int MaxLength = 128;

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool LooksLikeToken(string? value) =>
        value is { Length: > 4 and <= MaxLength } && value.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class MachineTokenKinds
{
    public const string Station = "station";
    public const string Facility = "facility";
    public const string Integration = "integration";

    public static readonly IReadOnlyList<string> All = [Station, Facility, Integration];
}
