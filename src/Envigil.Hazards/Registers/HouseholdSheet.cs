using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Envigil.Hazards.Registers;

/// <summary>One household row as read from a sheet, before it is judged against the province.</summary>
public sealed record HouseholdRow(int Row, string? CommuneCode, string HeadName, string Address, double Latitude, double Longitude, int Members,
    int Elderly, int Disabled, int Children, int Pregnant, string? Phone, RelocationStatus Relocation, DateOnly? PlannedOn, DateOnly? RelocatedOn, string? Destination, string? Support);

/// <summary>
/// Reads the household register communes keep in spreadsheets: .xlsx (first sheet) or CSV (UTF-8, comma or semicolon).
/// Headers are Vietnamese or English, with or without diacritics. A row with any error is left out with its reasons.
/// Pure: bytes in, rows and errors out.
/// </summary>
public static class HouseholdSheet
{
    public const int MaxDataRows = 50_000;
    public const int MaxCellLength = 500;
    private const long MaxExpandedXlsxBytes = 512L * 1024 * 1024;

    private enum Field { Commune, Head, Address, Latitude, Longitude, Members, Elderly, Disabled, Children, Pregnant, Phone, Relocation, PlannedOn, RelocatedOn, Destination, Support }

    // Header spellings after folding (lower case, no diacritics, no spaces or punctuation).
    private static readonly Dictionary<string, Field> Headers = new()
    {
        ["communecode"] = Field.Commune, ["commune"] = Field.Commune, ["maxa"] = Field.Commune, ["xa"] = Field.Commune,
        ["headname"] = Field.Head, ["head"] = Field.Head, ["chuho"] = Field.Head, ["hotenchuho"] = Field.Head,
        ["address"] = Field.Address, ["diachi"] = Field.Address,
        ["latitude"] = Field.Latitude, ["lat"] = Field.Latitude, ["vido"] = Field.Latitude,
        ["longitude"] = Field.Longitude, ["lon"] = Field.Longitude, ["lng"] = Field.Longitude, ["kinhdo"] = Field.Longitude,
        ["members"] = Field.Members, ["sonhankhau"] = Field.Members, ["songuoi"] = Field.Members,
        ["elderly"] = Field.Elderly, ["nguoicaotuoi"] = Field.Elderly,
        ["disabled"] = Field.Disabled, ["nguoikhuyettat"] = Field.Disabled,
        ["children"] = Field.Children, ["treem"] = Field.Children,
        ["pregnant"] = Field.Pregnant, ["phunumangthai"] = Field.Pregnant,
        ["phone"] = Field.Phone, ["dienthoai"] = Field.Phone, ["sodienthoai"] = Field.Phone,
        ["relocation"] = Field.Relocation, ["didoi"] = Field.Relocation, ["tinhtrangdidoi"] = Field.Relocation,
        ["relocationplannedon"] = Field.PlannedOn, ["ngaydukiendidoi"] = Field.PlannedOn,
        ["relocatedon"] = Field.RelocatedOn, ["ngaydidoi"] = Field.RelocatedOn,
        ["destination"] = Field.Destination, ["noididen"] = Field.Destination, ["noitaidinhcu"] = Field.Destination,
        ["support"] = Field.Support, ["hotro"] = Field.Support,
    };

    private static readonly Dictionary<string, RelocationStatus> RelocationWords = new()
    {
        [""] = RelocationStatus.NotNeeded, ["notneeded"] = RelocationStatus.NotNeeded, ["khongcan"] = RelocationStatus.NotNeeded,
        ["planned"] = RelocationStatus.Planned, ["kehoach"] = RelocationStatus.Planned, ["cokehoach"] = RelocationStatus.Planned,
        ["inprogress"] = RelocationStatus.InProgress, ["dangdidoi"] = RelocationStatus.InProgress,
        ["relocated"] = RelocationStatus.Relocated, ["dadidoi"] = RelocationStatus.Relocated,
        ["refused"] = RelocationStatus.Refused, ["tuchoi"] = RelocationStatus.Refused,
    };

    public static (IReadOnlyList<HouseholdRow> Rows, IReadOnlyList<ImportError> Errors) Read(byte[] content, string fileName)
    {
        var table = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(content, out var fileError) : ReadCsv(content, out fileError);
        if (table is null)
            return ([], [fileError!]);
        return Judge(table);
    }

