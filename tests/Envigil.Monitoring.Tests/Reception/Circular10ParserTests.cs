using System.Text;
using Envigil.Monitoring.Reception;
using Xunit;

namespace Envigil.Monitoring.Tests.Reception;

public class Circular10ParserTests
{
    private const string Fields = "expected 5 fields (code, value, unit, time, status)";

    private static ParsedFile Parse(string text, ParseLimits? limits = null) =>
        Circular10Parser.Parse(Encoding.UTF8.GetBytes(text), limits ?? ParseLimits.Default);

    private static ParsedLine Single(string text)
    {
        var result = Parse(text);
        Assert.Null(result.FileError);
        Assert.Empty(result.Issues);
        return Assert.Single(result.Lines);
    }

    private static string SingleIssue(string text)
    {
        var result = Parse(text);
        Assert.Null(result.FileError);
        Assert.Empty(result.Lines);
        return Assert.Single(result.Issues).Reason;
    }

    // A wastewater station's transmission as the third-party dataloggers write it: TAB, CRLF, 5 fields.
    public const string RealisticFile =
        "Flow\t125.4\tm3/h\t20250301103500\t00\r\n" +
        "Temp\t29.1\t°C\t20250301103500\t00\r\n" +
        "pH\t7.12\tpH\t20250301103500\t00\r\n" +
        "TSS\t35.2\tmg/L\t20250301103500\t00\r\n" +
        "COD\t45.2\tmg/L\t20250301103500\t00\r\n" +
        "NH4\t2.31\tmg/L\t20250301103500\t01\r\n" +
        "TN\t12.5\tmg/L\t20250301103500\t00\r\n" +
        "TP\t1.02\tmg/L\t20250301103500\t02\r\n";

    // ---- the documented format ----

    [Fact]
    public void Tab_separated_line_is_read_into_its_five_fields()
    {
        var line = Single("COD\t45.2\tmg/L\t20250301103500\t00\r\n");

        Assert.Equal(1, line.LineNumber);
        Assert.Equal("COD", line.RawCode);
        Assert.Equal(45.2, line.Value);
        Assert.Equal("mg/L", line.RawUnit);
        Assert.Equal(new DateTime(2025, 3, 1, 10, 35, 0), line.LocalTime);
        Assert.Equal(DateTimeKind.Unspecified, line.LocalTime.Kind);
        Assert.Equal(new DateTime(2025, 3, 1, 3, 35, 0, DateTimeKind.Utc), line.TimeUtc);
        Assert.Equal(DateTimeKind.Utc, line.TimeUtc.Kind);
        Assert.Equal(MeasurementStatus.Measuring, line.Status);
        Assert.Equal(FieldSeparator.Tab, line.Separator);
        Assert.Equal("COD\t45.2\tmg/L\t20250301103500\t00", line.RawLine);
    }

