using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Reports;

public sealed record ReportColumn(string Vi, string En, bool Numeric = false);

/// <summary>A report as a table: the page shows it, and the exports write it with the same headers (Vietnamese, or English).</summary>
public sealed record ReportTable(string SheetVi, string SheetEn, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    public static ReportTable Of(CompletenessByStation report) => new("Đầy đủ và kịp thời", "Completeness",
        [
            new("Mã trạm", "Station code"), new("Tên trạm", "Station name"), new("Cơ sở", "Facility"),
            new("Chu kỳ (giây)", "Cadence (s)", true), new("Số thông số", "Parameters", true),
            new("Số giá trị phải có", "Expected values", true), new("Số giá trị hợp lệ đã nhận", "Valid values received", true),
            new("Tỷ lệ đầy đủ (%)", "Completeness (%)", true), new("Số giá trị đã nhận", "Values received", true),
            new("Gửi chậm quá 5 phút", "Late by more than 5 minutes", true), new("Tỷ lệ đúng hạn (%)", "On time (%)", true),
        ],
        report.Stations.Select(s => new object?[]
        {
            s.StationCode, s.StationName, s.FacilityName ?? s.FacilityId, s.CadenceSeconds, s.Datastreams, s.Expected, s.Valid, s.CompletenessPercent,
            s.Received, s.Late, s.TimelinessPercent,
        }).ToList());

    public static ReportTable Of(ExceedancesByFacility report) => new("Vượt giới hạn", "Exceedances",
        [
            new("Mã cơ sở", "Facility ID"), new("Tên cơ sở", "Facility name"), new("Thông số", "Parameter"),
            new("Số đợt vượt", "Episodes", true), new("Số khung trung bình vượt", "Exceeding windows", true),
            new("Tỷ lệ cao nhất so với giới hạn", "Worst ratio to the limit", true), new("Số giờ vượt", "Hours exceeding", true),
        ],
        report.Rows.Select(r => new object?[] { r.FacilityId, r.FacilityName, r.Parameter, r.Episodes, r.ExceedingWindows, r.WorstRatioToLimit, r.HoursExceeding }).ToList());

    /// <summary>UTF-8 with BOM (Excel shows Vietnamese correctly), CRLF, numbers with a decimal point, cells quoted as the registry export does.</summary>
    public void WriteCsv(Stream output, bool english)
    {
        output.Write([0xEF, 0xBB, 0xBF]);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 65_536, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(",", Columns.Select(c => RegistrySpreadsheet.CsvField(english ? c.En : c.Vi))));
        foreach (var row in Rows)
            writer.WriteLine(string.Join(",", row.Select(v => RegistrySpreadsheet.CsvField(Invariant(v)))));
    }

    /// <summary>One sheet, bold header row, numbers as number cells.</summary>
    public void WriteXlsx(Stream output, bool english)
    {
        // The zip package needs to seek; a response stream cannot.
        var target = output.CanSeek ? output : new MemoryStream();
        using (var document = SpreadsheetDocument.Create(target, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = RegistrySpreadsheet.BuildStylesheet();
            var sheetData = new SheetData();
            var header = new Row { RowIndex = 1 };
            for (var i = 0; i < Columns.Count; i++)
            {
                var cell = RegistrySpreadsheet.TextCell(english ? Columns[i].En : Columns[i].Vi, i, 1);
                cell.StyleIndex = RegistrySpreadsheet.HeaderStyle;
                header.Append(cell);
            }
            sheetData.Append(header);
            uint rowNumber = 1;
            foreach (var values in Rows)
            {
                var row = new Row { RowIndex = ++rowNumber };
                for (var i = 0; i < values.Length; i++)
                {
                    var cell = values[i] switch
                    {
                        null => null,
                        string s => RegistrySpreadsheet.TextCell(s, i, rowNumber),
                        var number => RegistrySpreadsheet.NumberCell(Invariant(number), i, rowNumber),
                    };
                    if (cell is not null)
                        row.Append(cell);
                }
                sheetData.Append(row);
            }
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            worksheetPart.Worksheet = new Worksheet(sheetData);
            workbookPart.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = english ? SheetEn : SheetVi });
        }
        if (!ReferenceEquals(target, output))
        {
            target.Position = 0;
            target.CopyTo(output);
            target.Dispose();
        }
    }

    /// <summary>A cell as the page shows it: numbers in the reader's culture, nothing for a missing value.</summary>
    public static string Display(object? value, IFormatProvider culture) => value switch
    {
        null => "—",
        double d => d.ToString("#,##0.##", culture),
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString("#,##0", culture),
        _ => Convert.ToString(value, culture) ?? "",
    };

    private static string Invariant(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
