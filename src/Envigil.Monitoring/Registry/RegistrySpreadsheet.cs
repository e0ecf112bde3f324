using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Envigil.Monitoring.Registry;

/// <summary>The three tables of the registry; one .xlsx sheet or one CSV file each.</summary>
public enum RegistryTable
{
    Facilities,
    Stations,
    Datastreams,
}

/// <summary>
/// A problem found while importing. <see cref="Table"/> is a <see cref="RegistryTable"/> name, or <c>Workbook</c> for a
/// problem with the whole .xlsx file. <see cref="Row"/> is the row number the person sees in Excel (header = 1);
/// 0 means the whole file or sheet. <see cref="Column"/> is the header as written in the file, null when no single column is at fault.
/// </summary>
public sealed record RowError(string Table, int Row, string? Column, string MessageVi, string MessageEn);

/// <summary>
/// The valid rows of an imported registry. A row with any error is left out; the other rows are here.
/// Warnings (each "Vietnamese / English") do not stop a row.
/// </summary>
public sealed record RegistryImport(
    IReadOnlyList<Facility> Facilities,
    IReadOnlyList<Station> Stations,
    IReadOnlyList<Datastream> Datastreams,
    IReadOnlyList<RowError> Errors,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Reads and writes the facility/station/datastream registry that provinces keep in spreadsheets:
/// .xlsx (one sheet per table) and CSV (one table per file). Headers may be Vietnamese or English, in any case,
/// with or without diacritics. Pure: streams in, records and errors out.
/// </summary>
public static partial class RegistrySpreadsheet
{
    /// <summary>Largest file accepted (CSV or .xlsx).</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Largest number of non-empty data rows in one table.</summary>
    public const int MaxDataRows = 20_000;

    /// <summary>Longest text accepted in one cell.</summary>
    public const int MaxCellLength = 1_000;

    /// <summary>Columns beyond this are ignored (formatting often stretches a sheet to column XFD).</summary>
    public const int MaxColumns = 200;

    // A 10 MiB .xlsx expands to far less than this; more means a zip bomb, not a registry.
    private const long MaxExpandedXlsxBytes = 256L * 1024 * 1024;

    private const string WorkbookTable = "Workbook";

    // ---------------------------------------------------------------- import

    /// <summary>Reads all three tables from an .xlsx workbook; sheets are recognised by name ("Cơ sở"/"Facilities", "Trạm"/"Stations", "Thông số"/"Datastreams").</summary>
    public static RegistryImport ReadXlsx(Stream input, Func<string, bool> communeExists)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(communeExists);

        var buffer = ReadBounded(input, WorkbookTable, out var sizeError);
        if (buffer is null)
            return Failed(sizeError!);

        using (buffer)
        {
            var expansionError = CheckExpandedSize(buffer);
            if (expansionError is not null)
                return Failed(expansionError);

            buffer.Position = 0;
            SpreadsheetDocument document;
            try
            {
                document = SpreadsheetDocument.Open(buffer, false, new OpenSettings { MaxCharactersInPart = MaxExpandedXlsxBytes });
            }
            catch (Exception e) when (IsDamagedPackage(e))
            {
                return Failed(NotXlsx());
            }

            using (document)
            {
                try
                {
                    return ReadWorkbook(document, communeExists);
                }
                catch (Exception e) when (IsDamagedPackage(e))
                {
                    return Failed(NotXlsx());
                }
            }
        }
    }

    /// <summary>Reads one table from a CSV file: UTF-8 with or without BOM (or UTF-16 with BOM), delimiter <c>,</c> <c>;</c> or tab detected from the header, RFC 4180 quoting.</summary>
    public static RegistryImport ReadCsv(Stream input, RegistryTable table, Func<string, bool> communeExists)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(communeExists);
        var schema = Schema(table);

        var buffer = ReadBounded(input, table.ToString(), out var sizeError);
        if (buffer is null)
            return Failed(sizeError!);

        string text;
        using (buffer)
        {
            var decoded = Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (decoded is null)
            {
                return Failed(new RowError(table.ToString(), 0, null,
                    "Tệp không phải văn bản UTF-8; trong Excel hãy lưu bằng \"CSV UTF-8 (Comma delimited)\"",
                    "The file is not UTF-8 text; in Excel save it as \"CSV UTF-8 (Comma delimited)\""));
            }

            text = decoded;
        }

        var parsed = CsvTable.Parse(text, table);
        if (parsed.Error is not null)
            return Failed(parsed.Error);

        var sink = new ImportSink();
        ImportTable(schema, parsed.Rows, fromCsv: true, date1904: false, communeExists, sink);
        return sink.ToImport();
    }

    private static RegistryImport ReadWorkbook(SpreadsheetDocument document, Func<string, bool> communeExists)
    {
        var workbookPart = document.WorkbookPart;
        var sheets = workbookPart?.Workbook?.Sheets?.Elements<Sheet>().ToList();
        if (workbookPart is null || sheets is null)
            return Failed(NotXlsx());

        var sink = new ImportSink();
        var sharedStrings = ReadSharedStrings(workbookPart);
        var date1904 = workbookPart.Workbook!.WorkbookProperties?.Date1904?.InnerText is "1" or "true";
        var found = new Dictionary<RegistryTable, string>();

        foreach (var sheet in sheets)
        {
            var sheetName = sheet.Name?.Value ?? "";
            var schema = Schemas.FirstOrDefault(s => s.MatchesSheet(sheetName));
            if (schema is null)
            {
                sink.Warnings.Add($"Bỏ qua trang tính không xác định \"{sheetName}\" / Unknown sheet \"{sheetName}\" ignored");
                continue;
            }

            if (found.TryGetValue(schema.Table, out var first))
            {
                sink.Errors.Add(new RowError(schema.Table.ToString(), 0, null,
                    $"Trang tính \"{sheetName}\" trùng bảng {schema.NameVi} với trang tính \"{first}\"; chỉ đọc trang tính \"{first}\"",
                    $"Sheet \"{sheetName}\" is a second {schema.NameEn} sheet besides \"{first}\"; only \"{first}\" was read"));
                continue;
            }

            found[schema.Table] = sheetName;
            if (sheet.Id?.Value is not { } relationshipId
                || !workbookPart.TryGetPartById(relationshipId, out var part) || part is not WorksheetPart worksheetPart)
            {
                sink.Errors.Add(new RowError(schema.Table.ToString(), 0, null,
                    $"Trang tính \"{sheetName}\" bị hỏng hoặc không phải bảng dữ liệu; không đọc được",
                    $"Sheet \"{sheetName}\" is damaged or not a worksheet; it could not be read"));
                continue;
            }

            var rows = ReadWorksheet(worksheetPart, sharedStrings, schema.Table, out var rowsError);
            if (rowsError is not null)
            {
                sink.Errors.Add(rowsError);
                continue;
            }

            ImportTable(schema, rows!, fromCsv: false, date1904, communeExists, sink);
        }

        if (found.Count == 0)
        {
            sink.Errors.Add(new RowError(WorkbookTable, 0, null,
                "Không tìm thấy trang tính nào tên \"Cơ sở\", \"Trạm\" hoặc \"Thông số\"",
                "No sheet named \"Facilities\", \"Stations\" or \"Datastreams\" was found"));
        }
        else
        {
            foreach (var schema in Schemas.Where(s => !found.ContainsKey(s.Table)))
                sink.Warnings.Add($"Không có trang tính \"{schema.NameVi}\" / No \"{schema.NameEn}\" sheet");
        }

        return sink.ToImport();
    }

    private static List<string> ReadSharedStrings(WorkbookPart workbookPart)
    {
        var strings = new List<string>();
        var table = workbookPart.SharedStringTablePart?.SharedStringTable;
        if (table is null)
            return strings;

        foreach (var item in table.Elements<SharedStringItem>())
            strings.Add(RichText(item.Text, item.Elements<Run>()));
        return strings;
    }

    // Phonetic runs (rPh) are left out on purpose: they are reading aids, not the cell's value.
    private static string RichText(Text? plain, IEnumerable<Run> runs) =>
        plain is not null ? plain.Text : string.Concat(runs.Select(r => r.Text?.Text));

    private static List<SheetRow>? ReadWorksheet(WorksheetPart part, List<string> sharedStrings, RegistryTable table, out RowError? error)
    {
        error = null;
        var rows = new List<SheetRow>();
        var nonEmpty = 0;
        var lastRowNumber = 0;

        // Streaming read: a worksheet is loaded one row at a time, so a large sheet is never held as a whole DOM.
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                continue;

            var row = (Row)reader.LoadCurrentElement()!;
            // Attributes are read as text: a damaged file may hold r="y", and the typed accessors would throw.
            var number = int.TryParse(row.RowIndex?.InnerText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > 0
                ? index
                : lastRowNumber + 1;
            lastRowNumber = number;

            var columnCount = CountColumns(row);
            var cells = new SheetCell[Math.Min(MaxColumns, columnCount)];
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = ColumnIndex(cell.CellReference?.Value) ?? column + 1;
                if (column >= cells.Length)
                    continue;
                cells[column] = ReadCell(cell, sharedStrings);
            }

            var sheetRow = new SheetRow(number, cells, ColumnsCut: columnCount > MaxColumns);
            if (sheetRow.IsEmpty)
                continue;

            if (++nonEmpty > MaxDataRows + 1)
            {
                error = TooManyRows(table);
                return null;
            }

            rows.Add(sheetRow);
        }

        return rows;
    }

    private static int CountColumns(Row row)
    {
        var count = 0;
        var column = -1;
        foreach (var cell in row.Elements<Cell>())
        {
            column = ColumnIndex(cell.CellReference?.Value) ?? column + 1;
            count = Math.Max(count, column + 1);
        }

        return count;
    }

    private static SheetCell ReadCell(Cell cell, List<string> sharedStrings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.InnerText;

        if (type == "s")
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
                ? new SheetCell(sharedStrings[index], IsNumber: false)
                : default;
        }

        if (type == "inlineStr")
            return new SheetCell(cell.InlineString is { } inline ? RichText(inline.Text, inline.Elements<Run>()) : "", IsNumber: false);

        // Boolean ("1"/"0"), formula strings, errors and ISO dates (t="d") are read as the text Excel stored.
        if (!string.IsNullOrEmpty(type) && type != "n")
            return new SheetCell(raw, IsNumber: false);

        return new SheetCell(raw, IsNumber: raw.Length > 0);
    }

    /// <summary>"B12" → 1; null when the reference is missing or malformed.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
            return null;
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
                break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            if (++letters > 3)
                return null;
        }

        return letters == 0 ? null : index - 1;
    }

    private static RowError? CheckExpandedSize(MemoryStream buffer)
    {
        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > MaxExpandedXlsxBytes)
                {
                    return new RowError(WorkbookTable, 0, null,
                        "Tệp .xlsx khi giải nén quá lớn (trên 256 MiB); không đọc",
                        "The .xlsx file expands to more than 256 MiB; not read");
                }
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return NotXlsx();
        }
    }

    /// <summary>
    /// Failures that mean "this file is not a sound .xlsx". System.IO.Packaging reports a missing part with
    /// InvalidOperationException, so that type counts only when it comes from the packaging or Open XML code.
    /// </summary>
    private static bool IsDamagedPackage(Exception e) =>
        e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException
        || (e is InvalidOperationException or ArgumentException or FormatException
            && e.TargetSite?.DeclaringType?.Namespace is { } origin
            && (origin.StartsWith("System.IO.Packaging", StringComparison.Ordinal)
                || origin.StartsWith("System.IO.Compression", StringComparison.Ordinal)
                || origin.StartsWith("DocumentFormat.OpenXml", StringComparison.Ordinal)));

    private static RowError NotXlsx() => new(WorkbookTable, 0, null,
        "Tệp không phải bảng tính .xlsx hợp lệ (tệp .xls cũ cần được lưu lại dưới dạng .xlsx)",
        "The file is not a valid .xlsx workbook (an old .xls file must be saved again as .xlsx)");

    private static RowError TooManyRows(RegistryTable table) => new(table.ToString(), 0, null,
        $"Bảng có hơn {MaxDataRows.ToString("#,##0", VietnameseNumbers)} dòng dữ liệu; hãy chia thành nhiều tệp",
        $"The table has more than {MaxDataRows.ToString("#,##0", CultureInfo.InvariantCulture)} data rows; split it into several files");

    private static MemoryStream? ReadBounded(Stream input, string table, out RowError? error)
    {
        error = null;
        var tooLarge = new RowError(table, 0, null,
            "Tệp lớn hơn 10 MiB; hãy chia thành nhiều tệp",
            "The file is larger than 10 MiB; split it into several files");

        if (input.CanSeek && input.Length - input.Position > MaxFileBytes)
        {
            error = tooLarge;
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                buffer.Dispose();
                error = tooLarge;
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                return StrictUtf8.GetString(bytes[3..]);
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);

            // No BOM: UTF-8 or nothing. Guessing a legacy code page (Windows-1258, TCVN3) would garble names silently.
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static RegistryImport Failed(RowError error) => new([], [], [], [error], []);

    // ---------------------------------------------------------------- rows → records

    private static void ImportTable(
        TableSchema schema, IReadOnlyList<SheetRow> rows, bool fromCsv, bool date1904,
        Func<string, bool> communeExists, ImportSink sink)
    {
        if (rows.Count == 0)
        {
            sink.Warnings.Add($"Bảng {schema.NameVi} trống / The {schema.NameEn} table is empty");
            return;
        }

        var headerAt = FindHeader(schema, rows);
        var header = rows[headerAt];
        if (headerAt > 0)
        {
            sink.Warnings.Add(
                $"Bảng {schema.NameVi}: bỏ qua {headerAt} dòng phía trên dòng tiêu đề (dòng {header.Number}) / " +
                $"{schema.NameEn}: {headerAt} row(s) above the header row (row {header.Number}) ignored");
        }

        var map = MapHeader(schema, header, sink);
        if (map is null)
            return;

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Skip(headerAt + 1))
        {
            var reader = new RowReader(schema, map, row, fromCsv, date1904, communeExists, sink.Errors);
            switch (schema.Table)
            {
                case RegistryTable.Facilities:
                    if (ReadFacility(reader, seen) is { } facility)
                        sink.Facilities.Add(facility);
                    break;
                case RegistryTable.Stations:
                    if (ReadStation(reader, seen) is { } station)
                        sink.Stations.Add(station);
                    break;
                case RegistryTable.Datastreams:
                    if (ReadDatastream(reader, seen) is { } datastream)
                        sink.Datastreams.Add(datastream);
                    break;
            }
        }
    }

    /// <summary>
    /// Provincial sheets often carry a title ("DANH SÁCH CƠ SỞ …") above the header. The header is the first of the
    /// first ten non-empty rows in which at least two cells name a column of the table; failing that, the first row.
    /// </summary>
    private static int FindHeader(TableSchema schema, IReadOnlyList<SheetRow> rows)
    {
        for (var i = 0; i < Math.Min(10, rows.Count); i++)
        {
            var known = rows[i].Cells.Count(c => c.Text is { } text && schema.Columns.Any(spec => spec.Matches(text)));
            if (known >= 2)
                return i;
        }

        return 0;
    }

    private static Dictionary<Field, MappedColumn>? MapHeader(TableSchema schema, SheetRow header, ImportSink sink)
    {
        var map = new Dictionary<Field, MappedColumn>();
        var problems = new List<RowError>();

        for (var i = 0; i < header.Cells.Length; i++)
        {
            var text = Clean(header.Cells[i].Text ?? "");
            if (text.Length == 0)
                continue;

            var spec = schema.Columns.FirstOrDefault(c => c.Matches(text));
            if (spec is null && RowNumberHeaders.Contains(Fold(text)))
                continue;
            if (spec is null)
            {
                sink.Warnings.Add(
                    $"Bảng {schema.NameVi}: bỏ qua cột không xác định \"{text}\" (cột {ColumnName(i)}) / " +
                    $"{schema.NameEn}: unknown column \"{text}\" (column {ColumnName(i)}) ignored");
                continue;
            }

            if (map.TryGetValue(spec.Field, out var earlier))
            {
                problems.Add(new RowError(schema.Table.ToString(), header.Number, text,
                    $"Cột \"{text}\" (cột {ColumnName(i)}) trùng ý nghĩa với cột \"{earlier.Header}\" (cột {ColumnName(earlier.Index)})",
                    $"Column \"{text}\" (column {ColumnName(i)}) means the same as column \"{earlier.Header}\" (column {ColumnName(earlier.Index)})"));
                continue;
            }

            map[spec.Field] = new MappedColumn(i, text, spec);
        }

        if (header.ColumnsCut)
            sink.Warnings.Add($"Bảng {schema.NameVi}: bỏ qua các cột sau cột {ColumnName(MaxColumns - 1)} / {schema.NameEn}: columns after {ColumnName(MaxColumns - 1)} ignored");

        var missing = schema.Columns.Where(c => c.Required && !map.ContainsKey(c.Field)).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new RowError(schema.Table.ToString(), header.Number, null,
                $"Thiếu cột bắt buộc: {string.Join(", ", missing.Select(c => c.Vi))}",
                $"Missing required column(s): {string.Join(", ", missing.Select(c => c.En))}"));
        }

        if (problems.Count > 0)
        {
            sink.Errors.AddRange(problems);
            return null;
        }

        return map;
    }

    private static Facility? ReadFacility(RowReader r, Dictionary<string, int> seen)
    {
        var id = r.Code(Field.FacilityId, required: true);
        if (id is not null)
            r.CheckUnique(Field.FacilityId, id, id, seen, "Mã cơ sở", "Facility id");
        var name = r.Required(Field.Name);
        var taxCode = r.TaxCode(Field.TaxCode);
        var address = r.Text(Field.Address);
        var commune = r.Commune(Field.CommuneCode);
        var industry = r.Text(Field.Industry);
        var riskType = r.Flag(Field.PollutionRiskType);
        var wastewater = r.Number(Field.DesignWastewater, nonNegative: true);
        var emission = r.Number(Field.DesignEmission, nonNegative: true);
        var central = r.Flag(Field.ConnectedToCentralTreatment);
        var permitNumber = r.Text(Field.PermitNumber);
        var permitDate = r.Date(Field.PermitDate);
        var ftp = r.Code(Field.FtpAccount, required: false);

        if (r.HasErrors)
            return null;

        return new Facility
        {
            Id = id!,
            Name = name!,
            TaxCode = taxCode,
            Address = address,
            CommuneCode = commune!,
            IndustryType = industry,
            PollutionRiskType = riskType,
            DesignWastewaterM3PerDay = wastewater,
            DesignEmissionM3PerHour = emission,
            ConnectedToCentralTreatment = central,
            PermitNumber = permitNumber,
            PermitDate = permitDate,
            FtpAccount = ftp,
        };
    }

    private static Station? ReadStation(RowReader r, Dictionary<string, int> seen)
    {
        var code = r.Code(Field.StationCode, required: true);
        if (code is not null)
            r.CheckUnique(Field.StationCode, code, code, seen, "Mã trạm", "Station code");
        var name = r.Required(Field.Name);
        var kind = r.Kind(Field.Kind);
        var facilityId = r.Code(Field.FacilityId, required: false);
        var (latitude, longitude) = r.Position(Field.Latitude, Field.Longitude);
        var commune = r.Commune(Field.CommuneCode);
        var cadence = r.Cadence(Field.Cadence);

        if (r.HasErrors)
            return null;

        return new Station
        {
            Code = code!,
            Name = name!,
            Kind = kind!.Value,
            FacilityId = facilityId,
            Latitude = latitude!.Value,
            Longitude = longitude!.Value,
            CommuneCode = commune!,
            CadenceSeconds = cadence,
        };
    }

    private static Datastream? ReadDatastream(RowReader r, Dictionary<string, int> seen)
    {
        var stationCode = r.Code(Field.StationCode, required: true);
        var parameter = r.Required(Field.Parameter);
        if (stationCode is not null && parameter is not null)
        {
            r.CheckUnique(Field.Parameter, $"{stationCode}\u001f{parameter}", $"{stationCode} / {parameter}", seen,
                "Thông số của trạm", "Station parameter");
        }

        var unit = r.Text(Field.Unit) ?? "";
        var cadence = r.Cadence(Field.Cadence);
        var min = r.Number(Field.PhysicalMin, nonNegative: false);
        var max = r.Number(Field.PhysicalMax, nonNegative: false);
        if (min is not null && max is not null && min >= max)
        {
            r.Error(Field.PhysicalMin,
                $"Giá trị nhỏ nhất ({Vi(min.Value)}) phải nhỏ hơn giá trị lớn nhất ({Vi(max.Value)})",
                $"Physical min ({En(min.Value)}) must be less than physical max ({En(max.Value)})");
        }

        if (r.HasErrors)
            return null;

        return new Datastream
        {
            Id = 0,
            StationCode = stationCode!,
            ParameterCode = parameter!,
            Unit = unit,
            CadenceSeconds = cadence,
            PhysicalMin = min,
            PhysicalMax = max,
        };
    }

    /// <summary>Reads the typed values of one data row, recording each problem against the row and column.</summary>
    private sealed class RowReader(
        TableSchema schema, Dictionary<Field, MappedColumn> map, SheetRow row, bool fromCsv, bool date1904,
        Func<string, bool> communeExists, List<RowError> errors)
    {
        private readonly int _errorsBefore = errors.Count;

        public bool HasErrors => errors.Count > _errorsBefore;

        public void Error(Field field, string vi, string en) =>
            errors.Add(new RowError(schema.Table.ToString(), row.Number, map.TryGetValue(field, out var c) ? c.Header : null, vi, en));

        private SheetCell Cell(Field field) =>
            map.TryGetValue(field, out var column) && column.Index < row.Cells.Length ? row.Cells[column.Index] : default;

        /// <summary>Trimmed text, or null when the cell is empty or the column absent.</summary>
        public string? Text(Field field)
        {
            var cell = Cell(field);
            if (string.IsNullOrEmpty(cell.Text))
                return null;

            var text = cell.IsNumber ? NumberAsText(cell.Text) : cell.Text.Trim();

            // Undo the export's formula-injection guard ('=…) so that a round trip gives the original value.
            if (fromCsv && text.Length > 1 && text[0] == '\'' && FormulaTriggers.Contains(text[1]))
                text = text[1..];

            text = Clean(text);
            if (text.Length == 0)
                return null;
            if (text.Length > MaxCellLength)
            {
                Error(field, $"Giá trị dài quá {MaxCellLength} ký tự", $"The value is longer than {MaxCellLength} characters");
                return null;
            }

            return text;
        }

        public string? Required(Field field)
        {
            var text = Text(field);
            if (text is null && IsBlank(field))
                Error(field, "Thiếu giá trị bắt buộc", "A required value is missing");
            return text;
        }

        private bool IsBlank(Field field) => Clean(Cell(field).Text ?? "").Length == 0;

        public string? Code(Field field, bool required)
        {
            var text = required ? Required(field) : Text(field);
            if (text is null)
                return null;
            if (!CodePattern().IsMatch(text))
            {
                Error(field,
                    $"Mã \"{text}\" không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, '_', '-', '.' và tối đa 64 ký tự",
                    $"Code \"{text}\" is invalid: only ASCII letters, digits, '_', '-', '.' and at most 64 characters");
                return null;
            }

            return text;
        }

        public void CheckUnique(Field field, string key, string shown, Dictionary<string, int> seen, string whatVi, string whatEn)
        {
            if (seen.TryGetValue(key, out var firstRow))
            {
                Error(field,
                    $"{whatVi} \"{shown}\" bị trùng với dòng {firstRow}",
                    $"{whatEn} \"{shown}\" is a duplicate of row {firstRow}");
                return;
            }

            seen[key] = row.Number;
        }

        public string? TaxCode(Field field)
        {
            var text = Text(field);
            if (text is null)
                return null;

            // A tax code typed into a number cell loses its leading zero (Hà Nội codes start with 01).
            if (Cell(field).IsNumber && text.All(char.IsAsciiDigit) && text.Length < 10)
                text = text.PadLeft(10, '0');

            // Circular 105/2020/TT-BTC Art. 5: 10 digits, or 13 digits written 10-3 for dependent units.
            if (!TaxCodePattern().IsMatch(text))
            {
                Error(field,
                    $"Mã số thuế \"{text}\" không hợp lệ: cần 10 chữ số, hoặc 13 chữ số dạng 0123456789-001",
                    $"Tax code \"{text}\" is invalid: 10 digits, or 13 digits written as 0123456789-001");
                return null;
            }

            return text;
        }

        public string? Commune(Field field)
        {
            var text = Required(field);
            if (text is null)
                return null;

            if (Cell(field).IsNumber && text.All(char.IsAsciiDigit) && text.Length < 5)
                text = text.PadLeft(5, '0');

            if (!CommunePattern().IsMatch(text))
            {
                var hint = text.All(char.IsAsciiDigit) && text.Length < 5;
                Error(field,
                    $"Mã xã \"{text}\" phải gồm đúng 5 chữ số" + (hint ? " (Excel có thể đã bỏ các số 0 ở đầu; hãy định dạng cột là Văn bản)" : ""),
                    $"Commune code \"{text}\" must be exactly 5 digits" + (hint ? " (Excel may have dropped leading zeros; format the column as Text)" : ""));
                return null;
            }

            if (!communeExists(text))
            {
                Error(field,
                    $"Mã xã \"{text}\" không có trong danh mục đơn vị hành chính",
                    $"Commune code \"{text}\" is not in the list of administrative units");
                return null;
            }

            return text;
        }

        public double? Number(Field field, bool nonNegative)
        {
            var cell = Cell(field);
            var text = Text(field);
            if (text is null)
                return null;

            if (!TryParseNumber(text, cell.IsNumber, out var value))
            {
                Error(field, $"\"{text}\" không phải là số", $"\"{text}\" is not a number");
                return null;
            }

            if (nonNegative && value < 0)
            {
                Error(field, $"Lưu lượng không được âm ({Vi(value)})", $"A flow cannot be negative ({En(value)})");
                return null;
            }

            return value;
        }

        public bool Flag(Field field)
        {
            var text = Text(field);
            if (text is null)
                return false;

            var folded = Fold(text);
            if (TrueWords.Contains(folded))
                return true;
            if (FalseWords.Contains(folded))
                return false;

            Error(field,
                $"\"{text}\" không phải giá trị có/không (dùng: có, không, x, 1, 0)",
                $"\"{text}\" is not a yes/no value (use: yes, no, x, 1, 0, true, false)");
            return false;
        }

        public DateOnly? Date(Field field)
        {
            var cell = Cell(field);
            var text = Text(field);
            if (text is null)
                return null;

            if (!TryParseDate(text, cell.IsNumber, date1904, out var date))
            {
                Error(field,
                    $"Ngày \"{text}\" không hợp lệ; dùng dạng dd/MM/yyyy, ví dụ 15/03/2023",
                    $"Date \"{text}\" is invalid; use dd/MM/yyyy, e.g. 15/03/2023");
                return null;
            }

            if (date < EarliestDate || date > LatestDate)
            {
                Error(field,
                    $"Ngày {date:dd/MM/yyyy} nằm ngoài khoảng 01/01/1950 – 31/12/2100",
                    $"Date {date:dd/MM/yyyy} is outside 01/01/1950 – 31/12/2100");
                return null;
            }

            return date;
        }

        public StationKind? Kind(Field field)
        {
            var text = Required(field);
            if (text is null)
                return null;

            if (KindWords.TryGetValue(Fold(text), out var kind))
                return kind;

            Error(field,
                $"Loại trạm \"{text}\" không xác định (chấp nhận: {string.Join(", ", Enum.GetValues<StationKind>().Select(k => KindLabel(k, english: false)))})",
                $"Unknown station kind \"{text}\" (accepted: {string.Join(", ", Enum.GetValues<StationKind>().Select(k => KindLabel(k, english: true)))})");
            return null;
        }

        public (double? Latitude, double? Longitude) Position(Field latitudeField, Field longitudeField)
        {
            var latitude = RequiredNumber(latitudeField);
            var longitude = RequiredNumber(longitudeField);
            if (latitude is null || longitude is null)
                return (null, null);

            var latitudeInside = latitude >= MinLatitude && latitude <= MaxLatitude;
            var longitudeInside = longitude >= MinLongitude && longitude <= MaxLongitude;
            if (latitudeInside && longitudeInside)
                return (latitude, longitude);

            var swapped = longitude >= MinLatitude && longitude <= MaxLatitude && latitude >= MinLongitude && latitude <= MaxLongitude;
            if (swapped)
            {
                Error(latitudeField,
                    $"Vĩ độ và kinh độ có vẻ bị đảo ngược (vĩ độ {Vi(latitude.Value)}, kinh độ {Vi(longitude.Value)}); ở Việt Nam vĩ độ khoảng 8–23,5 và kinh độ khoảng 102–110",
                    $"Latitude and longitude look swapped (latitude {En(latitude.Value)}, longitude {En(longitude.Value)}); in Vietnam latitude is about 8–23.5 and longitude about 102–110");
                return (null, null);
            }

            if (!latitudeInside)
            {
                Error(latitudeField,
                    $"Vĩ độ {Vi(latitude.Value)} nằm ngoài lãnh thổ Việt Nam (8–23,5)",
                    $"Latitude {En(latitude.Value)} is outside Vietnam (8–23.5)");
            }

            if (!longitudeInside)
            {
                Error(longitudeField,
                    $"Kinh độ {Vi(longitude.Value)} nằm ngoài lãnh thổ Việt Nam (102–110)",
                    $"Longitude {En(longitude.Value)} is outside Vietnam (102–110)");
            }

            return (null, null);
        }

        private double? RequiredNumber(Field field)
        {
            if (IsBlank(field))
            {
                Error(field, "Thiếu giá trị bắt buộc", "A required value is missing");
                return null;
            }

            return Number(field, nonNegative: false);
        }

        public int Cadence(Field field)
        {
            var cell = Cell(field);
            var text = Text(field);
            if (text is null)
                return DefaultCadenceSeconds;

            if (TryParseNumber(text, cell.IsNumber, out var value)
                && value == Math.Floor(value) && value >= MinCadenceSeconds && value <= MaxCadenceSeconds)
            {
                return (int)value;
            }

            Error(field,
                $"Chu kỳ \"{text}\" phải là số nguyên giây từ {MinCadenceSeconds} đến {MaxCadenceSeconds.ToString("#,##0", VietnameseNumbers)}",
                $"Cadence \"{text}\" must be a whole number of seconds from {MinCadenceSeconds} to {MaxCadenceSeconds.ToString("#,##0", CultureInfo.InvariantCulture)}");
            return DefaultCadenceSeconds;
        }
    }

    // Vietnam's mainland and near-shore islands; the Hoàng Sa and Trường Sa archipelagos lie outside this box.
    private const double MinLatitude = 8, MaxLatitude = 23.5, MinLongitude = 102, MaxLongitude = 110;

    // Circular 10/2021/TT-BTNMT transmission rule: one file every 5 minutes.
    private const int DefaultCadenceSeconds = 300;

    // Sanity bounds of this system, not of a regulation: from one file a minute to one a day.
    private const int MinCadenceSeconds = 60, MaxCadenceSeconds = 86_400;

    private static readonly DateOnly EarliestDate = new(1950, 1, 1), LatestDate = new(2100, 12, 31);

    private const string FormulaTriggers = "=+-@\t\r";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex CommunePattern();

    [GeneratedRegex(@"^\d{10}(-\d{3})?$")]
    private static partial Regex TaxCodePattern();

    // "STT" (số thứ tự) and "No." number the rows in most Vietnamese tables; they are expected, not unknown.
    private static readonly HashSet<string> RowNumberHeaders = ["stt", "tt", "sothutu", "no", "number"];

    private static readonly HashSet<string> TrueWords = ["co", "yes", "y", "x", "1", "true", "dung"];
    private static readonly HashSet<string> FalseWords = ["khong", "no", "n", "0", "false", "sai"];

    private static readonly Dictionary<string, StationKind> KindWords = BuildKindWords();

    private static Dictionary<string, StationKind> BuildKindWords()
    {
        var words = new Dictionary<string, StationKind>();
        foreach (var kind in Enum.GetValues<StationKind>())
        {
            words[Fold(kind.ToString())] = kind;
            words[Fold(KindLabel(kind, english: false))] = kind;
            words[Fold(KindLabel(kind, english: true))] = kind;
        }

        words[Fold("nước ngầm")] = StationKind.Groundwater;
        words[Fold("không khí")] = StationKind.AmbientAir;
        words[Fold("khí thải ống khói")] = StationKind.StackEmission;
        words[Fold("emission")] = StationKind.StackEmission;
        return words;
    }

    private static string KindLabel(StationKind kind, bool english) => (kind, english) switch
    {
        (StationKind.Wastewater, false) => "nước thải",
        (StationKind.StackEmission, false) => "khí thải",
        (StationKind.AmbientAir, false) => "không khí xung quanh",
        (StationKind.SurfaceWater, false) => "nước mặt",
        (StationKind.Groundwater, false) => "nước dưới đất",
        (StationKind.Wastewater, true) => "Wastewater",
        (StationKind.StackEmission, true) => "Stack emission",
        (StationKind.AmbientAir, true) => "Ambient air",
        (StationKind.SurfaceWater, true) => "Surface water",
        (StationKind.Groundwater, true) => "Groundwater",
        _ => kind.ToString(),
    };

    // ---------------------------------------------------------------- values

    /// <summary>
    /// A number with decimal comma or point. One separator is the decimal mark ("1.5", "1,5"); a repeated one groups
    /// thousands ("1.000.000"); with both, the last is the decimal mark ("1.234,5", "1,234.5"). So "1.000" is one, not a thousand.
    /// Number cells of .xlsx are read as stored (invariant).
    /// </summary>
    private static bool TryParseNumber(string text, bool isNumberCell, out double value)
    {
        if (isNumberCell)
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

        value = 0;
        var s = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (s.Length == 0)
            return false;

        var lastDot = s.LastIndexOf('.');
        var lastComma = s.LastIndexOf(',');
        string normalised;
        if (lastDot >= 0 && lastComma >= 0)
        {
            var (decimalMark, groupMark) = lastDot > lastComma ? ('.', ',') : (',', '.');
            var decimalAt = Math.Max(lastDot, lastComma);
            var integerPart = s[..decimalAt];
            if (s.IndexOf(decimalMark) != decimalAt || !IsGrouped(integerPart, groupMark))
                return false;
            normalised = integerPart.Replace(groupMark.ToString(), "") + "." + s[(decimalAt + 1)..];
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var mark = lastDot >= 0 ? '.' : ',';
            if (s.IndexOf(mark) == s.LastIndexOf(mark))
                normalised = s.Replace(mark, '.');
            else if (IsGrouped(s, mark))
                normalised = s.Replace(mark.ToString(), "");
            else
                return false;
        }
        else
        {
            normalised = s;
        }

        return double.TryParse(normalised, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool IsGrouped(string integerPart, char groupMark)
    {
        var groups = integerPart.TrimStart('+', '-').Split(groupMark);
        if (groups.Length == 1)
            return groups[0].All(char.IsAsciiDigit);
        return groups[0].Length is >= 1 and <= 3 && groups.All(g => g.All(char.IsAsciiDigit)) && groups.Skip(1).All(g => g.Length == 3);
    }

    private static string NumberAsText(string raw)
    {
        var trimmed = raw.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return value.ToString("0", CultureInfo.InvariantCulture);
        }

        return trimmed;
    }

    /// <summary>dd/MM/yyyy (also d/M/yyyy, with '-' or '.'), ISO yyyy-MM-dd, or an Excel date serial (a date cell is one).</summary>
    private static bool TryParseDate(string text, bool isNumberCell, bool date1904, out DateOnly date)
    {
        date = default;
        if (isNumberCell || SerialPattern().IsMatch(text))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) || !double.IsFinite(serial))
                return false;
            return TryFromSerial(Math.Floor(serial), date1904, out date);
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^\d{1,7}(\.\d+)?$")]
    private static partial Regex SerialPattern();

    private static readonly string[] DateFormats =
    [
        "d/M/yyyy", "dd/MM/yyyy", "d-M-yyyy", "dd-MM-yyyy", "d.M.yyyy", "dd.MM.yyyy",
        "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss",
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ssK",
    ];

    // Excel's 1900 system counts 1900-02-29, a day that never was; serials from 61 (1900-03-01) on are days since 1899-12-30.
    private static readonly DateOnly SerialEpoch1900 = new(1899, 12, 30);
    private static readonly DateOnly SerialEpoch1904 = new(1904, 1, 1);

    private static bool TryFromSerial(double serial, bool date1904, out DateOnly date)
    {
        date = default;
        if (date1904)
        {
            if (serial < 0 || serial > 2_957_003)
                return false;
            date = SerialEpoch1904.AddDays((int)serial);
            return true;
        }

        if (serial < 61 || serial > 2_958_465)
            return false;
        date = SerialEpoch1900.AddDays((int)serial);
        return true;
    }

    private static int ToSerial(DateOnly date) => date.DayNumber - SerialEpoch1900.DayNumber;

    /// <summary>Controls become spaces, runs of white space collapse, the result is trimmed and in Unicode NFC.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Lower case ASCII letters and digits only: "Lưu lượng (m³/ngày)" → "luuluongm3ngay".</summary>
    internal static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
                continue;
            var c = ch switch
            {
                'đ' or 'Đ' => 'd',
                '³' => '3',
                '²' => '2',
                _ => char.ToLowerInvariant(ch),
            };
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(c);
        }

        return builder.ToString();
    }

    private static string WithoutParentheses(string text) => ParenthesesPattern().Replace(text, " ");

    [GeneratedRegex(@"\([^)]*\)|\[[^\]]*\]")]
    private static partial Regex ParenthesesPattern();

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static readonly NumberFormatInfo VietnameseNumbers = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    private static string Vi(double value) => value.ToString("#,##0.######", VietnameseNumbers);

    private static string En(double value) => value.ToString("#,##0.######", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- export

    /// <summary>Writes an .xlsx workbook with the sheets "Cơ sở", "Trạm", "Thông số" (or English names), header row frozen, dates as date cells shown dd/MM/yyyy.</summary>
    public static void WriteXlsx(
        Stream output, IEnumerable<Facility> facilities, IEnumerable<Station> stations, IEnumerable<Datastream> datastreams,
        bool english = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(facilities);
        ArgumentNullException.ThrowIfNull(stations);
        ArgumentNullException.ThrowIfNull(datastreams);

        // The zip package needs to seek; a response stream cannot, so such a target gets a finished copy.
        var target = output.CanSeek ? output : new MemoryStream();
        using (var document = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = BuildStylesheet();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());

            uint sheetId = 1;
            foreach (var (schema, records) in new (TableSchema, IEnumerable<object>)[]
                     {
                         (FacilitySchema, facilities), (StationSchema, stations), (DatastreamSchema, datastreams),
                     })
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                worksheetPart.Worksheet = BuildWorksheet(schema, records, english);
                sheets.Append(new Sheet
                {
                    Id = workbookPart.GetIdOfPart(worksheetPart),
                    SheetId = sheetId++,
                    Name = english ? schema.NameEn : schema.NameVi,
                });
            }
        }

        if (!ReferenceEquals(target, output))
        {
            target.Position = 0;
            target.CopyTo(output);
            target.Dispose();
        }
    }

    /// <summary>
    /// Writes one table as CSV: UTF-8 with BOM (so Excel shows Vietnamese correctly), comma-delimited, CRLF, numbers with a
    /// decimal point, dates dd/MM/yyyy. Text that Excel would run as a formula (= + - @) is prefixed with a quote.
    /// Only the collection of <paramref name="table"/> is written.
    /// </summary>
    public static void WriteCsv(
        Stream output, RegistryTable table,
        IEnumerable<Facility> facilities, IEnumerable<Station> stations, IEnumerable<Datastream> datastreams,
        bool english = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        var schema = Schema(table);
        IEnumerable<object> records = table switch
        {
            RegistryTable.Facilities => facilities ?? throw new ArgumentNullException(nameof(facilities)),
            RegistryTable.Stations => stations ?? throw new ArgumentNullException(nameof(stations)),
            _ => datastreams ?? throw new ArgumentNullException(nameof(datastreams)),
        };

        output.Write([0xEF, 0xBB, 0xBF]);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 65_536, leaveOpen: true)
        {
            NewLine = "\r\n",
        };

        writer.WriteLine(string.Join(",", schema.Columns.Select(c => CsvField(english ? c.En : c.Vi))));
        foreach (var record in records)
            writer.WriteLine(string.Join(",", schema.Columns.Select(c => CsvField(FormatForCsv(c.Export(record), english)))));
    }

    private static string FormatForCsv(object? value, bool english) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        bool b => YesNo(b, english),
        StationKind kind => KindLabel(kind, english),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string YesNo(bool value, bool english) => (value, english) switch
    {
        (true, false) => "có",
        (false, false) => "không",
        (true, true) => "yes",
        (false, true) => "no",
    };

    internal static string CsvField(string value)
    {
        // OWASP CSV injection: a cell starting with = + - @ (or tab/CR) is a formula to Excel. Plain numbers ("-5") are safe.
        if (value.Length > 0 && FormulaTriggers.Contains(value[0])
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",;\"\r\n\t") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }

    internal static Stylesheet BuildStylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "dd/mm/yyyy" }) { Count = 1 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = DateFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 3 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private const uint DateFormatId = 164;
    internal const uint DateStyle = 1, HeaderStyle = 2;

    private static Worksheet BuildWorksheet(TableSchema schema, IEnumerable<object> records, bool english)
    {
        var sheetData = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var i = 0; i < schema.Columns.Length; i++)
        {
            var cell = TextCell(english ? schema.Columns[i].En : schema.Columns[i].Vi, i, 1);
            cell.StyleIndex = HeaderStyle;
            header.Append(cell);
        }

        sheetData.Append(header);

        uint rowNumber = 1;
        foreach (var record in records)
        {
            rowNumber++;
            var row = new Row { RowIndex = rowNumber };
            for (var i = 0; i < schema.Columns.Length; i++)
            {
                var cell = schema.Columns[i].Export(record) switch
                {
                    null => null,
                    string s => TextCell(s, i, rowNumber),
                    double d => NumberCell(d.ToString("R", CultureInfo.InvariantCulture), i, rowNumber),
                    int n => NumberCell(n.ToString(CultureInfo.InvariantCulture), i, rowNumber),
                    DateOnly date => DateCell(date, i, rowNumber),
                    bool b => TextCell(YesNo(b, english), i, rowNumber),
                    StationKind kind => TextCell(KindLabel(kind, english), i, rowNumber),
                    var other => TextCell(Convert.ToString(other, CultureInfo.InvariantCulture) ?? "", i, rowNumber),
                };
                if (cell is not null)
                    row.Append(cell);
            }

            sheetData.Append(row);
        }

        var columns = new Columns();
        for (var i = 0; i < schema.Columns.Length; i++)
        {
            var width = Math.Clamp((english ? schema.Columns[i].En : schema.Columns[i].Vi).Length + 4, 12, 45);
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = width, CustomWidth = true });
        }

        var frozenHeader = new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        {
            WorkbookViewId = 0,
        });

        return new Worksheet(frozenHeader, columns, sheetData);
    }

    internal static Cell TextCell(string text, int column, uint row) => new()
    {
        CellReference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture),
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    internal static Cell NumberCell(string invariant, int column, uint row) => new()
    {
        CellReference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture),
        DataType = CellValues.Number,
        CellValue = new CellValue(invariant),
    };

    private static Cell DateCell(DateOnly date, int column, uint row) => new()
    {
        CellReference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture),
        StyleIndex = DateStyle,
        CellValue = new CellValue(ToSerial(date).ToString(CultureInfo.InvariantCulture)),
    };

    private static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
            return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
                builder.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                builder.Append(text, i++, 2);
        }

        return builder.ToString();
    }

    // ---------------------------------------------------------------- table layouts

    private enum Field
    {
        FacilityId,
        Name,
        TaxCode,
        Address,
        CommuneCode,
        Industry,
        PollutionRiskType,
        DesignWastewater,
        DesignEmission,
        ConnectedToCentralTreatment,
        PermitNumber,
        PermitDate,
        FtpAccount,
        StationCode,
        Kind,
        Latitude,
        Longitude,
        Cadence,
        Parameter,
        Unit,
        PhysicalMin,
        PhysicalMax,
    }

    /// <summary>A column: its Vietnamese and English headers (the export writes these), other accepted headers, and how to export it.</summary>
    private sealed class ColumnSpec
    {
        private readonly HashSet<string> _exact;
        private readonly HashSet<string> _withoutUnit;

        public ColumnSpec(Field field, string vi, string en, bool required, Func<object, object?> export, string[] aliases)
        {
            Field = field;
            Vi = vi;
            En = en;
            Required = required;
            Export = export;
            string[] all = [vi, en, .. aliases];
            _exact = all.Select(Fold).ToHashSet();
            _withoutUnit = all.Select(a => Fold(WithoutParentheses(a))).ToHashSet();
        }

        public Field Field { get; }
        public string Vi { get; }
        public string En { get; }
        public bool Required { get; }
        public Func<object, object?> Export { get; }

        /// <summary>
        /// Case- and diacritics-insensitive. A header may leave out the unit ("Chu kỳ"), but a header with a unit must
        /// name an accepted one: "Lưu lượng nước thải thiết kế (l/s)" is not read as m³/day.
        /// </summary>
        public bool Matches(string header)
        {
            var folded = Fold(header);
            if (_exact.Contains(folded))
                return true;
            var bare = WithoutParentheses(header);
            return bare.Trim() == header.Trim() && _withoutUnit.Contains(folded);
        }
    }

    private sealed record TableSchema(RegistryTable Table, string NameVi, string NameEn, string[] SheetAliases, ColumnSpec[] Columns)
    {
        public bool MatchesSheet(string sheetName)
        {
            var folded = Fold(sheetName);
            return folded == Fold(NameVi) || folded == Fold(NameEn) || SheetAliases.Any(a => Fold(a) == folded);
        }
    }

    private sealed record MappedColumn(int Index, string Header, ColumnSpec Spec);

    private static ColumnSpec Col<T>(Field field, string vi, string en, bool required, Func<T, object?> export, params string[] aliases) =>
        new(field, vi, en, required, record => export((T)record), aliases);

    private const bool RequiredColumn = true, OptionalColumn = false;

    private static readonly TableSchema FacilitySchema = new(
        RegistryTable.Facilities, "Cơ sở", "Facilities", ["Facility", "Cơ sở sản xuất", "Danh sách cơ sở"],
        [
            Col<Facility>(Field.FacilityId, "Mã cơ sở", "Id", RequiredColumn, f => f.Id, "Facility id", "Mã", "Facility code"),
            Col<Facility>(Field.Name, "Tên", "Name", RequiredColumn, f => f.Name, "Tên cơ sở", "Facility name"),
            Col<Facility>(Field.TaxCode, "Mã số thuế", "Tax code", OptionalColumn, f => f.TaxCode, "MST"),
            Col<Facility>(Field.Address, "Địa chỉ", "Address", OptionalColumn, f => f.Address),
            Col<Facility>(Field.CommuneCode, "Mã xã", "Commune code", RequiredColumn, f => f.CommuneCode, "Mã phường xã", "Mã đơn vị hành chính", "Commune"),
            Col<Facility>(Field.Industry, "Ngành nghề", "Industry", OptionalColumn, f => f.IndustryType, "Loại hình sản xuất", "Industry type"),
            Col<Facility>(Field.PollutionRiskType, "Loại hình có nguy cơ ô nhiễm", "Pollution risk type", OptionalColumn, f => f.PollutionRiskType,
                "Loại hình có nguy cơ gây ô nhiễm", "Loại hình có nguy cơ gây ô nhiễm môi trường", "Pollution-risk type"),
            Col<Facility>(Field.DesignWastewater, "Lưu lượng nước thải thiết kế (m³/ngày)", "Design wastewater (m3/day)", OptionalColumn, f => f.DesignWastewaterM3PerDay,
                "Lưu lượng nước thải thiết kế (m³/ngày đêm)", "Lưu lượng nước thải thiết kế (m3/24h)", "Design wastewater flow (m3/day)", "Design wastewater (m³/day)"),
            Col<Facility>(Field.DesignEmission, "Lưu lượng khí thải thiết kế (m³/h)", "Design emission (m3/h)", OptionalColumn, f => f.DesignEmissionM3PerHour,
                "Lưu lượng khí thải thiết kế (m³/giờ)", "Design emission flow (m3/h)", "Design emission (m³/h)"),
            Col<Facility>(Field.ConnectedToCentralTreatment, "Đấu nối XLNT tập trung", "Connected to central treatment", OptionalColumn, f => f.ConnectedToCentralTreatment,
                "Đấu nối hệ thống xử lý nước thải tập trung", "Connected to centralised treatment"),
            Col<Facility>(Field.PermitNumber, "Số giấy phép", "Permit number", OptionalColumn, f => f.PermitNumber, "Số giấy phép môi trường"),
            Col<Facility>(Field.PermitDate, "Ngày cấp phép", "Permit date", OptionalColumn, f => f.PermitDate, "Ngày cấp", "Ngày cấp giấy phép"),
            Col<Facility>(Field.FtpAccount, "Tài khoản FTP", "FTP account", OptionalColumn, f => f.FtpAccount, "FTP"),
        ]);

    private static readonly TableSchema StationSchema = new(
        RegistryTable.Stations, "Trạm", "Stations", ["Station", "Trạm quan trắc", "Danh sách trạm"],
        [
            Col<Station>(Field.StationCode, "Mã trạm", "Code", RequiredColumn, s => s.Code, "Station code"),
            Col<Station>(Field.Name, "Tên trạm", "Name", RequiredColumn, s => s.Name, "Tên", "Station name"),
            Col<Station>(Field.Kind, "Loại trạm", "Kind", RequiredColumn, s => s.Kind, "Station kind", "Type"),
            Col<Station>(Field.FacilityId, "Mã cơ sở", "Facility id", OptionalColumn, s => s.FacilityId, "Facility"),
            Col<Station>(Field.Latitude, "Vĩ độ", "Latitude", RequiredColumn, s => s.Latitude, "Lat"),
            Col<Station>(Field.Longitude, "Kinh độ", "Longitude", RequiredColumn, s => s.Longitude, "Lon", "Lng", "Long"),
            Col<Station>(Field.CommuneCode, "Mã xã", "Commune code", RequiredColumn, s => s.CommuneCode, "Mã phường xã", "Mã đơn vị hành chính", "Commune"),
            Col<Station>(Field.Cadence, "Chu kỳ (giây)", "Cadence (s)", OptionalColumn, s => s.CadenceSeconds, "Chu kỳ (s)", "Cadence (seconds)"),
        ]);

    private static readonly TableSchema DatastreamSchema = new(
        RegistryTable.Datastreams, "Thông số", "Datastreams", ["Datastream", "Thông số quan trắc", "Parameters"],
        [
            Col<Datastream>(Field.StationCode, "Mã trạm", "Station code", RequiredColumn, d => d.StationCode, "Station"),
            Col<Datastream>(Field.Parameter, "Thông số", "Parameter", RequiredColumn, d => d.ParameterCode, "Mã thông số", "Parameter code"),
            Col<Datastream>(Field.Unit, "Đơn vị", "Unit", OptionalColumn, d => d.Unit, "Đơn vị đo"),
            Col<Datastream>(Field.Cadence, "Chu kỳ (giây)", "Cadence (s)", OptionalColumn, d => d.CadenceSeconds, "Chu kỳ (s)", "Cadence (seconds)"),
            Col<Datastream>(Field.PhysicalMin, "Giá trị nhỏ nhất", "Physical min", OptionalColumn, d => d.PhysicalMin, "Min", "Minimum"),
            Col<Datastream>(Field.PhysicalMax, "Giá trị lớn nhất", "Physical max", OptionalColumn, d => d.PhysicalMax, "Max", "Maximum"),
        ]);

    private static readonly TableSchema[] Schemas = [FacilitySchema, StationSchema, DatastreamSchema];

    private static TableSchema Schema(RegistryTable table) => table switch
    {
        RegistryTable.Facilities => FacilitySchema,
        RegistryTable.Stations => StationSchema,
        RegistryTable.Datastreams => DatastreamSchema,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    // ---------------------------------------------------------------- sheet model shared by CSV and .xlsx

    /// <summary>One cell as read: its text, and whether .xlsx stored it as a number (invariant digits).</summary>
    private readonly record struct SheetCell(string? Text, bool IsNumber);

    /// <param name="ColumnsCut">The row had cells beyond <see cref="MaxColumns"/>; they were dropped.</param>
    private sealed record SheetRow(int Number, SheetCell[] Cells, bool ColumnsCut = false)
    {
        public bool IsEmpty => Cells.All(c => string.IsNullOrWhiteSpace(c.Text));
    }

    private sealed class ImportSink
    {
        public List<Facility> Facilities { get; } = [];
        public List<Station> Stations { get; } = [];
        public List<Datastream> Datastreams { get; } = [];
        public List<RowError> Errors { get; } = [];
        public List<string> Warnings { get; } = [];

        public RegistryImport ToImport() => new(Facilities, Stations, Datastreams, Errors, Warnings);
    }

    /// <summary>RFC 4180 records; row numbers are what Excel shows (a leading <c>sep=</c> line is hidden by Excel, so it is not counted).</summary>
    private sealed record CsvTable(List<SheetRow> Rows, RowError? Error)
    {
        public static CsvTable Parse(string text, RegistryTable table)
        {
            var position = 0;
            char delimiter;
            if (text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && text.Length > 4 && text[4] is not ('\r' or '\n'))
            {
                delimiter = text[4];
                position = text.IndexOfAny(['\r', '\n']);
                position = position < 0 ? text.Length : position + (text.AsSpan(position).StartsWith("\r\n") ? 2 : 1);
            }
            else
            {
                delimiter = DetectDelimiter(text);
            }

            var rows = new List<SheetRow>();
            var fields = new List<SheetCell>();
            var field = new StringBuilder();
            var quoted = false;
            var atFieldStart = true;
            var recordNumber = 0;
            var nonEmpty = 0;

            bool EndRecord()
            {
                fields.Add(new SheetCell(field.ToString(), IsNumber: false));
                field.Clear();
                atFieldStart = true;
                recordNumber++;
                if (fields.Count == 1 && fields[0].Text!.Length == 0)
                {
                    fields.Clear();
                    return true; // a blank line: counted, not kept
                }

                var row = new SheetRow(recordNumber, fields.Take(MaxColumns).ToArray(), ColumnsCut: fields.Count > MaxColumns);
                fields.Clear();
                if (row.IsEmpty)
                    return true;
                if (++nonEmpty > MaxDataRows + 1)
                    return false;
                rows.Add(row);
                return true;
            }

            while (position < text.Length)
            {
                var c = text[position];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '"')
                        {
                            field.Append('"');
                            position += 2;
                            continue;
                        }

                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }

                    position++;
                    continue;
                }

                if (c == '"' && atFieldStart)
                {
                    quoted = true;
                    atFieldStart = false;
                }
                else if (c == delimiter)
                {
                    fields.Add(new SheetCell(field.ToString(), IsNumber: false));
                    field.Clear();
                    atFieldStart = true;
                }
                else if (c is '\r' or '\n')
                {
                    if (!EndRecord())
                        return new CsvTable([], TooManyRows(table));
                    if (c == '\r' && position + 1 < text.Length && text[position + 1] == '\n')
                        position++;
                }
                else
                {
                    // Lenient: a quote inside an unquoted field, or text after a closing quote, is kept as written.
                    field.Append(c);
                    atFieldStart = false;
                }

                position++;
            }

            if (quoted)
            {
                return new CsvTable([], new RowError(table.ToString(), recordNumber + 1, null,
                    "Dấu ngoặc kép (\") mở ở dòng này không được đóng; tệp bị cắt hoặc sai định dạng CSV",
                    "A double quote (\") opened on this row is never closed; the file is truncated or not valid CSV"));
            }

            if (!atFieldStart || fields.Count > 0 || field.Length > 0)
            {
                if (!EndRecord())
                    return new CsvTable([], TooManyRows(table));
            }

            return new CsvTable(rows, null);
        }

        /// <summary>The delimiter is whichever of , ; TAB occurs most often outside quotes on the header line.</summary>
        private static char DetectDelimiter(string text)
        {
            int commas = 0, semicolons = 0, tabs = 0;
            var quoted = false;
            foreach (var c in text)
            {
                if (c == '"')
                    quoted = !quoted;
                else if (!quoted && c is '\r' or '\n')
                    break;
                else if (!quoted && c == ',')
                    commas++;
                else if (!quoted && c == ';')
                    semicolons++;
                else if (!quoted && c == '\t')
                    tabs++;
            }

            if (semicolons > commas && semicolons >= tabs)
                return ';';
            if (tabs > commas && tabs > semicolons)
                return '\t';
            return ',';
        }
    }
}
