using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Geometries;
using static Envigil.Host.Tests.Hazards.HazardsSetup;

namespace Envigil.Host.Tests.Hazards;

/// <summary>
/// The response to an issued warning and its aftermath, over HTTP on both providers: the commune scope of reports, the
/// latest-report totals, over-capacity shelters, a cancelled event staying readable, damage and lessons in the next review round.
/// Each test works in communes of its own (indexes 7 to 13), so the class's shared database does not mix their figures.
/// </summary>
public abstract class ResponseTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    [Fact]
    public async Task Commune_officer_reports_only_for_their_commune_and_totals_take_the_latest_report_of_each_commune()
    {
        var (a, inA) = Commune(app, 7);
        var (b, inB) = Commune(app, 8);
        var (unaffected, _) = Commune(app, 9);
        var officer = await app.SignedIn(Demo.Officer);
        await HouseholdAsync(officer, "Hộ A di dời", inA, members: 5, relocation: "Planned");
        await HouseholdAsync(officer, "Hộ A ở lại", inA, members: 3, relocation: "NotNeeded");
        await HouseholdAsync(officer, "Hộ B đang di dời", inB, members: 4, relocation: "InProgress");
        var shelterB = await ShelterAsync(officer, "Nhà văn hoá ấp B", b, inB, capacity: 80);
        // Beaufort 8 on land of the Southern region: level 3, below the level from which everyone is evacuated.
        var id = await IssueAsync(new { areaGeoJson = MultiSquare(0.002, inA, inB) }, beaufort: 8);

        var officerA = await CommuneOfficerAsync(app, a);
        var officerB = await CommuneOfficerAsync(app, b);
        Assert.Equal(HttpStatusCode.Created, (await officerA.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = a, peopleEvacuated = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await officerA.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = a, peopleEvacuated = 12, note = "Thêm 2 người già" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await officerB.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = b, peopleEvacuated = 7 })).StatusCode);

        // Commune A's officer cannot report for commune B, whatever the request says.
        Assert.Equal(HttpStatusCode.Forbidden, (await officerA.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = b, peopleEvacuated = 500 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officerA.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/shelters/{shelterB}/occupancy", new { occupants = 500 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officerA.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/damage", Damage(b, deaths: 9))).StatusCode);
        var viewer = await app.SignedIn(Demo.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = a, peopleEvacuated = 1 })).StatusCode);
        // Bad input: a commune the warning did not reach, a negative count, nothing stored.
        var outside = await officer.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = unaffected, peopleEvacuated = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("not affected by this warning", (await JsonAsync(outside)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await officerA.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/evacuation", new { communeCode = a, peopleEvacuated = -1 })).StatusCode);

        // Commune A confirms its task: households reached count on the dashboard.
        var task = (await JsonAsync(await officerA.GetAsync($"/api/v1/hazards/tasks?warning={id}"))).EnumerateArray().Single();
        Assert.Equal(HttpStatusCode.OK, (await officerA.PostAsJsonAsync($"/api/v1/hazards/tasks/{task.GetProperty("id").GetInt64()}/confirm", new { householdsReached = 2 })).StatusCode);

        var leader = await app.SignedIn(Demo.Leader);
        var dashboard = await JsonAsync(await leader.GetAsync($"/api/v1/hazards/warnings/{id}/response"));
        var rows = dashboard.GetProperty("communes").EnumerateArray().ToDictionary(c => c.GetProperty("communeCode").GetString()!);
        Assert.Equal([a, b], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(12, rows[a].GetProperty("peopleEvacuated").GetInt32());
        Assert.Equal(2, rows[a].GetProperty("evacuationReports").GetInt32());
        Assert.Equal(7, rows[b].GetProperty("peopleEvacuated").GetInt32());
        Assert.Equal(5, rows[a].GetProperty("peoplePlanned").GetInt32()); // the planned household only
        Assert.Equal(4, rows[b].GetProperty("peoplePlanned").GetInt32());
        Assert.Equal(2, rows[a].GetProperty("householdsListed").GetInt32());
        Assert.Equal(2, rows[a].GetProperty("householdsReached").GetInt32());
        Assert.Equal(JsonValueKind.Null, rows[b].GetProperty("householdsReached").ValueKind);
        var totals = dashboard.GetProperty("totals");
        Assert.Equal(19, totals.GetProperty("peopleEvacuated").GetInt32());
        Assert.Equal(9, totals.GetProperty("peoplePlanned").GetInt32());
        Assert.Equal(1, totals.GetProperty("tasksConfirmed").GetInt32());
        Assert.Equal(2, totals.GetProperty("tasksTotal").GetInt32());
        Assert.Equal(2, totals.GetProperty("householdsReached").GetInt32());
        Assert.Equal(3, totals.GetProperty("householdsListed").GetInt32());
        Assert.False(dashboard.GetProperty("planned").GetProperty("everyoneInArea").GetBoolean());
        Assert.Equal(3, dashboard.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "Evacuation"));
        Assert.Contains(dashboard.GetProperty("shelters").EnumerateArray(), s => s.GetProperty("shelterId").GetInt64() == shelterB);

        // Commune A's officer sees commune A only; every report is in the audit log.
        var mine = await JsonAsync(await officerA.GetAsync($"/api/v1/hazards/warnings/{id}/response"));
        Assert.Equal([a], mine.GetProperty("communes").EnumerateArray().Select(c => c.GetProperty("communeCode").GetString()));
        Assert.Equal(12, mine.GetProperty("totals").GetProperty("peopleEvacuated").GetInt32());
        Assert.DoesNotContain(mine.GetProperty("shelters").EnumerateArray(), s => s.GetProperty("shelterId").GetInt64() == shelterB);
        var admin = await app.SignedIn(Demo.Admin);
        var audit = await JsonAsync(await admin.GetAsync("/api/v1/admin/audit?entity=hazards.evacuation_reports&limit=100"));
        Assert.True(audit.GetProperty("items").GetArrayLength() >= 3, audit.ToString());

        // The page shows the database's figures.
        var html = await leader.GetStringAsync($"/hazards/warnings/{id}/response");
        Assert.Contains("data-testid=\"people-evacuated\">19/9<", html);
        Assert.Contains($"/hazards/warnings/{id}/response", await leader.GetStringAsync($"/hazards/warnings/{id}"));
    }

    [Fact]
    public async Task Shelter_over_capacity_is_flagged_everyone_is_planned_from_level_4_and_a_cancelled_event_stays_readable()
    {
        var (c, inC) = Commune(app, 10);
        var officer = await app.SignedIn(Demo.Officer);
        await HouseholdAsync(officer, "Hộ ven biển 1", inC, members: 6);
        await HouseholdAsync(officer, "Hộ ven biển 2", inC, members: 4);
        var small = await ShelterAsync(officer, "Trường tiểu học ven biển", c, inC, capacity: 50);
        var large = await ShelterAsync(officer, "Trụ sở UBND xã", c, inC, capacity: 100);
        var id = await IssueAsync(new { areaGeoJson = Square(inC, 0.002) }, beaufort: 12); // level 5

        var commune = await CommuneOfficerAsync(app, c);
        Assert.Equal(HttpStatusCode.Created, (await commune.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/shelters/{small}/occupancy", new { occupants = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await commune.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/shelters/{small}/occupancy", new { occupants = 65, note = "Thêm người từ ấp bên" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await commune.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/shelters/{large}/occupancy", new { occupants = 20 })).StatusCode);

        var leader = await app.SignedIn(Demo.Leader);
        var dashboard = await JsonAsync(await leader.GetAsync($"/api/v1/hazards/warnings/{id}/response"));
        var shelters = dashboard.GetProperty("shelters").EnumerateArray().ToDictionary(s => s.GetProperty("shelterId").GetInt64());
        Assert.Equal(65, shelters[small].GetProperty("occupants").GetInt32());
        Assert.True(shelters[small].GetProperty("overCapacity").GetBoolean());
        Assert.False(shelters[large].GetProperty("overCapacity").GetBoolean());
        var totals = dashboard.GetProperty("totals");
        Assert.Equal(85, totals.GetProperty("shelterOccupants").GetInt32());
        Assert.Equal(150, totals.GetProperty("shelterCapacity").GetInt32());
        Assert.Equal(1, totals.GetProperty("sheltersOverCapacity").GetInt32());
        Assert.True(dashboard.GetProperty("planned").GetProperty("everyoneInArea").GetBoolean());
        Assert.Equal(10, totals.GetProperty("peoplePlanned").GetInt32());
        Assert.Contains("data-testid=\"over-capacity\"", await leader.GetStringAsync($"/hazards/warnings/{id}/response"));

        // Closing the event: reports during the event stop, everything stays readable, damage can still be recorded.
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync($"/api/v1/hazards/warnings/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await commune.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/shelters/{small}/occupancy", new { occupants = 10 })).StatusCode);
        var closed = await JsonAsync(await leader.GetAsync($"/api/v1/hazards/warnings/{id}/response"));
        Assert.Equal("Cancelled", closed.GetProperty("status").GetString());
        Assert.Equal(85, closed.GetProperty("totals").GetProperty("shelterOccupants").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await commune.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/damage", Damage(c, houses: 3))).StatusCode);
        Assert.Contains("data-testid=\"closed-note\"", await leader.GetStringAsync($"/hazards/warnings/{id}/response"));

        var draft = await DraftStormAsync(officer, Square(inC, 0.001), "Chưa ban hành");
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/api/v1/hazards/warnings/{draft}/response")).StatusCode);
    }

    [Fact]
    public async Task Damage_and_lessons_are_shown_in_the_next_review_round_of_each_affected_commune()
    {
        var (d, _) = Commune(app, 11);
        var (e, _) = Commune(app, 12);
        var officer = await app.SignedIn(Demo.Officer);
        var officerD = await CommuneOfficerAsync(app, d);
        var officerE = await CommuneOfficerAsync(app, e);
        var signedBefore = await ReviewAsync(officerD, d, "Rà soát quý II");
        Assert.Equal(HttpStatusCode.OK, (await officerD.PostAsJsonAsync($"/api/v1/hazards/reviews/{signedBefore}/sign-off", new { findings = "Xong." })).StatusCode);
        var openBefore = await ReviewAsync(officerD, d, "Rà soát quý III");

        var id = await IssueAsync(new { communeCodes = new[] { d, e } }, beaufort: 10);
        var nextOfE = await ReviewAsync(officerE, e, "Rà soát sau bão");
        var laterOfE = await ReviewAsync(officerE, e, "Rà soát năm sau");

        Assert.Equal(HttpStatusCode.Created, (await officerD.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/damage", Damage(d, deaths: 0, injuries: 1, houses: 2, crops: 1.5))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await officerD.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/damage", Damage(d, deaths: 1, injuries: 3, houses: 5, crops: 12.25))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await officerE.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/damage", Damage(e, injuries: 2, houses: 4, crops: 3))).StatusCode);
        var badCrops = await officerE.PostAsJsonAsync($"/api/v1/hazards/warnings/{id}/damage", Damage(e, crops: -1));
        Assert.Equal(HttpStatusCode.BadRequest, badCrops.StatusCode);

        // Lessons: a provincial officer writes them; a commune officer or a leader does not; a stale rewrite is refused.
        var lessons = new { whatWorked = "Loa phát thanh ấp đến được mọi hộ", whatDidNot = "Điểm sơ tán thiếu nước uống", actions = "Dự trữ nước ở mỗi điểm sơ tán" };
        Assert.Equal(HttpStatusCode.Forbidden, (await officerD.PutAsJsonAsync($"/api/v1/hazards/warnings/{id}/lessons", lessons)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedIn(Demo.Leader)).PutAsJsonAsync($"/api/v1/hazards/warnings/{id}/lessons", lessons)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PutAsJsonAsync($"/api/v1/hazards/warnings/{id}/lessons", new { whatWorked = "x" })).StatusCode);
        var written = await JsonAsync(await officer.PutAsJsonAsync($"/api/v1/hazards/warnings/{id}/lessons", lessons));
        Assert.Equal(1, written.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PutAsJsonAsync($"/api/v1/hazards/warnings/{id}/lessons", new { lessons.whatWorked, lessons.whatDidNot, actions = "x", expectedVersion = 0 })).StatusCode);
        var rewritten = await JsonAsync(await officer.PutAsJsonAsync($"/api/v1/hazards/warnings/{id}/lessons", new { lessons.whatWorked, lessons.whatDidNot, actions = "Dự trữ nước và đèn ở mỗi điểm sơ tán", expectedVersion = 1 }));
        Assert.Equal(2, rewritten.GetProperty("version").GetInt32());

        // The warning ends; everything stays readable.
        var leader = await app.SignedIn(Demo.Leader);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync($"/api/v1/hazards/warnings/{id}/cancel", null)).StatusCode);
        var aftermath = await JsonAsync(await leader.GetAsync($"/api/v1/hazards/warnings/{id}/aftermath"));
        var totals = aftermath.GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("deaths").GetInt32());
        Assert.Equal(5, totals.GetProperty("injuries").GetInt32());
        Assert.Equal(9, totals.GetProperty("housesDamaged").GetInt32());
        Assert.Equal(15.25, totals.GetProperty("cropsHa").GetDouble(), 6);
        Assert.Equal(3, aftermath.GetProperty("history").GetArrayLength());
        Assert.Equal("Dự trữ nước và đèn ở mỗi điểm sơ tán", aftermath.GetProperty("lessons").GetProperty("actions").GetString());
        Assert.Equal([openBefore, nextOfE], aftermath.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("reviewId").GetInt64()).Order());

        // The next round of each commune takes the event up, with the commune's own latest damage; no other round does.
        var onD = Assert.Single((await JsonAsync(await officerD.GetAsync($"/api/v1/hazards/reviews/{openBefore}/events"))).EnumerateArray(), x => x.GetProperty("warningId").GetInt64() == id);
        Assert.Equal(5, onD.GetProperty("damage").GetProperty("housesDamaged").GetInt32());
        Assert.Equal("Điểm sơ tán thiếu nước uống", onD.GetProperty("lessons").GetProperty("whatDidNot").GetString());
        var onE = Assert.Single((await JsonAsync(await officerE.GetAsync($"/api/v1/hazards/reviews/{nextOfE}/events"))).EnumerateArray(), x => x.GetProperty("warningId").GetInt64() == id);
        Assert.Equal(4, onE.GetProperty("damage").GetProperty("housesDamaged").GetInt32());
        Assert.DoesNotContain((await JsonAsync(await officerD.GetAsync($"/api/v1/hazards/reviews/{signedBefore}/events"))).EnumerateArray(), x => x.GetProperty("warningId").GetInt64() == id);
        Assert.DoesNotContain((await JsonAsync(await officerE.GetAsync($"/api/v1/hazards/reviews/{laterOfE}/events"))).EnumerateArray(), x => x.GetProperty("warningId").GetInt64() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await officerD.GetAsync($"/api/v1/hazards/reviews/{nextOfE}/events")).StatusCode); // not their commune

        var reviewsPage = await officerE.GetStringAsync("/hazards/reviews");
        Assert.Contains($"data-testid=\"review-events-{nextOfE}\"", reviewsPage);
        Assert.Contains("Dự trữ nước và đèn ở mỗi điểm sơ tán", reviewsPage);
        Assert.DoesNotContain($"data-testid=\"review-events-{laterOfE}\"", reviewsPage);
    }

    private async Task<long> IssueAsync(object area, int beaufort)
    {
        var admin = await app.SignedIn(Demo.Admin);
        var now = DateTime.UtcNow;
        var fields = JsonSerializer.SerializeToElement(area).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        fields["hazard"] = "Storm";
        fields["headlineVi"] = $"Bão cấp {beaufort} – ứng phó {Guid.NewGuid():n}"[..40];
        fields["messageVi"] = "Bão đổ bộ; các hộ vùng ven biển sơ tán.";
        fields["forecast"] = new { beaufort, stormArea = "SouthernLand" };
        fields["validFromUtc"] = now.AddMinutes(-5);
        fields["validToUtc"] = now.AddDays(2);
        var drafted = await admin.PostAsJsonAsync("/api/v1/hazards/warnings", fields);
        var draft = await JsonAsync(drafted);
        Assert.True(drafted.StatusCode == HttpStatusCode.Created, draft.ToString());
        var id = draft.GetProperty("id").GetInt64();
        var leader = await app.SignedIn(Demo.Leader);
        (await leader.PostAsync($"/api/v1/hazards/warnings/{id}/approve", null)).EnsureSuccessStatusCode();
        (await leader.PostAsync($"/api/v1/hazards/warnings/{id}/issue", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<long> HouseholdAsync(HttpClient client, string name, Coordinate at, int members, string relocation = "NotNeeded")
    {
        var response = await client.PostAsJsonAsync("/api/v1/hazards/households", new { headName = name, address = "Ấp Biển", latitude = at.Y, longitude = at.X, members, relocation });
        var json = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    private static async Task<long> ShelterAsync(HttpClient client, string name, string commune, Coordinate at, int capacity)
    {
        var response = await client.PostAsJsonAsync("/api/v1/hazards/shelters", new { name, communeCode = commune, latitude = at.Y, longitude = at.X, capacity, kind = "Trường học" });
        var json = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    private static async Task<long> ReviewAsync(HttpClient client, string commune, string title)
    {
        var response = await client.PostAsJsonAsync("/api/v1/hazards/reviews", new { communeCode = commune, title });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetInt64();
    }

    private static object Damage(string commune, int deaths = 0, int injuries = 0, int houses = 0, double crops = 0) =>
        new { communeCode = commune, deaths, injuries, housesDamaged = houses, housesDestroyed = 0, cropsHa = crops, notes = "Tốc mái, đổ cây" };

    private static string MultiSquare(double half, params Coordinate[] centres) =>
        "{\"type\":\"MultiPolygon\",\"coordinates\":[" + string.Join(",", centres.Select(c =>
            JsonDocument.Parse(Square(c, half)).RootElement.GetProperty("coordinates").GetRawText())) + "]}";
}

public sealed class ResponseTestsOnSqlite(SqliteApp app) : ResponseTests<SqliteApp>(app);

public sealed class ResponseTestsOnPostgres(PostgresApp app) : ResponseTests<PostgresApp>(app);
