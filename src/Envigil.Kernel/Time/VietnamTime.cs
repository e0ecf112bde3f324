using System.Globalization;

namespace Envigil.Kernel.Time;

/// <summary>
/// Vietnam local time (ICT, UTC+7, no daylight saving since 1975). Storage is UTC; this is only for the edges:
/// data files written in local time, and what people read in the UI.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(EnsureUtc(utc) + Offset, DateTimeKind.Unspecified);

    /// <summary>Today's date in Vietnam.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToLocal(time.GetUtcNow().UtcDateTime));

    /// <summary>The Vietnam calendar day a UTC instant falls on.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    public static DateTime ToUtc(DateTime vietnamLocal) => DateTime.SpecifyKind(vietnamLocal - Offset, DateTimeKind.Utc);

    /// <summary>dd/MM/yyyy HH:mm in Vietnam time, the form officials write.</summary>
    public static string FormatDateTime(DateTime utc) => ToLocal(utc).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string FormatDate(DateTime utc) => ToLocal(utc).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static DateTime EnsureUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc), // values read back from storage are UTC by contract
    };
}
