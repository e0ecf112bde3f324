using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Envigil.Kernel.Time;

namespace Envigil.Monitoring.Reception;

// The data file of Circular 10/2021/TT-BTNMT Annex 15: one .txt file per transmission, one line per parameter,
// five fields (symbol, value, unit, yyyyMMddHHmmss, status). The legal text itself was not read; the layout comes
// from convergent third-party implementations [T] (shared/domain/follow-up-file-format-vn2000.md §1.2–1.4).

/// <summary>Instrument status, the fifth field of a line.</summary>
public enum MeasurementStatus
{
    /// <summary><c>00</c>: measuring normally ("đang đo").</summary>
    Measuring = 0,

    /// <summary><c>01</c>: calibrating ("hiệu chuẩn"); excluded from compliance averages.</summary>
    Calibrating = 1,

    /// <summary><c>02</c>: device fault ("báo lỗi thiết bị"); excluded and raises a device alert.</summary>
    Fault = 2,
}

/// <summary>How the fields of one line were separated. TAB is the documented separator [T]; the others are tolerated.</summary>
public enum FieldSeparator
{
    Tab,
    Spaces,

    /// <summary>TAB and spaces mixed, or several TABs in a row, taken together as one separator.</summary>
    MixedWhitespace,
    Semicolon,
}

/// <summary>The text encoding found in a data file.</summary>
public enum DataFileEncoding
{
    /// <summary>Not determined: the file was rejected before or while decoding.</summary>
    Unknown,
    Utf8,
    Utf8WithBom,
    Utf16LittleEndian,
    Utf16BigEndian,
}

/// <summary>Guards against hostile or broken uploads. A real file is under 1 KiB (one line per parameter).</summary>
public sealed record ParseLimits(int MaxBytes = 1024 * 1024, int MaxLines = 10_000, int MaxLineLength = 1_024)
{
    public static ParseLimits Default { get; } = new();
}

/// <summary>One well-formed line. <see cref="RawCode"/> is as written (trimmed); the catalogue resolves it later.</summary>
public sealed record ParsedLine(
    int LineNumber,
    string RawCode,
    double Value,
    string RawUnit,
    DateTime LocalTime,
    DateTime TimeUtc,
    MeasurementStatus Status,
    FieldSeparator Separator,
    string RawLine);

/// <summary>A line that could not be read, with a reason in English a datalogger vendor can act on.</summary>
public sealed record LineIssue(int LineNumber, string RawLine, string Reason);

/// <summary>
/// The result of reading one data file. When <see cref="FileError"/> is set the whole file is rejected and
/// <see cref="Lines"/> and <see cref="Issues"/> are empty; otherwise good lines and bad lines are reported side by side,
/// because one broken line must not cost the other parameters of the same transmission.
/// </summary>
public sealed record ParsedFile(
    IReadOnlyList<ParsedLine> Lines,
    IReadOnlyList<LineIssue> Issues,
    string? FileError,
    DataFileEncoding Encoding)
{
    public bool IsRejected => FileError is not null;
}

/// <summary>The 14-digit <c>yyyyMMddHHmmss</c> time used in file names and in the fourth field of each line.</summary>
public static class Circular10Timestamp
{
    public const int Length = 14;

    // Dataloggers with a flat clock battery write 1970 or 2000; those are real (if wrong) times the pipeline flags as
    // stale. Anything before 1900 is not a time at all, and it keeps local − 7 h inside DateTime's range.
    private const int MinYear = 1900;