    private static (IReadOnlyList<HouseholdRow>, IReadOnlyList<ImportError>) Judge(List<string[]> table)
    {
        var rows = new List<HouseholdRow>();
        var errors = new List<ImportError>();
        if (table.Count == 0)
            return (rows, [new(0, null, "Tệp trống.", "The file is empty.")]);
        var columns = new Dictionary<Field, int>();
        for (var c = 0; c < table[0].Length; c++)
            if (Headers.TryGetValue(Fold(table[0][c]), out var field))
                columns.TryAdd(field, c);
        var missing = new[] { Field.Head, Field.Address, Field.Latitude, Field.Longitude, Field.Members }.Where(f => !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            return (rows, [new(1, null, $"Thiếu cột: {string.Join(", ", missing)} (ví dụ: chu_ho, dia_chi, vi_do, kinh_do, so_nhan_khau).",
                $"Missing columns: {string.Join(", ", missing)} (e.g. head_name, address, latitude, longitude, members).")]);
        if (table.Count - 1 > MaxDataRows)
            return (rows, [new(0, null, $"Tối đa {MaxDataRows} dòng mỗi tệp.", $"At most {MaxDataRows} rows per file.")]);

        for (var i = 1; i < table.Count; i++)
        {
            var cells = table[i];
            if (cells.All(string.IsNullOrWhiteSpace))
                continue;
            var rowNumber = i + 1;
            var before = errors.Count;
            string? Cell(Field f) => columns.TryGetValue(f, out var c) && c < cells.Length && !string.IsNullOrWhiteSpace(cells[c]) ? cells[c].Trim() : null;
            void Error(Field f, string vi, string en) => errors.Add(new(rowNumber, f.ToString(), vi, en));
            string Text(Field f, bool required, string label)
            {
                var value = Cell(f);
                if (value is null && required)
                    Error(f, $"Thiếu {label}.", $"{f} is missing.");
                if (value is { Length: > MaxCellLength })
                    Error(f, $"{label} quá dài (tối đa {MaxCellLength} ký tự).", $"{f} is too long (at most {MaxCellLength} characters).");
                return value ?? "";
            }
            double Coordinate(Field f, double min, double max, string label)
            {
                var value = Cell(f);
                if (value is null || !double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    Error(f, $"{label} '{value}' không phải là số.", $"{f} '{value}' is not a number.");
                    return 0;
                }
                if (d < min || d > max)
                    Error(f, $"{label} {d} ngoài khoảng {min}–{max} (WGS84, độ thập phân).", $"{f} {d} is outside {min}–{max} (WGS84 decimal degrees).");
                return d;
            }
            int Count(Field f, bool required, string label)
            {
                var value = Cell(f);
                if (value is null)
                {
                    if (required)
                        Error(f, $"Thiếu {label}.", $"{f} is missing.");
                    return 0;
                }
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 100)
                {
                    Error(f, $"{label} '{value}' phải là số nguyên 0–100.", $"{f} '{value}' must be a whole number 0–100.");
                    return 0;
                }
                return n;
            }
            DateOnly? Date(Field f, string label)
            {
                var value = Cell(f);
                if (value is null)
                    return null;
                if (DateOnly.TryParseExact(value, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return d;
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 100_000)
                    return DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays(Math.Floor(serial))); // an Excel date cell
                Error(f, $"{label} '{value}' không phải là ngày (dd/MM/yyyy).", $"{f} '{value}' is not a date (dd/MM/yyyy).");
                return null;
            }

            var commune = Cell(Field.Commune);
            var head = Text(Field.Head, true, "họ tên chủ hộ");
            var address = Text(Field.Address, true, "địa chỉ");
            var latitude = Coordinate(Field.Latitude, -90, 90, "Vĩ độ");
            var longitude = Coordinate(Field.Longitude, -180, 180, "Kinh độ");
            var members = Count(Field.Members, true, "số nhân khẩu");
            if (members == 0 && Cell(Field.Members) is not null && errors.Count == before)
                Error(Field.Members, "Số nhân khẩu phải từ 1.", "Members must be at least 1.");
            var elderly = Count(Field.Elderly, false, "số người cao tuổi");
            var disabled = Count(Field.Disabled, false, "số người khuyết tật");
            var children = Count(Field.Children, false, "số trẻ em");
            var pregnant = Count(Field.Pregnant, false, "số phụ nữ mang thai");
            foreach (var (f, n) in new[] { (Field.Elderly, elderly), (Field.Disabled, disabled), (Field.Children, children), (Field.Pregnant, pregnant) })
                if (n > members && members > 0)
                    Error(f, $"{f}: {n} nhiều hơn số nhân khẩu ({members}).", $"{f}: {n} is more than the members ({members}).");
            var phone = Text(Field.Phone, false, "điện thoại");
            var relocationText = Fold(Cell(Field.Relocation) ?? "");
            if (!RelocationWords.TryGetValue(relocationText, out var relocation))
                Error(Field.Relocation, $"Tình trạng di dời '{Cell(Field.Relocation)}' không hợp lệ (không cần, kế hoạch, đang di dời, đã di dời, từ chối).",
                    $"Relocation '{Cell(Field.Relocation)}' is not valid (NotNeeded, Planned, InProgress, Relocated, Refused).");
            var planned = Date(Field.PlannedOn, "Ngày dự kiến di dời");
            var relocatedOn = Date(Field.RelocatedOn, "Ngày di dời");
            var destination = Text(Field.Destination, false, "nơi đến");
            var support = Text(Field.Support, false, "hỗ trợ");
            if (errors.Count > before)
                continue;
            rows.Add(new HouseholdRow(rowNumber, commune, head, address, latitude, longitude, members, elderly, disabled, children, pregnant,
                phone.Length == 0 ? null : phone, relocation, planned, relocatedOn, destination.Length == 0 ? null : destination, support.Length == 0 ? null : support));
        }
        return (rows, errors);
    }