    [Fact]
    public void Realistic_eight_line_file_is_read_without_issues()
    {
        var result = Parse(RealisticFile);

        Assert.Null(result.FileError);
        Assert.False(result.IsRejected);
        Assert.Empty(result.Issues);
        Assert.Equal(DataFileEncoding.Utf8, result.Encoding);
        Assert.Equal(["Flow", "Temp", "pH", "TSS", "COD", "NH4", "TN", "TP"], result.Lines.Select(l => l.RawCode));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], result.Lines.Select(l => l.LineNumber));
        Assert.Equal("°C", result.Lines[1].RawUnit);
        Assert.Equal(MeasurementStatus.Calibrating, result.Lines[5].Status);
        Assert.Equal(MeasurementStatus.Fault, result.Lines[7].Status);
    }

    [Fact]
    public void Default_limits_are_one_mebibyte_ten_thousand_lines_and_1024_characters_per_line()
    {
        Assert.Equal(1024 * 1024, ParseLimits.Default.MaxBytes);
        Assert.Equal(10_000, ParseLimits.Default.MaxLines);
        Assert.Equal(1_024, ParseLimits.Default.MaxLineLength);
        Assert.Equal(ParseLimits.Default, new ParseLimits());
    }

    [Fact]
    public void Parse_without_limits_uses_the_defaults()
    {
        var result = Circular10Parser.Parse(Encoding.UTF8.GetBytes(RealisticFile));
        Assert.Equal(8, result.Lines.Count);
    }

    [Fact]
    public void Parameter_codes_are_kept_as_written_and_not_resolved()
    {
        var result = Parse("pm2.5\t12\tµg/Nm3\t20250301103500\t00\nNhiệt độ\t29\toC\t20250301103500\t00\nFlowOut\t3\tm3/h\t20250301103500\t00\n");

        Assert.Empty(result.Issues);
        Assert.Equal(["pm2.5", "Nhiệt độ", "FlowOut"], result.Lines.Select(l => l.RawCode));
    }

    [Fact]
    public void Symbol_with_a_comma_is_a_code_not_a_separator()
    {
        var line = Single("PM2,5\t35,5\tµg/Nm3\t20250301103500\t00");

        Assert.Equal("PM2,5", line.RawCode);
        Assert.Equal(35.5, line.Value);
    }

    // ---- separators ----

    [Fact]
    public void Runs_of_spaces_separate_fields()
    {
        var line = Single("COD   45.2  mg/L     20250301103500 00");

        Assert.Equal(("COD", 45.2, "mg/L"), (line.RawCode, line.Value, line.RawUnit));
        Assert.Equal(FieldSeparator.Spaces, line.Separator);
    }

    [Fact]
    public void Semicolon_separates_fields()
    {
        var line = Single("COD;45.2;mg/L;20250301103500;00");

        Assert.Equal(("COD", 45.2, "mg/L"), (line.RawCode, line.Value, line.RawUnit));
        Assert.Equal(FieldSeparator.Semicolon, line.Separator);
    }

    [Fact]
    public void Spaces_around_semicolons_are_trimmed()
    {
        var line = Single("COD ; 45,2 ; mg/L ; 20250301103500 ; 00");

        Assert.Equal(("COD", 45.2, "mg/L", MeasurementStatus.Measuring), (line.RawCode, line.Value, line.RawUnit, line.Status));
    }

    [Fact]
    public void Trailing_semicolon_is_not_an_extra_field()
    {
        var line = Single("COD;45.2;mg/L;20250301103500;00;");
        Assert.Equal(MeasurementStatus.Measuring, line.Status);
    }

    [Fact]
    public void Tabs_padded_with_spaces_are_read_as_tab_separators()
    {
        var line = Single("COD \t 45.2 \t mg/L \t 20250301103500 \t 00");

        Assert.Equal(("COD", 45.2, "mg/L"), (line.RawCode, line.Value, line.RawUnit));
        Assert.Equal(FieldSeparator.Tab, line.Separator);
    }

    [Fact]
    public void Tabs_and_spaces_mixed_as_separators_are_read_as_one_separator()
    {
        var line = Single("COD\t45.2 mg/L\t20250301103500  00");

        Assert.Equal(("COD", 45.2, "mg/L", MeasurementStatus.Measuring), (line.RawCode, line.Value, line.RawUnit, line.Status));
        Assert.Equal(FieldSeparator.MixedWhitespace, line.Separator);
    }

    [Fact]
    public void Several_tabs_in_a_row_used_for_alignment_are_one_separator()
    {
        var line = Single("COD\t\t45.2\t\tmg/L\t20250301103500\t00");

        Assert.Equal(("COD", 45.2, "mg/L"), (line.RawCode, line.Value, line.RawUnit));
        Assert.Equal(FieldSeparator.MixedWhitespace, line.Separator);
    }

    [Fact]
    public void Separator_is_reported_for_each_line()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103500\t00\nTSS;30;mg/L;20250301103500;00\npH 7.1 pH 20250301103500 00\n");

        Assert.Empty(result.Issues);
        Assert.Equal([FieldSeparator.Tab, FieldSeparator.Semicolon, FieldSeparator.Spaces], result.Lines.Select(l => l.Separator));
    }

    [Theory]
    [InlineData("Nhiet do\t29.5\toC\t20250301103500\t00")]
    [InlineData("Nhiet do;29,5;oC;20250301103500;00")]
    [InlineData("Nhiet do 29.5 oC 20250301103500 00")]
    [InlineData("Nhiet do\t29.5 oC 20250301103500 00")]
    public void Code_written_with_a_space_is_kept_whole(string text)
    {
        var line = Single(text);

        Assert.Equal("Nhiet do", line.RawCode);
        Assert.Equal(29.5, line.Value);
        Assert.Equal("oC", line.RawUnit);
    }

    [Fact]
    public void Code_of_several_words_keeps_its_own_spacing()
    {
        var line = Single("Luu  luong nuoc thai 12.5 m3/h 20250301103500 00");
        Assert.Equal("Luu  luong nuoc thai", line.RawCode);
    }

    [Fact]
    public void Comma_separated_line_is_an_issue_that_says_comma_is_not_a_separator()
    {
        Assert.Equal($"{Fields}, found 1; a comma is not a field separator (use TAB)", SingleIssue("COD,45.2,mg/L,20250301103500,00"));
    }

    // ---- line endings, blank lines, comments ----

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Each_line_ending_style_separates_lines(string ending)
    {
        var result = Parse($"COD\t45.2\tmg/L\t20250301103500\t00{ending}TSS\t30\tmg/L\t20250301103500\t00{ending}pH\t7\tpH\t20250301103500\t00{ending}");

        Assert.Empty(result.Issues);
        Assert.Equal([1, 2, 3], result.Lines.Select(l => l.LineNumber));
        Assert.All(result.Lines, l => Assert.DoesNotContain('\r', l.RawLine));
    }

    [Fact]
    public void Mixed_line_endings_in_one_file_are_all_accepted()
    {
        var result = Parse("COD\t1\tmg/L\t20250301103500\t00\r\nTSS\t2\tmg/L\t20250301103500\t00\nTN\t3\tmg/L\t20250301103500\t00\rTP\t4\tmg/L\t20250301103500\t00");

        Assert.Empty(result.Issues);
        Assert.Equal([1.0, 2, 3, 4], result.Lines.Select(l => l.Value));
        Assert.Equal([1, 2, 3, 4], result.Lines.Select(l => l.LineNumber));
    }

    [Fact]
    public void Last_line_without_a_line_break_is_read()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103500\t00\nTSS\t30\tmg/L\t20250301103500\t00");
        Assert.Equal(2, result.Lines.Count);
    }

    [Fact]
    public void Blank_lines_are_ignored_but_still_counted_in_line_numbers()
    {
        var result = Parse("\r\nCOD\t45.2\tmg/L\t20250301103500\t00\r\n\r\n   \t  \r\nTSS\t30\tmg/L\t20250301103500\t00\r\n\r\n");

        Assert.Empty(result.Issues);
        Assert.Equal([2, 5], result.Lines.Select(l => l.LineNumber));
    }

    [Fact]
    public void Leading_and_trailing_white_space_on_a_line_is_ignored()
    {
        var line = Single("  \tCOD\t45.2\tmg/L\t20250301103500\t00 \t  \r\n");

        Assert.Equal(("COD", 45.2, MeasurementStatus.Measuring), (line.RawCode, line.Value, line.Status));
        Assert.Equal(FieldSeparator.Tab, line.Separator);
    }

    [Theory]
    [InlineData("# Thong so\tGia tri\tDon vi\tThoi gian\tTrang thai")]
    [InlineData("   # header written by the datalogger")]
    [InlineData("#")]
    public void Comment_line_starting_with_hash_is_ignored(string comment)
    {
        var result = Parse($"{comment}\r\nCOD\t45.2\tmg/L\t20250301103500\t00\r\n");

        Assert.Empty(result.Issues);
        Assert.Equal(2, Assert.Single(result.Lines).LineNumber);
    }

    [Fact]
    public void Header_line_without_hash_is_an_issue_and_the_data_lines_are_still_read()
    {
        var result = Parse("Thong so\tGia tri\tDon vi\tThoi gian\tTrang thai\r\nCOD\t45.2\tmg/L\t20250301103500\t00\r\n");

        Assert.Single(result.Lines);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(1, issue.LineNumber);
        Assert.Equal("field 2 'Gia tri' is not a number", issue.Reason);
    }

    [Fact]
    public void Dos_end_of_file_marker_is_ignored()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103500\t00\r\n\u001A");

        Assert.Empty(result.Issues);
        Assert.Single(result.Lines);
    }

    // ---- encodings ----

    [Fact]
    public void Utf8_without_byte_order_mark_is_detected()
    {
        var result = Parse("Nhiệt độ\t29.5\t°C\t20250301103500\t00");

        Assert.Equal(DataFileEncoding.Utf8, result.Encoding);
        Assert.Equal("Nhiệt độ", Assert.Single(result.Lines).RawCode);
    }

    [Fact]
    public void Utf8_byte_order_mark_is_detected_and_not_part_of_the_first_code()
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble()
            .Concat(Encoding.UTF8.GetBytes("COD\t45.2\tmg/L\t20250301103500\t00\r\n")).ToArray();

        var result = Circular10Parser.Parse(bytes, ParseLimits.Default);

        Assert.Equal(DataFileEncoding.Utf8WithBom, result.Encoding);
        Assert.Equal("COD", Assert.Single(result.Lines).RawCode);
    }

    [Theory]
    [InlineData(false, DataFileEncoding.Utf16LittleEndian)]
    [InlineData(true, DataFileEncoding.Utf16BigEndian)]
    public void Utf16_with_byte_order_mark_is_detected_and_decoded(bool bigEndian, DataFileEncoding expected)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("Nhiệt độ\t29,5\t°C\t20250301103500\t01\r\nPM2,5\t12\tµg/Nm³\t20250301103500\t00\r\n")).ToArray();

        var result = Circular10Parser.Parse(bytes, ParseLimits.Default);

        Assert.Null(result.FileError);
        Assert.Equal(expected, result.Encoding);
        Assert.Equal(["Nhiệt độ", "PM2,5"], result.Lines.Select(l => l.RawCode));
        Assert.Equal(29.5, result.Lines[0].Value);
        Assert.Equal("µg/Nm³", result.Lines[1].RawUnit);
        Assert.Equal(MeasurementStatus.Calibrating, result.Lines[0].Status);
    }

    [Fact]
    public void Utf16_supplementary_characters_in_surrogate_pairs_are_accepted()
    {
        var encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("# 𝄞 comment\nCOD\t1\tmg/L\t20250301103500\t00")).ToArray();

        Assert.Single(Circular10Parser.Parse(bytes, ParseLimits.Default).Lines);
    }

    [Fact]
    public void Windows_1258_bytes_are_rejected_as_not_utf8_instead_of_guessed()
    {
        // "Nhiệt độ" in Windows-1258: ê = 0xEA, then the combining dot below 0xF2; "đ" = 0xF0, "ô" = 0xF4, 0xF2.
        byte[] bytes = [(byte)'N', (byte)'h', (byte)'i', 0xEA, 0xF2, (byte)'t', (byte)' ', 0xF0, 0xF4, 0xF2,
            .. Encoding.ASCII.GetBytes("\t29.5\toC\t20250301103500\t00\r\n")];

        var result = Circular10Parser.Parse(bytes, ParseLimits.Default);

        Assert.True(result.IsRejected);
        Assert.Equal(DataFileEncoding.Unknown, result.Encoding);
        Assert.Equal(
            "file is not valid UTF-8: byte 0xEA at offset 3 is not part of a UTF-8 character; legacy encodings such as Windows-1258, "
            + "Windows-1252 or TCVN3 are not accepted, the file must be saved as UTF-8",
            result.FileError);
        Assert.Empty(result.Lines);
        Assert.Empty(result.Issues);
    }

    [Fact]
    public void Windows_1252_degree_sign_is_rejected_as_not_utf8()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("Temp\t29.5\t"), 0xB0, (byte)'C', .. Encoding.ASCII.GetBytes("\t20250301103500\t00")];

        var result = Circular10Parser.Parse(bytes, ParseLimits.Default);

        Assert.StartsWith("file is not valid UTF-8: byte 0xB0 at offset 10 ", result.FileError);
    }

    [Fact]
    public void Invalid_utf8_after_a_byte_order_mark_reports_the_offset_in_the_whole_file()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'C', 0xC3];

        Assert.StartsWith("file is not valid UTF-8: byte 0xC3 at offset 4 ", Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void File_cut_inside_a_utf8_character_is_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes("COD\t45.2\tmg/L\t20250301103500\t00\nNhiệt");
        var result = Circular10Parser.Parse(bytes.AsSpan(0, bytes.Length - 2), ParseLimits.Default);

        Assert.StartsWith("file is not valid UTF-8", result.FileError);
    }

    [Fact]
    public void Nul_byte_makes_the_file_binary()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("COD\t45"), 0x00, .. Encoding.ASCII.GetBytes("\tmg/L\t20250301103500\t00")];

        Assert.Equal("file is binary, not text: NUL byte at offset 6", Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void Utf16_without_byte_order_mark_is_rejected_with_a_hint()
    {
        var bytes = Encoding.Unicode.GetBytes("COD\t45.2\tmg/L\t20250301103500\t00");

        Assert.Equal(
            "file is binary, not text: NUL byte at offset 1 (it looks like UTF-16 without a byte-order mark, which is not accepted)",
            Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void Utf16_with_an_odd_number_of_bytes_is_rejected()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'C', 0x00, (byte)'O'];

        Assert.Equal("UTF-16 file has an odd number of bytes (5); it is truncated or not UTF-16",
            Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void Utf16_with_an_unpaired_surrogate_is_rejected()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'C', 0x00, 0x00, 0xD8, (byte)'O', 0x00];

        Assert.Equal("file is not valid UTF-16: unpaired surrogate at offset 4", Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void Utf16_file_with_a_nul_character_is_binary()
    {
        byte[] bytes = [0xFE, 0xFF, 0x00, (byte)'C', 0x00, 0x00];

        Assert.Equal("file is binary, not text: NUL character at offset 4", Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void Utf32_is_rejected()
    {
        var bytes = new UTF32Encoding(bigEndian: false, byteOrderMark: true).GetPreamble()
            .Concat(Encoding.UTF32.GetBytes("COD\t1\tmg/L\t20250301103500\t00")).ToArray();

        Assert.StartsWith("file is UTF-32", Circular10Parser.Parse(bytes, ParseLimits.Default).FileError);
    }

    [Fact]
    public void File_of_only_a_byte_order_mark_is_empty()
    {
        Assert.Equal("file is empty (only a byte-order mark)", Circular10Parser.Parse([0xEF, 0xBB, 0xBF], ParseLimits.Default).FileError);
    }

    [Fact]
    public void Control_character_inside_a_line_is_an_issue_with_its_column()
    {
        Assert.Equal("line contains control character U+001B at column 6", SingleIssue("  COD\u001B\t45.2\tmg/L\t20250301103500\t00"));
    }

    // ---- values ----

    [Theory]
    [InlineData("COD\t45,2\tmg/L\t20250301103500\t00")]
    [InlineData("COD 45,2 mg/L 20250301103500 00")]
    [InlineData("COD;45,2;mg/L;20250301103500;00")]
    public void Decimal_comma_is_read_as_a_decimal_point(string text) => Assert.Equal(45.2, Single(text).Value);

    [Fact]
    public void A_single_comma_is_always_a_decimal_comma_never_a_thousands_separator() =>
        Assert.Equal(1.234, Single("Flow\t1,234\tm3/h\t20250301103500\t00").Value);

    [Theory]
    [InlineData("-0.5", -0.5)]
    [InlineData("-12", -12)]
    [InlineData("+3.25", 3.25)]
    [InlineData("0", 0)]
    [InlineData("007.50", 7.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("-0,75", -0.75)]
    [InlineData("1e3", 1000)]
    [InlineData("1.5E-05", 0.000015)]
    [InlineData("2,5e+2", 250)]
    [InlineData("123456789.0123", 123456789.0123)]
    public void Plain_decimal_values_are_accepted(string token, double expected) =>
        Assert.Equal(expected, Single($"COD\t{token}\tmg/L\t20250301103500\t00").Value, 12);

    [Theory]
    [InlineData("1,234.5", "field 2 '1,234.5' mixes ',' and '.': thousands separators are not accepted")]
    [InlineData("1.234,5", "field 2 '1.234,5' mixes ',' and '.': thousands separators are not accepted")]
    [InlineData("1,234,567", "field 2 '1,234,567' has more than one ',': thousands separators are not accepted")]
    public void Thousands_separators_are_refused_with_a_reason(string token, string reason) =>
        Assert.Equal(reason, SingleIssue($"Flow\t{token}\tm3/h\t20250301103500\t00"));

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("+inf")]
    [InlineData("∞")]
    public void NaN_and_Infinity_are_refused(string token) =>
        Assert.Equal($"field 2 '{token}' is not a finite number: NaN and Infinity are not accepted",
            SingleIssue($"COD\t{token}\tmg/L\t20250301103500\t00"));

    [Theory]
    [InlineData("abc")]
    [InlineData("12a")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData("1e5.5")]
    [InlineData("0x1A")]
    [InlineData("1_000")]
    [InlineData("45.2mg")]
    [InlineData("١٢")]
    public void Text_that_is_not_a_plain_decimal_is_not_a_number(string token) =>
        Assert.Equal($"field 2 '{token}' is not a number", SingleIssue($"COD\t{token}\tmg/L\t20250301103500\t00"));

    [Fact]
    public void Value_too_large_for_a_double_is_refused() =>
        Assert.Equal("field 2 '1e999' is out of the range of a double", SingleIssue("COD\t1e999\tmg/L\t20250301103500\t00"));

    [Fact]
    public void Value_longer_than_any_number_is_refused()
    {
        var token = new string('1', 65);
        Assert.Equal("field 2 is 65 characters long, too long for a number", SingleIssue($"COD\t{token}\tmg/L\t20250301103500\t00"));
    }

    [Fact]
    public void Empty_value_between_tabs_is_reported_as_empty()
    {
        // One generator writes an empty value when the reading is missing (follow-up notes §1.3).
        Assert.Equal("field 2 (value) is empty", SingleIssue("COD\t\tmg/L\t20250301103500\t02"));
    }

    [Fact]
    public void Empty_value_between_semicolons_is_reported_as_empty() =>
        Assert.Equal("field 2 (value) is empty", SingleIssue("COD;;mg/L;20250301103500;02"));

    [Fact]
    public void Empty_unit_between_tabs_is_accepted_for_unitless_parameters()
    {
        var line = Single("pH\t7.12\t\t20250301103500\t00");

        Assert.Equal("", line.RawUnit);
        Assert.Equal(7.12, line.Value);
    }

    [Fact]
    public void Empty_code_is_an_issue() =>
        Assert.Equal("field 1 (parameter code) is empty", SingleIssue(";45;mg/L;20250301103500;00"));

    [Fact]
    public void Empty_time_is_an_issue() =>
        Assert.Equal("field 4 (time) is empty", SingleIssue("COD;45;mg/L;;00"));

    // ---- times ----

    [Fact]
    public void Midnight_local_is_the_previous_day_in_utc()
    {
        var line = Single("COD\t1\tmg/L\t20250301000000\t00");

        Assert.Equal(new DateTime(2025, 3, 1, 0, 0, 0), line.LocalTime);
        Assert.Equal(new DateTime(2025, 2, 28, 17, 0, 0, DateTimeKind.Utc), line.TimeUtc);
    }

    [Theory]
    [InlineData("20250301065959", "2025-02-28T23:59:59")]
    [InlineData("20250301070000", "2025-03-01T00:00:00")]
    [InlineData("20250301235959", "2025-03-01T16:59:59")]
    [InlineData("20250101000000", "2024-12-31T17:00:00")]
    [InlineData("20240301003000", "2024-02-29T17:30:00")]
    public void Utc_time_is_local_time_minus_seven_hours(string token, string expectedUtc)
    {
        var line = Single($"COD\t1\tmg/L\t{token}\t00");
        Assert.Equal(DateTime.SpecifyKind(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), line.TimeUtc);
    }

    [Theory]
    [InlineData("20240229120000")]
    [InlineData("20000229120000")]
    public void Leap_day_is_a_valid_time(string token) => Assert.Equal(29, Single($"COD\t1\tmg/L\t{token}\t00").LocalTime.Day);

    [Theory]
    [InlineData("20250229120000", "day 29 does not exist in 2025-02")]
    [InlineData("19000229120000", "day 29 does not exist in 1900-02")]
    [InlineData("20251301103500", "month 13 is out of range 01-12")]
    [InlineData("20250001103500", "month 00 is out of range 01-12")]
    [InlineData("20250300103500", "day 00 does not exist in 2025-03")]
    [InlineData("20250431103500", "day 31 does not exist in 2025-04")]
    [InlineData("20250301240000", "hour 24 is out of range 00-23")]
    [InlineData("20250301106000", "minute 60 is out of range 00-59")]
    [InlineData("20250301103560", "second 60 is out of range 00-59")]
    [InlineData("00010101000000", "year 0001 is before 1900")]
    [InlineData("2025030110350", "expected 14 digits, found 13 characters")]
    [InlineData("202503011035000", "expected 14 digits, found 15 characters")]
    [InlineData("20250301T10350", "character 'T' at position 9 is not a digit")]
    [InlineData("2025030110350a", "character 'a' at position 14 is not a digit")]
    [InlineData("２０２５０３０１１０３５００", "character '２' at position 1 is not a digit")]
    public void Invalid_time_is_refused_with_the_precise_problem(string token, string problem) =>
        Assert.Equal($"time '{token}' is not a valid yyyyMMddHHmmss: {problem}", SingleIssue($"COD\t1\tmg/L\t{token}\t00"));

    [Fact]
    public void Time_with_separators_is_not_the_14_digit_form() =>
        Assert.Equal("time '2025-03-01 10:35:00' is not a valid yyyyMMddHHmmss: expected 14 digits, found 19 characters",
            SingleIssue("COD;1;mg/L;2025-03-01 10:35:00;00"));

    [Fact]
    public void Year_1900_is_the_earliest_accepted_time() =>
        Assert.Equal(new DateTime(1899, 12, 31, 17, 0, 0, DateTimeKind.Utc), Single("COD\t1\tmg/L\t19000101000000\t00").TimeUtc);

    [Fact]
    public void Last_second_of_year_9999_is_accepted() =>
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59), Single("COD\t1\tmg/L\t99991231235959\t00").LocalTime);

    // ---- status ----

    [Theory]
    [InlineData("00", MeasurementStatus.Measuring)]
    [InlineData("0", MeasurementStatus.Measuring)]
    [InlineData("01", MeasurementStatus.Calibrating)]
    [InlineData("1", MeasurementStatus.Calibrating)]
    [InlineData("02", MeasurementStatus.Fault)]
    [InlineData("2", MeasurementStatus.Fault)]
    public void Status_written_with_one_or_two_digits_is_accepted(string token, MeasurementStatus expected) =>
        Assert.Equal(expected, Single($"COD\t1\tmg/L\t20250301103500\t{token}").Status);

    [Fact]
    public void Status_codes_have_the_values_of_the_file_format()
    {
        Assert.Equal(0, (int)MeasurementStatus.Measuring);
        Assert.Equal(1, (int)MeasurementStatus.Calibrating);
        Assert.Equal(2, (int)MeasurementStatus.Fault);
    }

    [Theory]
    [InlineData("07")]
    [InlineData("03")]
    [InlineData("3")]
    [InlineData("000")]
    [InlineData("10")]
    [InlineData("-1")]
    [InlineData("OK")]
    public void Unknown_status_is_an_issue(string token) =>
        Assert.Equal($"status '{token}' is not 00, 01 or 02", SingleIssue($"COD\t1\tmg/L\t20250301103500\t{token}"));

    [Theory]
    [InlineData("COD\t45.2\tmg/L\t20250301103500")]
    [InlineData("COD\t45.2\tmg/L\t20250301103500\t")]
    [InlineData("COD 45.2 mg/L 20250301103500")]
    [InlineData("COD;45.2;mg/L;20250301103500;")]
    public void Missing_status_is_an_issue(string text) =>
        Assert.Equal($"status is missing: {Fields}, found 4", SingleIssue(text));

    // ---- field count ----

    [Theory]
    [InlineData("COD\t45.2\tmg/L\t20250301103500\t00\textra", "extra")]
    [InlineData("COD 45.2 mg/L 20250301103500 00 00", "00")]
    [InlineData("COD;45.2;mg/L;20250301103500;00;x;y", "x")]
    public void Extra_trailing_fields_are_an_issue(string text, string firstExtra)
    {
        var fieldCount = text.Split(['\t', ' ', ';']).Length;
        Assert.Equal($"{Fields}, found {fieldCount}: unexpected trailing '{firstExtra}'", SingleIssue(text));
    }

    [Fact]
    public void Three_fields_are_an_issue() =>
        Assert.Equal($"{Fields}, found 3", SingleIssue("COD\t45.2\tmg/L"));

    [Fact]
    public void Missing_value_or_unit_is_named_when_the_time_is_third() =>
        Assert.Equal($"value or unit is missing: {Fields}, found 4", SingleIssue("COD 45.2 20250301103500 00"));

    // ---- duplicates ----

    [Fact]
    public void Second_line_with_the_same_code_and_time_is_a_duplicate_issue()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103500\t00\nTSS\t30\tmg/L\t20250301103500\t00\nCOD\t46\tmg/L\t20250301103500\t00\n");

        Assert.Equal([1, 2], result.Lines.Select(l => l.LineNumber));
        Assert.Equal(45.2, result.Lines[0].Value);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(3, issue.LineNumber);
        Assert.Equal("duplicate of line 1: same code 'COD' and time 20250301103500", issue.Reason);
    }

    [Fact]
    public void Codes_differing_only_in_case_are_duplicates()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103500\t00\ncod\t46\tmg/L\t20250301103500\t00\n");
        Assert.Equal("duplicate of line 1: same code 'cod' and time 20250301103500", Assert.Single(result.Issues).Reason);
    }

    [Fact]
    public void Same_code_at_different_times_is_not_a_duplicate()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103000\t00\nCOD\t46\tmg/L\t20250301103500\t00\n");

        Assert.Empty(result.Issues);
        Assert.Equal(2, result.Lines.Count);
    }

    [Fact]
    public void Duplicates_are_found_in_long_files_too()
    {
        var text = new StringBuilder();
        for (var minute = 0; minute < 50; minute++)
        {
            text.Append($"COD\t{minute}\tmg/L\t2025030110{minute:D2}00\t00\n");
        }

        text.Append("COD\t99\tmg/L\t20250301100500\t00\n");
        text.Append("COD\t98\tmg/L\t20250301104900\t00\n");
        var result = Parse(text.ToString());

        Assert.Equal(50, result.Lines.Count);
        Assert.Equal(["duplicate of line 6: same code 'COD' and time 20250301100500", "duplicate of line 50: same code 'COD' and time 20250301104900"],
            result.Issues.Select(i => i.Reason));
    }

    // ---- whole-file problems and limits ----

    [Fact]
    public void Empty_file_is_a_file_error()
    {
        var result = Circular10Parser.Parse([], ParseLimits.Default);

        Assert.Equal("file is empty (0 bytes)", result.FileError);
        Assert.True(result.IsRejected);
    }

    [Theory]
    [InlineData("\r\n\r\n  \t \n")]
    [InlineData("# only a header\r\n")]
    public void File_without_data_lines_is_a_file_error(string text) =>
        Assert.Equal("file has no data lines (only blank or comment lines)", Parse(text).FileError);

    [Fact]
    public void File_larger_than_the_byte_limit_is_rejected_before_reading()
    {
        var result = Parse(RealisticFile, new ParseLimits(MaxBytes: 100));

        Assert.Equal($"file is {Encoding.UTF8.GetByteCount(RealisticFile)} bytes, larger than the limit of 100 bytes", result.FileError);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public void File_of_exactly_the_byte_limit_is_read()
    {
        var size = Encoding.UTF8.GetByteCount(RealisticFile);
        Assert.Equal(8, Parse(RealisticFile, new ParseLimits(MaxBytes: size)).Lines.Count);
    }

    [Fact]
    public void File_with_more_lines_than_the_limit_is_rejected()
    {
        var result = Parse(RealisticFile, new ParseLimits(MaxLines: 7));

        Assert.Equal("file has more than 7 lines", result.FileError);
        Assert.Empty(result.Lines);
        Assert.Empty(result.Issues);
    }

    [Fact]
    public void File_with_exactly_the_line_limit_is_read() =>
        Assert.Equal(8, Parse(RealisticFile, new ParseLimits(MaxLines: 8)).Lines.Count);

    [Fact]
    public void Line_longer_than_the_limit_is_an_issue_and_its_raw_text_is_truncated()
    {
        var longLine = "COD\t45.2\tmg/L\t20250301103500\t00\t" + new string('x', 2000);
        var result = Parse($"{longLine}\nTSS\t30\tmg/L\t20250301103500\t00\n");

        Assert.Single(result.Lines);
        var issue = Assert.Single(result.Issues);
        Assert.Equal($"line is {longLine.Length} characters long, longer than the limit of 1024", issue.Reason);
        Assert.Equal(201, issue.RawLine.Length);
        Assert.Equal(longLine[..200] + "…", issue.RawLine);
    }

    [Fact]
    public void Long_bad_tokens_are_shortened_in_the_reason()
    {
        var token = new string('a', 100);
        Assert.Equal($"field 2 '{new string('a', 40)}…' is not a number", SingleIssue($"COD\t{token}\tmg/L\t20250301103500\t00"));
    }

    [Fact]
    public void Issue_keeps_the_raw_line_and_good_lines_around_it_are_stored()
    {
        var result = Parse("COD\t45.2\tmg/L\t20250301103500\t00\r\nTSS\tabc\tmg/L\t20250301103500\t00\r\npH\t7.1\tpH\t20250301103500\t00\r\n");

        Assert.Equal(["COD", "pH"], result.Lines.Select(l => l.RawCode));
        var issue = Assert.Single(result.Issues);
        Assert.Equal(new LineIssue(2, "TSS\tabc\tmg/L\t20250301103500\t00", "field 2 'abc' is not a number"), issue);
    }

    [Fact]
    public void File_of_only_bad_lines_is_not_a_file_error()
    {
        var result = Parse("garbage\r\nmore garbage here\r\n");

        Assert.Null(result.FileError);
        Assert.Equal(2, result.Issues.Count);
    }

    [Fact]
    public void Decimal_point_does_not_depend_on_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("vi-VN");
            Assert.Equal(45.2, Single("COD\t45.2\tmg/L\t20250301103500\t00").Value);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
