using System.Globalization;
using System.Security.Claims;
using System.Text;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Http;

public static class MonitoringEndpoints
{
    /// <summary>Reads: stations with state and latest values, series, completeness; CSV where people want spreadsheets.</summary>
    public static IEndpointRouteBuilder MapMonitoringReads(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/monitoring").WithTags("Monitoring").RequireAuthorization(EnvigilPolicies.SignedIn);

        group.MapGet("/stations", async (string? kind, string? facility, string? commune, string? state, ClaimsPrincipal user, MonitoringQueries queries, CancellationToken ct) =>
            {
                var stations = await queries.StationsAsync(MonitoringAccess.FacilityScope(user), kind, facility, commune, ct);
                if (!string.IsNullOrEmpty(state) && Enum.TryParse<StationState>(state, true, out var wanted))
                    stations = stations.Where(s => s.State == wanted).ToList();
                return TypedResults.Ok(stations);
            })
            .WithSummary("Stations with their state (online, late, offline, calibrating, fault, exceeding) and latest values; filters kind, facility (an id, or part of a facility name or id, case and diacritics ignored), commune, state. Operators see only their facility.");

        group.MapGet("/stations/{stationCode}", async (string stationCode, ClaimsPrincipal user, MonitoringDb db, MonitoringQueries queries, CancellationToken ct) =>
            {
                var (refusal, summary) = await VisibleStationAsync(stationCode, user, db, queries, ct);
                return refusal ?? Results.Ok(new { station = summary, datastreams = await queries.DatastreamsAsync(summary!.Code, ct) });
            })
            .WithSummary("One station with its datastreams.");

        group.MapGet("/stations/{stationCode}/readings", async (string stationCode, ClaimsPrincipal user, MonitoringDb db, MonitoringQueries queries,
                Compliance.LimitService limits, TimeProvider time, CancellationToken ct) =>
            {
                var (refusal, summary) = await VisibleStationAsync(stationCode, user, db, queries, ct);
                return refusal ?? Results.Ok(await Compliance.StationReadingsQuery.ForAsync(summary!, limits, time, ct));
            })
            .WithSummary("A station's latest value of each parameter beside today's effective limit (lower/upper, unit, source) and whether an exceedance is going on; the map's popup.");

        group.MapGet("/datastreams/{datastreamId:long}/observations", async (long datastreamId, DateTime? from, DateTime? to, string? resolution, DateTime? after, int? limit, string? format,
                ClaimsPrincipal user, MonitoringDb db, MonitoringQueries queries, TimeProvider time, CancellationToken ct) =>
            {
                var datastream = await db.Datastreams.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datastreamId, ct);
                if (datastream is null)
                    return Results.NotFound();
                var station = await db.Stations.AsNoTracking().SingleAsync(s => s.Code == datastream.StationCode, ct);
                if (!MonitoringAccess.MaySee(user, station))
                    return Results.Forbid();
                Resolution? res = (resolution ?? "raw") switch { "raw" => Resolution.Raw, "1h" or "hour" => Resolution.Hour, "1d" or "day" => Resolution.Day, _ => null };
                if (res is null)
                    return ProblemResponses.Invalid("resolution: raw, 1h (hour) or 1d (day).");
                var toUtc = Utc(to) ?? time.GetUtcNow().UtcDateTime;
                var fromUtc = Utc(from) ?? toUtc.AddDays(-1);
                if (fromUtc > toUtc)
                    return ProblemResponses.Invalid("from must be before to.");
                var page = await queries.SeriesAsync(datastreamId, res.Value, fromUtc, toUtc, Utc(after), limit ?? 1000, ct);
                if (format == "csv")
                    return Results.Text(SeriesCsv(station, datastream, page), "text/csv; charset=utf-8", Encoding.UTF8);
                return Results.Ok(page);
            })
            .WithSummary("Observations of a datastream between from and to (UTC, ISO 8601) at raw, 1h or 1d resolution; keyset paging with after=<nextAfterUtc>; format=csv for a spreadsheet.");

