using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using static Envigil.Host.Tests.Hazards.HazardsSetup;

namespace Envigil.Host.Tests.Hazards;

/// <summary>Hazards end to end over HTTP on both providers: imports with row errors, the two-person warning, the spatial join, CAP and Atom, the commune officer's scope and task.</summary>
public abstract class HazardsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Zone_import_keeps_valid_features_and_reports_the_bad_ones_by_number()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var (_, p) = Commune(app, 3);
        var square = Square(p, 0.01);
        var geojson = """{"type":"FeatureCollection","features":[""" +
            """{"type":"Feature","properties":{"name":"Bờ sông Gành Hào","hazard":"Erosion","susceptibility":"High","surveyedOn":"2025-10-02"},"geometry":""" + square + "}," +
            """{"type":"Feature","properties":{"name":"Tự cắt","hazard":"Subsidence"},"geometry":{"type":"Polygon","coordinates":[[[105,9],[105.1,9.1],[105.1,9],[105,9.1],[105,9]]]}},""" +
            """{"type":"Feature","properties":{"name":"Một điểm","hazard":"Flood"},"geometry":{"type":"Point","coordinates":[105,9]}},""" +
            """{"type":"Feature","properties":{"name":"Sai loại","hazard":"Volcano"},"geometry":""" + square + "}]}";
        var response = await officer.PostAsync("/api/v1/hazards/zones/import?name=zones.geojson", new StringContent(geojson, Encoding.UTF8, "application/geo+json"));
        var report = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, report.GetProperty("stored").GetInt32());
        Assert.Equal(3, report.GetProperty("rejected").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.True(errors.Any(e => e.GetProperty("row").GetInt32() == 2 && e.GetProperty("messageEn").GetString()!.Contains("Invalid geometry")), report.ToString());
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("messageEn").GetString()!.Contains("Polygon or MultiPolygon"));
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 4 && e.GetProperty("column").GetString() == "hazard");

        var zones = await JsonAsync(await officer.GetAsync("/api/v1/hazards/zones?hazard=Erosion"));
        Assert.Contains(zones.EnumerateArray(), z => z.GetProperty("name").GetString() == "Bờ sông Gành Hào" && z.GetProperty("susceptibility").GetString() == "High");
        var layer = await JsonAsync(await officer.GetAsync("/api/v1/hazards/zones.geojson"));
        Assert.Contains(layer.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("name").GetString() == "Bờ sông Gành Hào"
            && f.GetProperty("geometry").GetProperty("type").GetString() == "Polygon");

        var viewer = await app.SignedIn(Demo.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/v1/hazards/zones/import", new StringContent(geojson))).StatusCode);
        var notCollection = await JsonAsync(await officer.PostAsync("/api/v1/hazards/zones/import", new StringContent("{\"type\":\"Feature\"}")));
        Assert.Contains("FeatureCollection", notCollection.GetProperty("errors")[0].GetProperty("messageEn").GetString());
        var notJson = await JsonAsync(await officer.PostAsync("/api/v1/hazards/zones/import", new StringContent("not json")));
        Assert.Contains("not valid JSON", notJson.GetProperty("errors")[0].GetProperty("messageEn").GetString());
    }

    [Fact]
    public async Task Household_import_from_csv_and_xlsx_stores_valid_rows_and_reports_row_errors()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var (code, p) = Commune(app, 4);
        var csv = $"""
            Chủ hộ;Địa chỉ;Vĩ độ;Kinh độ;Số nhân khẩu;Người cao tuổi;Trẻ em;Điện thoại;Di dời
            Nguyễn Văn An;Ấp Tân Lập;{D(p.Y)};{D(p.X)};5;1;2;0912345678;kế hoạch
            Trần Thị Bé;Ấp Tân Lập;abc;{D(p.X)};3;0;1;;
            Lê Văn Cư;Ngoài tỉnh;21.03;105.85;4;0;0;;
            Phạm Thị Dung;Ấp Mới;{D(p.Y)};{D(p.X)};2;5;0;;
            """;
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "ho-dan.csv" } };
        var report = await JsonAsync(await officer.PostAsync("/api/v1/hazards/households/import", form));
        Assert.Equal(1, report.GetProperty("stored").GetInt32());
        Assert.Equal(3, report.GetProperty("rejected").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (Row: e.GetProperty("row").GetInt32(), En: e.GetProperty("messageEn").GetString()!)).ToList();
        Assert.Contains(errors, e => e.Row == 3 && e.En.Contains("is not a number"));
        Assert.Contains(errors, e => e.Row == 4 && e.En.Contains("outside the province"));
        Assert.Contains(errors, e => e.Row == 5 && e.En.Contains("more than the members"));

        var xlsx = Xlsx([
            ["head_name", "address", "latitude", "longitude", "members", "disabled", "pregnant", "relocation"],
            ["Võ Văn Em", "Ấp Đông", D(p.Y), D(p.X), "6", "1", "1", "Relocated"],
            ["", "Ấp Đông", D(p.Y), D(p.X), "2", "0", "0", ""],
        ]);
        using var xlsxForm = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "ho-dan.xlsx" } };
        var xlsxReport = await JsonAsync(await officer.PostAsync("/api/v1/hazards/households/import", xlsxForm));
        Assert.Equal(1, xlsxReport.GetProperty("stored").GetInt32());
        Assert.Equal(3, xlsxReport.GetProperty("errors")[0].GetProperty("row").GetInt32());

        var listed = await JsonAsync(await officer.GetAsync($"/api/v1/hazards/households?commune={code}&limit=500"));
        var names = listed.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("headName").GetString()).ToList();
        Assert.Contains("Nguyễn Văn An", names);
        Assert.Contains("Võ Văn Em", names);
        Assert.DoesNotContain("Trần Thị Bé", names);
        var an = listed.GetProperty("items").EnumerateArray().First(h => h.GetProperty("headName").GetString() == "Nguyễn Văn An");
        Assert.Equal("Planned", an.GetProperty("relocation").GetString());
        Assert.Equal(code, an.GetProperty("communeCode").GetString()); // taken from the point

        using var bad = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "ho-dan.xlsx" } };
        var badReport = await JsonAsync(await officer.PostAsync("/api/v1/hazards/households/import", bad));
        Assert.Contains("not a readable .xlsx", badReport.GetProperty("errors")[0].GetProperty("messageEn").GetString());
    }

    [Fact]
    public async Task Warning_needs_a_second_person_lists_the_households_inside_publishes_CAP_and_Atom_and_the_commune_confirms()
    {
        var (communeA, centre) = OfficerCommune(app);
        // Beside the commune's interior point, where another test puts a household of its own.
        var inside = new NetTopologySuite.Geometries.Coordinate(centre.X + 0.001, centre.Y + 0.001);
        var (_, elsewhere) = Commune(app, 6);
        var admin = await app.SignedIn(Demo.Admin);
        var insideId = await HouseholdAsync(admin, "Hộ trong vùng", inside, members: 5, elderly: 2, children: 1);
        var outsideId = await HouseholdAsync(admin, "Hộ ngoài vùng", elsewhere);

        // Drafted by the administrator: the rules give level 5 (Beaufort 12, land of the Southern region).
        var id = await DraftStormAsync(admin, Square(inside, 0.0003), $"Bão số {Random.Shared.Next(1, 99)} – cảnh báo cấp 5");
        var draft = await JsonAsync(await admin.GetAsync($"/api/v1/hazards/warnings/{id}"));
        Assert.Equal(5, draft.GetProperty("warning").GetProperty("level").GetInt32());
        Assert.Equal("storm-12-13", draft.GetProperty("warning").GetProperty("ruleId").GetString());
        Assert.True(draft.GetProperty("warning").GetProperty("ruleVerified").GetBoolean());

        // The same person cannot approve; an officer is not an approver; nothing is public before issue.
        var self = await admin.PostAsync($"/api/v1/hazards/warnings/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("cannot approve", (await JsonAsync(self)).GetProperty("detail").GetString());
        var officer = await app.SignedIn(Demo.Officer);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync($"/api/v1/hazards/warnings/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/api/v1/hazards/warnings/{id}.cap.xml")).StatusCode);
        var leader = await app.SignedIn(Demo.Leader);
        Assert.Equal(HttpStatusCode.Conflict, (await leader.PostAsync($"/api/v1/hazards/warnings/{id}/issue", null)).StatusCode); // not approved yet

        var approved = await leader.PostAsync($"/api/v1/hazards/warnings/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var issued = await JsonAsync(await leader.PostAsync($"/api/v1/hazards/warnings/{id}/issue", null));
        Assert.Equal("Issued", issued.GetProperty("status").GetString());
        Assert.Equal(1, issued.GetProperty("affectedHouseholds").GetInt32());
        Assert.Equal(5, issued.GetProperty("affectedPeople").GetInt32());
        Assert.Equal(3, issued.GetProperty("affectedVulnerable").GetInt32());
        Assert.Contains(communeA, issued.GetProperty("communes").EnumerateArray().Select(c => c.GetString()));

        // The affected list: the household inside, not the one outside.
        var affected = await JsonAsync(await leader.GetAsync($"/api/v1/hazards/warnings/{id}/households"));
        var ids = affected.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([insideId], ids);
        Assert.DoesNotContain(outsideId, ids);

        // CAP 1.2, valid against the schema, public.
        var anonymous = app.Anonymous();
        var capResponse = await anonymous.GetAsync($"/api/v1/hazards/warnings/{id}.cap.xml");
        Assert.Equal(HttpStatusCode.OK, capResponse.StatusCode);
        Assert.Equal("application/cap+xml", capResponse.Content.Headers.ContentType!.MediaType);
        var cap = await capResponse.Content.ReadAsStringAsync();
        Assert.Empty(CapProblems(cap));
        var alert = XDocument.Parse(cap).Root!;
        Assert.Equal(Cap + "alert", alert.Name);
        Assert.Equal($"urn:envigil:96:hazards:warning:{id}", alert.Element(Cap + "identifier")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", alert.Element(Cap + "sent")!.Value);
        Assert.Equal("Alert", alert.Element(Cap + "msgType")!.Value);
        Assert.Equal("Public", alert.Element(Cap + "scope")!.Value);
        var infos = alert.Elements(Cap + "info").ToList();
        Assert.Equal(["vi-VN", "en-US"], infos.Select(i => i.Element(Cap + "language")!.Value));
        Assert.All(infos, i =>
        {
            Assert.Equal("Met", i.Element(Cap + "category")!.Value);
            Assert.Equal("Extreme", i.Element(Cap + "severity")!.Value);
            Assert.Equal("Immediate", i.Element(Cap + "urgency")!.Value);
            Assert.Equal("Likely", i.Element(Cap + "certainty")!.Value);
        });
        var area = infos[0].Element(Cap + "area")!;
        var ring = area.Element(Cap + "polygon")!.Value.Split(' ');
        Assert.Equal(5, ring.Length);
        Assert.Equal(ring[0], ring[^1]);
        var first = ring[0].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(first[0], 8, 10); // latitude first: Cà Mau is near 9°N, 105°E
        Assert.Contains(area.Elements(Cap + "geocode"), g => g.Element(Cap + "value")!.Value == communeA);

        var atom = XDocument.Parse(await anonymous.GetStringAsync("/api/v1/hazards/warnings.atom")).Root!;
        var entry = atom.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value == $"urn:envigil:96:hazards:warning:{id}");
        Assert.EndsWith($"/api/v1/hazards/warnings/{id}.cap.xml", entry.Element(Atom + "link")!.Attribute("href")!.Value);

        // The commune officer: their commune's households and task only, and confirms it.
        var commune = await app.SignedIn(Demo.CommuneOfficer);
        var tasks = await JsonAsync(await commune.GetAsync($"/api/v1/hazards/tasks?warning={id}"));
        var task = Assert.Single(tasks.EnumerateArray());
        Assert.Equal(communeA, task.GetProperty("communeCode").GetString());
        Assert.Equal(1, task.GetProperty("households").GetInt32());
        var mine = await JsonAsync(await commune.GetAsync("/api/v1/hazards/households?limit=500"));
        Assert.All(mine.GetProperty("items").EnumerateArray(), h => Assert.Equal(communeA, h.GetProperty("communeCode").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await commune.GetAsync($"/api/v1/hazards/households/{outsideId}")).StatusCode);

        var taskId = task.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await commune.PostAsJsonAsync($"/api/v1/hazards/tasks/{taskId}/confirm", new { householdsReached = 7 })).StatusCode);
        var confirmed = await commune.PostAsJsonAsync($"/api/v1/hazards/tasks/{taskId}/confirm", new { householdsReached = 1, note = "Đã gọi điện và đến tận nhà." });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await commune.PostAsJsonAsync($"/api/v1/hazards/tasks/{taskId}/confirm", new { householdsReached = 1 })).StatusCode);

        var list = await JsonAsync(await leader.GetAsync("/api/v1/hazards/warnings?status=Issued"));
        var row = list.GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetInt64() == id);
        Assert.Equal(1, row.GetProperty("tasksConfirmed").GetInt32());
        Assert.True(row.GetProperty("tasksTotal").GetInt32() >= 1);
    }

    [Fact]
    public async Task Commune_officer_keeps_only_their_own_communes_households()
    {
        var (mine, inMine) = OfficerCommune(app);
        var (other, inOther) = Commune(app, 2);
        var commune = await app.SignedIn(Demo.CommuneOfficer);
        var created = await HouseholdAsync(commune, "Hộ của xã mình", inMine);

        var foreign = await commune.PostAsJsonAsync("/api/v1/hazards/households", new { headName = "Hộ xã khác", address = "x", latitude = inOther.Y, longitude = inOther.X, members = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains($"not {other}", (await JsonAsync(foreign)).GetProperty("detail").GetString());
        var forced = await commune.PostAsJsonAsync("/api/v1/hazards/households", new { communeCode = other, headName = "Hộ xã khác", address = "x", latitude = inOther.Y, longitude = inOther.X, members = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, forced.StatusCode);
        var mismatch = await commune.PostAsJsonAsync("/api/v1/hazards/households", new { communeCode = mine, headName = "Sai toạ độ", address = "x", latitude = inOther.Y, longitude = inOther.X, members = 3 });
        Assert.Contains($"lies in commune {other}, not {mine}", (await JsonAsync(mismatch)).GetProperty("detail").GetString());

        var officer = await app.SignedIn(Demo.Officer);
        var otherId = await HouseholdAsync(officer, "Hộ xã khác (tỉnh nhập)", inOther);
        var move = await commune.PutAsJsonAsync($"/api/v1/hazards/households/{otherId}", new { headName = "x", address = "x", latitude = inMine.Y, longitude = inMine.X, members = 1 });
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);

        var relocated = await commune.PutAsJsonAsync($"/api/v1/hazards/households/{created}", new
        {
            headName = "Hộ của xã mình", address = "Ấp 1", latitude = inMine.Y, longitude = inMine.X, members = 4, relocation = "Relocated",
            relocatedOn = "2026-10-01", relocationDestination = "Khu tái định cư Tân Thành", expectedVersion = 1,
        });
        Assert.Equal(HttpStatusCode.OK, relocated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await commune.PutAsJsonAsync($"/api/v1/hazards/households/{created}", new
        {
            headName = "x", address = "x", latitude = inMine.Y, longitude = inMine.X, members = 4, expectedVersion = 1,
        })).StatusCode);
        var counts = await JsonAsync(await commune.GetAsync("/api/v1/hazards/households/relocation"));
        Assert.True(counts.EnumerateArray().Single(c => c.GetProperty("status").GetString() == "Relocated").GetProperty("households").GetInt32() >= 1);

        var review = await commune.PostAsJsonAsync("/api/v1/hazards/reviews", new { communeCode = mine, title = "Rà soát trước mùa mưa bão 2026" });
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        var reviewId = (await JsonAsync(review)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.PostAsJsonAsync("/api/v1/hazards/reviews", new { communeCode = other, title = "x" })).StatusCode);
        var signed = await JsonAsync(await commune.PostAsJsonAsync($"/api/v1/hazards/reviews/{reviewId}/sign-off", new { findings = "Ba hộ cần di dời." }));
        Assert.False(string.IsNullOrEmpty(signed.GetProperty("signedOffBy").GetString()));

        Assert.Equal(HttpStatusCode.Forbidden, (await commune.PostAsJsonAsync("/api/v1/hazards/warnings", new { hazard = "Storm" })).StatusCode);
    }

    [Fact]
    public async Task A_draft_without_a_rule_level_needs_an_override_with_a_reason_and_a_compound_raise_is_capped()
    {
        var officer = await app.SignedIn(Demo.Officer);
        var (code, _) = Commune(app, 5);
        object Draft(object forecast, int? levelOverride = null, string? reason = null, int? raise = null) => new
        {
            hazard = "Whirlwind", headlineVi = "Lốc xoáy", messageVi = "Cảnh báo lốc", forecast, communeCodes = new[] { code },
            validFromUtc = DateTime.UtcNow, validToUtc = DateTime.UtcNow.AddHours(3), levelOverride, levelReason = reason, compoundRaise = raise,
        };
        var refused = await JsonAsync(await officer.PostAsJsonAsync("/api/v1/hazards/warnings", Draft(new { })));
        Assert.Contains("set the level and give a reason", refused.GetProperty("detail").GetString());
        var noReason = await officer.PostAsJsonAsync("/api/v1/hazards/warnings", Draft(new { }, levelOverride: 1));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var ok = await JsonAsync(await officer.PostAsJsonAsync("/api/v1/hazards/warnings", Draft(new { }, 1, "Đài KTTV tỉnh cảnh báo cấp 1 trong bản tin 15h")));
        Assert.Equal(1, ok.GetProperty("level").GetInt32());

        var compound = await officer.PostAsJsonAsync("/api/v1/hazards/warnings", new
        {
            hazard = "Storm", headlineVi = "Bão kèm triều cường", messageVi = "x", forecast = new { beaufort = 14, stormArea = "SouthernLand" }, communeCodes = new[] { code },
            validFromUtc = DateTime.UtcNow, validToUtc = DateTime.UtcNow.AddDays(1), compoundRaise = 2, levelReason = "Bão đổ bộ đúng lúc triều cường",
        });
        Assert.Equal(5, (await JsonAsync(compound)).GetProperty("level").GetInt32());
        var badArea = await JsonAsync(await officer.PostAsJsonAsync("/api/v1/hazards/warnings", new
        {
            hazard = "Storm", headlineVi = "x", messageVi = "x", forecast = new { beaufort = 8, stormArea = "EastSea" }, areaGeoJson = "{\"type\":\"Point\",\"coordinates\":[105,9]}",
            validFromUtc = DateTime.UtcNow, validToUtc = DateTime.UtcNow.AddDays(40),
        }));
        Assert.Contains("Polygon or MultiPolygon", badArea.GetProperty("detail").GetString());
        Assert.Contains("at most 30 days", badArea.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pages_show_the_registers_and_take_reviews_shelters_and_bad_drafts_through_their_forms()
    {
        var commune = await app.SignedIn(Demo.CommuneOfficer);
        var officer = await app.SignedIn(Demo.Officer);
        var (mine, inMine) = OfficerCommune(app);

        async Task<(HttpStatusCode Status, string Html, Uri? Location)> SubmitAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
        {
            var page = await client.GetStringAsync(path);
            fields["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(page);
            fields["_handler"] = handler;
            var response = await client.PostAsync(path, new FormUrlEncodedContent(fields));
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
        }

        foreach (var path in new[] { "/hazards", "/hazards/zones", "/hazards/households", "/hazards/warnings", "/hazards/tasks", "/hazards/reviews" })
            Assert.Equal(HttpStatusCode.OK, (await commune.GetAsync(path)).StatusCode);
        Assert.Contains("Bạn chỉ thấy và quản lý hộ dân của", await commune.GetStringAsync("/hazards/households"));
        Assert.DoesNotContain("data-testid=\"draft-form\"", await commune.GetStringAsync("/hazards/warnings"));
        Assert.Contains("Natural hazards and early warning", await officer.GetStringAsync("/hazards?culture=en"));

        var started = await SubmitAsync(commune, "/hazards/reviews", "start", new() { ["r.commune"] = mine, ["r.title"] = "Rà soát quý IV" });
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        var reviews = await commune.GetStringAsync("/hazards/reviews");
        var reviewId = System.Text.RegularExpressions.Regex.Matches(reviews, "data-review=\"(\\d+)\"").Select(m => m.Groups[1].Value).First();
        var signed = await SubmitAsync(commune, "/hazards/reviews", $"signoff-{reviewId}", new() { ["s.review"] = reviewId, ["s.done"] = "0", ["s.findings"] = "Hai hộ ở sát bờ sông." });
        Assert.Equal(HttpStatusCode.Redirect, signed.Status);
        var afterSign = await commune.GetStringAsync("/hazards/reviews");
        Assert.Contains("Hai hộ ở sát bờ sông.", afterSign);
        Assert.Contains("commune@demo.envigil.vn", afterSign);

        var shelter = await SubmitAsync(officer, "/hazards/reviews", "shelter", new()
        {
            ["p.name"] = "Trường THCS Tân Thành", ["p.commune"] = mine, ["p.lat"] = D(inMine.Y), ["p.lon"] = D(inMine.X), ["p.capacity"] = "350", ["p.kind"] = "Trường học",
        });
        Assert.Equal(HttpStatusCode.Redirect, shelter.Status);
        Assert.Contains("Trường THCS Tân Thành", await officer.GetStringAsync("/hazards"));

        var bad = await SubmitAsync(officer, "/hazards/warnings", "draft", new()
        {
            ["w.hazard"] = "HeavyRain", ["w.headline"] = "Mưa lớn", ["w.message"] = "x", ["w.rain24"] = "250", ["w.days"] = "1",
            ["w.from"] = "2026-11-26T08:00", ["w.to"] = "2026-11-27T08:00", ["w.communes"] = mine,
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("rain-2b", bad.Html); // 250 mm/24 h: only an unverified rule would grade it
        var good = await SubmitAsync(officer, "/hazards/warnings", "draft", new()
        {
            ["w.hazard"] = "HeavyRain", ["w.headline"] = "Mưa lớn diện rộng", ["w.message"] = "Mưa 100–150 mm.", ["w.rain24"] = "150", ["w.days"] = "1",
            ["w.from"] = "2026-11-26T08:00", ["w.to"] = "2026-11-27T08:00", ["w.communes"] = mine,
        });
        Assert.Equal(HttpStatusCode.Redirect, good.Status);
        var detail = await officer.GetStringAsync(good.Location!.ToString());
        Assert.Contains("rain-1a", detail);
        Assert.Contains("26/11/2026 08:00", detail); // Vietnam time, as entered
    }
}

public sealed class HazardsTestsOnSqlite(SqliteApp app) : HazardsTests<SqliteApp>(app);

public sealed class HazardsTestsOnPostgres(PostgresApp app) : HazardsTests<PostgresApp>(app);
