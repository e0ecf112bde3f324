using Envigil.Monitoring.Reception;
using Xunit;

namespace Envigil.Monitoring.Tests.Reception;

public class Circular10FileNameTests
{
    private static Circular10FileName Parsed(string fileName)
    {
        Assert.True(Circular10FileName.TryParse(fileName, out var name, out var error), error);
        Assert.Null(error);
        return name!;
    }

    private static string Refused(string fileName)
    {
        Assert.False(Circular10FileName.TryParse(fileName, out var name, out var error));
        Assert.Null(name);
        return error!;
    }

    [Fact]
    public void Four_part_name_gives_station_key_province_facility_station_and_time()
    {
        var name = Parsed("CM_F001_NT01_20250301103500.txt");

        Assert.Equal("CM_F001_NT01_20250301103500.txt", name.FileName);
        Assert.Equal("CM_F001_NT01", name.StationKey);
        Assert.Equal(("CM", "F001", "NT01"), (name.Province, name.Facility, name.Station));
        Assert.Equal(new DateTime(2025, 3, 1, 10, 35, 0), name.Timestamp);
        Assert.Equal(DateTimeKind.Unspecified, name.Timestamp.Kind);
    }

    [Fact]
    public void Utc_timestamp_is_local_time_minus_seven_hours()
    {
        var name = Parsed("CM_F001_NT01_20250301103500.txt");

        Assert.Equal(new DateTime(2025, 3, 1, 3, 35, 0, DateTimeKind.Utc), name.TimestampUtc);
        Assert.Equal(DateTimeKind.Utc, name.TimestampUtc.Kind);
    }

    [Theory]
    [InlineData("CM_F001_NT01_20250301103500.TXT")]
    [InlineData("CM_F001_NT01_20250301103500.Txt")]
    public void Upper_case_extension_is_accepted(string fileName) => Assert.Equal("CM_F001_NT01", Parsed(fileName).StationKey);

    [Fact]
    public void Legacy_name_without_separators_keeps_the_whole_prefix_as_station_key()
    {
        // Pre-2017 names: free-text station name directly followed by 14 digits (follow-up notes §1.2).
        var name = Parsed("KCNDiemThuy20170228145700.txt");

        Assert.Equal("KCNDiemThuy", name.StationKey);
        Assert.Null(name.Province);
        Assert.Null(name.Facility);
        Assert.Null(name.Station);
        Assert.Equal(new DateTime(2017, 2, 28, 14, 57, 0), name.Timestamp);
    }

    [Fact]
    public void Simplified_station_and_time_name_has_no_parts()
    {
        var name = Parsed("NUO001_20250301103500.txt");

        Assert.Equal("NUO001", name.StationKey);
        Assert.Null(name.Province);
    }

    [Theory]
    [InlineData("A_B_20250301103500.txt", "A_B")]
    [InlineData("A_B_C_D_20250301103500.txt", "A_B_C_D")]
    [InlineData("CM__NT01_20250301103500.txt", "CM__NT01")]
    public void Only_exactly_three_non_empty_parts_are_split(string fileName, string key)
    {
        var name = Parsed(fileName);

        Assert.Equal(key, name.StationKey);
        Assert.Null(name.Province);
        Assert.Null(name.Facility);
        Assert.Null(name.Station);
    }

    [Theory]
    [InlineData("CM-F001-NT01-20250301103500.txt", "CM-F001-NT01")]
    [InlineData("CM_F001_NT01__20250301103500.txt", "CM_F001_NT01")]
    [InlineData("HN_ABCD_NUO001_20250301103500.txt", "HN_ABCD_NUO001")]
    public void Separator_before_the_time_is_not_part_of_the_station_key(string fileName, string key) =>
        Assert.Equal(key, Parsed(fileName).StationKey);

    [Fact]
    public void Vietnamese_letters_in_the_station_key_are_kept()
    {
        var name = Parsed("CàMau_NhàMáy1_Trạm01_20250301103500.txt");
        Assert.Equal(("CàMau", "NhàMáy1", "Trạm01"), (name.Province, name.Facility, name.Station));
    }

    [Fact]
    public void Key_ending_in_digits_takes_only_the_last_14_digits_as_time()
    {
        var name = Parsed("KCN12320170228145700.txt");

        Assert.Equal("KCN123", name.StationKey);
        Assert.Equal(new DateTime(2017, 2, 28, 14, 57, 0), name.Timestamp);
    }

    [Fact]
    public void Midnight_in_the_name_is_the_previous_day_in_utc()
    {
        var name = Parsed("CM_F001_NT01_20250301000000.txt");
        Assert.Equal(new DateTime(2025, 2, 28, 17, 0, 0, DateTimeKind.Utc), name.TimestampUtc);
    }

    [Fact]
    public void Last_second_of_the_day_stays_on_the_same_day_in_utc() =>
        Assert.Equal(new DateTime(2025, 3, 1, 16, 59, 59, DateTimeKind.Utc), Parsed("S_20250301235959.txt").TimestampUtc);

