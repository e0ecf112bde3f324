using System.Globalization;

namespace Envigil.Kernel.Localization;

/// <summary>
/// Matching what a person types against Vietnamese names: case and diacritics ignored ("nha may" finds "Nhà máy"),
/// and đ taken as d, which is a letter of its own rather than a d with a mark, so culture rules alone do not fold it.
/// </summary>
public static class VietnameseSearch
{
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth;

    /// <summary>True when <paramref name="text"/> contains <paramref name="search"/> (trimmed), loosely.</summary>
    public static bool Contains(string? text, string search)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        var wanted = Fold(search.Trim());
        return wanted.Length == 0 || Compare.IndexOf(Fold(text), wanted, Loose) >= 0;
    }

    private static string Fold(string text) =>
        text.Contains('đ') || text.Contains('Đ') ? text.Replace('đ', 'd').Replace('Đ', 'D') : text;
}
