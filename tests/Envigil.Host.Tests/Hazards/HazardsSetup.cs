using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Envigil.Kernel.Geography;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;

namespace Envigil.Host.Tests.Hazards;

/// <summary>Places in the demo province (Cà Mau) and the bits every hazards test needs.</summary>
public static class HazardsSetup
{
    public static ProvinceSnapshot Province(EnvigilAppFactory app) => app.Services.GetRequiredService<ProvinceGeography>().Current;

    /// <summary>The demo commune officer's commune (the first commune by code) and a point well inside it.</summary>
    public static (string Code, Coordinate Point) OfficerCommune(EnvigilAppFactory app) => Commune(app, 0);

    public static (string Code, Coordinate Point) Commune(EnvigilAppFactory app, int index)
    {
        var commune = Province(app).Communes.Where(c => c.Boundary is not null).ElementAt(index);
        return (commune.Code, commune.Boundary!.InteriorPoint.Coordinate);
    }

    public static string Square(Coordinate centre, double half) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"type":"Polygon","coordinates":[[[{{centre.X - half}},{{centre.Y - half}}],[{{centre.X + half}},{{centre.Y - half}}],[{{centre.X + half}},{{centre.Y + half}}],[{{centre.X - half}},{{centre.Y + half}}],[{{centre.X - half}},{{centre.Y - half}}]]]}""");

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<long> HouseholdAsync(HttpClient client, string name, Coordinate at, int members = 4, int elderly = 1, int children = 1)
    {
        var response = await client.PostAsJsonAsync("/api/v1/hazards/households", new
        {
            headName = name, address = "Ấp 1", latitude = at.Y, longitude = at.X, members, elderly, children, disabled = 0, pregnant = 0, phone = "0900000000",
        });
        var json = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    public static async Task<long> DraftStormAsync(HttpClient client, string polygon, string headline, int beaufort = 12)
    {
        var now = DateTime.UtcNow;
        var response = await client.PostAsJsonAsync("/api/v1/hazards/warnings", new
        {
            hazard = "Storm", headlineVi = headline, headlineEn = "Storm: risk level 5", messageVi = "Bão mạnh cấp 12 đổ bộ; người dân vùng ven biển sơ tán.",
            messageEn = "A Beaufort 12 storm makes landfall; coastal residents evacuate.", instructionVi = "Sơ tán đến điểm tránh trú gần nhất.",
            forecast = new { beaufort, stormArea = "SouthernLand" }, areaGeoJson = polygon, validFromUtc = now.AddMinutes(-5), validToUtc = now.AddDays(2),
        });
        var json = await JsonAsync(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    public static async Task<HttpClient> CommuneOfficerAsync(EnvigilAppFactory app, string commune)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var email = $"xa-{Guid.NewGuid():n}@example.vn";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new Kernel.Identity.NewUser(email, "Cán bộ xã", "commune-password-1", [Kernel.Identity.EnvigilRoles.CommuneOfficer], [commune]))).EnsureSuccessStatusCode();
        return await app.SignedIn(email, "commune-password-1");
    }

    /// <summary>Validates a CAP document against the CAP 1.2 schema; returns the problems (none when valid).</summary>
    public static List<string> CapProblems(string xml)
    {
        var problems = new List<string>();
        var schemas = new XmlSchemaSet();
        using (var xsd = typeof(HazardsSetup).Assembly.GetManifestResourceStream("Envigil.Host.Tests.Hazards.CAP-v1.2.xsd")!)
            schemas.Add("urn:oasis:names:tc:emergency:cap:1.2", XmlReader.Create(xsd));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }
        return problems;
    }

    public static byte[] Xlsx(IReadOnlyList<string[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in rows)
                data.Append(new Row(row.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(v) }
                    : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v)) })));
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Hộ dân" }));
        }
        return buffer.ToArray();
    }

    public static string D(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