    [Fact]
    public void Leap_day_is_accepted() => Assert.Equal(29, Parsed("S_20240229120000.txt").Timestamp.Day);

    [Fact]
    public void Name_of_exactly_255_characters_is_accepted()
    {
        var fileName = new string('S', 255 - 14 - 4) + "20250301103500.txt";
        Assert.Equal(255, fileName.Length);
        Assert.Equal(237, Parsed(fileName).StationKey.Length);
    }

    // ---- refusals ----

    [Theory]
    [InlineData("S_20250229120000.txt", "time '20250229120000' in the file name is not a valid yyyyMMddHHmmss: day 29 does not exist in 2025-02")]
    [InlineData("S_20251301103500.txt", "time '20251301103500' in the file name is not a valid yyyyMMddHHmmss: month 13 is out of range 01-12")]
    [InlineData("S_20250301240000.txt", "time '20250301240000' in the file name is not a valid yyyyMMddHHmmss: hour 24 is out of range 00-23")]
    [InlineData("S_20250301106000.txt", "time '20250301106000' in the file name is not a valid yyyyMMddHHmmss: minute 60 is out of range 00-59")]
    [InlineData("S_18991231235959.txt", "time '18991231235959' in the file name is not a valid yyyyMMddHHmmss: year 1899 is before 1900")]
    public void Invalid_time_in_the_name_is_refused_with_the_precise_problem(string fileName, string reason) =>
        Assert.Equal(reason, Refused(fileName));

    [Theory]
    [InlineData("CM_F001_NT01.txt")]
    [InlineData("CM_F001_NT01_202503011035.txt")]
    [InlineData("CM_F001_NT01_2025030110350a.txt")]
    [InlineData("CM_F001_NT01_2025-03-01-103500.txt")]
    [InlineData("123.txt")]
    [InlineData(".txt")]
    public void Name_without_a_14_digit_time_before_the_extension_is_refused(string fileName) =>
        Assert.Equal("file name does not end with a 14-digit yyyyMMddHHmmss time before .txt", Refused(fileName));

    [Theory]
    [InlineData("20250301103500.txt")]
    [InlineData("_20250301103500.txt")]
    [InlineData("__20250301103500.txt")]
    public void Name_with_only_a_time_has_no_station(string fileName) =>
        Assert.Equal("file name has no station identifier before the time", Refused(fileName));

    [Theory]
    [InlineData("CM_F001_NT01_20250301103500.csv", "extension '.csv' is not .txt")]
    [InlineData("CM_F001_NT01_20250301103500.txt.bak", "extension '.bak' is not .txt")]
    [InlineData("CM_F001_NT01_20250301103500", "file name has no extension; expected .txt")]
    public void Extension_other_than_txt_is_refused(string fileName, string reason) => Assert.Equal(reason, Refused(fileName));

    [Theory]
    [InlineData("dir/CM_F001_NT01_20250301103500.txt", "file name contains the path separator '/' at position 4; a name, not a path, is expected")]
    [InlineData("dir\\CM_F001_NT01_20250301103500.txt", "file name contains the path separator '\\' at position 4; a name, not a path, is expected")]
    [InlineData("/etc/S_20250301103500.txt", "file name contains the path separator '/' at position 1; a name, not a path, is expected")]
    public void Path_separators_are_refused(string fileName, string reason) => Assert.Equal(reason, Refused(fileName));

    [Theory]
    [InlineData("..S_20250301103500.txt")]
    [InlineData("S.._20250301103500.txt")]
    public void Double_dot_is_refused(string fileName) => Assert.Equal("file name contains '..'", Refused(fileName));

    [Theory]
    [InlineData("S\u0000_20250301103500.txt", "file name contains control character U+0000 at position 2")]
    [InlineData("S_20250301103500.txt\n", "file name contains control character U+000A at position 21")]
    [InlineData("\u001bS_20250301103500.txt", "file name contains control character U+001B at position 1")]
    public void Control_characters_are_refused(string fileName, string reason) => Assert.Equal(reason, Refused(fileName));

    [Theory]
    [InlineData("C:S_20250301103500.txt", ':')]
    [InlineData("S*_20250301103500.txt", '*')]
    [InlineData("S?_20250301103500.txt", '?')]
    [InlineData("S|_20250301103500.txt", '|')]
    public void Characters_no_file_system_allows_are_refused(string fileName, char character) =>
        Assert.Equal($"file name contains '{character}' at position {fileName.IndexOf(character) + 1}, which is not allowed in file names", Refused(fileName));

    [Theory]
    [InlineData(" S_20250301103500.txt")]
    [InlineData("S_20250301103500.txt ")]
    public void Leading_or_trailing_white_space_is_refused(string fileName) =>
        Assert.Equal("file name starts or ends with white space", Refused(fileName));

    [Fact]
    public void Empty_name_is_refused() => Assert.Equal("file name is empty", Refused(""));

    [Fact]
    public void Name_longer_than_255_characters_is_refused()
    {
        var fileName = new string('S', 256 - 14 - 4) + "20250301103500.txt";
        Assert.Equal("file name is 256 characters long, longer than 255", Refused(fileName));
    }
}