    /// <summary>
    /// Reads a Vietnam local time (ICT, UTC+7). On failure <paramref name="problem"/> says what is wrong, without quoting
    /// the token (callers add it, e.g. "time '…' is not a valid yyyyMMddHHmmss: month 13 is out of range 01-12").
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime local, [NotNullWhen(false)] out string? problem)
    {
        local = default;
        if (text.Length != Length)
        {
            problem = $"expected {Length} digits, found {text.Length} characters";
            return false;
        }

        var nonDigit = text.IndexOfAnyExceptInRange('0', '9');
        if (nonDigit >= 0)
        {
            problem = $"character '{text[nonDigit]}' at position {nonDigit + 1} is not a digit";
            return false;
        }

        var year = Digits(text, 0, 4);
        var month = Digits(text, 4, 2);
        var day = Digits(text, 6, 2);
        var hour = Digits(text, 8, 2);
        var minute = Digits(text, 10, 2);
        var second = Digits(text, 12, 2);

        problem = year < MinYear ? $"year {year:D4} is before {MinYear}"
            : month is < 1 or > 12 ? $"month {month:D2} is out of range 01-12"
            : day < 1 || day > DateTime.DaysInMonth(year, month) ? $"day {day:D2} does not exist in {year:D4}-{month:D2}"
            : hour > 23 ? $"hour {hour:D2} is out of range 00-23"
            : minute > 59 ? $"minute {minute:D2} is out of range 00-59"
            : second > 59 ? $"second {second:D2} is out of range 00-59"
            : null;
        if (problem is not null)
        {
            return false;
        }

        local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    internal static bool IsFourteenDigits(ReadOnlySpan<char> text) =>
        text.Length == Length && !text.ContainsAnyExceptInRange('0', '9');

    private static int Digits(ReadOnlySpan<char> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return value;
    }
}

/// <summary>
/// A data file name: <c>TenTinh_TenCoSo_TenTram_yyyyMMddHHmmss.txt</c> [T], the simplified <c>STATION_yyyyMMddHHmmss.txt</c> [T],
/// or the legacy <c>KCNDiemThuy20170228145700.txt</c> without separators [T] (follow-up-file-format-vn2000.md §1.2).
/// </summary>
/// <param name="FileName">The name as received.</param>
/// <param name="StationKey">Everything before the time, trailing <c>_</c> removed: the station as the facility names it.</param>
/// <param name="Province">First part when the key has exactly three <c>_</c>-separated parts, else null.</param>
/// <param name="Facility">Second part when the key has exactly three parts, else null.</param>
/// <param name="Station">Third part when the key has exactly three parts, else null.</param>
/// <param name="Timestamp">The measurement time in the name, Vietnam local time (Kind Unspecified).</param>
/// <param name="TimestampUtc">The same instant in UTC (local − 7 h).</param>
public sealed record Circular10FileName(
    string FileName,
    string StationKey,
    string? Province,
    string? Facility,
    string? Station,
    DateTime Timestamp,
    DateTime TimestampUtc)
{
    public const int MaxLength = 255;

    private static readonly SearchValues<char> PathSeparators = SearchValues.Create("/\\");

    // Characters no Windows file system accepts; a name carrying them did not come from a datalogger's disk.
    private static readonly SearchValues<char> ForbiddenCharacters = SearchValues.Create("<>:\"|?*");

    /// <summary>
    /// Reads a file name (never a path). Receiver rule of follow-up-file-format-vn2000.md §1.2: the last 14 characters
    /// before <c>.txt</c> are the time; everything before them is the station key, split into province / facility /
    /// station only when it has exactly three parts.
    /// </summary>
    public static bool TryParse(
        string fileName,
        [NotNullWhen(true)] out Circular10FileName? name,
        [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = Check(fileName);
        if (error is not null)
        {
            return false;
        }

        var stem = fileName.AsSpan(0, fileName.Length - ".txt".Length);
        if (stem.Length < Circular10Timestamp.Length || !Circular10Timestamp.IsFourteenDigits(stem[^Circular10Timestamp.Length..]))
        {
            error = "file name does not end with a 14-digit yyyyMMddHHmmss time before .txt";
            return false;
        }

        var token = stem[^Circular10Timestamp.Length..];
        if (!Circular10Timestamp.TryParse(token, out var local, out var problem))
        {
            error = $"time '{token}' in the file name is not a valid yyyyMMddHHmmss: {problem}";
            return false;
        }

        var key = stem[..^Circular10Timestamp.Length].TrimEnd("_-.");
        if (key.IsEmpty)
        {
            error = "file name has no station identifier before the time";
            return false;
        }

        var stationKey = key.ToString();
        string? province = null, facility = null, station = null;
        var parts = stationKey.Split('_');
        if (parts.Length == 3 && Array.TrueForAll(parts, p => p.Length > 0))
        {
            (province, facility, station) = (parts[0], parts[1], parts[2]);
        }

        name = new Circular10FileName(fileName, stationKey, province, facility, station, local, VietnamTime.ToUtc(local));
        return true;
    }

    private static string? Check(string fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return "file name is empty";
        }

        if (fileName.Length > MaxLength)
        {
            return $"file name is {fileName.Length} characters long, longer than {MaxLength}";
        }

        for (var i = 0; i < fileName.Length; i++)
        {
            if (char.IsControl(fileName[i]))
            {
                return $"file name contains control character U+{(int)fileName[i]:X4} at position {i + 1}";
            }
        }

        var separator = fileName.AsSpan().IndexOfAny(PathSeparators);
        if (separator >= 0)
        {
            return $"file name contains the path separator '{fileName[separator]}' at position {separator + 1}; a name, not a path, is expected";
        }

        if (fileName.Contains("..", StringComparison.Ordinal))
        {
            return "file name contains '..'";
        }

        var forbidden = fileName.AsSpan().IndexOfAny(ForbiddenCharacters);
        if (forbidden >= 0)
        {
            return $"file name contains '{fileName[forbidden]}' at position {forbidden + 1}, which is not allowed in file names";
        }

        if (char.IsWhiteSpace(fileName[0]) || char.IsWhiteSpace(fileName[^1]))
        {
            return "file name starts or ends with white space";
        }

        if (!fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            var dot = fileName.LastIndexOf('.');
            return dot < 0
                ? "file name has no extension; expected .txt"
                : $"extension '{fileName[dot..]}' is not .txt";
        }

        return null;
    }
}

