using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Tests.Registry;

public sealed class RegistrySpreadsheetTests
{
    private static readonly HashSet<string> KnownCommunes = ["32014", "00004", "31117", "26734", "25747"];

    private static bool CommuneExists(string code) => KnownCommunes.Contains(code);

    // ------------------------------------------------------------------ sample registry

    private static List<Facility> SampleFacilities() =>
    [
        new()
        {
            Id = "CM-F001",
            Name = "Công ty TNHH Thép Đông Á – Nhà máy số 2",
            TaxCode = "0100109106",
            Address = "Ấp Tân Hưng, xã Tân Thành, \"khu B\"; tỉnh Cà Mau",
            CommuneCode = "32014",
            IndustryType = "Luyện thép, cán thép",
            PollutionRiskType = true,
            DesignWastewaterM3PerDay = 350.5,
            DesignEmissionM3PerHour = 120_000,
            ConnectedToCentralTreatment = false,
            PermitNumber = "123/GPMT-UBND",
            PermitDate = new DateOnly(2023, 3, 15),
            FtpAccount = "dongA_ftp",
        },
        new()
        {
            Id = "CM-F002",
            Name = "Nhà máy chế biến thủy sản Phú Cường",
            CommuneCode = "00004",
        },
        new()
        {
            Id = "CM.F_003",
            Name = "=HYPERLINK(\"http://x\",\"Bấm vào đây\")",
            TaxCode = "0312345678-001",
            Address = "+84 số 5, đường Trần Hưng Đạo",
            CommuneCode = "31117",
            IndustryType = "@Dệt nhuộm",
            PollutionRiskType = false,
            DesignWastewaterM3PerDay = 0.125,
            ConnectedToCentralTreatment = true,
            PermitNumber = "-45/GP",
            PermitDate = new DateOnly(2001, 12, 31),
        },
    ];

    private static List<Station> SampleStations() =>
    [
        new()
        {
            Code = "CM_F001_NT01",
            Name = "Trạm nước thải sau xử lý – cửa xả số 1",
            Kind = StationKind.Wastewater,
            FacilityId = "CM-F001",
            Latitude = 9.176_543,
            Longitude = 105.150_2,
            CommuneCode = "32014",
            CadenceSeconds = 300,
        },
        new()
        {
            Code = "CM_KK01",
            Name = "Trạm không khí Phường 5",
            Kind = StationKind.AmbientAir,
            FacilityId = null,
            Latitude = 9.18,
            Longitude = 105.15,
            CommuneCode = "32014",
            CadenceSeconds = 3600,
        },
        new()
        {
            Code = "CM_F001_KT01",
            Name = "Ống khói lò điện hồ quang",
            Kind = StationKind.StackEmission,
            FacilityId = "CM-F001",
            Latitude = 8,
            Longitude = 110,
            CommuneCode = "32014",
            CadenceSeconds = 60,
        },
        new()
        {
            Code = "HN-NM-01",
            Name = "Trạm nước mặt sông Tô Lịch",
            Kind = StationKind.SurfaceWater,
            Latitude = 23.5,
            Longitude = 102,
            CommuneCode = "00004",
            CadenceSeconds = 86_400,
        },
        new()
        {
            Code = "GW1",
            Name = "Giếng quan trắc nước dưới đất",
            Kind = StationKind.Groundwater,
            Latitude = 10.5,
            Longitude = 106.7,
            CommuneCode = "26734",
        },
    ];

    private static List<Datastream> SampleDatastreams() =>
    [
        new() { StationCode = "CM_F001_NT01", ParameterCode = "COD", Unit = "mg/L", CadenceSeconds = 300, PhysicalMin = 0, PhysicalMax = 5000 },
        new() { StationCode = "CM_F001_NT01", ParameterCode = "pH", Unit = "-", CadenceSeconds = 300, PhysicalMin = 0, PhysicalMax = 14 },
        new() { StationCode = "CM_F001_NT01", ParameterCode = "Temp", Unit = "°C", CadenceSeconds = 300, PhysicalMin = -10.5, PhysicalMax = 100 },
        new() { StationCode = "CM_KK01", ParameterCode = "PM2,5", Unit = "µg/m³", CadenceSeconds = 3600 },
        new() { StationCode = "CM_KK01", ParameterCode = "NH4+", Unit = "", CadenceSeconds = 600, PhysicalMax = 1e-5 },
    ];

    private static string Describe(Facility f) => string.Join(" | ",
        f.Id, f.Name, f.TaxCode, f.Address, f.CommuneCode, f.IndustryType, f.PollutionRiskType,
        N(f.DesignWastewaterM3PerDay), N(f.DesignEmissionM3PerHour), f.ConnectedToCentralTreatment,
        f.PermitNumber, f.PermitDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.FtpAccount);

    private static string Describe(Station s) => string.Join(" | ",
        s.Code, s.Name, s.Kind, s.FacilityId, N(s.Latitude), N(s.Longitude), s.CommuneCode, s.CadenceSeconds);

    private static string Describe(Datastream d) => string.Join(" | ",
        d.Id, d.StationCode, d.ParameterCode, d.Unit, d.CadenceSeconds, N(d.PhysicalMin), N(d.PhysicalMax));

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "∅";

    private static string Show(RegistryImport import) =>
        string.Join("\n", import.Errors.Select(e => $"{e.Table} row {e.Row} [{e.Column}] {e.MessageEn}"));

    // ------------------------------------------------------------------ CSV and xlsx plumbing

