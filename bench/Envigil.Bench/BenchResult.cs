using System.Globalization;

namespace Envigil.Bench;

/// <summary>Writes the one line per variant that scripts read: <c>RESULT scenario key=value ...</c>.</summary>
public static class BenchResult
{
#if DEBUG
    private const string Build = "Debug";
#else
    private const string Build = "Release";
#endif

    public static void Write(string scenario, params (string Key, object Value)[] values)
    {
        var line = string.Join(' ', values.Select(v => $"{v.Key}={Format(v.Value)}").Prepend($"RESULT {scenario}"));
        Console.WriteLine($"{line} build={Build}");
    }

    private static string Format(object value) => value switch
    {
        double d => d >= 100 ? d.ToString("F0", CultureInfo.InvariantCulture) : d.ToString("0.###", CultureInfo.InvariantCulture),
        float f => Format((double)f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Nearest-rank percentile of the values (need not be sorted).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static void Progress(string message) => Console.Error.WriteLine($"  {DateTime.Now:HH:mm:ss} {message}");
}