/// <summary>
/// Reads the content of a Circular 10/2021 data file. Pure: bytes in, lines and reasons out. Lenient where real
/// dataloggers differ (separator, line ending, BOM, decimal comma, status written <c>0</c> or <c>00</c>), strict where
/// guessing would store a wrong number (legacy 8-bit encodings, thousands separators, NaN, malformed times).
/// </summary>
public static class Circular10Parser
{
    public const int FieldCount = 5;

    private const string FieldsExpected = "expected 5 fields (code, value, unit, time, status)";
    private const int MaxFieldsKept = 16;
    private const int MaxNumberLength = 64;
    private const int MaxQuotedLength = 40;
    private const int MaxIssueLineLength = 200;

    // Below this many lines a linear scan for duplicates beats building a hash set (typical files have ~8 lines).
    private const int DuplicateIndexThreshold = 32;

    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => char.IsControl(c) && c != '\t').ToArray());

    public static ParsedFile Parse(ReadOnlySpan<byte> content) => Parse(content, ParseLimits.Default);

    public static ParsedFile Parse(ReadOnlySpan<byte> content, ParseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (content.Length > limits.MaxBytes)
        {
            return Reject($"file is {content.Length} bytes, larger than the limit of {limits.MaxBytes} bytes", DataFileEncoding.Unknown);
        }

        if (content.IsEmpty)
        {
            return Reject("file is empty (0 bytes)", DataFileEncoding.Unknown);
        }

        var encoding = DetectEncoding(content, out var bomLength, out var encodingError);
        if (encodingError is not null)
        {
            return Reject(encodingError, encoding);
        }

        var body = content[bomLength..];
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(body.Length, 1));
        try
        {
            if (!TryDecode(body, bomLength, encoding, rented, out var charCount, out var decodeError))
            {
                return Reject(decodeError, DataFileEncoding.Unknown);
            }

            var text = rented.AsSpan(0, charCount);
            if (text.Length > 0 && text[^1] == '\x1A')
            {
                text = text[..^1]; // DOS end-of-file marker (Ctrl-Z) left by old Windows tools
            }

            return ParseText(text, limits, encoding);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static ParsedFile Reject(string reason, DataFileEncoding encoding) => new([], [], reason, encoding);

    private static DataFileEncoding DetectEncoding(ReadOnlySpan<byte> content, out int bomLength, out string? error)
    {
        error = null;
        bomLength = 0;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            error = "file is UTF-32 (byte-order mark found); only UTF-8 (and UTF-16 with a byte-order mark) is accepted";
            return DataFileEncoding.Unknown;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bomLength = 3;
            return DataFileEncoding.Utf8WithBom;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            bomLength = 2;
            return DataFileEncoding.Utf16LittleEndian;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            bomLength = 2;
            return DataFileEncoding.Utf16BigEndian;
        }

        return DataFileEncoding.Utf8;
    }

    private static bool TryDecode(
        ReadOnlySpan<byte> body,
        int bomLength,
        DataFileEncoding encoding,
        Span<char> destination,
        out int charCount,
        [NotNullWhen(false)] out string? error)
    {
        charCount = 0;
        if (body.IsEmpty)
        {
            error = "file is empty (only a byte-order mark)";
            return false;
        }

        if (encoding is DataFileEncoding.Utf16LittleEndian or DataFileEncoding.Utf16BigEndian)
        {
            return TryDecodeUtf16(body, bomLength, encoding == DataFileEncoding.Utf16BigEndian, destination, out charCount, out error);
        }

        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            var looksUtf16 = body.Length >= 4
                && ((body[1] == 0 && body[3] == 0 && body[0] != 0 && body[2] != 0)
                    || (body[0] == 0 && body[2] == 0 && body[1] != 0 && body[3] != 0));
            error = $"file is binary, not text: NUL byte at offset {bomLength + nul}"
                + (looksUtf16 ? " (it looks like UTF-16 without a byte-order mark, which is not accepted)" : string.Empty);
            return false;
        }

        // Strict: an invalid sequence is an error, never a replacement character. Windows-1258/1252 bytes for
        // Vietnamese letters are not valid UTF-8, and guessing the code page would corrupt codes like "Nhiệt độ".
        var status = Utf8.ToUtf16(body, destination, out var bytesRead, out charCount, replaceInvalidSequences: false, isFinalBlock: true);
        if (status != OperationStatus.Done)
        {
            error = $"file is not valid UTF-8: byte 0x{body[bytesRead]:X2} at offset {bomLength + bytesRead} is not part of a UTF-8 character; "
                + "legacy encodings such as Windows-1258, Windows-1252 or TCVN3 are not accepted, the file must be saved as UTF-8";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryDecodeUtf16(
        ReadOnlySpan<byte> body,
        int bomLength,
        bool bigEndian,
        Span<char> destination,
        out int charCount,
        [NotNullWhen(false)] out string? error)
    {
        charCount = 0;
        if (body.Length % 2 != 0)
        {
            error = $"UTF-16 file has an odd number of bytes ({bomLength + body.Length}); it is truncated or not UTF-16";
            return false;
        }

        charCount = body.Length / 2;
        var units = MemoryMarshal.Cast<char, ushort>(destination[..charCount]);
        var source = MemoryMarshal.Cast<byte, ushort>(body);
        if (bigEndian == BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, units);
        }
        else
        {
            source.CopyTo(units);
        }

        var text = destination[..charCount];
        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            error = $"file is binary, not text: NUL character at offset {bomLength + (2 * nul)}";
            return false;
        }

        var surrogate = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (surrogate >= 0)
        {
            var paired = char.IsHighSurrogate(text[surrogate]) && surrogate + 1 < text.Length && char.IsLowSurrogate(text[surrogate + 1]);
            if (!paired)
            {
                error = $"file is not valid UTF-16: unpaired surrogate at offset {bomLength + (2 * surrogate)}";
                return false;
            }

            var next = text[(surrogate + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            surrogate = next < 0 ? -1 : surrogate + 2 + next;
        }

        error = null;
        return true;
    }

    private static ParsedFile ParseText(ReadOnlySpan<char> text, ParseLimits limits, DataFileEncoding encoding)
    {
        var lines = new List<ParsedLine>();
        var issues = new List<LineIssue>();
        Dictionary<(string Code, DateTime Time), int>? duplicateIndex = null;
        var lineNumber = 0;
        var position = 0;
        while (position < text.Length)
        {
            var rest = text[position..];
            var lineEnd = rest.IndexOfAny(LineBreaks);
            ReadOnlySpan<char> line;
            if (lineEnd < 0)
            {
                line = rest;
                position = text.Length;
            }
            else
            {
                line = rest[..lineEnd];
                position += lineEnd + 1;
                // CRLF is one break; a lone CR (old Mac tools) or a lone LF is one break too.
                if (rest[lineEnd] == '\r' && lineEnd + 1 < rest.Length && rest[lineEnd + 1] == '\n')
                {
                    position++;
                }
            }

            lineNumber++;
            if (lineNumber > limits.MaxLines)
            {
                return Reject($"file has more than {limits.MaxLines} lines", encoding);
            }

            var reason = ReadLine(line, lineNumber, limits, out var parsed);
            if (reason is not null)
            {
                issues.Add(new LineIssue(lineNumber, Truncate(line), reason));
                continue;
            }

            if (parsed is null)
            {
                continue; // blank or comment line
            }

            var duplicateOf = FindDuplicate(lines, ref duplicateIndex, parsed);
            if (duplicateOf > 0)
            {
                issues.Add(new LineIssue(lineNumber, Truncate(line),
                    $"duplicate of line {duplicateOf}: same code '{Quote(parsed.RawCode)}' and time {parsed.LocalTime:yyyyMMddHHmmss}"));
                continue;
            }

            lines.Add(parsed);
        }

        if (lines.Count == 0 && issues.Count == 0)
        {
            return Reject("file has no data lines (only blank or comment lines)", encoding);
        }

        return new ParsedFile(lines, issues, null, encoding);
    }

    /// <summary>Null reason and null line: blank or comment. Null reason and a line: parsed. A reason: an issue.</summary>
    private static string? ReadLine(ReadOnlySpan<char> line, int lineNumber, ParseLimits limits, out ParsedLine? parsed)
    {
        parsed = null;
        if (line.Length > limits.MaxLineLength)
        {
            return $"line is {line.Length} characters long, longer than the limit of {limits.MaxLineLength}";
        }

        var content = line.TrimStart(" \t");
        var leading = line.Length - content.Length;
        content = content.TrimEnd(" \t");
        if (content.IsEmpty || content[0] == '#')
        {
            return null;
        }

        var control = content.IndexOfAny(ControlCharacters);
        if (control >= 0)
        {
            return $"line contains control character U+{(int)content[control]:X4} at column {leading + control + 1}";
        }

        Span<Range> fields = stackalloc Range[MaxFieldsKept];
        var count = SplitFields(content, fields, out var separator);
        if (count != FieldCount)
        {
            return FieldCountReason(content, fields, count);
        }

        var code = content[fields[0]];
        if (code.IsEmpty)
        {
            return "field 1 (parameter code) is empty";
        }

        var valueReason = TryParseValue(content[fields[1]], out var value);
        if (valueReason is not null)
        {
            return valueReason;
        }

        var timeToken = content[fields[3]];
        if (timeToken.IsEmpty)
        {
            return "field 4 (time) is empty";
        }

        if (!Circular10Timestamp.TryParse(timeToken, out var local, out var problem))
        {
            return $"time '{Quote(timeToken)}' is not a valid yyyyMMddHHmmss: {problem}";
        }

        var statusToken = content[fields[4]];
        if (!TryParseStatus(statusToken, out var status))
        {
            return statusToken.IsEmpty ? "field 5 (status) is empty" : $"status '{Quote(statusToken)}' is not 00, 01 or 02";
        }

        parsed = new ParsedLine(
            lineNumber,
            code.ToString(),
            value,
            content[fields[2]].ToString(),
            local,
            VietnamTime.ToUtc(local),
            status,
            separator,
            line.ToString());
        return null;
    }

    /// <summary>
    /// Splits a trimmed, non-empty line. <c>;</c> wins when present (a decimal comma is then unambiguous); else TAB,
    /// keeping empty fields so that a missing value shows as empty rather than shifting the unit into its place;
    /// else runs of white space.
    /// </summary>
    private static int SplitFields(ReadOnlySpan<char> content, Span<Range> fields, out FieldSeparator separator)
    {
        if (content.Contains(';'))
        {
            separator = FieldSeparator.Semicolon;
            // A trailing ';' (spreadsheet export) ends the line; it is not an empty sixth field.
            return SplitOn(content.TrimEnd("; \t"), ';', fields);
        }

        if (content.Contains('\t'))
        {
            separator = FieldSeparator.Tab;
            var count = SplitOn(content, '\t', fields);
            if (count == FieldCount)
            {
                return count;
            }

            // TABs padded or aligned with spaces, or several TABs in a row: read white-space runs instead.
            Span<Range> runs = stackalloc Range[MaxFieldsKept];
            var runCount = JoinSpacedCode(content, runs, SplitOnWhitespaceRuns(content, runs));
            if (runCount == FieldCount)
            {
                separator = FieldSeparator.MixedWhitespace;
                runs.CopyTo(fields);
                return runCount;
            }

            return count;
        }

        separator = FieldSeparator.Spaces;
        return JoinSpacedCode(content, fields, SplitOnWhitespaceRuns(content, fields));
    }

    private static int SplitOn(ReadOnlySpan<char> content, char separator, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var next = content[start..].IndexOf(separator);
            var end = next < 0 ? content.Length : start + next;
            if (count < fields.Length)
            {
                fields[count] = Trimmed(content, start, end);
            }

            count++;
            if (next < 0)
            {
                return count;
            }

            start = end + 1;
        }
    }

    private static int SplitOnWhitespaceRuns(ReadOnlySpan<char> content, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (i < content.Length)
        {
            var start = i;
            var length = content[i..].IndexOfAny(' ', '\t');
            var end = length < 0 ? content.Length : i + length;
            if (count < fields.Length)
            {
                fields[count] = new Range(start, end);
            }

            count++;
            i = end;
            while (i < content.Length && content[i] is ' ' or '\t')
            {
                i++;
            }
        }

        return count;
    }

    /// <summary>
    /// With white-space separators a code written with a space (<c>Nhiet do 25.3 oC …</c>) splits into more than five
    /// fields. When the last four fields are exactly value, unit, time and status, the leading ones are the code.
    /// </summary>
    private static int JoinSpacedCode(ReadOnlySpan<char> content, Span<Range> fields, int count)
    {
        if (count <= FieldCount || count > fields.Length)
        {
            return count;
        }

        var tail = count - (FieldCount - 1);
        if (!Circular10Timestamp.IsFourteenDigits(content[fields[count - 2]]) || !TryParseStatus(content[fields[count - 1]], out _)
            || TryParseValue(content[fields[tail]], out _) is not null)
        {
            return count;
        }

        fields[0] = new Range(fields[0].Start, fields[tail - 1].End);
        for (var i = 1; i < FieldCount; i++)
        {
            fields[i] = fields[tail + i - 1];
        }

        return FieldCount;
    }

    private static Range Trimmed(ReadOnlySpan<char> content, int start, int end)
    {
        while (start < end && content[start] is ' ' or '\t')
        {
            start++;
        }

        while (end > start && content[end - 1] is ' ' or '\t')
        {
            end--;
        }

        return new Range(start, end);
    }

    private static string FieldCountReason(ReadOnlySpan<char> content, ReadOnlySpan<Range> fields, int count)
    {
        if (count == FieldCount - 1 && Circular10Timestamp.IsFourteenDigits(content[fields[3]]))
        {
            return $"status is missing: {FieldsExpected}, found {count}";
        }

        if (count == FieldCount - 1 && Circular10Timestamp.IsFourteenDigits(content[fields[2]]))
        {
            return $"value or unit is missing: {FieldsExpected}, found {count}";
        }

        if (count > FieldCount)
        {
            return $"{FieldsExpected}, found {count}: unexpected trailing '{Quote(content[fields[FieldCount]])}'";
        }

        // A comma-separated line reads as one field; say so rather than leave the vendor guessing.
        return count == 1 && content.Contains(',')
            ? $"{FieldsExpected}, found 1; a comma is not a field separator (use TAB)"
            : $"{FieldsExpected}, found {count}";
    }

    /// <summary>
    /// Plain decimals: optional sign, digits, one decimal point or one decimal comma, optional exponent
    /// (C's <c>%g</c> writes <c>1e-05</c>). A single comma is a decimal comma (<c>45,2</c>); a comma together with a
    /// point, or several commas, is a thousands separator and is refused: <c>1,234.5</c> could be 1.2345 or 1234.5.
    /// </summary>
    private static string? TryParseValue(ReadOnlySpan<char> token, out double value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return "field 2 (value) is empty";
        }

        var i = token[0] is '+' or '-' ? 1 : 0;
        int digits = 0, exponentDigits = 0, points = 0, commas = 0;
        var exponent = false;
        for (; i < token.Length; i++)
        {
            var c = token[i];
            if (char.IsAsciiDigit(c))
            {
                if (exponent)
                {
                    exponentDigits++;
                }
                else
                {
                    digits++;
                }
            }
            else if (c is '.' && !exponent)
            {
                points++;
            }
            else if (c is ',' && !exponent)
            {
                commas++;
            }
            else if (c is 'e' or 'E' && !exponent && digits > 0)
            {
                exponent = true;
                if (i + 1 < token.Length && token[i + 1] is '+' or '-')
                {
                    i++;
                }
            }
            else
            {
                return NotANumber(token);
            }
        }

        if (commas > 0 && points > 0)
        {
            return $"field 2 '{Quote(token)}' mixes ',' and '.': thousands separators are not accepted";
        }

        if (commas > 1)
        {
            return $"field 2 '{Quote(token)}' has more than one ',': thousands separators are not accepted";
        }

        if (points > 1 || digits == 0 || (exponent && exponentDigits == 0))
        {
            return NotANumber(token);
        }

        if (token.Length > MaxNumberLength)
        {
            return $"field 2 is {token.Length} characters long, too long for a number";
        }

        Span<char> buffer = stackalloc char[MaxNumberLength];
        token.CopyTo(buffer);
        var number = buffer[..token.Length];
        number.Replace(',', '.');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            value = 0;
            return $"field 2 '{Quote(token)}' is out of the range of a double";
        }

        return null;
    }

    private static string NotANumber(ReadOnlySpan<char> token)
    {
        var unsigned = token.TrimStart("+-");
        var special = unsigned.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("Inf", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("Infinity", StringComparison.OrdinalIgnoreCase)
            || unsigned.SequenceEqual("∞");
        return special
            ? $"field 2 '{Quote(token)}' is not a finite number: NaN and Infinity are not accepted"
            : $"field 2 '{Quote(token)}' is not a number";
    }

    // Status codes of the file [T]: 00 measuring, 01 calibrating, 02 device fault. Written with one or two digits.
    // Other codes (one vendor writes 03 for maintenance) are not guessed: the line is reported with its code.
    private static bool TryParseStatus(ReadOnlySpan<char> token, out MeasurementStatus status)
    {
        var digit = token.Length switch
        {
            1 => token[0],
            2 when token[0] == '0' => token[1],
            _ => '\0',
        };
        status = digit switch
        {
            '0' => MeasurementStatus.Measuring,
            '1' => MeasurementStatus.Calibrating,
            '2' => MeasurementStatus.Fault,
            _ => (MeasurementStatus)(-1),
        };
        return digit is >= '0' and <= '2';
    }

    private static int FindDuplicate(List<ParsedLine> lines, ref Dictionary<(string Code, DateTime Time), int>? index, ParsedLine line)
    {
        if (index is null)
        {
            foreach (var earlier in lines)
            {
                if (earlier.LocalTime == line.LocalTime && string.Equals(earlier.RawCode, line.RawCode, StringComparison.OrdinalIgnoreCase))
                {
                    return earlier.LineNumber;
                }
            }

            if (lines.Count + 1 < DuplicateIndexThreshold)
            {
                return 0;
            }

            index = new Dictionary<(string Code, DateTime Time), int>(CodeAndTimeComparer.Instance);
            foreach (var earlier in lines)
            {
                index[(earlier.RawCode, earlier.LocalTime)] = earlier.LineNumber;
            }
        }
        else if (index.TryGetValue((line.RawCode, line.LocalTime), out var first))
        {
            return first;
        }

        index[(line.RawCode, line.LocalTime)] = line.LineNumber;
        return 0;
    }

    private static string Quote(ReadOnlySpan<char> token) =>
        token.Length <= MaxQuotedLength ? token.ToString() : string.Concat(token[..MaxQuotedLength], "…");

    private static string Truncate(ReadOnlySpan<char> line) =>
        line.Length <= MaxIssueLineLength ? line.ToString() : string.Concat(line[..MaxIssueLineLength], "…");

    private sealed class CodeAndTimeComparer : IEqualityComparer<(string Code, DateTime Time)>
    {
        public static readonly CodeAndTimeComparer Instance = new();

        public bool Equals((string Code, DateTime Time) x, (string Code, DateTime Time) y) =>
            x.Time == y.Time && string.Equals(x.Code, y.Code, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Code, DateTime Time) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Code), obj.Time);
    }
}