    private static RegistryImport Csv(string text, RegistryTable table, bool bom = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom)
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return RegistrySpreadsheet.ReadCsv(new MemoryStream(bytes), table, CommuneExists);
    }

    private static string CsvText(RegistryTable table, bool english = false)
    {
        var stream = new MemoryStream();
        RegistrySpreadsheet.WriteCsv(stream, table, SampleFacilities(), SampleStations(), SampleDatastreams(), english);
        return Encoding.UTF8.GetString(stream.ToArray().AsSpan(3));
    }

    private static MemoryStream Xlsx(bool english = false)
    {
        var stream = new MemoryStream();
        RegistrySpreadsheet.WriteXlsx(stream, SampleFacilities(), SampleStations(), SampleDatastreams(), english);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Marks a cell to be written as an inline string instead of a shared string.</summary>
    private sealed record Inline(string Text);

    /// <summary>Marks a cell written with t="d" (ISO 8601 date), as some tools other than Excel do.</summary>
    private sealed record IsoDate(string Text);

    /// <summary>A shared string with formatted runs and a phonetic reading, as Excel stores partly bold text.</summary>
    private sealed record Rich(params string[] Runs);

    /// <summary>A numeric cell formatted as a date, as Excel stores a typed-in date.</summary>
    private sealed record DateCell(double Serial);

    /// <summary>Builds a workbook the way Excel stores one: shared strings, number cells, date styles.</summary>
    private static MemoryStream Workbook(bool date1904, params (string Name, object?[][] Rows)[] sheets)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            if (date1904)
                workbookPart.Workbook.Append(new WorkbookProperties { Date1904 = true });
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var sharedStrings = new List<SharedStringItem>();
            var sharedIndex = new Dictionary<string, int>();
            var sheetsElement = workbookPart.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var sheetData = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)r + 1 };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var reference = (char)('A' + c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                        Cell? cell = rows[r][c] switch
                        {
                            null => null,
                            string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Share(sharedStrings, sharedIndex, s).ToString(CultureInfo.InvariantCulture)) },
                            Rich rich => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(ShareRich(sharedStrings, rich).ToString(CultureInfo.InvariantCulture)) },
                            Inline i => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(i.Text)) },
                            IsoDate d => new Cell { CellReference = reference, DataType = CellValues.Date, CellValue = new CellValue(d.Text) },
                            DateCell d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.Serial.ToString(CultureInfo.InvariantCulture)) },
                            bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                            double d => new Cell { CellReference = reference, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)) },
                            int n => new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) },
                            var other => throw new ArgumentException(other.GetType().Name),
                        };
                        if (cell is not null)
                            row.Append(cell);
                    }

                    sheetData.Append(row);
                }

                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                worksheetPart.Worksheet = new Worksheet(sheetData);
                sheetsElement.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = id++, Name = name });
            }

            var sharedPart = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new SharedStringTable(sharedStrings);
        }

        stream.Position = 0;
        return stream;
    }

    private static int Share(List<SharedStringItem> strings, Dictionary<string, int> indexOf, string s)
    {
        if (indexOf.TryGetValue(s, out var index))
            return index;
        strings.Add(new SharedStringItem(new Text(s)));
        return indexOf[s] = strings.Count - 1;
    }

    private static int ShareRich(List<SharedStringItem> strings, Rich rich)
    {
        var item = new SharedStringItem(rich.Runs.Select(r => new Run(new RunProperties(new Bold()), new Text(r) { Space = SpaceProcessingModeValues.Preserve })));
        item.Append(new PhoneticRun(new Text("PHIÊN ÂM")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 });
        strings.Add(item);
        return strings.Count - 1;
    }

    private static readonly string[] FacilityHeaderVi = ["Mã cơ sở", "Tên", "Mã xã"];

    // ------------------------------------------------------------------ round trips

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Xlsx_round_trip_gives_back_the_same_records(bool english)
    {
        var import = RegistrySpreadsheet.ReadXlsx(Xlsx(english), CommuneExists);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Empty(import.Warnings);
        Assert.Equal(SampleFacilities().Select(Describe), import.Facilities.Select(Describe));
        Assert.Equal(SampleStations().Select(Describe), import.Stations.Select(Describe));
        Assert.Equal(SampleDatastreams().Select(Describe), import.Datastreams.Select(Describe));
    }

    [Theory]
    [InlineData(RegistryTable.Facilities, false)]
    [InlineData(RegistryTable.Facilities, true)]
    [InlineData(RegistryTable.Stations, false)]
    [InlineData(RegistryTable.Stations, true)]
    [InlineData(RegistryTable.Datastreams, false)]
    [InlineData(RegistryTable.Datastreams, true)]
    public void Csv_round_trip_gives_back_the_same_records(RegistryTable table, bool english)
    {
        var stream = new MemoryStream();
        RegistrySpreadsheet.WriteCsv(stream, table, SampleFacilities(), SampleStations(), SampleDatastreams(), english);
        stream.Position = 0;

        var import = RegistrySpreadsheet.ReadCsv(stream, table, CommuneExists);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Empty(import.Warnings);
        switch (table)
        {
            case RegistryTable.Facilities:
                Assert.Equal(SampleFacilities().Select(Describe), import.Facilities.Select(Describe));
                Assert.Empty(import.Stations);
                break;
            case RegistryTable.Stations:
                Assert.Equal(SampleStations().Select(Describe), import.Stations.Select(Describe));
                Assert.Empty(import.Facilities);
                break;
            default:
                Assert.Equal(SampleDatastreams().Select(Describe), import.Datastreams.Select(Describe));
                Assert.Empty(import.Stations);
                break;
        }
    }

    [Fact]
    public void Vietnamese_diacritics_survive_both_round_trips()
    {
        const string name = "Công ty Cổ phần Nước sạch Hậu Giang – Chi nhánh Ngã Bảy (ưu tiên)";
        var facility = new Facility { Id = "HG-01", Name = name, Address = "Ấp Đông Phú, xã Đông Phước", CommuneCode = "31117" };

        var xlsx = new MemoryStream();
        RegistrySpreadsheet.WriteXlsx(xlsx, [facility], [], []);
        xlsx.Position = 0;
        var csv = new MemoryStream();
        RegistrySpreadsheet.WriteCsv(csv, RegistryTable.Facilities, [facility], [], []);
        csv.Position = 0;

        Assert.Equal(name, RegistrySpreadsheet.ReadXlsx(xlsx, CommuneExists).Facilities.Single().Name);
        var fromCsv = RegistrySpreadsheet.ReadCsv(csv, RegistryTable.Facilities, CommuneExists).Facilities.Single();
        Assert.Equal(name, fromCsv.Name);
        Assert.Equal("Ấp Đông Phú, xã Đông Phước", fromCsv.Address);
    }

    // ------------------------------------------------------------------ export format

    [Fact]
    public void Csv_export_starts_with_a_UTF8_BOM_and_Vietnamese_headers()
    {
        var stream = new MemoryStream();
        RegistrySpreadsheet.WriteCsv(stream, RegistryTable.Facilities, SampleFacilities(), [], []);
        var bytes = stream.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var firstLine = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n")[0];
        Assert.Equal(
            "Mã cơ sở,Tên,Mã số thuế,Địa chỉ,Mã xã,Ngành nghề,Loại hình có nguy cơ ô nhiễm,Lưu lượng nước thải thiết kế (m³/ngày)," +
            "Lưu lượng khí thải thiết kế (m³/h),Đấu nối XLNT tập trung,Số giấy phép,Ngày cấp phép,Tài khoản FTP",
            firstLine);
    }

    [Fact]
    public void Csv_export_writes_English_headers_on_request()
    {
        var lines = CsvText(RegistryTable.Stations, english: true).Split("\r\n");

        Assert.Equal("Code,Name,Kind,Facility id,Latitude,Longitude,Commune code,Cadence (s)", lines[0]);
        Assert.Equal("CM_F001_NT01,Trạm nước thải sau xử lý – cửa xả số 1,Wastewater,CM-F001,9.176543,105.1502,32014,300", lines[1]);
        Assert.Equal("CM_KK01,Trạm không khí Phường 5,Ambient air,,9.18,105.15,32014,3600", lines[2]);
    }

    [Fact]
    public void Csv_export_writes_dates_as_dd_MM_yyyy_and_yes_no_in_the_header_language()
    {
        var vi = CsvText(RegistryTable.Facilities).Split("\r\n")[1];
        var en = CsvText(RegistryTable.Facilities, english: true).Split("\r\n")[1];

        Assert.Contains(",15/03/2023,", vi);
        Assert.Contains(",có,350.5,120000,không,", vi);
        Assert.Contains(",yes,350.5,120000,no,", en);
    }

    [Fact]
    public void Csv_export_quotes_delimiters_quotes_and_newlines()
    {
        var facility = new Facility { Id = "A1", Name = "Tên, có dấu phẩy", Address = "Dòng 1\nDòng 2 \"trích\"", CommuneCode = "00004" };
        var stream = new MemoryStream();
        RegistrySpreadsheet.WriteCsv(stream, RegistryTable.Facilities, [facility], [], []);
        var text = Encoding.UTF8.GetString(stream.ToArray().AsSpan(3));

        Assert.Contains("A1,\"Tên, có dấu phẩy\",,\"Dòng 1\nDòng 2 \"\"trích\"\"\",00004,", text);
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+84 912 345 678", "'+84 912 345 678")]
    [InlineData("-45/GP", "'-45/GP")]
    [InlineData("@Dệt nhuộm", "'@Dệt nhuộm")]
    [InlineData("Bình thường", "Bình thường")]
    public void Csv_export_defuses_cells_that_Excel_would_run_as_formulas(string value, string written)
    {
        var facility = new Facility { Id = "A1", Name = value, CommuneCode = "00004" };
        var stream = new MemoryStream();
        RegistrySpreadsheet.WriteCsv(stream, RegistryTable.Facilities, [facility], [], []);
        var row = Encoding.UTF8.GetString(stream.ToArray().AsSpan(3)).Split("\r\n")[1];

        Assert.StartsWith($"A1,{written},", row);
    }

    [Fact]
    public void Csv_export_leaves_negative_numbers_alone_and_quotes_a_formula_with_a_comma()
    {
        var text = CsvText(RegistryTable.Datastreams);

        Assert.Contains("CM_F001_NT01,Temp,°C,300,-10.5,100", text);
        Assert.Contains("CM_F001_NT01,pH,'-,300,0,14", text);
        Assert.Contains("\"PM2,5\"", text);
        var facilities = CsvText(RegistryTable.Facilities);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm vào đây\"\")\"", facilities);
    }

    [Fact]
    public void Csv_export_writes_only_the_requested_table()
    {
        var lines = CsvText(RegistryTable.Datastreams).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("Mã trạm,Thông số,Đơn vị,Chu kỳ (giây),Giá trị nhỏ nhất,Giá trị lớn nhất", lines[0]);
        Assert.Equal(1 + SampleDatastreams().Count, lines.Length);
    }

    [Fact]
    public void Xlsx_export_is_a_valid_workbook_with_Vietnamese_sheet_names()
    {
        using var document = SpreadsheetDocument.Open(Xlsx(), false);

        var names = document.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["Cơ sở", "Trạm", "Thông số"], names);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public void Xlsx_export_in_English_uses_English_sheet_names_and_headers()
    {
        using var document = SpreadsheetDocument.Open(Xlsx(english: true), false);
        var workbook = document.WorkbookPart!;

        Assert.Equal(["Facilities", "Stations", "Datastreams"], workbook.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        var firstSheet = workbook.WorksheetParts.First(p => workbook.GetIdOfPart(p) == workbook.Workbook.Sheets.Elements<Sheet>().First().Id!.Value);
        var header = firstSheet.Worksheet!.Descendants<Row>().First().Elements<Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal("Id", header[0]);
        Assert.Equal("Design wastewater (m3/day)", header[7]);
    }

    [Fact]
    public void Xlsx_export_stores_the_permit_date_as_a_date_cell_shown_dd_mm_yyyy()
    {
        using var document = SpreadsheetDocument.Open(Xlsx(), false);
        var workbook = document.WorkbookPart!;
        var sheetId = workbook.Workbook!.Sheets!.Elements<Sheet>().First().Id!.Value!;
        var worksheet = ((WorksheetPart)workbook.GetPartById(sheetId)).Worksheet!;

        var dateCell = worksheet.Descendants<Cell>().Single(c => c.CellReference?.Value == "L2");
        Assert.Equal("45000", dateCell.CellValue!.Text);
        var format = workbook.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ElementAt((int)dateCell.StyleIndex!.Value);
        var numberFormat = workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>()
            .Single(f => f.NumberFormatId!.Value == format.NumberFormatId!.Value);
        Assert.Equal("dd/mm/yyyy", numberFormat.FormatCode!.Value);
    }

    [Fact]
    public void Xlsx_export_keeps_leading_zeros_of_codes_by_writing_them_as_text()
    {
        var import = RegistrySpreadsheet.ReadXlsx(Xlsx(), CommuneExists);

        Assert.Equal("00004", import.Facilities.Single(f => f.Id == "CM-F002").CommuneCode);
        Assert.Equal("0100109106", import.Facilities.Single(f => f.Id == "CM-F001").TaxCode);
    }

    [Fact]
    public void Xlsx_export_writes_to_a_stream_that_cannot_seek()
    {
        var target = new ForwardOnlyStream(new MemoryStream());

        RegistrySpreadsheet.WriteXlsx(target, SampleFacilities(), SampleStations(), SampleDatastreams());

        var written = new MemoryStream(target.Inner.ToArray());
        var import = RegistrySpreadsheet.ReadXlsx(written, CommuneExists);
        Assert.Equal(3, import.Facilities.Count);
    }

    // ------------------------------------------------------------------ CSV reading

    [Fact]
    public void Semicolon_csv_with_decimal_commas_is_read()
    {
        var import = Csv(
            "Mã trạm;Tên trạm;Loại trạm;Mã cơ sở;Vĩ độ;Kinh độ;Mã xã;Chu kỳ (giây)\r\n" +
            "CM_NT01;Trạm nước thải;nước thải;CM-F001;9,176543;105,1502;32014;300\r\n",
            RegistryTable.Stations);

        Assert.True(import.Errors.Count == 0, Show(import));
        var station = Assert.Single(import.Stations);
        Assert.Equal(9.176543, station.Latitude);
        Assert.Equal(105.1502, station.Longitude);
        Assert.Equal(StationKind.Wastewater, station.Kind);
    }

    [Fact]
    public void Semicolon_csv_of_facilities_reads_flows_with_decimal_commas_and_grouping()
    {
        var import = Csv(
            "Mã cơ sở;Tên;Mã xã;Lưu lượng nước thải thiết kế (m³/ngày);Lưu lượng khí thải thiết kế (m³/h)\n" +
            "F1;Cơ sở 1;32014;350,5;1.234,5\n" +
            "F2;Cơ sở 2;32014;1 200;1,234.5\n" +
            "F3;Cơ sở 3;32014;1.000.000;0,75\n",
            RegistryTable.Facilities, bom: false);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Equal([350.5, 1200, 1_000_000], import.Facilities.Select(f => f.DesignWastewaterM3PerDay!.Value));
        Assert.Equal([1234.5, 1234.5, 0.75], import.Facilities.Select(f => f.DesignEmissionM3PerHour!.Value));
    }

    [Fact]
    public void Comma_csv_needs_quotes_around_a_decimal_comma_and_reads_it()
    {
        var import = Csv(
            "Mã trạm,Thông số,Đơn vị,Giá trị nhỏ nhất,Giá trị lớn nhất\n" +
            "S1,COD,mg/L,\"0,5\",\"1500,25\"\n",
            RegistryTable.Datastreams);

        Assert.True(import.Errors.Count == 0, Show(import));
        var datastream = Assert.Single(import.Datastreams);
        Assert.Equal(0.5, datastream.PhysicalMin);
        Assert.Equal(1500.25, datastream.PhysicalMax);
    }

    [Fact]
    public void English_headers_in_any_case_are_accepted()
    {
        var import = Csv(
            "ID,NAME,tax code,Commune Code,POLLUTION RISK TYPE,design wastewater (M3/DAY),Permit Date\n" +
            "F1,Factory,0100109106,32014,yes,250,01/02/2024\n",
            RegistryTable.Facilities);

        Assert.True(import.Errors.Count == 0, Show(import));
        var facility = Assert.Single(import.Facilities);
        Assert.True(facility.PollutionRiskType);
        Assert.Equal(250, facility.DesignWastewaterM3PerDay);
        Assert.Equal(new DateOnly(2024, 2, 1), facility.PermitDate);
    }

    [Fact]
    public void Vietnamese_headers_without_diacritics_or_units_are_accepted()
    {
        var import = Csv(
            "MA CO SO,ten,ma xa,Luu luong nuoc thai thiet ke,DAU NOI XLNT TAP TRUNG,ngay cap phep,TAI KHOAN FTP\n" +
            "F1,Nhà máy,32014,600,x,5/1/2022,ftp_f1\n",
            RegistryTable.Facilities);

        Assert.True(import.Errors.Count == 0, Show(import));
        var facility = Assert.Single(import.Facilities);
        Assert.Equal(600, facility.DesignWastewaterM3PerDay);
        Assert.True(facility.ConnectedToCentralTreatment);
        Assert.Equal(new DateOnly(2022, 1, 5), facility.PermitDate);
        Assert.Equal("ftp_f1", facility.FtpAccount);
    }

    [Fact]
    public void A_header_with_an_unaccepted_unit_is_not_taken_for_the_flow()
    {
        var import = Csv(
            "Mã cơ sở,Tên,Mã xã,Lưu lượng nước thải thiết kế (l/s)\nF1,Nhà máy,32014,5\n",
            RegistryTable.Facilities);

        var facility = Assert.Single(import.Facilities);
        Assert.Null(facility.DesignWastewaterM3PerDay);
        Assert.Contains(import.Warnings, w => w.Contains("Lưu lượng nước thải thiết kế (l/s)") && w.Contains("column D"));
    }

    [Fact]
    public void Unknown_column_is_ignored_with_a_warning()
    {
        var import = Csv("Mã cơ sở,Tên,Ghi chú,Mã xã\nF1,Nhà máy,abc,32014\n", RegistryTable.Facilities);

        Assert.Empty(import.Errors);
        Assert.Single(import.Facilities);
        var warning = Assert.Single(import.Warnings);
        Assert.Contains("\"Ghi chú\"", warning);
        Assert.Contains("cột C", warning);
        Assert.Contains("unknown column", warning);
    }

    [Fact]
    public void Missing_required_columns_give_one_file_level_error_and_no_records()
    {
        var import = Csv("Mã cơ sở,Địa chỉ\nF1,Cà Mau\nF2,Bạc Liêu\n", RegistryTable.Facilities);

        var error = Assert.Single(import.Errors);
        Assert.Equal(1, error.Row);
        Assert.Equal("Facilities", error.Table);
        Assert.Null(error.Column);
        Assert.Equal("Thiếu cột bắt buộc: Tên, Mã xã", error.MessageVi);
        Assert.Equal("Missing required column(s): Name, Commune code", error.MessageEn);
        Assert.Empty(import.Facilities);
    }

    [Fact]
    public void Two_columns_with_the_same_meaning_are_a_header_error()
    {
        var import = Csv("Mã cơ sở,Tên,Name,Mã xã\nF1,A,B,32014\n", RegistryTable.Facilities);

        var error = Assert.Single(import.Errors);
        Assert.Equal(1, error.Row);
        Assert.Equal("Name", error.Column);
        Assert.Empty(import.Facilities);
    }

    [Fact]
    public void Csv_without_BOM_is_read_as_UTF8()
    {
        var import = Csv("Mã cơ sở,Tên,Mã xã\nF1,Nhà máy Đạm Cà Mau,32014\n", RegistryTable.Facilities, bom: false);

        Assert.Equal("Nhà máy Đạm Cà Mau", Assert.Single(import.Facilities).Name);
    }

    [Fact]
    public void Csv_in_UTF16_with_BOM_is_read()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Mã cơ sở\tTên\tMã xã\r\nF1\tNhà máy Đạm\t32014\r\n")).ToArray();

        var import = RegistrySpreadsheet.ReadCsv(new MemoryStream(bytes), RegistryTable.Facilities, CommuneExists);

        Assert.Equal("Nhà máy Đạm", Assert.Single(import.Facilities).Name);
    }

    [Fact]
    public void Csv_in_a_legacy_code_page_is_refused_with_advice()
    {
        // "Nhà máy" in Windows-1258: à is 0xE0, which is not valid UTF-8 here.
        byte[] bytes = [.. Encoding.ASCII.GetBytes("Mã cơ sở,Tên,Mã xã\nF1,Nh"), 0xE0, .. Encoding.ASCII.GetBytes(" may,32014\n")];

        var import = RegistrySpreadsheet.ReadCsv(new MemoryStream(bytes), RegistryTable.Facilities, CommuneExists);

        var error = Assert.Single(import.Errors);
        Assert.Equal(0, error.Row);
        Assert.Contains("CSV UTF-8", error.MessageEn);
        Assert.Empty(import.Facilities);
    }

    [Fact]
    public void Quoted_fields_may_hold_delimiters_quotes_and_line_breaks_and_rows_are_counted_as_Excel_shows_them()
    {
        var import = Csv(
            "Mã cơ sở,Tên,Địa chỉ,Mã xã\r\n" +
            "F1,\"Công ty \"\"Sao Mai\"\", chi nhánh\",\"Dòng 1\r\nDòng 2\",32014\r\n" +
            "F2,,Cà Mau,32014\r\n",
            RegistryTable.Facilities);

        var facility = Assert.Single(import.Facilities);
        Assert.Equal("Công ty \"Sao Mai\", chi nhánh", facility.Name);
        Assert.Equal("Dòng 1 Dòng 2", facility.Address);
        var error = Assert.Single(import.Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("Tên", error.Column);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_its_row()
    {
        var import = Csv("Mã cơ sở,Tên,Mã xã\nF1,Nhà máy,32014\nF2,\"Nhà máy,32014\n", RegistryTable.Facilities);

        var error = Assert.Single(import.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("never closed", error.MessageEn);
        Assert.Empty(import.Facilities);
    }

    [Fact]
    public void Blank_rows_are_skipped_but_still_counted()
    {
        var import = Csv("Mã cơ sở,Tên,Mã xã\n\nF1,Nhà máy,32014\n,,\nF2,,32014\n\n", RegistryTable.Facilities);

        Assert.Single(import.Facilities);
        Assert.Equal(5, Assert.Single(import.Errors).Row);
    }

    [Fact]
    public void Excel_sep_line_sets_the_delimiter_and_is_not_counted_as_a_row()
    {
        var import = Csv("sep=;\r\nMã cơ sở;Tên;Mã xã\r\nF1;Nhà máy, xưởng 2;32014\r\nF2;;32014\r\n", RegistryTable.Facilities);

        Assert.Equal("Nhà máy, xưởng 2", Assert.Single(import.Facilities).Name);
        Assert.Equal(3, Assert.Single(import.Errors).Row);
    }

    [Fact]
    public void Text_is_trimmed_and_put_in_composed_Unicode_form()
    {
        var decomposed = "Nhà máy Đạm".Normalize(NormalizationForm.FormD);

        var import = Csv($"Mã cơ sở,Tên,Mã xã\n  F1 ,  {decomposed}   ,32014\n", RegistryTable.Facilities);

        var facility = Assert.Single(import.Facilities);
        Assert.Equal("F1", facility.Id);
        Assert.Equal("Nhà máy Đạm", facility.Name);
        Assert.True(facility.Name.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Empty_file_gives_a_warning_and_nothing_else()
    {
        var import = Csv("", RegistryTable.Facilities);

        Assert.Empty(import.Errors);
        Assert.Empty(import.Facilities);
        Assert.Single(import.Warnings);
    }

    // ------------------------------------------------------------------ values

    [Theory]
    [InlineData("có", true)]
    [InlineData("Có", true)]
    [InlineData("CO", true)]
    [InlineData("x", true)]
    [InlineData("X", true)]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("Yes", true)]
    [InlineData("không", false)]
    [InlineData("Khong", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("FALSE", false)]
    [InlineData("", false)]
    public void Yes_no_columns_accept_Vietnamese_and_English_words(string written, bool expected)
    {
        var import = Csv($"Mã cơ sở,Tên,Mã xã,Loại hình có nguy cơ ô nhiễm\nF1,A,32014,{written}\n", RegistryTable.Facilities);

        Assert.Equal(expected, Assert.Single(import.Facilities).PollutionRiskType);
    }

    [Theory]
    [InlineData("nước thải", StationKind.Wastewater)]
    [InlineData("Nuoc thai", StationKind.Wastewater)]
    [InlineData("Wastewater", StationKind.Wastewater)]
    [InlineData("khí thải", StationKind.StackEmission)]
    [InlineData("Stack emission", StationKind.StackEmission)]
    [InlineData("StackEmission", StationKind.StackEmission)]
    [InlineData("không khí xung quanh", StationKind.AmbientAir)]
    [InlineData("AMBIENT AIR", StationKind.AmbientAir)]
    [InlineData("nước mặt", StationKind.SurfaceWater)]
    [InlineData("Surface water", StationKind.SurfaceWater)]
    [InlineData("nước dưới đất", StationKind.Groundwater)]
    [InlineData("nước ngầm", StationKind.Groundwater)]
    [InlineData("Groundwater", StationKind.Groundwater)]
    public void Station_kinds_are_read_in_Vietnamese_or_English(string written, StationKind expected)
    {
        var import = Csv($"Mã trạm,Tên trạm,Loại trạm,Vĩ độ,Kinh độ,Mã xã\nS1,Trạm,{written},10.5,106.7,26734\n", RegistryTable.Stations);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Equal(expected, Assert.Single(import.Stations).Kind);
    }

    [Theory]
    [InlineData("15/03/2023")]
    [InlineData("15-03-2023")]
    [InlineData("15.03.2023")]
    [InlineData("2023-03-15")]
    [InlineData("45000")]
    public void Permit_dates_are_read_as_dd_MM_yyyy_ISO_or_an_Excel_serial(string written)
    {
        var import = Csv($"Mã cơ sở,Tên,Mã xã,Ngày cấp phép\nF1,A,32014,{written}\n", RegistryTable.Facilities);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Equal(new DateOnly(2023, 3, 15), Assert.Single(import.Facilities).PermitDate);
    }

    [Fact]
    public void Datastream_parameter_codes_are_kept_as_written_and_Id_is_zero()
    {
        var import = Csv("Mã trạm,Thông số,Đơn vị\nS1,cod,mg/l\nS1,Nhiệt độ,\n", RegistryTable.Datastreams);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Equal(["cod", "Nhiệt độ"], import.Datastreams.Select(d => d.ParameterCode));
        Assert.Equal(["mg/l", ""], import.Datastreams.Select(d => d.Unit));
        Assert.All(import.Datastreams, d => Assert.Equal(0, d.Id));
        Assert.All(import.Datastreams, d => Assert.Equal(300, d.CadenceSeconds));
    }

    [Fact]
    public void Station_cadence_defaults_to_five_minutes()
    {
        var import = Csv("Mã trạm,Tên trạm,Loại trạm,Vĩ độ,Kinh độ,Mã xã,Chu kỳ (giây)\nS1,Trạm,nước mặt,10.5,106.7,26734,\n", RegistryTable.Stations);

        Assert.Equal(300, Assert.Single(import.Stations).CadenceSeconds);
    }

    [Fact]
    public void Station_without_a_facility_belongs_to_the_public_network()
    {
        var import = Csv("Mã trạm,Tên trạm,Loại trạm,Mã cơ sở,Vĩ độ,Kinh độ,Mã xã\nS1,Trạm,nước mặt,,10.5,106.7,26734\n", RegistryTable.Stations);

        Assert.Null(Assert.Single(import.Stations).FacilityId);
    }

    // ------------------------------------------------------------------ validation, one error at a time

    private static RowError SingleFacilityError(string extraHeader, string extraValue, string id = "F1", string name = "Nhà máy", string commune = "32014")
    {
        var import = Csv(
            $"Mã cơ sở,Tên,Mã xã{(extraHeader.Length > 0 ? "," + extraHeader : "")}\n" +
            "OK1,Cơ sở hợp lệ,32014" + (extraHeader.Length > 0 ? "," : "") + "\n" +
            $"{id},{name},{commune}{(extraHeader.Length > 0 ? "," + extraValue : "")}\n",
            RegistryTable.Facilities);
        Assert.Equal("OK1", Assert.Single(import.Facilities).Id);
        var error = Assert.Single(import.Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("Facilities", error.Table);
        return error;
    }

    [Fact]
    public void Missing_name_is_reported_on_its_row_and_column()
    {
        var error = SingleFacilityError("", "", name: "");

        Assert.Equal("Tên", error.Column);
        Assert.Equal("Thiếu giá trị bắt buộc", error.MessageVi);
        Assert.Equal("A required value is missing", error.MessageEn);
    }

    [Fact]
    public void Missing_id_is_reported()
    {
        Assert.Equal("Mã cơ sở", SingleFacilityError("", "", id: "").Column);
    }

    [Theory]
    [InlineData("CM F001")]
    [InlineData("CM/F001")]
    [InlineData("CƠSỞ1")]
    [InlineData("A2345678901234567890123456789012345678901234567890123456789012345")] // 65 characters
    public void Malformed_ids_are_reported(string id)
    {
        var error = SingleFacilityError("", "", id: id);

        Assert.Equal("Mã cơ sở", error.Column);
        Assert.Contains("only ASCII letters, digits", error.MessageEn);
    }

    [Fact]
    public void Sixty_four_character_id_is_accepted()
    {
        var id = new string('A', 64);

        var import = Csv($"Mã cơ sở,Tên,Mã xã\n{id},Nhà máy,32014\n", RegistryTable.Facilities);

        Assert.Equal(id, Assert.Single(import.Facilities).Id);
    }

    [Fact]
    public void Duplicate_id_names_the_first_row_and_keeps_the_first()
    {
        var import = Csv("Mã cơ sở,Tên,Mã xã\nF1,Một,32014\nF2,Hai,32014\nf1,Ba,32014\n", RegistryTable.Facilities);

        Assert.Equal(["Một", "Hai"], import.Facilities.Select(f => f.Name));
        var error = Assert.Single(import.Errors);
        Assert.Equal(4, error.Row);
        Assert.Equal("Mã cơ sở", error.Column);
        Assert.Equal("Mã cơ sở \"f1\" bị trùng với dòng 2", error.MessageVi);
        Assert.Equal("Facility id \"f1\" is a duplicate of row 2", error.MessageEn);
    }

    [Theory]
    [InlineData("3201")]
    [InlineData("320145")]
    [InlineData("32O14")]
    public void Commune_code_must_be_five_digits(string commune)
    {
        var error = SingleFacilityError("", "", commune: commune);

        Assert.Equal("Mã xã", error.Column);
        Assert.Contains("5 chữ số", error.MessageVi);
        Assert.Contains("exactly 5 digits", error.MessageEn);
    }

    [Fact]
    public void A_short_all_digit_commune_code_hints_at_lost_leading_zeros()
    {
        var error = SingleFacilityError("", "", commune: "4");

        Assert.Contains("leading zeros", error.MessageEn);
        Assert.Contains("số 0 ở đầu", error.MessageVi);
    }

    [Fact]
    public void Commune_code_must_exist()
    {
        var error = SingleFacilityError("", "", commune: "99999");

        Assert.Equal("Mã xã", error.Column);
        Assert.Equal("Mã xã \"99999\" không có trong danh mục đơn vị hành chính", error.MessageVi);
    }

    [Fact]
    public void Commune_lookup_is_only_asked_about_well_formed_codes()
    {
        var asked = new List<string>();

        RegistrySpreadsheet.ReadCsv(
            new MemoryStream(Encoding.UTF8.GetBytes("Mã cơ sở,Tên,Mã xã\nF1,A,32014\nF2,B,abc\n")),
            RegistryTable.Facilities,
            code => { asked.Add(code); return true; });

        Assert.Equal(["32014"], asked);
    }

    [Fact]
    public void Negative_flow_is_reported()
    {
        var error = SingleFacilityError("Lưu lượng nước thải thiết kế (m³/ngày)", "-5");

        Assert.Equal("Lưu lượng nước thải thiết kế (m³/ngày)", error.Column);
        Assert.Contains("không được âm", error.MessageVi);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("1,23,4")]
    [InlineData("NaN")]
    public void Text_in_a_number_column_is_reported(string written)
    {
        var error = SingleFacilityError("Lưu lượng khí thải thiết kế (m³/h)", $"\"{written}\"");

        Assert.Equal("Lưu lượng khí thải thiết kế (m³/h)", error.Column);
        Assert.Equal($"\"{written}\" is not a number", error.MessageEn);
    }

    [Fact]
    public void Unknown_yes_no_word_is_reported()
    {
        var error = SingleFacilityError("Đấu nối XLNT tập trung", "có lẽ");

        Assert.Equal("Đấu nối XLNT tập trung", error.Column);
        Assert.Contains("yes/no", error.MessageEn);
    }

    [Theory]
    [InlineData("31/02/2023")]
    [InlineData("2023-15-40")]
    [InlineData("15/03/23")]
    [InlineData("hôm qua")]
    public void Invalid_date_is_reported(string written)
    {
        var error = SingleFacilityError("Ngày cấp phép", written);

        Assert.Equal("Ngày cấp phép", error.Column);
        Assert.Contains("dd/MM/yyyy", error.MessageEn);
    }

    [Fact]
    public void Implausible_date_is_reported()
    {
        var error = SingleFacilityError("Ngày cấp phép", "01/01/1900");

        Assert.Contains("01/01/1950", error.MessageEn);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("0100109106-01")]
    [InlineData("01001091061")]
    public void Malformed_tax_code_is_reported(string taxCode)
    {
        var error = SingleFacilityError("Mã số thuế", taxCode);

        Assert.Equal("Mã số thuế", error.Column);
        Assert.Contains("10 digits", error.MessageEn);
    }

    [Fact]
    public void Malformed_FTP_account_is_reported()
    {
        Assert.Equal("Tài khoản FTP", SingleFacilityError("Tài khoản FTP", "tài khoản 1").Column);
    }

    [Fact]
    public void Overlong_text_is_reported()
    {
        var error = SingleFacilityError("Địa chỉ", new string('a', 1001));

        Assert.Equal("Địa chỉ", error.Column);
        Assert.Contains("1000", error.MessageEn);
    }

    [Fact]
    public void A_row_with_several_problems_reports_each_and_is_left_out_while_the_others_are_kept()
    {
        var import = Csv(
            "Mã cơ sở,Tên,Mã xã,Lưu lượng nước thải thiết kế (m³/ngày),Ngày cấp phép\n" +
            "F1,Một,32014,100,01/01/2020\n" +
            "F 2,,123,-1,32/01/2020\n" +
            "F3,Ba,32014,,\n",
            RegistryTable.Facilities);

        Assert.Equal(["F1", "F3"], import.Facilities.Select(f => f.Id));
        Assert.All(import.Errors, e => Assert.Equal(3, e.Row));
        Assert.Equal(
            ["Mã cơ sở", "Tên", "Mã xã", "Lưu lượng nước thải thiết kế (m³/ngày)", "Ngày cấp phép"],
            import.Errors.Select(e => e.Column));
    }

    private static RegistryImport Stations(string rows) =>
        Csv("Mã trạm,Tên trạm,Loại trạm,Vĩ độ,Kinh độ,Mã xã,Chu kỳ (giây)\nOK,Trạm hợp lệ,nước mặt,10.5,106.7,26734,300\n" + rows, RegistryTable.Stations);

    private static RowError SingleStationError(string row)
    {
        var import = Stations(row + "\n");
        Assert.Equal("OK", Assert.Single(import.Stations).Code);
        var error = Assert.Single(import.Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("Stations", error.Table);
        return error;
    }

    [Theory]
    [InlineData("45.0", "106.7", "Vĩ độ")]
    [InlineData("7.99", "106.7", "Vĩ độ")]
    [InlineData("23.51", "106.7", "Vĩ độ")]
    [InlineData("10.5", "101.99", "Kinh độ")]
    [InlineData("10.5", "110.01", "Kinh độ")]
    public void Coordinates_outside_Vietnam_are_reported(string latitude, string longitude, string column)
    {
        var error = SingleStationError($"S1,Trạm,nước mặt,{latitude},{longitude},26734,300");

        Assert.Equal(column, error.Column);
        Assert.Contains("outside Vietnam", error.MessageEn);
    }

    [Fact]
    public void Zero_zero_reports_both_coordinates()
    {
        var import = Stations("S1,Trạm,nước mặt,0,0,26734,300\n");

        Assert.Equal(["Vĩ độ", "Kinh độ"], import.Errors.Select(e => e.Column));
        Assert.All(import.Errors, e => Assert.Equal(3, e.Row));
    }

    [Fact]
    public void Swapped_latitude_and_longitude_get_their_own_message()
    {
        var error = SingleStationError("S1,Trạm,nước mặt,106.7,10.5,26734,300");

        Assert.Equal("Vĩ độ", error.Column);
        Assert.StartsWith("Vĩ độ và kinh độ có vẻ bị đảo ngược (vĩ độ 106,7, kinh độ 10,5)", error.MessageVi);
        Assert.StartsWith("Latitude and longitude look swapped", error.MessageEn);
    }

    [Fact]
    public void The_corners_of_the_box_are_inside()
    {
        var import = Stations("S1,A,nước mặt,8,102,26734,300\nS2,B,nước mặt,23.5,110,26734,300\n");

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Equal(3, import.Stations.Count);
    }

    [Fact]
    public void Missing_latitude_is_reported()
    {
        var error = SingleStationError("S1,Trạm,nước mặt,,106.7,26734,300");

        Assert.Equal("Vĩ độ", error.Column);
        Assert.Equal("A required value is missing", error.MessageEn);
    }

    [Theory]
    [InlineData("59")]
    [InlineData("86401")]
    [InlineData("300.5")]
    [InlineData("năm phút")]
    public void Cadence_outside_60_to_86400_whole_seconds_is_reported(string cadence)
    {
        var error = SingleStationError($"S1,Trạm,nước mặt,10.5,106.7,26734,{cadence}");

        Assert.Equal("Chu kỳ (giây)", error.Column);
        Assert.Contains("from 60 to 86,400", error.MessageEn);
    }

    [Theory]
    [InlineData("60")]
    [InlineData("86400")]
    [InlineData("\"86400,0\"")]
    public void Cadence_at_the_bounds_is_accepted(string cadence)
    {
        var import = Stations($"S1,Trạm,nước mặt,10.5,106.7,26734,{cadence}\n");

        Assert.True(import.Errors.Count == 0, Show(import));
    }

    [Fact]
    public void Unknown_station_kind_lists_the_accepted_ones()
    {
        var error = SingleStationError("S1,Trạm,bùn thải,10.5,106.7,26734,300");

        Assert.Equal("Loại trạm", error.Column);
        Assert.Equal(
            "Loại trạm \"bùn thải\" không xác định (chấp nhận: nước thải, khí thải, không khí xung quanh, nước mặt, nước dưới đất)",
            error.MessageVi);
        Assert.Contains("accepted: Wastewater, Stack emission, Ambient air, Surface water, Groundwater", error.MessageEn);
    }

    [Fact]
    public void Duplicate_station_code_is_reported()
    {
        var error = SingleStationError("ok,Trạm khác,nước mặt,10.5,106.7,26734,300");

        Assert.Equal("Mã trạm", error.Column);
        Assert.Contains("duplicate of row 2", error.MessageEn);
    }

    [Fact]
    public void Malformed_facility_reference_of_a_station_is_reported()
    {
        var import = Csv("Mã trạm,Tên trạm,Loại trạm,Mã cơ sở,Vĩ độ,Kinh độ,Mã xã\nS1,Trạm,nước thải,CM F001,10.5,106.7,26734\n", RegistryTable.Stations);

        Assert.Equal("Mã cơ sở", Assert.Single(import.Errors).Column);
    }

    [Fact]
    public void Physical_min_must_be_below_max()
    {
        var import = Csv("Mã trạm,Thông số,Đơn vị,Giá trị nhỏ nhất,Giá trị lớn nhất\nS1,COD,mg/L,0,500\nS1,pH,-,14,14\nS1,TSS,mg/L,10,5\n", RegistryTable.Datastreams);

        Assert.Equal(["COD"], import.Datastreams.Select(d => d.ParameterCode));
        Assert.Equal([3, 4], import.Errors.Select(e => e.Row));
        Assert.All(import.Errors, e => Assert.Equal("Giá trị nhỏ nhất", e.Column));
        Assert.Equal("Physical min (14) must be less than physical max (14)", import.Errors[0].MessageEn);
    }

    [Fact]
    public void The_same_parameter_twice_at_a_station_is_a_duplicate()
    {
        var import = Csv("Mã trạm,Thông số,Đơn vị\nS1,COD,mg/L\nS2,COD,mg/L\ns1,cod,mg/L\n", RegistryTable.Datastreams);

        Assert.Equal(2, import.Datastreams.Count);
        var error = Assert.Single(import.Errors);
        Assert.Equal(4, error.Row);
        Assert.Equal("Thông số", error.Column);
        Assert.Contains("row 2", error.MessageEn);
    }

    [Fact]
    public void Missing_parameter_is_reported()
    {
        var import = Csv("Mã trạm,Thông số,Đơn vị\nS1,,mg/L\n", RegistryTable.Datastreams);

        var error = Assert.Single(import.Errors);
        Assert.Equal(2, error.Row);
        Assert.Equal("Thông số", error.Column);
    }

    [Fact]
    public void Datastream_cadence_is_validated()
    {
        var import = Csv("Mã trạm,Thông số,Chu kỳ (giây)\nS1,COD,30\n", RegistryTable.Datastreams);

        Assert.Equal("Chu kỳ (giây)", Assert.Single(import.Errors).Column);
    }

    // ------------------------------------------------------------------ xlsx reading

    [Fact]
    public void Xlsx_reads_shared_strings_numbers_booleans_and_date_cells()
    {
        var workbook = Workbook(false, ("Cơ sở",
        [
            ["Mã cơ sở", "Tên", "Mã xã", "Loại hình có nguy cơ ô nhiễm", "Lưu lượng nước thải thiết kế (m³/ngày)", "Ngày cấp phép", "Đấu nối XLNT tập trung"],
            ["F1", "Nhà máy giấy", "32014", true, 350.5, new DateCell(45000), false],
            ["F2", new Inline("Nhà máy đường"), "32014", "có", 200, new DateCell(45000.75), "x"],
            ["F3", "Nhà máy bia", "32014", "không", "1.234,5", "15/03/2023", null],
            ["F4", "Nhà máy sữa", "32014", 0, 0, 45000, 1],
            ["F5", "Nhà máy gạch", "32014", null, null, new IsoDate("2023-03-15T00:00:00"), null],
        ]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Equal(["Nhà máy giấy", "Nhà máy đường", "Nhà máy bia", "Nhà máy sữa", "Nhà máy gạch"], import.Facilities.Select(f => f.Name));
        Assert.Equal([true, true, false, false, false], import.Facilities.Select(f => f.PollutionRiskType));
        Assert.Equal([350.5, 200, 1234.5, 0, null], import.Facilities.Select(f => f.DesignWastewaterM3PerDay));
        Assert.All(import.Facilities, f => Assert.Equal(new DateOnly(2023, 3, 15), f.PermitDate));
        Assert.Equal([false, true, false, true, false], import.Facilities.Select(f => f.ConnectedToCentralTreatment));
    }

    [Fact]
    public void Xlsx_rich_text_cells_are_read_without_their_phonetic_reading()
    {
        var workbook = Workbook(false, ("Cơ sở", [["Mã cơ sở", "Tên", "Mã xã"], ["F1", new Rich("Công ty ", "Thép ", "Đông Á"), "32014"]]));

        Assert.Equal("Công ty Thép Đông Á", RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists).Facilities.Single().Name);
    }

    [Fact]
    public void Title_rows_above_the_header_are_skipped_and_row_numbers_stay_true()
    {
        var workbook = Workbook(false, ("Trạm",
        [
            ["DANH SÁCH TRẠM QUAN TRẮC TỰ ĐỘNG"],
            ["Tỉnh Cà Mau – cập nhật 01/2025", null, "Thông số"],
            [],
            ["STT", "Mã trạm", "Tên trạm", "Loại trạm", "Vĩ độ", "Kinh độ", "Mã xã"],
            [1, "S1", "Trạm 1", "nước thải", 9.1, 105.1, "32014"],
            [2, "S2", "", "nước thải", 9.1, 105.1, "32014"],
        ]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        Assert.Equal("S1", Assert.Single(import.Stations).Code);
        Assert.Equal(6, Assert.Single(import.Errors).Row);
        var warning = Assert.Single(import.Warnings, w => w.Contains("above the header"));
        Assert.Contains("row 4", warning);
        Assert.DoesNotContain(import.Warnings, w => w.Contains("STT"));
    }

    [Fact]
    public void Csv_title_row_is_skipped_too()
    {
        var import = Csv("Danh sách cơ sở;;\r\nMã cơ sở;Tên;Mã xã\r\nF1;A;32014\r\n", RegistryTable.Facilities);

        Assert.Empty(import.Errors);
        Assert.Single(import.Facilities);
    }

    [Fact]
    public void Row_number_column_is_expected_and_not_warned_about()
    {
        var import = Csv("STT,Mã cơ sở,Tên,Mã xã\n1,F1,A,32014\n", RegistryTable.Facilities);

        Assert.Single(import.Facilities);
        Assert.Empty(import.Warnings);
    }

    [Fact]
    public void Columns_beyond_the_two_hundredth_are_ignored_with_a_warning()
    {
        var header = "Mã cơ sở,Tên,Mã xã" + string.Concat(Enumerable.Range(4, 200).Select(i => ",Cột " + i.ToString(CultureInfo.InvariantCulture)));
        var row = "F1,A,32014" + new string(',', 200);

        var import = Csv(header + "\n" + row + "\n", RegistryTable.Facilities);

        Assert.Single(import.Facilities);
        Assert.Contains(import.Warnings, w => w.Contains("columns after GR ignored"));
        Assert.DoesNotContain(import.Warnings, w => w.Contains("Cột 201"));
    }

    [Fact]
    public void Xlsx_in_the_1904_date_system_is_read()
    {
        // 2023-03-15 is serial 45000 in the 1900 system and 43538 in the 1904 system.
        var workbook = Workbook(true, ("Cơ sở", [["Mã cơ sở", "Tên", "Mã xã", "Ngày cấp phép"], ["F1", "A", "32014", new DateCell(43538)]]));

        Assert.Equal(new DateOnly(2023, 3, 15), RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists).Facilities.Single().PermitDate);
    }

    [Fact]
    public void Xlsx_codes_typed_as_numbers_get_their_leading_zeros_back()
    {
        var workbook = Workbook(false, ("Cơ sở",
        [
            ["Mã cơ sở", "Tên", "Mã xã", "Mã số thuế"],
            [1001, "A", 4, 100109106],
        ]));

        var facility = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists).Facilities.Single();

        Assert.Equal("1001", facility.Id);
        Assert.Equal("00004", facility.CommuneCode);
        Assert.Equal("0100109106", facility.TaxCode);
    }

    [Fact]
    public void Xlsx_rows_are_numbered_as_Excel_shows_them_even_after_gaps()
    {
        var workbook = Workbook(false, ("Trạm",
        [
            ["Mã trạm", "Tên trạm", "Loại trạm", "Vĩ độ", "Kinh độ", "Mã xã"],
            ["S1", "A", "nước mặt", 10.5, 106.7, "26734"],
            [],
            [null, null, null, null, null, null],
            ["S2", "B", "nước mặt", 106.7, 10.5, "26734"],
        ]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        Assert.Single(import.Stations);
        var error = Assert.Single(import.Errors);
        Assert.Equal(5, error.Row);
        Assert.Equal("Stations", error.Table);
        Assert.Contains("swapped", error.MessageEn);
    }

    [Fact]
    public void Xlsx_sheet_names_are_matched_in_either_language_without_case_or_diacritics()
    {
        var workbook = Workbook(false,
            ("CO SO", [["Id", "Name", "Commune code"], ["F1", "A", "32014"]]),
            ("stations", [["Code", "Name", "Kind", "Latitude", "Longitude", "Commune code"], ["S1", "B", "Surface water", 10.5, 106.7, "26734"]]),
            ("Thông số", [["Station code", "Parameter"], ["S1", "COD"]]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        Assert.True(import.Errors.Count == 0, Show(import));
        Assert.Single(import.Facilities);
        Assert.Single(import.Stations);
        Assert.Single(import.Datastreams);
        Assert.Empty(import.Warnings);
    }

    [Fact]
    public void Xlsx_warns_about_unknown_and_missing_sheets()
    {
        var workbook = Workbook(false,
            ("Hướng dẫn", [["Điền từng dòng"]]),
            ("Cơ sở", [["Mã cơ sở", "Tên", "Mã xã"], ["F1", "A", "32014"]]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        Assert.Empty(import.Errors);
        Assert.Single(import.Facilities);
        Assert.Contains(import.Warnings, w => w.Contains("\"Hướng dẫn\""));
        Assert.Contains(import.Warnings, w => w.Contains("\"Trạm\"") && w.Contains("\"Stations\""));
        Assert.Contains(import.Warnings, w => w.Contains("\"Thông số\""));
    }

    [Fact]
    public void Xlsx_without_any_registry_sheet_is_an_error()
    {
        var workbook = Workbook(false, ("Sheet1", [["a", "b"], ["1", "2"]]));

        var error = Assert.Single(RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists).Errors);

        Assert.Equal("Workbook", error.Table);
        Assert.Equal(0, error.Row);
    }

    [Fact]
    public void Xlsx_with_two_sheets_for_one_table_reads_the_first_and_reports_the_second()
    {
        var workbook = Workbook(false,
            ("Cơ sở", [["Mã cơ sở", "Tên", "Mã xã"], ["F1", "A", "32014"]]),
            ("Facilities", [["Id", "Name", "Commune code"], ["F2", "B", "32014"]]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        Assert.Equal(["F1"], import.Facilities.Select(f => f.Id));
        Assert.Equal("Facilities", Assert.Single(import.Errors).Table);
    }

    [Fact]
    public void Xlsx_missing_required_column_is_one_error_for_that_sheet_only()
    {
        var workbook = Workbook(false,
            ("Cơ sở", [["Mã cơ sở", "Tên"], ["F1", "A"]]),
            ("Thông số", [["Mã trạm", "Thông số"], ["S1", "COD"]]));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        var error = Assert.Single(import.Errors);
        Assert.Equal(("Facilities", 1), (error.Table, error.Row));
        Assert.Contains("Mã xã", error.MessageVi);
        Assert.Empty(import.Facilities);
        Assert.Single(import.Datastreams);
    }

    [Fact]
    public void Not_an_xlsx_file_is_an_error_not_an_exception()
    {
        var import = RegistrySpreadsheet.ReadXlsx(new MemoryStream(Encoding.UTF8.GetBytes("Mã cơ sở,Tên\nF1,A\n")), CommuneExists);

        var error = Assert.Single(import.Errors);
        Assert.Equal(0, error.Row);
        Assert.Contains(".xlsx", error.MessageEn);
    }

    [Fact]
    public void Damaged_xlsx_files_give_errors_never_exceptions()
    {
        var good = Xlsx().ToArray();
        var random = new Random(20250106);

        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])good.Clone();
            if (i % 2 == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            else
            {
                for (var k = 0; k < 1 + random.Next(4); k++)
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var import = RegistrySpreadsheet.ReadXlsx(new MemoryStream(bytes), CommuneExists);

            Assert.True(import.Errors.Count > 0 || import.Facilities.Count + import.Stations.Count + import.Datastreams.Count > 0);
        }
    }

    [Fact]
    public void A_sheet_whose_part_is_missing_is_reported_for_its_table()
    {
        var stream = new MemoryStream();
        Workbook(false, ("Cơ sở", [["Mã cơ sở", "Tên", "Mã xã"], ["F1", "A", "32014"]])).CopyTo(stream);
        stream.Position = 0;
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var workbook = document.WorkbookPart!;
            workbook.Workbook!.Sheets!.Append(new Sheet { Id = "rIdMissing", SheetId = 9, Name = "Trạm" });
        }

        stream.Position = 0;
        var import = RegistrySpreadsheet.ReadXlsx(stream, CommuneExists);

        Assert.Single(import.Facilities);
        var error = Assert.Single(import.Errors);
        Assert.Equal(("Stations", 0), (error.Table, error.Row));
        Assert.Contains("damaged", error.MessageEn);
    }

    [Fact]
    public void Xlsx_with_formula_text_keeps_it_as_text()
    {
        var workbook = Workbook(false, ("Cơ sở", [["Mã cơ sở", "Tên", "Mã xã"], ["F1", "=1+1", "32014"]]));

        Assert.Equal("=1+1", RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists).Facilities.Single().Name);
    }

    // ------------------------------------------------------------------ bounds

    [Fact]
    public void Csv_larger_than_10_MiB_is_refused()
    {
        var stream = new MemoryStream(new byte[RegistrySpreadsheet.MaxFileBytes + 1]);

        var import = RegistrySpreadsheet.ReadCsv(stream, RegistryTable.Facilities, CommuneExists);

        var error = Assert.Single(import.Errors);
        Assert.Equal(0, error.Row);
        Assert.Contains("10 MiB", error.MessageEn);
    }

    [Fact]
    public void Oversized_input_is_refused_even_from_a_stream_that_cannot_tell_its_length()
    {
        var stream = new ForwardOnlyStream(new MemoryStream(new byte[RegistrySpreadsheet.MaxFileBytes + 1]));

        var import = RegistrySpreadsheet.ReadXlsx(stream, CommuneExists);

        Assert.Contains("10 MiB", Assert.Single(import.Errors).MessageEn);
    }

    [Fact]
    public void Exactly_10_MiB_is_not_refused_for_size()
    {
        var bytes = Encoding.UTF8.GetBytes("Mã cơ sở,Tên,Mã xã\nF1,A,32014\n");
        var padded = new byte[RegistrySpreadsheet.MaxFileBytes];
        bytes.CopyTo(padded, 0);
        Array.Fill(padded, (byte)'\n', bytes.Length, padded.Length - bytes.Length);

        var import = RegistrySpreadsheet.ReadCsv(new MemoryStream(padded), RegistryTable.Facilities, CommuneExists);

        Assert.Empty(import.Errors);
        Assert.Single(import.Facilities);
    }

    [Fact]
    public void Twenty_thousand_rows_are_read()
    {
        var text = new StringBuilder("Mã trạm,Thông số\n");
        for (var i = 0; i < RegistrySpreadsheet.MaxDataRows; i++)
            text.Append("S").Append(i).Append(",COD\n");

        var import = Csv(text.ToString(), RegistryTable.Datastreams);

        Assert.Empty(import.Errors);
        Assert.Equal(RegistrySpreadsheet.MaxDataRows, import.Datastreams.Count);
    }

    [Fact]
    public void More_than_twenty_thousand_rows_are_refused()
    {
        var text = new StringBuilder("Mã trạm,Thông số\n");
        for (var i = 0; i <= RegistrySpreadsheet.MaxDataRows; i++)
            text.Append("S").Append(i).Append(",COD\n");

        var import = Csv(text.ToString(), RegistryTable.Datastreams);

        var error = Assert.Single(import.Errors);
        Assert.Equal(0, error.Row);
        Assert.Contains("20,000", error.MessageEn);
        Assert.Contains("20.000", error.MessageVi);
        Assert.Empty(import.Datastreams);
    }

    [Fact]
    public void More_than_twenty_thousand_rows_in_a_sheet_are_refused()
    {
        var rows = new List<object?[]> { new object?[] { "Mã trạm", "Thông số" } };
        for (var i = 0; i <= RegistrySpreadsheet.MaxDataRows; i++)
            rows.Add(["S" + i.ToString(CultureInfo.InvariantCulture), "COD"]);
        var workbook = Workbook(false, ("Thông số", rows.ToArray()));

        var import = RegistrySpreadsheet.ReadXlsx(workbook, CommuneExists);

        var error = Assert.Single(import.Errors);
        Assert.Equal(("Datastreams", 0), (error.Table, error.Row));
        Assert.Empty(import.Datastreams);
    }

    [Fact]
    public void Xlsx_that_expands_to_more_than_256_MiB_is_refused_as_a_zip_bomb()
    {
        var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 257; i++)
                entry.Write(zeros);
        }

        stream.Position = 0;
        Assert.True(stream.Length < RegistrySpreadsheet.MaxFileBytes);

        var error = Assert.Single(RegistrySpreadsheet.ReadXlsx(stream, CommuneExists).Errors);
        Assert.Contains("256 MiB", error.MessageEn);
    }

    /// <summary>A stream that can only be read or written forwards, like a request or response body.</summary>
    private sealed class ForwardOnlyStream(MemoryStream inner) : Stream
    {
        public MemoryStream Inner => inner;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
