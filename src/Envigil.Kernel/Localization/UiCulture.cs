using System.Globalization;

namespace Envigil.Kernel.Localization;

/// <summary>
/// The UI languages: Vietnamese (the default) and English. In the kernel so that every module's pages pick their
/// text the same way as the host's.
/// </summary>
public static class UiCulture
{
    public const string Vietnamese = "vi-VN";
    public const string English = "en";

    public static readonly IList<CultureInfo> Supported = [new(Vietnamese), new(English)];

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>Pick the text for the current UI language (Vietnamese is the default).</summary>
    public static string T(string vi, string en) => IsEnglish ? en : vi;
}
