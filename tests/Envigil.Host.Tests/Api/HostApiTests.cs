using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;

namespace Envigil.Host.Tests.Api;

/// <summary>The host end to end over HTTP, once per database provider.</summary>
public abstract class HostApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private const string OwnCommune = "31825"; // the demo commune officer's: the first commune of Cà Mau by code (Phường Bạc Liêu)
    private const string OtherCommune = "32025";

    [Fact]
    public async Task Health_endpoint_answers_200_when_ready()
    {
        var response = await app.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Home_page_is_in_Vietnamese_with_the_demo_banner_and_an_English_switch()
    {
        var html = await app.Anonymous().GetStringAsync("/");
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("data-testid=\"demo-banner\"", html);
        Assert.Contains("Tỉnh Cà Mau", html);
        Assert.Contains("Đăng nhập", html);
        Assert.Contains("/lang/en?returnUrl=", html);

        var english = await app.Anonymous().GetStringAsync("/?culture=en");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Ca Mau Province", english);
        Assert.Contains("Sign in", english);
    }

    [Fact]
    public async Task Language_choice_is_remembered_in_a_cookie()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.GetAsync("/lang/en?returnUrl=/communes");
        Assert.Equal("/communes", response.Headers.Location?.ToString());
        Assert.Contains("Communes, wards and special zones", await client.GetStringAsync("/communes"));
        var evil = await client.GetAsync("/lang/vi-VN?returnUrl=//evil.example");
        Assert.Equal("/", evil.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Commune_boundaries_are_GeoJSON_with_official_codes_and_regions()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/geo/communes.geojson");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        Assert.Equal("FeatureCollection", json.RootElement.GetProperty("type").GetString());
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(64, features.Count);
        Assert.All(features, f =>
        {
            Assert.Matches("^[0-9]{5}$", f.GetProperty("properties").GetProperty("code").GetString());
            Assert.Contains(f.GetProperty("properties").GetProperty("regionCode").GetString(), new[] { "west", "east" });
            Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
        });
    }

    [Fact]
    public async Task Province_summary_lists_its_regions_with_commune_counts()
    {
        var province = await app.Anonymous().GetFromJsonAsync<ProvinceInfo>("/api/v1/geo/province");
        Assert.Equal("96", province!.Code);
        Assert.Equal(64, province.CommuneCount);
        Assert.Equal(64, province.Regions.Sum(r => r.CommuneCount));
        Assert.All(province.Regions, r => Assert.True(r.Provisional));
    }

    [Fact]
    public async Task A_point_is_located_in_its_commune_and_bad_input_gets_a_clear_problem()
    {
        var client = app.Anonymous();
        var found = await client.GetFromJsonAsync<CommuneLocation>("/api/v1/geo/locate?lat=9.1769&lon=105.1524");
        Assert.Equal(("32025", "Inside"), (found!.Code, found.Match));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/geo/locate?lat=21.0285&lon=105.8542")).StatusCode);

        var bad = await client.GetAsync("/api/v1/geo/locate?lat=95&lon=105");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lat (-90..90)", await bad.Content.ReadAsStringAsync());
    }

    public static TheoryData<string?, HttpStatusCode> AdminApiByRole => new()
    {
        { null, HttpStatusCode.Unauthorized },
        { Demo.Admin, HttpStatusCode.OK },
        { Demo.Officer, HttpStatusCode.Forbidden },
        { Demo.Inspector, HttpStatusCode.Forbidden },
        { Demo.CommuneOfficer, HttpStatusCode.Forbidden },
        { Demo.Leader, HttpStatusCode.Forbidden },
        { Demo.Viewer, HttpStatusCode.Forbidden },
        { "operator@example.vn", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(AdminApiByRole))]
    public async Task Administration_API_is_for_administrators_only(string? email, HttpStatusCode expected)
    {
        var client = await ClientFor(email);
        foreach (var path in new[] { "/api/v1/admin/users", "/api/v1/admin/tokens", "/api/v1/admin/audit" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(expected, response.StatusCode);
            if (expected != HttpStatusCode.OK)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    public static TheoryData<string?, string, HttpStatusCode> ContactEditByRole => new()
    {
        { null, OwnCommune, HttpStatusCode.Unauthorized },
        { Demo.Admin, OtherCommune, HttpStatusCode.OK },
        { Demo.Officer, OtherCommune, HttpStatusCode.OK },
        { Demo.CommuneOfficer, OwnCommune, HttpStatusCode.OK },
        { Demo.CommuneOfficer, OtherCommune, HttpStatusCode.Forbidden },
        { Demo.Inspector, OwnCommune, HttpStatusCode.Forbidden },
        { Demo.Leader, OwnCommune, HttpStatusCode.Forbidden },
        { Demo.Viewer, OwnCommune, HttpStatusCode.Forbidden },
        { "operator@example.vn", OwnCommune, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(ContactEditByRole))]
    public async Task Commune_records_are_edited_by_province_staff_or_that_communes_officer(string? email, string commune, HttpStatusCode expected)
    {
        var client = await ClientFor(email);
        var response = await client.PutAsJsonAsync($"/api/v1/geo/communes/{commune}/contact", new CommuneContactUpdate("Trần Văn Bình", "0290 3822 111", null));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Contact_edit_is_audited_with_the_person_and_the_values_before_and_after()
    {
        var officer = await app.SignedIn(Demo.CommuneOfficer);
        (await officer.PutAsJsonAsync($"/api/v1/geo/communes/{OwnCommune}/contact", new CommuneContactUpdate("Ngô Thị Lan", "0291 111 222", null))).EnsureSuccessStatusCode();
        (await officer.PutAsJsonAsync($"/api/v1/geo/communes/{OwnCommune}/contact", new CommuneContactUpdate("Ngô Thị Lan", "0291 333 444", null))).EnsureSuccessStatusCode();

        var admin = await app.SignedIn(Demo.Admin);
        using var page = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/audit?entity=kernel.commune_contacts"));
        var last = page.RootElement.GetProperty("items").EnumerateArray().First(e => e.GetProperty("after").GetString()!.Contains("0291 333 444"));
        Assert.Equal(Demo.CommuneOfficer, last.GetProperty("actor").GetString());
        Assert.Equal("person", last.GetProperty("actorKind").GetString());
        Assert.Equal("updated", last.GetProperty("action").GetString());
        Assert.Contains("0291 111 222", last.GetProperty("before").GetString());
    }

    [Fact]
    public async Task Invalid_contact_is_refused_with_reasons()
    {
        var admin = await app.SignedIn(Demo.Admin);
        var response = await admin.PutAsJsonAsync($"/api/v1/geo/communes/{OtherCommune}/contact", new CommuneContactUpdate(null, "gọi tôi", "nope"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Phone", body);
        Assert.Contains("E-mail", body);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/geo/communes/00000/contact", new CommuneContactUpdate("A", null, null))).StatusCode);
    }

    [Fact]
    public async Task Machine_token_works_until_revoked_and_never_acts_as_a_person()
    {
        var admin = await app.SignedIn(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/tokens", new NewMachineToken("Datalogger CM_NT01", MachineTokenKinds.Station, "CM_NT01"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = (await created.Content.ReadFromJsonAsync<IssuedMachineToken>())!;
        Assert.DoesNotContain(issued.Token, await admin.GetStringAsync("/api/v1/admin/tokens"));

        var machine = app.Anonymous();
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);
        var me = await machine.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.True(me!.IsMachine);
        Assert.Equal(["CM_NT01"], me.Stations);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync("/api/v1/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync($"/api/v1/geo/communes/{OwnCommune}/contact")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/tokens/{issued.Id}")).StatusCode);
        var revoked = await machine.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);

        var forged = app.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "evg_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Admin_creates_an_account_through_the_API_and_bad_requests_get_reasons()
    {
        var admin = await app.SignedIn(Demo.Admin);
        var bad = await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser("x", "", "short", ["God"]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Unknown role 'God'", await bad.Content.ReadAsStringAsync());

        var good = await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser("lan.nguyen@camau.gov.vn", "Nguyễn Thị Lan", "a-long-password-9", [EnvigilRoles.CommuneOfficer], [OtherCommune]));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var lan = await app.SignedIn("lan.nguyen@camau.gov.vn", "a-long-password-9");
        var me = await lan.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.Equal([OtherCommune], me!.Communes);
        Assert.Equal([EnvigilRoles.CommuneOfficer], me.Roles);
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_audited_and_open_redirects_are_blocked()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var refused = await client.PostAsync("/account/login", await EnvigilAppFactory.LoginForm(client, Demo.Viewer, "not-the-password"));
        Assert.Contains("error=invalid", refused.Headers.Location!.ToString());

        var redirected = await client.PostAsync("/account/login", await EnvigilAppFactory.LoginForm(client, Demo.Viewer, Composition.DemoAccounts.Password, "//evil.example/x"));
        Assert.Equal("/", redirected.Headers.Location!.ToString());

        var admin = await app.SignedIn(Demo.Admin);
        var audit = await admin.GetStringAsync("/api/v1/admin/audit?entity=kernel.session");
        Assert.Contains("sign-in-failed", audit);
        Assert.Contains(Demo.Viewer, audit);
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_rejected()
    {
        var client = app.Anonymous();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Demo.Admin, ["password"] = Composition.DemoAccounts.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pages_for_signed_in_people_send_strangers_to_the_sign_in_page()
    {
        var client = app.Anonymous();
        var module = await client.GetAsync("/modules/water");
        Assert.Equal(HttpStatusCode.Redirect, module.StatusCode);
        Assert.StartsWith("http://localhost/account/login", module.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/public")).StatusCode);

        var viewer = await app.SignedIn(Demo.Viewer);
        var modulePage = await viewer.GetStringAsync("/modules/water");
        Assert.Contains("Tài nguyên nước", modulePage);
        Assert.Contains("data-testid=\"module-coming\"", modulePage);
        var denied = await viewer.GetAsync("/admin/users");
        Assert.Contains("/account/denied", denied.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/modules/nothing-here")).StatusCode);
    }

    [Fact]
    public async Task Commune_officer_edits_own_commune_in_the_page_and_cannot_edit_another()
    {
        var officer = await app.SignedIn(Demo.CommuneOfficer);
        var own = await officer.GetStringAsync($"/communes/{OwnCommune}");
        Assert.Contains("data-testid=\"contact-form\"", own);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(own),
            ["_handler"] = "contact",
            ["Input.OfficerName"] = "Phạm Văn Đức",
            ["Input.Phone"] = "0291 3824 567",
            ["Input.Email"] = "duc@bacLieu.camau.gov.vn",
        });
        var saved = await officer.PostAsync($"/communes/{OwnCommune}", form);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("data-testid=\"contact-saved\"", await saved.Content.ReadAsStringAsync());
        Assert.Contains("Phạm Văn Đức", await officer.GetStringAsync($"/communes/{OwnCommune}"));

        var other = await officer.GetStringAsync($"/communes/{OtherCommune}");
        Assert.DoesNotContain("data-testid=\"contact-form\"", other);
        Assert.Contains("data-testid=\"contact-readonly\"", other);
        var sneaky = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(other),
            ["_handler"] = "contact",
            ["Input.OfficerName"] = "Kẻ mạo danh",
        });
        var refused = await officer.PostAsync($"/communes/{OtherCommune}", sneaky);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("Kẻ mạo danh", await (await app.SignedIn(Demo.Admin)).GetStringAsync($"/communes/{OtherCommune}"));
    }

    [Fact]
    public async Task OpenAPI_document_and_reference_page_describe_the_API_with_its_policies()
    {
        var client = app.Anonymous();
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/geo/communes.geojson", openApi);
        Assert.Contains("Envigil API", openApi);
        var page = await client.GetStringAsync("/api-docs");
        Assert.Contains("/api/v1/admin/users", page);
        Assert.Contains(EnvigilPolicies.CommuneEditor, page);
    }

    [Fact]
    public async Task VN2000_coordinates_from_a_licence_convert_to_WGS84_and_find_the_commune()
    {
        var client = app.Anonymous();
        // Computed test vector for Cà Mau city (shared/domain follow-up §5.4, PROJ with EPSG:6960).
        var converted = await client.GetFromJsonAsync<Vn2000Conversion>("/api/v1/geo/vn2000/to-wgs84?x=1014890.885&y=571499.762&oldProvince=Cà Mau");
        Assert.Equal(9.1769, converted!.Latitude, 5);
        Assert.Equal(105.1524, converted.Longitude, 5);
        Assert.Equal("32025", converted.CommuneCode);
        var back = await client.GetFromJsonAsync<Vn2000Conversion>("/api/v1/geo/vn2000/from-wgs84?lat=9.1769&lon=105.1524&meridian=104.5");
        Assert.Equal(1014890.885, back!.NorthingX, 2);
        var swapped = await client.GetAsync("/api/v1/geo/vn2000/to-wgs84?x=571499.762&y=1014890.885&meridian=104.5");
        Assert.Equal(HttpStatusCode.BadRequest, swapped.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/geo/vn2000/to-wgs84?x=1&y=2")).StatusCode);
    }

    [Fact]
    public async Task Metrics_are_exposed_for_Prometheus()
    {
        var client = app.Anonymous();
        await client.GetAsync("/healthz");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds", metrics);
    }

    private async Task<HttpClient> ClientFor(string? email)
    {
        if (email is null)
            return app.Anonymous();
        if (email == "operator@example.vn")
            await EnsureOperatorAsync();
        return await app.SignedIn(email, email == "operator@example.vn" ? "operator-password-1" : Composition.DemoAccounts.Password);
    }

    private static readonly SemaphoreSlim OperatorLock = new(1, 1);

    private async Task EnsureOperatorAsync()
    {
        await OperatorLock.WaitAsync();
        try
        {
            var admin = await app.SignedIn(Demo.Admin);
            var users = await admin.GetStringAsync("/api/v1/admin/users");
            if (!users.Contains("operator@example.vn"))
                (await admin.PostAsJsonAsync("/api/v1/admin/users", new NewUser("operator@example.vn", "Nhà máy A", "operator-password-1", [EnvigilRoles.FacilityOperator], null, ["F-001"]))).EnsureSuccessStatusCode();
        }
        finally
        {
            OperatorLock.Release();
        }
    }
}

public sealed class HostApiTestsOnSqlite(SqliteApp app) : HostApiTests<SqliteApp>(app);

public sealed class HostApiTestsOnPostgres(PostgresApp app) : HostApiTests<PostgresApp>(app);