        group.MapGet("/stations/{stationCode}/completeness", async (string stationCode, string? day, string? month, string? format, ClaimsPrincipal user, MonitoringDb db,
                MonitoringQueries queries, TimeProvider time, CancellationToken ct) =>
            {
                var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == stationCode, ct);
                if (station is null)
                    return Results.NotFound();
                if (!MonitoringAccess.MaySee(user, station))
                    return Results.Forbid();
                DateOnly from, to;
                if (month is not null && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                    (from, to) = (first, first.AddMonths(1).AddDays(-1));
                else if (day is not null && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    (from, to) = (d, d);
                else if (day is null && month is null)
                    (from, to) = (DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow().UtcDateTime)), DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow().UtcDateTime)));
                else
                    return ProblemResponses.Invalid("Give day=yyyy-MM-dd or month=yyyy-MM (Vietnam calendar).");
                var report = (await queries.CompletenessAsync(stationCode, from, to, ct))!;
                return format == "csv" ? Results.Text(CompletenessCsv(report), "text/csv; charset=utf-8", Encoding.UTF8) : Results.Ok(report);
            })
            .WithSummary("Completeness and timeliness of a station for a day or a month (Vietnam calendar): expected, received, valid, late samples and the gaps.");

        group.MapGet("/conflicts", async (string? station, MonitoringDb db, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var query = from c in db.ObservationConflicts.AsNoTracking()
                            join d in db.Datastreams.AsNoTracking() on c.DatastreamId equals d.Id
                            join s in db.Stations.AsNoTracking() on d.StationCode equals s.Code
                            where station == null || s.Code == station
                            orderby c.Id descending
                            select new { c.Id, Station = s.Code, s.FacilityId, d.ParameterCode, c.PhenomenonTimeUtc, c.StoredValue, c.StoredStatus, c.StoredReceiptId, c.OfferedValue, c.OfferedStatus, c.OfferedReceiptId, c.DetectedAtUtc, c.Resolution };
                var rows = await query.Take(500).ToListAsync(ct);
                return TypedResults.Ok(rows.Where(r => r.FacilityId is null || MonitoringAccess.MaySee(user, r.FacilityId)).ToList());
            })
            .WithSummary("Different values offered for a time that already had one: kept for review, never overwritten.");

        return endpoints;
    }

    /// <summary>One station's summary, or why not: 404 for an unknown code, 403 for another facility's station.</summary>
    private static async Task<(IResult? Refusal, StationSummary? Summary)> VisibleStationAsync(string stationCode, ClaimsPrincipal user, MonitoringDb db,
        MonitoringQueries queries, CancellationToken ct)
    {
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == stationCode, ct);
        if (station is null)
            return (Results.NotFound(), null);
        if (!MonitoringAccess.MaySee(user, station))
            return (Results.Forbid(), null);
        return (null, (await queries.StationsAsync(null, cancellationToken: ct, stationCode: station.Code)).Single());
    }

    private static DateTime? Utc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } v => v,
        { Kind: DateTimeKind.Local } v => v.ToUniversalTime(),
        var v => DateTime.SpecifyKind(v.Value, DateTimeKind.Utc),
    };

    private static string SeriesCsv(Station station, Datastream datastream, SeriesPage page)
    {
        var csv = new StringBuilder("station,parameter,unit,time_vietnam,time_utc,value,status,min,max,count,valid_count\n");
        foreach (var p in page.Points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{station.Code},{datastream.ParameterCode.Replace(",", ".", StringComparison.Ordinal)},{datastream.Unit},");
            csv.Append(CultureInfo.InvariantCulture, $"{VietnamTime.FormatDateTime(p.TimeUtc)},{p.TimeUtc:yyyy-MM-ddTHH:mm:ssZ},{p.Value},{p.Status},{p.Min},{p.Max},{p.Count},{p.ValidCount}\n");
        }
        return csv.ToString();
    }

    private static string CompletenessCsv(CompletenessReport report)
    {
        var csv = new StringBuilder("station,day,expected,received,valid,late\n");
        foreach (var d in report.Days)
            csv.Append(CultureInfo.InvariantCulture, $"{report.StationCode},{VietnamTime.FormatDate(d.Day)},{d.Expected},{d.Received},{d.Valid},{d.Late}\n");
        return csv.ToString();
    }

    /// <summary>Registry: facilities (with whether automatic monitoring is mandatory and why), stations, datastreams, aliases, spreadsheets.</summary>
    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/monitoring/registry").WithTags("Monitoring registry");

        group.MapGet("/facilities", async (ClaimsPrincipal user, RegistryService registry, CancellationToken ct) =>
                TypedResults.Ok(await registry.FacilitiesAsync(MonitoringAccess.FacilityScope(user), ct)))
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Facilities, each with whether automatic monitoring is mandatory and the reason (Decree 08/2022 Art. 97/98).");

        group.MapPut("/facilities/{facilityId}", async (string facilityId, FacilityInput input, RegistryService registry, CancellationToken ct) =>
                Respond(await registry.SaveFacilityAsync(input with { Id = facilityId }, ct)))
            .RequireAuthorization(MonitoringPolicies.RegistryEditor).WithSummary("Create or update a facility.");

        group.MapPut("/stations/{stationCode}", async (string stationCode, StationInput input, RegistryService registry, CancellationToken ct) =>
                Respond(await registry.SaveStationAsync(input with { Code = stationCode }, ct)))
            .RequireAuthorization(MonitoringPolicies.RegistryEditor).WithSummary("Create or update a station; the commune is taken from the location when not given.");

        group.MapPut("/stations/{stationCode}/datastreams/{parameter}", async (string stationCode, string parameter, DatastreamInput? input, RegistryService registry, CancellationToken ct) =>
                Respond(await registry.SaveDatastreamAsync(stationCode, (input ?? new DatastreamInput(parameter)) with { Parameter = parameter }, ct)))
            .RequireAuthorization(MonitoringPolicies.RegistryEditor).WithSummary("Create or update a datastream (station × parameter); unit and physical range default from the catalogue.");

        group.MapGet("/parameters", () => TypedResults.Ok(ParameterCatalogue.All))
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithSummary("The parameter catalogue (Circular 10/2021 Annex 15 Table 34 codes) with units and physical ranges.");

        group.MapGet("/aliases", async (MonitoringDb db, CancellationToken ct) => TypedResults.Ok(await db.ParameterAliases.AsNoTracking().OrderBy(a => a.Alias).ToListAsync(ct)))
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithSummary("The province's own spellings of parameter codes.");

        group.MapPost("/aliases", async (AliasInput input, ClaimsPrincipal user, RegistryService registry, CancellationToken ct) =>
                Respond(await registry.AddAliasAsync(input.Alias, input.Parameter, user.Identity?.Name ?? "?", ct)))
            .RequireAuthorization(MonitoringPolicies.RegistryEditor).WithSummary("Add a spelling of a parameter code; then reprocess the files quarantined for it.");

        group.MapGet("/export", async (string? format, string? table, string? lang, ClaimsPrincipal user, RegistryService registry, CancellationToken ct) =>
            {
                // The export holds every facility (tax codes, permits): a facility operator may not see the others'.
                if (MonitoringAccess.FacilityScope(user) is not null)
                    return Results.Forbid();
                var xlsx = format is null or "xlsx";
                if (!xlsx && format != "csv")
                    return ProblemResponses.Invalid("format: xlsx or csv.");
                var which = Enum.TryParse<RegistryTable>(table ?? "Facilities", true, out var t) ? t : RegistryTable.Facilities;
                var buffer = new MemoryStream();
                await registry.ExportAsync(buffer, xlsx ? "xlsx" : "csv", which, lang == "en", MonitoringAccess.FacilityScope(user), ct);
                buffer.Position = 0;
                var name = xlsx ? "envigil-registry.xlsx" : $"envigil-{which.ToString().ToLowerInvariant()}.csv";
                return Results.File(buffer, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8", name);
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithSummary("The registry as .xlsx (three sheets) or one table as CSV; lang=en for English headers. Province-wide roles only.");

        group.MapPost("/import", async (HttpRequest request, string? table, RegistryService registry, ProvinceGeography geography, CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                    return ProblemResponses.Invalid("Send the spreadsheet as multipart/form-data in a field named 'file'.");
                var form = await request.ReadFormAsync(ct);
                var file = form.Files["file"];
                if (file is null || file.Length == 0)
                    return ProblemResponses.Invalid("No file: send it in a field named 'file'.");
                if (file.Length > 10 * 1024 * 1024)
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large", detail: "At most 10 MiB.");
                await using var stream = file.OpenReadStream();
                var communeExists = (string code) => geography.Current.Commune(code) is not null;
                RegistryImport parsed;
                if (file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
                    parsed = RegistrySpreadsheet.ReadXlsx(stream, communeExists);
                else if (file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<RegistryTable>(table ?? form["table"], true, out var t))
                    parsed = RegistrySpreadsheet.ReadCsv(stream, t, communeExists);
                else
                    return ProblemResponses.Invalid("Send an .xlsx workbook, or a .csv file with table=Facilities|Stations|Datastreams.");
                return Results.Ok(await registry.ImportAsync(parsed, ct));
            })
            .RequireAuthorization(MonitoringPolicies.RegistryEditor)
            .DisableAntiforgery() // an API for machines and scripts (cookie users also need the editor role); forms use their own endpoint
            .WithSummary("Import facilities, stations and datastreams from .xlsx or .csv; rows with errors are reported by row number and not applied.");

        return endpoints;
    }

    public sealed record AliasInput(string Alias, string Parameter);

    private static IResult Respond<T>(RegistryResult<T> result) =>
        result.Errors.Count > 0 ? ProblemResponses.Invalid([.. result.Errors]) : Results.Ok(result.Value);

    /// <summary>Received files: quarantine, reasons, original bytes, reprocessing.</summary>
    public static IEndpointRouteBuilder MapReceipts(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/monitoring/receipts").WithTags("Monitoring reception");

        group.MapGet("", async (string? state, string? station, long? before, int? limit, ClaimsPrincipal user, MonitoringDb db, CancellationToken ct) =>
            {
                var query = db.FileReceipts.AsNoTracking();
                if (!string.IsNullOrEmpty(state))
                    query = state == "attention" ? query.Where(r => ReceiptStates.NeedAttention.Contains(r.State)) : query.Where(r => r.State == state);
                if (!string.IsNullOrEmpty(station))
                    query = query.Where(r => r.StationCode == station);
                if (before is { } b)
                    query = query.Where(r => r.Id < b);
                var take = Math.Clamp(limit ?? 100, 1, 1000);
                var rows = await query.OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
                var registry = await db.Stations.AsNoTracking().ToDictionaryAsync(s => s.Code, ct);
                var visible = rows.Where(r => r.StationCode is null ? MonitoringAccess.FacilityScope(user) is null : registry.TryGetValue(r.StationCode, out var s) && MonitoringAccess.MaySee(user, s))
                    .Select(r => ReceiptView.Of(r)).ToList();
                return TypedResults.Ok(new { items = visible, nextBefore = rows.Count == take ? rows[^1].Id : (long?)null });
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn)
            .WithSummary("Received files, newest first; state=attention for quarantined, partial and rejected ones; keyset paging with before=<id>.");

        group.MapGet("/{receiptId:long}", async (long receiptId, ClaimsPrincipal user, MonitoringDb db, CancellationToken ct) =>
            {
                var receipt = await db.FileReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == receiptId, ct);
                if (receipt is null)
                    return Results.NotFound();
                if (!await MaySeeReceiptAsync(user, receipt, db, ct))
                    return Results.Forbid();
                var issues = await db.QuarantinedLines.AsNoTracking().Where(i => i.ReceiptId == receiptId).OrderBy(i => i.LineNumber)
                    .Select(i => new ReceiptIssue(i.LineNumber, i.RawLine, i.Reason)).ToListAsync(ct);
                return Results.Ok(ReceiptView.Of(receipt, issues));
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithSummary("One received file with the reasons for each quarantined line.");

        group.MapGet("/{receiptId:long}/content", async (long receiptId, ClaimsPrincipal user, MonitoringDb db, FileArchive archive, CancellationToken ct) =>
            {
                var receipt = await db.FileReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == receiptId, ct);
                if (receipt is null)
                    return Results.NotFound();
                if (!await MaySeeReceiptAsync(user, receipt, db, ct))
                    return Results.Forbid();
                return Results.File(await archive.ReadAsync(receipt.Sha256, ct), "text/plain", receipt.FileName);
            })
            .RequireAuthorization(EnvigilPolicies.SignedIn).WithSummary("The archived file exactly as received (its SHA-256 is in the receipt).");

        group.MapPost("/{receiptId:long}/reprocess", async (long receiptId, ReceptionPipeline pipeline, CancellationToken ct) =>
                await pipeline.ReprocessAsync(receiptId, ct) ? Results.Accepted($"/api/v1/monitoring/receipts/{receiptId}") : Results.NotFound())
            .RequireAuthorization(MonitoringPolicies.RegistryEditor).WithSummary("Process a received file again (after a registry fix).");

        group.MapPost("/reprocess", async (string? state, MonitoringDb db, ReceptionPipeline pipeline, CancellationToken ct) =>
            {
                var states = state is null or "attention" ? [ReceiptStates.Quarantined, ReceiptStates.Partial] : new[] { state };
                var ids = await db.FileReceipts.AsNoTracking().Where(r => states.Contains(r.State)).OrderBy(r => r.Id).Select(r => r.Id).Take(10_000).ToListAsync(ct);
                foreach (var id in ids)
                    await pipeline.ReprocessAsync(id, ct);
                return Results.Ok(new { queued = ids.Count });
            })
            .RequireAuthorization(MonitoringPolicies.RegistryEditor).WithSummary("Process again every quarantined and partially stored file (at most 10,000 at a time).");

        return endpoints;
    }

    private static async Task<bool> MaySeeReceiptAsync(ClaimsPrincipal user, FileReceipt receipt, MonitoringDb db, CancellationToken ct)
    {
        if (MonitoringAccess.FacilityScope(user) is null)
            return true;
        if (receipt.StationCode is null)
            return false;
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == receipt.StationCode, ct);
        return station is not null && MonitoringAccess.MaySee(user, station);
    }
}
