using System.Globalization;
using Microsoft.AspNetCore.Http;
using static Envigil.Kernel.Localization.UiCulture;

namespace Envigil.Monitoring.Pages.Shared;

/// <summary>
/// Reads the fields of a posted form (names prefixed per form, e.g. <c>f.name</c>), keeps them for showing the form
/// again after an error, and collects the fields that are not numbers or dates, in the reader's language.
/// </summary>
public sealed class SubmittedForm(IFormCollection form, string prefix)
{
    public List<string> Errors { get; } = [];

    /// <summary>Every field as posted, by name without the prefix, to fill the form in again.</summary>
    public Dictionary<string, string?> Values { get; } = form.Keys
        .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
        .ToDictionary(k => k[prefix.Length..], k => (string?)form[k].ToString());

    public string? Text(string name) => Values.GetValueOrDefault(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public bool Flag(string name) => Text(name) is "true" or "on";

    /// <summary>
    /// A decimal number as browsers send it (9.1769) or as Vietnamese is written (9,1769; 1.200,5): a lone comma is the
    /// decimal separator, and when both appear the last one is.
    /// </summary>
    public double? Number(string name, string label)
    {
        if (Text(name) is not { } text)
            return null;
        var comma = text.LastIndexOf(',');
        var point = text.LastIndexOf('.');
        var normalised = comma > point
            ? text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
            : text.Replace(",", "", StringComparison.Ordinal);
        if (double.TryParse(normalised, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        Errors.Add(T($"{label}: '{text}' không phải là số.", $"{label}: '{text}' is not a number."));
        return null;
    }

    public int? Integer(string name, string label)
    {
        if (Text(name) is not { } text)
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        Errors.Add(T($"{label}: '{text}' không phải là số nguyên.", $"{label}: '{text}' is not a whole number."));
        return null;
    }

    /// <summary>yyyy-MM-dd as a date input sends it, or dd/MM/yyyy as people write it.</summary>
    public DateOnly? Date(string name, string label)
    {
        if (Text(name) is not { } text)
            return null;
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        Errors.Add(T($"{label}: '{text}' không phải là ngày (dd/MM/yyyy).", $"{label}: '{text}' is not a date (dd/MM/yyyy)."));
        return null;
    }
}
