using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Envigil.Host.Tests.Enforcement;

/// <summary>Violation cases over HTTP on both providers: workflow, scopes, documents, the evidence zip, the pages.</summary>
public abstract class CaseTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : EnvigilAppFactory
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> CreateAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", body);
        var json = await EnforcementSetup.JsonAsync(response);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {json}");
        return json;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> MoveAsync(HttpClient client, long id, object transition)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{id}/transitions", transition);
        return (response.StatusCode, await EnforcementSetup.JsonAsync(response));
    }

    private static object Decision(long fine = 150_000_000) => new
    {
        to = "DecisionIssued", decisionNumber = "125/QĐ-XPHC", decisionDate = Today, sanctionDecree = "Nghị định 45/2022/NĐ-CP", sanctionArticle = "Điều 18, khoản 3",
        fineVnd = fine, remediationDeadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private async Task<(SeededAlert Alert, long CaseId, HttpClient Inspector)> CaseFromAlertAsync()
    {
        var alert = await EnforcementSetup.AlertWithEvidenceAsync(app);
        var inspector = await app.SignedIn(Demo.Inspector);
        var created = await CreateAsync(inspector, new { alertIds = new[] { alert.AlertId }, legalBasis = "Giấy phép môi trường số 12/GPMT; QCVN 40:2025/BTNMT" });
        return (alert, created.GetProperty("id").GetInt64(), inspector);
    }

    [Fact]
    public async Task Case_from_alerts_of_two_facilities_is_refused()
    {
        var a = await EnforcementSetup.AlertWithEvidenceAsync(app);
        var b = await EnforcementSetup.AlertWithEvidenceAsync(app);
        var inspector = await app.SignedIn(Demo.Inspector);

        var both = await CreateAsync(inspector, new { alertIds = new[] { a.AlertId, b.AlertId } }, HttpStatusCode.BadRequest);
        Assert.Contains("different facilities", both.GetProperty("detail").GetString());
        var mismatch = await CreateAsync(inspector, new { facilityId = b.FacilityId, alertIds = new[] { a.AlertId } }, HttpStatusCode.BadRequest);
        Assert.Contains("different facilities", mismatch.GetProperty("detail").GetString());
        var unknown = await CreateAsync(inspector, new { alertIds = new[] { 987654321L } }, HttpStatusCode.BadRequest);
        Assert.Contains("does not exist", unknown.GetProperty("detail").GetString());
        var unregistered = await CreateAsync(inspector, new { facilityId = "NO-SUCH-FACILITY", title = "x" }, HttpStatusCode.BadRequest);
        Assert.Contains("not registered", unregistered.GetProperty("detail").GetString());

        // The form post an alert page uses: refused alerts go back to the new-case form, which says why.
        var page = await inspector.GetStringAsync($"/enforcement/cases?alerts={a.AlertId},{b.AlertId}");
        Assert.Contains("nhiều cơ sở khác nhau", page);
        var token = EnvigilAppFactory.AntiforgeryToken(page);
        var refused = await inspector.PostAsync("/enforcement/cases/from-alerts", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["alertIds"] = $"{a.AlertId},{b.AlertId}",
        }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal($"/enforcement/cases?alerts={a.AlertId},{b.AlertId}#new-case", refused.Headers.Location!.ToString());
        var opened = await inspector.PostAsync("/enforcement/cases/from-alerts", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["alertIds"] = a.AlertId.ToString(CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Matches(@"^/enforcement/cases/\d+$", opened.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await inspector.PostAsync("/enforcement/cases/from-alerts",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["alertIds"] = a.AlertId.ToString(CultureInfo.InvariantCulture) }))).StatusCode);

        // By hand, for a facility: numbered VP-year-nnnn, one after the other.
        var first = await CreateAsync(inspector, new { facilityId = a.FacilityId, title = "Kiểm tra đột xuất" });
        var second = await CreateAsync(inspector, new { facilityId = a.FacilityId, title = "Kiểm tra lần 2" });
        var n1 = first.GetProperty("number").GetString()!;
        var n2 = second.GetProperty("number").GetString()!;
        Assert.Matches(@"^VP-\d{4}-\d{4}$", n1);
        Assert.Equal(int.Parse(n1[^4..], CultureInfo.InvariantCulture) + 1, int.Parse(n2[^4..], CultureInfo.InvariantCulture));
        Assert.Equal("Nghị định 45/2022/NĐ-CP", first.GetProperty("sanctionDecree").GetString());
    }

    [Fact]
    public async Task Case_moves_through_the_workflow_and_illegal_moves_are_refused_with_a_clear_message()
    {
        var (alert, id, inspector) = await CaseFromAlertAsync();

        var (skip, skipBody) = await MoveAsync(inspector, id, Decision());
        Assert.Equal(HttpStatusCode.Conflict, skip);
        Assert.Contains("cannot move to DecisionIssued", skipBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await MoveAsync(inspector, id, new { to = "Closed" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync(inspector, id, new { to = "Nowhere" })).Status);

        var (verified, verifiedBody) = await MoveAsync(inspector, id, new { to = "Verified", note = "Đã đối chiếu dữ liệu gốc" });
        Assert.Equal(HttpStatusCode.OK, verified);
        var version = verifiedBody.GetProperty("version").GetInt32();

        // A stale version is refused rather than overwriting someone else's change.
        var stale = await inspector.PatchAsJsonAsync($"/api/v1/cases/{id}", new { title = "Tiêu đề mới", expectedVersion = version - 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var edit = await inspector.PatchAsJsonAsync($"/api/v1/cases/{id}", new { title = "COD vượt giới hạn nhiều giờ", expectedVersion = version });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        var (missing, missingBody) = await MoveAsync(inspector, id, new { to = "DecisionIssued" });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        var errors = missingBody.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("The decision number is required.", errors);
        Assert.Contains("The remediation deadline is required.", errors);
        Assert.Contains("Phải nhập số quyết định xử phạt.", missingBody.GetProperty("errorsVi").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync(inspector, id, Decision(fine: -1))).Status);

        var (decided, decidedBody) = await MoveAsync(inspector, id, Decision());
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal(150_000_000, decidedBody.GetProperty("fineVnd").GetInt64());
        Assert.Equal("DecisionIssued", decidedBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await MoveAsync(inspector, id, new { to = "Dismissed", note = "muộn" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(inspector, id, new { to = "Closed", note = "Đã nộp phạt và khắc phục" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await inspector.PatchAsJsonAsync($"/api/v1/cases/{id}", new { title = "x" })).StatusCode);

        var detail = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.Equal("Closed", detail.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal(alert.AlertId, detail.GetProperty("alerts")[0].GetProperty("alertId").GetInt64());
        var kinds = detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["Opened", "StatusChanged", "Edited", "StatusChanged", "StatusChanged"], kinds);
        Assert.All(detail.GetProperty("events").EnumerateArray(), e => Assert.Equal(Demo.Inspector, e.GetProperty("actor").GetString()));

        // The side exit: a case can be dismissed before a decision, with a reason.
        var other = (await CreateAsync(inspector, new { facilityId = alert.FacilityId, title = "Phản ánh của người dân" })).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync(inspector, other, new { to = "Dismissed" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(inspector, other, new { to = "Dismissed", note = "Không phát hiện vi phạm" })).Status);
        var list = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/cases?facility={alert.FacilityId}&status=Dismissed");
        Assert.Equal(other, list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Documents_are_checked_for_size_and_type_by_extension_and_content()
    {
        var (_, id, inspector) = await CaseFromAlertAsync();
        async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string name)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name }, { new StringContent("Biên bản kiểm tra"), "description" } };
            return await client.PostAsync($"/api/v1/cases/{id}/documents", form);
        }

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
        var ok = await UploadAsync(inspector, pdf, "bien-ban.pdf");
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var doc = await EnforcementSetup.JsonAsync(ok);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), doc.GetProperty("sha256").GetString());
        var download = await inspector.GetAsync($"/api/v1/cases/{id}/documents/{doc.GetProperty("id").GetInt64()}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        var exe = await UploadAsync(inspector, [0x4D, 0x5A, 0x90, 0x00], "tool.exe");
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("Only pdf, jpg, jpeg, png, docx, xlsx, txt", await exe.Content.ReadAsStringAsync());
        var disguised = await UploadAsync(inspector, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "not-really.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        Assert.Contains("is not a pdf file", await disguised.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(inspector, [], "empty.txt")).StatusCode);
        var tooLarge = new byte[10 * 1024 * 1024 + 1];
        "%PDF-"u8.CopyTo(tooLarge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await UploadAsync(inspector, tooLarge, "big.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(inspector, Encoding.UTF8.GetBytes("Ghi chú hiện trường: nước thải màu đen."), "ghi-chu.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(await app.SignedIn(Demo.Leader), pdf, "leader.pdf")).StatusCode);

        var detail = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.Equal(["bien-ban.pdf", "ghi-chu.txt"], detail.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("fileName").GetString()));
        Assert.Equal(2, detail.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "DocumentAttached"));
    }

    [Fact]
    public async Task Evidence_zip_holds_manifest_and_checksums_that_match_and_the_raw_files_with_the_receipts_hashes()
    {
        var (alert, id, inspector) = await CaseFromAlertAsync();
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("Biên bản làm việc")), "file", "bien-ban.txt" } })
            Assert.Equal(HttpStatusCode.Created, (await inspector.PostAsync($"/api/v1/cases/{id}/documents", form)).StatusCode);

        var response = await inspector.GetAsync($"/api/v1/cases/{id}/evidence.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var contents = zip.Entries.ToDictionary(e => e.FullName, e => { using var s = e.Open(); using var m = new MemoryStream(); s.CopyTo(m); return m.ToArray(); });
        string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

        // SHA256SUMS, as sha256sum -c reads it: every other entry, each hash right.
        var sums = Encoding.UTF8.GetString(contents["SHA256SUMS"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(sums, line => Assert.Matches("^[0-9a-f]{64}  [^ ].*$", line));
        var listed = sums.ToDictionary(l => l[66..], l => l[..64]);
        Assert.Equal(contents.Keys.Where(k => k != "SHA256SUMS").Order(), listed.Keys.Order());
        Assert.All(listed, kv => Assert.Equal(kv.Value, Sha(contents[kv.Key])));

        using var manifest = JsonDocument.Parse(contents["manifest.json"]);
        var entries = manifest.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(contents.Keys.Where(k => k is not "SHA256SUMS" and not "manifest.json").Order(), entries.Select(e => e.GetProperty("path").GetString()!).Order());
        Assert.All(entries, e =>
        {
            var bytes = contents[e.GetProperty("path").GetString()!];
            Assert.Equal(bytes.Length, e.GetProperty("size").GetInt64());
            Assert.Equal(Sha(bytes), e.GetProperty("sha256").GetString());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("description").GetString()));
        });

        // Every raw file that carried a value of the episode, unchanged: its hash is the receipt's.
        foreach (var receipt in alert.Receipts)
        {
            var path = $"evidence/files/{receipt.Sha256}_{receipt.FileName}";
            Assert.True(contents.ContainsKey(path), $"{path} missing from {string.Join(", ", contents.Keys)}");
            Assert.Equal(receipt.Sha256, Sha(contents[path]));
        }
        var readings = Encoding.UTF8.GetString(contents["evidence/readings.csv"]);
        Assert.Equal(5, readings.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header + 4 COD values
        Assert.Contains(alert.Receipts[0].Sha256, readings);
        Assert.Contains(alert.Receipts[0].FileName, readings);
        var episodes = Encoding.UTF8.GetString(contents["evidence/episodes.csv"]);
        Assert.Contains("QCVN 40:2025/BTNMT", episodes);
        var chart = Encoding.UTF8.GetString(contents[$"evidence/charts/episode-{alert.EpisodeId}.svg"]);
        Assert.StartsWith("<svg", chart);
        Assert.Contains("class=\"limit\"", chart);
        Assert.Contains("class=\"exceeding-window\"", chart);
        Assert.DoesNotContain("<script", chart);
        Assert.Contains(alert.AlertId.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(contents["evidence/alerts.csv"]));
        using var caseJson = JsonDocument.Parse(contents["case.json"]);
        Assert.Equal("Opened", caseJson.RootElement.GetProperty("history")[0].GetProperty("kind").GetString());
        Assert.Contains(contents.Keys, k => k.StartsWith("documents/", StringComparison.Ordinal) && k.EndsWith("_bien-ban.txt", StringComparison.Ordinal));

        // The export is in the audit log: who, when, which case.
        var admin = await app.SignedIn(Demo.Admin);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/audit?entity=enforcement.cases&limit=50");
        var exported = audit.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "evidence-exported" && e.GetProperty("entityKey").GetString() == id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Demo.Inspector, Assert.Single(exported).GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Facility_operator_reads_only_own_facility_cases_and_only_after_the_decision()
    {
        var (alert, id, inspector) = await CaseFromAlertAsync();
        var (_, otherId, _) = await CaseFromAlertAsync();
        var operatorClient = await EnforcementSetup.OperatorAsync(app, alert.FacilityId);

        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/api/v1/cases/{id}/evidence.zip")).StatusCode);
        Assert.Equal(0, (await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/cases")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/enforcement/cases/{id}")).StatusCode);

        foreach (var caseId in new[] { id, otherId })
        {
            Assert.Equal(HttpStatusCode.OK, (await MoveAsync(inspector, caseId, new { to = "Verified" })).Status);
            Assert.Equal(HttpStatusCode.OK, (await MoveAsync(inspector, caseId, Decision())).Status);
        }

        // The decision is served on the facility: now it reads its own case, and still never another facility's.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/api/v1/cases/{otherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/api/v1/cases/{otherId}/evidence.zip")).StatusCode);
        var list = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/cases");
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        var page = await operatorClient.GetStringAsync("/enforcement/cases");
        Assert.DoesNotContain("data-testid=\"new-case-form\"", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync($"/api/v1/cases/{id}/transitions", new { to = "Closed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/v1/cases", new { facilityId = alert.FacilityId, title = "x" })).StatusCode);

        // Nobody else reads cases: a viewer, a commune officer.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedIn(Demo.Viewer)).GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedIn(Demo.CommuneOfficer)).GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task Leader_reads_cases_but_cannot_change_them()
    {
        var (alert, id, _) = await CaseFromAlertAsync();
        var leader = await app.SignedIn(Demo.Leader);

        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/v1/cases/{id}/evidence.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync("/api/v1/cases", new { facilityId = alert.FacilityId, title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PatchAsJsonAsync($"/api/v1/cases/{id}", new { title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"/api/v1/cases/{id}/transitions", new { to = "Verified" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"/api/v1/cases/{id}/alerts", new { alertIds = new[] { alert.AlertId } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "x" })).StatusCode);

        var page = await leader.GetStringAsync($"/enforcement/cases/{id}");
        Assert.DoesNotContain("data-testid=\"transition-Verified\"", page);
        Assert.DoesNotContain("data-testid=\"document-form\"", page);
        // A forged form post finds no form on the leader's page, and changes nothing.
        var forged = await leader.PostAsync($"/enforcement/cases/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(page), ["_handler"] = "transition-Verified", ["t.to"] = "Verified",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Detected", (await leader.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}")).GetProperty("case").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pages_render_in_Vietnamese_and_English_and_their_forms_work()
    {
        var alert = await EnforcementSetup.AlertWithEvidenceAsync(app);
        var inspector = await app.SignedIn(Demo.Inspector);

        // From an alert page: the new-case form is filled in with the alert, then posting it opens the case.
        var prefilled = await inspector.GetStringAsync($"/enforcement/cases?alerts={alert.AlertId}");
        Assert.Contains("Hồ sơ vi phạm", prefilled);
        Assert.Contains($"COD vượt giới hạn tại {alert.StationCode}", prefilled);
        var created = await inspector.PostAsync($"/enforcement/cases?alerts={alert.AlertId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(prefilled), ["_handler"] = "new-case", ["n.alerts"] = alert.AlertId.ToString(CultureInfo.InvariantCulture),
            ["n.legalBasis"] = "QCVN 40:2025/BTNMT",
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.Matches(@"/enforcement/cases/\d+$", location);
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

        var vi = await inspector.GetStringAsync($"/enforcement/cases/{id}");
        Assert.Contains("Tải hồ sơ chứng cứ (.zip)", vi);
        Assert.Contains("Phát hiện", vi);
        Assert.Contains("Lịch sử", vi);
        Assert.Contains($"href=\"/monitoring/stations/{alert.StationCode}\"", vi);
        Assert.Matches(@"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", vi);
        var en = await inspector.GetStringAsync($"/enforcement/cases/{id}?culture=en");
        Assert.Contains("Download the evidence (.zip)", en);
        Assert.Contains("History", en);
        Assert.Contains("Violation cases", await inspector.GetStringAsync("/enforcement/cases?culture=en"));
        Assert.Contains("Hồ sơ vi phạm", await inspector.GetStringAsync("/enforcement"));

        async Task<(HttpStatusCode, string)> SubmitAsync(string handler, Dictionary<string, string> fields)
        {
            var page = await inspector.GetStringAsync($"/enforcement/cases/{id}");
            var version = Regex.Match(page, "name=\"t.version\" value=\"(\\d+)\"").Groups[1].Value;
            fields["__RequestVerificationToken"] = EnvigilAppFactory.AntiforgeryToken(page);
            fields["_handler"] = handler;
            fields["t.version"] = version;
            var response = await inspector.PostAsync($"/enforcement/cases/{id}", new FormUrlEncodedContent(fields));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (verifiedStatus, verified) = await SubmitAsync("transition-Verified", new() { ["t.to"] = "Verified", ["t.note"] = "Đã xác minh" });
        Assert.Equal(HttpStatusCode.OK, verifiedStatus);
        Assert.Contains("Đã chuyển hồ sơ sang &#x27;Đã xác minh&#x27;.", verified.Replace("'", "&#x27;", StringComparison.Ordinal));
        var (badStatus, bad) = await SubmitAsync("transition-DecisionIssued", new() { ["t.to"] = "DecisionIssued", ["t.fine"] = "-5" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("Phải nhập số quyết định xử phạt.", bad);
        Assert.Contains("Số tiền phạt không được âm.", bad);
        var (decidedStatus, decided) = await SubmitAsync("transition-DecisionIssued", new()
        {
            ["t.to"] = "DecisionIssued", ["t.decisionNumber"] = "7/QĐ-XPHC", ["t.decisionDate"] = Today, ["t.sanctionDecree"] = "Nghị định 45/2022/NĐ-CP",
            ["t.fine"] = "150.000.000", ["t.deadline"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, decidedStatus);
        Assert.Contains("150.000.000 đ", decided);
        var (illegal, illegalHtml) = await SubmitAsync("transition-Verified", new() { ["t.to"] = "Verified" });
        Assert.Equal(HttpStatusCode.BadRequest, illegal); // the Verified form is no longer on the page
        Assert.DoesNotContain("Đã chuyển", illegalHtml);
    }
}

public sealed class CaseTestsOnSqlite(SqliteApp app) : CaseTests<SqliteApp>(app);

public sealed class CaseTestsOnPostgres(PostgresApp app) : CaseTests<PostgresApp>(app);
