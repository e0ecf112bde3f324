using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Registry;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>A registered facility with a wastewater station and its datastreams, and tokens to deliver files.</summary>
public static class MonitoringSetup
{
    public static async Task<HttpClient> RegisterAsync(EnvigilAppFactory app, string facilityId, string ftpAccount, string stationCode, string communeCode = "32025",
        double latitude = 9.1769, double longitude = 105.1524, params string[] parameters)
    {
        var officer = await app.SignedIn(Demo.Officer);
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/facilities/{facilityId}",
            new FacilityInput(facilityId, $"Công ty chế biến thủy sản {facilityId}", communeCode, PollutionRiskType: true, DesignWastewaterM3PerDay: 350, FtpAccount: ftpAccount))).EnsureSuccessStatusCode();
        (await officer.PutAsJsonAsync($"/api/v1/monitoring/registry/stations/{stationCode}",
            new StationInput(stationCode, $"Trạm nước thải {stationCode}", StationKind.Wastewater, latitude, longitude, facilityId))).EnsureSuccessStatusCode();
        foreach (var parameter in parameters.Length > 0 ? parameters : ["COD", "pH", "TSS", "Flow"])
            (await officer.PutAsync($"/api/v1/monitoring/registry/stations/{stationCode}/datastreams/{Uri.EscapeDataString(parameter)}", JsonContent.Create(new DatastreamInput(parameter)))).EnsureSuccessStatusCode();
        return officer;
    }

    public static async Task<HttpClient> MachineAsync(EnvigilAppFactory app, string kind, string subject)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/tokens", new NewMachineToken($"test {kind} {subject} {Guid.NewGuid():n}", kind, subject));
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<IssuedMachineToken>())!.Token;
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A Circular 10/2021 file: TAB-separated lines, CRLF, times in Vietnam local time.</summary>
    public static (string Name, string Content) File(string stationCode, DateTime measuredUtc, params (string Code, double Value, string Unit, string Status)[] lines)
    {
        var local = VietnamTime.ToLocal(measuredUtc).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var content = new StringBuilder();
        foreach (var (code, value, unit, status) in lines)
            content.Append(CultureInfo.InvariantCulture, $"{code}\t{value}\t{unit}\t{local}\t{status}\r\n");
        return ($"{stationCode}_{local}.txt", content.ToString());
    }

    public static (string Name, string Content) Typical(string stationCode, DateTime measuredUtc, double cod = 45.2, string status = "00") =>
        File(stationCode, measuredUtc, ("COD", cod, "mg/L", status), ("pH", 7.1, "pH", status), ("TSS", 30.5, "mg/L", status), ("Flow", 12.5, "m3/h", "00"));

    public static async Task<(HttpStatusCode Status, ReceiptView? Receipt)> PutAsync(HttpClient machine, (string Name, string Content) file)
    {
        var response = await machine.PutAsync($"/api/v1/ingest/files/{Uri.EscapeDataString(file.Name)}", new ByteArrayContent(Encoding.UTF8.GetBytes(file.Content)));
        var body = await response.Content.ReadAsStringAsync();
        ReceiptView? receipt = null;
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        if (body.StartsWith('{') && body.Contains("\"sha256\""))
            receipt = System.Text.Json.JsonSerializer.Deserialize<ReceiptView>(body, json);
        // 202: archived, still being processed (a loaded machine); the sender polls its receipt.
        for (var i = 0; i < 300 && response.StatusCode == HttpStatusCode.Accepted && receipt?.State == "pending"; i++)
        {
            await Task.Delay(100);
            receipt = await machine.GetFromJsonAsync<ReceiptView>($"/api/v1/ingest/receipts/{receipt.Id}", json);
        }
        var status = response.StatusCode == HttpStatusCode.Accepted && receipt?.State is not null and not "pending"
            ? receipt.State == "rejected" ? HttpStatusCode.Forbidden : HttpStatusCode.OK
            : response.StatusCode;
        return (status, receipt);
    }

    /// <summary>A whole hour boundary a few days back, so tests do not depend on the current time.</summary>
    public static DateTime Hour(int daysAgo, int hourUtc) => DateTime.UtcNow.Date.AddDays(-daysAgo).AddHours(hourUtc);
}