    /// <summary>Lower case, no diacritics (đ → d), letters and digits only: "Số nhân khẩu" → "sonhankhau".</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(c);
        return builder.ToString();
    }

    private static List<string[]>? ReadCsv(byte[] content, out ImportError? error)
    {
        error = null;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            error = new(0, null, "Tệp CSV phải mã hoá UTF-8.", "The CSV file must be UTF-8.");
            return null;
        }
        text = text.TrimStart('\uFEFF');
        var firstLine = text.AsSpan(0, Math.Max(0, text.IndexOf('\n') is var n && n >= 0 ? n : text.Length));
        var separator = firstLine.Count(';') > firstLine.Count(',') ? ';' : ',';
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                if (rows.Count > MaxDataRows + 1)
                    break;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }
        return rows;
    }

    private static List<string[]>? ReadXlsx(byte[] content, out ImportError? error)
    {
        error = null;
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                // A few MB of .xlsx expand to far less than this; more is a zip bomb, not a register.
                if (zip.Entries.Sum(e => e.Length) > MaxExpandedXlsxBytes)
                {
                    error = new(0, null, "Tệp .xlsx giải nén quá lớn.", "The .xlsx file expands to too much data.");
                    return null;
                }
            }
            using var document = SpreadsheetDocument.Open(new MemoryStream(content), false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
            var firstSheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
            var part = (WorksheetPart)workbook.GetPartById(firstSheet.Id!.Value!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var rows = new List<string[]>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    if (column > 100)
                        continue;
                    while (cells.Count < column)
                        cells.Add("");
                    var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
                    cells.Add(cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, out var s) && s < shared.Count ? shared[s] : raw);
                }
                var index = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)) - 1;
                while (rows.Count < index && rows.Count <= MaxDataRows + 1)
                    rows.Add([]);
                rows.Add([.. cells]);
                if (rows.Count > MaxDataRows + 1)
                    break;
            }
            return rows;
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or IOException or InvalidOperationException or ArgumentException)
        {
            error = new(0, null, "Tệp không phải bảng tính .xlsx đọc được.", "The file is not a readable .xlsx workbook.");
            return null;
        }
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
            return null;
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetterUpper(c))
                break;
            index = index * 26 + (c - 'A' + 1);
        }
        return index == 0 ? null : index - 1;
    }
}
