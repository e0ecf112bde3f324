using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Envigil.Hazards.Pages.Shared;

/// <summary>The fields of a posted form (names prefixed per form, e.g. <c>w.headline</c>), kept to fill the form in again after an error.</summary>
public sealed class FormFields(IFormCollection form, string prefix)
{
    public Dictionary<string, string?> Values { get; } = form.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
        .ToDictionary(k => k[prefix.Length..], k => (string?)form[k].ToString());

    public string? Text(string name) => Values.GetValueOrDefault(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public IReadOnlyList<string> All(string name) => form[prefix + name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();

    /// <summary>A number as browsers send it (9.5) or as Vietnamese is written (9,5).</summary>
    public double? Number(string name) =>
        Text(name) is { } t && double.TryParse(t.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    public int? Integer(string name) => Text(name) is { } t && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>A datetime-local input (yyyy-MM-ddTHH:mm) or dd/MM/yyyy HH:mm, in Vietnam time, as UTC.</summary>
    public DateTime? VietnamDateTime(string name) =>
        Text(name) is { } t && DateTime.TryParseExact(t, ["yyyy-MM-dd'T'HH:mm", "dd/MM/yyyy HH:mm", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? Envigil.Kernel.Time.VietnamTime.ToUtc(local)
            : null;
}
