using Envigil.Kernel.Time;

namespace Envigil.Kernel.Tests.Time;

public class VietnamTimeTests
{
    [Fact]
    public void Utc_evening_is_the_next_day_in_Vietnam() =>
        Assert.Equal("01/01/2027 00:00", VietnamTime.FormatDateTime(new DateTime(2026, 12, 31, 17, 0, 0, DateTimeKind.Utc)));

    [Fact]
    public void Local_time_converts_back_to_the_same_utc_instant()
    {
        var utc = new DateTime(2026, 7, 1, 23, 59, 59, DateTimeKind.Utc);
        Assert.Equal(utc, VietnamTime.ToUtc(VietnamTime.ToLocal(utc)));
        Assert.Equal(DateTimeKind.Utc, VietnamTime.ToUtc(new DateTime(2026, 7, 2, 6, 59, 59)).Kind);
    }

    [Fact]
    public void Dates_are_written_day_first() =>
        Assert.Equal("05/03/2026", VietnamTime.FormatDate(new DateOnly(2026, 3, 5)));

    [Fact]
    public void Unspecified_kind_from_storage_is_read_as_utc() =>
        Assert.Equal("02/01/2026 07:00", VietnamTime.FormatDateTime(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Unspecified)));
}
