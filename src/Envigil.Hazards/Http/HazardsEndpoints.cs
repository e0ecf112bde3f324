using System.Security.Claims;
using System.Text;
using Envigil.Hazards.Registers;
using Envigil.Hazards.Risk;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Envigil.Hazards.Http;

public sealed record ConfirmInput(int? HouseholdsReached, string? Note);

public sealed record SignOffInput(IReadOnlyList<ChecklistItem>? Checklist, string? Findings);

/// <summary>/api/v1/hazards: every endpoint names its policy; scopes are enforced in the services.</summary>
public static class HazardsEndpoints
{
    public static IEndpointRouteBuilder MapHazardsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/hazards").WithTags("Hazards").RequireAuthorization(HazardsPolicies.Reader);

        api.MapGet("/rules", (Decision18Rules rules, IOptions<HazardsOptions> options) => Results.Ok(new { rules, applyUnverifiedRules = options.Value.ApplyUnverifiedRules }))
            .WithSummary("The Decision 18/2021/QĐ-TTg rules in use: level colours, the storm matrix, rain, flood and flash-flood rows with their article and verified flag.");
        api.MapPost("/risk/assess", (AssessInput input, WarningService warnings) =>
                input.Hazard is { } h ? Results.Ok(warnings.Assess(h, input.Forecast ?? new ForecastInputs())) : ProblemResponses.Invalid("hazard is required."))
            .WithSummary("Evaluates a forecast against the rules: level, rule id, verified flag and the explanation (no storage).");

        // ---- zones
        api.MapGet("/zones", async (string? hazard, RegisterService registers, CancellationToken ct) =>
            {
                HazardType? h = null;
                if (!string.IsNullOrEmpty(hazard))
                {
                    if (!HazardLabels.TryParse(hazard, out HazardType parsed))
                        return ProblemResponses.Invalid($"hazard: one of {string.Join(", ", Enum.GetNames<HazardType>())}.");
                    h = parsed;
                }
                return Results.Ok(await registers.ZonesAsync(h, ct));
            })
            .WithSummary("Hazard zones (without geometry); filter hazard.");
        api.MapGet("/zones.geojson", async (RegisterService registers, CancellationToken ct) =>
            {
                var collection = new NetTopologySuite.Features.FeatureCollection();
                foreach (var z in await registers.ZoneGeometriesAsync(ct))
                    collection.Add(new NetTopologySuite.Features.Feature(z.Geometry, new NetTopologySuite.Features.AttributesTable
                    {
                        { "id", z.Id }, { "name", z.Name }, { "hazard", z.Hazard.ToString() }, { "susceptibility", z.Susceptibility.ToString() }, { "source", z.Source },
                    }));
                return Results.Bytes(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(collection, CommuneGeoJson.Options), "application/geo+json");
            })
            .WithSummary("Hazard zones as a GeoJSON FeatureCollection (WGS84).");
        api.MapPost("/zones/import", async (HttpRequest request, RegisterService registers, IOptions<HazardsOptions> options, CancellationToken ct) =>
            {
                var (content, name, problem) = await ReadUploadAsync(request, options.Value.MaxImportBytes, ct);
                return problem ?? Results.Ok(await registers.ImportZonesAsync(content!, name!, options.Value.MaxImportBytes, ct));
            })
            .RequireAuthorization(HazardsPolicies.RegisterEditor).DisableAntiforgery()
            .WithSummary("Imports zones from a GeoJSON FeatureCollection, KML (.kml: Placemark Polygon/MultiGeometry, ExtendedData) or a zipped Shapefile (.zip: .shp/.shx/.dbf/.prj in WGS 84 or VN-2000 TM-3), as the body with ?name= or multipart field 'file'. Attributes name, hazard, susceptibility, source, surveyedOn. Valid features are stored; the report lists the others with their reasons.");
        api.MapPost("/zones", async (DrawnZoneInput input, RegisterService registers, CancellationToken ct) =>
            {
                var report = await registers.CreateDrawnZoneAsync(input, ct);
                return report.Stored > 0 ? Results.Ok(report) : Results.BadRequest(report);
            })
            .RequireAuthorization(HazardsPolicies.RegisterEditor)
            .WithSummary("Creates one zone from its corners (points: one \"latitude, longitude\" per line, WGS84, at least 3) and attributes name, hazard, susceptibility, source, surveyedOn — what the zones page's drawing sends. 200 with the report, or 400 with the reasons.");
        api.MapDelete("/zones/{id:long}", async (long id, RegisterService registers, CancellationToken ct) =>
                await registers.DeleteZoneAsync(id, ct) ? Results.NoContent() : NotFound())
            .RequireAuthorization(HazardsPolicies.RegisterEditor).WithSummary("Deletes a zone.");

        // ---- households
        api.MapGet("/households", async (string? commune, string? relocation, string? q, long? after, int? limit, ClaimsPrincipal user, RegisterService registers, CancellationToken ct) =>
            {
                RelocationStatus? r = null;
                if (!string.IsNullOrEmpty(relocation))
                {
                    if (!HazardLabels.TryParse(relocation, out RelocationStatus parsed))
                        return ProblemResponses.Invalid($"relocation: one of {string.Join(", ", Enum.GetNames<RelocationStatus>())}.");
                    r = parsed;
                }
                if (q is { Length: > 100 } || limit is < 1 or > RegisterService.MaxPageSize)
                    return ProblemResponses.Invalid($"q: at most 100 characters; limit: 1 to {RegisterService.MaxPageSize}.");
                return Results.Ok(await registers.HouseholdsAsync(user, commune, r, q, after, limit ?? 100, ct));
            })
            .WithSummary("Households (a commune officer sees their communes only), with the zones each lies in; keyset paging with after=<nextAfter>.");
        api.MapGet("/households/{id:long}", async (long id, ClaimsPrincipal user, RegisterService registers, CancellationToken ct) =>
                await registers.HouseholdAsync(user, id, ct) is { } h ? Results.Ok(h) : NotFound())
            .WithSummary("One household.");
        api.MapPost("/households", async (HouseholdInput input, ClaimsPrincipal user, RegisterService registers, CancellationToken ct) =>
                Result(await registers.CreateHouseholdAsync(user, input, ct), h => Results.Created($"/api/v1/hazards/households/{h.Id}", h)))
            .RequireAuthorization(HazardsPolicies.HouseholdEditor)
            .WithSummary("Registers a household; the commune is taken from the point when not given. A commune officer only in their commune.");
        api.MapPut("/households/{id:long}", async (long id, HouseholdInput input, ClaimsPrincipal user, RegisterService registers, CancellationToken ct) =>
                Result(await registers.UpdateHouseholdAsync(user, id, input, ct), Results.Ok))
            .RequireAuthorization(HazardsPolicies.HouseholdEditor)
            .WithSummary("Replaces a household's fields (relocation status and dates included); expectedVersion guards against lost updates (409).");
        api.MapPost("/households/import", async (HttpRequest request, ClaimsPrincipal user, RegisterService registers, IOptions<HazardsOptions> options, CancellationToken ct) =>
            {
                var (content, name, problem) = await ReadUploadAsync(request, options.Value.MaxImportBytes, ct);
                if (problem is not null)
                    return problem;
                if (!name!.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                    return ProblemResponses.Invalid("Send an .xlsx or .csv file (multipart field 'file').");
                return Results.Ok(await registers.ImportHouseholdsAsync(user, content!, name, ct));
            })
            .RequireAuthorization(HazardsPolicies.HouseholdEditor).DisableAntiforgery()
            .WithSummary("Imports households from .xlsx (first sheet) or CSV; valid rows are stored, the report lists the others with row, column and reason.");
        api.MapGet("/households/relocation", async (ClaimsPrincipal user, RegisterService registers, CancellationToken ct) => Results.Ok(await registers.RelocationCountsAsync(user, ct)))
            .WithSummary("Households and people by relocation status (in the caller's scope).");

        // ---- shelters, erosion sites, reviews
        api.MapGet("/shelters", async (ClaimsPrincipal user, RegisterService registers, CancellationToken ct) => Results.Ok(await registers.SheltersAsync(user, ct)))
            .WithSummary("Shelters and evacuation points with capacity.");
        api.MapPost("/shelters", async (ShelterInput input, RegisterService registers, CancellationToken ct) =>
                Result(await registers.CreateShelterAsync(input, ct), s => Results.Created($"/api/v1/hazards/shelters/{s.Id}", s)))
            .RequireAuthorization(HazardsPolicies.RegisterEditor).WithSummary("Registers a shelter.");
        api.MapGet("/erosion-sites", async (RegisterService registers, CancellationToken ct) =>
                Results.Ok((await registers.ErosionSitesAsync(ct)).Select(s => new { s.Id, s.Name, s.CommuneCode, hazard = s.Hazard.ToString(), geometryType = s.Geometry.GeometryType, s.LengthM, s.DistanceToHousesM, s.RetreatRateMPerYear, s.SurveyedOn, s.Notes })))
            .WithSummary("Riverbank and coastal erosion sites.");
        api.MapPost("/erosion-sites", async (ErosionSiteInput input, RegisterService registers, CancellationToken ct) =>
                Result(await registers.CreateErosionSiteAsync(input, ct), s => Results.Created($"/api/v1/hazards/erosion-sites/{s.Id}", new { s.Id, s.Name, s.LengthM })))
            .RequireAuthorization(HazardsPolicies.RegisterEditor).WithSummary("Registers an erosion site (GeoJSON LineString or Point; length computed from the line when not given).");
        api.MapGet("/reviews", async (ClaimsPrincipal user, RegisterService registers, CancellationToken ct) => Results.Ok(await registers.ReviewsAsync(user, ct)))
            .WithSummary("Review rounds (rà soát) per commune.");
        api.MapPost("/reviews", async (ReviewInput input, ClaimsPrincipal user, RegisterService registers, CancellationToken ct) =>
                Result(await registers.StartReviewAsync(user, input, ct), r => Results.Created($"/api/v1/hazards/reviews/{r.Id}", r)))
            .RequireAuthorization(HazardsPolicies.HouseholdEditor).WithSummary("Starts a review round for a commune with a checklist (a default one when none is given).");
        api.MapPost("/reviews/{id:long}/sign-off", async (long id, SignOffInput input, ClaimsPrincipal user, RegisterService registers, CancellationToken ct) =>
                Result(await registers.SignOffReviewAsync(user, id, input.Checklist, input.Findings, ct), Results.Ok))
            .RequireAuthorization(HazardsPolicies.HouseholdEditor).WithSummary("Signs a review off (who and when are recorded).");

        // ---- warnings
        api.MapGet("/warnings", async (string? status, long? before, int? limit, WarningService warnings, CancellationToken ct) =>
            {
                WarningStatus? s = null;
                if (!string.IsNullOrEmpty(status))
                {
                    if (!HazardLabels.TryParse(status, out WarningStatus parsed))
                        return ProblemResponses.Invalid($"status: one of {string.Join(", ", Enum.GetNames<WarningStatus>())}.");
                    s = parsed;
                }
                if (limit is < 1 or > WarningService.MaxPageSize)
                    return ProblemResponses.Invalid($"limit: 1 to {WarningService.MaxPageSize}.");
                return Results.Ok(await warnings.ListAsync(s, before, limit ?? 50, ct));
            })
            .WithSummary("Warnings, newest first, with confirmation progress; keyset paging with before=<nextBefore>.");
        api.MapGet("/warnings/{id:long}", async (long id, WarningService warnings, CancellationToken ct) =>
                await warnings.DetailAsync(id, ct) is { } d ? Results.Ok(DetailJson(d)) : NotFound())
            .WithSummary("One warning with its tasks, the zones it touches and the rule assessment.");
        api.MapPost("/warnings", async (WarningDraft input, WarningService warnings, CancellationToken ct) =>
                Result(await warnings.DraftAsync(input, ct), w => Results.Created($"/api/v1/hazards/warnings/{w.Id}", Summary(w))))
            .RequireAuthorization(HazardsPolicies.WarningDrafter)
            .WithSummary("Drafts a warning: hazard, forecast (the rules compute the level), area as GeoJSON polygon or commune codes, validity, messages; compoundRaise 0–2 or levelOverride, each with levelReason.");
        api.MapPost("/warnings/{id:long}/approve", async (long id, WarningService warnings, CancellationToken ct) =>
                Result(await warnings.ApproveAsync(id, ct), w => Results.Ok(Summary(w))))
            .RequireAuthorization(HazardsPolicies.WarningApprover)
            .WithSummary("Approves a draft (Leader or Admin; never the person who drafted it: 409).");
        api.MapPost("/warnings/{id:long}/issue", async (long id, HttpRequest request, WarningService warnings, CancellationToken ct) =>
                Result(await warnings.IssueAsync(id, BaseUrl(request), ct), w => Results.Ok(Summary(w))))
            .RequireAuthorization(HazardsPolicies.WarningApprover)
            .WithSummary("Issues an approved warning: computes affected communes, households and vulnerable people, opens one task per commune and queues its pushes (e-mail, signed CAP webhooks; see /warnings/{id}/deliveries).");
        api.MapPost("/warnings/{id:long}/cancel", async (long id, HttpRequest request, WarningService warnings, CancellationToken ct) =>
                Result(await warnings.CancelAsync(id, BaseUrl(request), ct), w => Results.Ok(Summary(w))))
            .RequireAuthorization(HazardsPolicies.WarningApprover)
            .WithSummary("Cancels a warning (its CAP becomes msgType Cancel).");
        api.MapGet("/warnings/{id:long}/households", async (long id, long? after, int? limit, ClaimsPrincipal user, WarningService warnings, AffectedArea affected, CancellationToken ct) =>
            {
                if (limit is < 1 or > 1000)
                    return ProblemResponses.Invalid("limit: 1 to 1000.");
                if (await warnings.FindAsync(id, ct) is not { } w)
                    return NotFound();
                var size = limit ?? 200;
                var page = await affected.PageAsync(WarningService.AreaOf(w), HazardScope.Communes(user), after, size, ct);
                return Results.Ok(new { items = page, nextAfter = page.Count == size ? page[^1].Id : (long?)null });
            })
            .WithSummary("Households inside the warning's area (a commune officer: their communes), keyset paging with after=<nextAfter>.");

        // ---- public feeds: an issued warning is a public fact
        endpoints.MapGet("/api/v1/hazards/warnings/{id:long}.cap.xml", async (long id, HttpRequest request, WarningService warnings, ProvinceGeography geography,
                IOptions<HazardsOptions> options, IOptions<EnvigilOptions> envigil, CancellationToken ct) =>
            {
                if (await warnings.FindAsync(id, ct) is not { Status: WarningStatus.Issued or WarningStatus.Cancelled, IssuedAtUtc: not null } w)
                    return NotFound();
                var xml = CapDocument.Write(w, CapContext(request, warnings, geography, options, envigil));
                return Results.Bytes(xml, "application/cap+xml; charset=utf-8");
            })
            .RequireAuthorization(EnvigilPolicies.Public).WithTags("Hazards")
            .WithSummary("An issued warning as a CAP 1.2 alert (vi-VN and en-US info, polygon and commune geocodes).");
        endpoints.MapGet("/api/v1/hazards/warnings.atom", async (HttpRequest request, WarningService warnings, ProvinceGeography geography, TimeProvider time, CancellationToken ct) =>
            {
                var active = await warnings.ActiveAsync(ct);
                var province = geography.Current.Province;
                var xml = WarningAtomFeed.Write(active, province.Code, province.FullName, BaseUrl(request), time.GetUtcNow().UtcDateTime);
                return Results.Bytes(xml, "application/atom+xml; charset=utf-8");
            })
            .RequireAuthorization(EnvigilPolicies.Public).WithTags("Hazards")
            .WithSummary("Atom feed of the issued warnings in force, each linking to its CAP document.");

        // ---- tasks
        api.MapGet("/tasks", async (string? status, long? warning, ClaimsPrincipal user, WarningService warnings, CancellationToken ct) =>
            {
                WarningTaskStatus? s = null;
                if (!string.IsNullOrEmpty(status))
                {
                    if (!HazardLabels.TryParse(status, out WarningTaskStatus parsed))
                        return ProblemResponses.Invalid("status: Open or Confirmed.");
                    s = parsed;
                }
                return Results.Ok(await warnings.TasksAsync(user, s, warning, ct));
            })
            .WithSummary("Confirmation tasks of issued warnings (a commune officer: their communes').");
        api.MapPost("/tasks/{id:long}/confirm", async (long id, ConfirmInput input, ClaimsPrincipal user, WarningService warnings, CancellationToken ct) =>
                Result(await warnings.ConfirmTaskAsync(user, id, input.HouseholdsReached, input.Note, ct), Results.Ok))
            .RequireAuthorization(HazardsPolicies.TaskConfirmer)
            .WithSummary("Confirms that the commune's households were reached (count and note).");
        return endpoints;
    }

    public sealed record AssessInput(HazardType? Hazard, ForecastInputs? Forecast);

    internal static CapDocument.Context CapContext(HttpRequest request, WarningService warnings, ProvinceGeography geography, IOptions<HazardsOptions> options, IOptions<EnvigilOptions> envigil) =>
        new(options.Value.CapSender, options.Value.CapSenderName, geography.Current.Province.Code, envigil.Value.DemoMode, BaseUrl(request), warnings.Rules, geography.Current);

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static object Summary(HazardWarning w) => new
    {
        w.Id, hazard = w.Hazard.ToString(), w.HeadlineVi, w.Level, w.ComputedLevel, w.RuleId, w.RuleVerified, w.RuleExplanation, w.CompoundRaise, w.OverrideReason,
        status = w.Status.ToString(), w.DraftedBy, w.ApprovedBy, w.IssuedBy, w.ValidFromUtc, w.ValidToUtc, communes = w.Communes, w.AffectedHouseholds, w.AffectedPeople, w.AffectedVulnerable,
    };

    private static object DetailJson(WarningDetail d) => new
    {
        warning = Summary(d.Warning), d.Warning.MessageVi, d.Warning.MessageEn, d.Warning.AreaDescription,
        tasks = d.Tasks.Select(t => new { t.Id, t.CommuneCode, t.Households, t.People, t.Vulnerable, status = t.Status.ToString(), t.HouseholdsReached, t.ConfirmedBy, t.ConfirmedAtUtc }),
        zones = d.Zones, assessment = d.Assessment,
    };

    /// <summary>Reads an upload: multipart field 'file', or the raw body with ?name=; at most the configured size.</summary>
    internal static async Task<(byte[]? Content, string? Name, IResult? Problem)> ReadUploadAsync(HttpRequest request, long max, CancellationToken ct)
    {
        if (request.ContentLength > max + 64 * 1024)
            return (null, null, TooLarge(max));
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files["file"] is not { } file)
                return (null, null, ProblemResponses.Invalid("Send the file as multipart/form-data with a field 'file'."));
            if (file.Length > max)
                return (null, null, TooLarge(max));
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            return (buffer.ToArray(), Path.GetFileName(file.FileName), null);
        }
        using var body = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > max)
                return (null, null, TooLarge(max));
        }
        if (body.Length == 0)
            return (null, null, ProblemResponses.Invalid("The request has no file."));
        var name = request.Query["name"].ToString();
        return (body.ToArray(), string.IsNullOrWhiteSpace(name) ? "upload.geojson" : Path.GetFileName(name), null);
    }

    private static IResult TooLarge(long max) => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"A file may be at most {max / 1024 / 1024} MB.");

    private static IResult NotFound() => Problem(StatusCodes.Status404NotFound, "Not found", "No such record, or it is not yours to see.");

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}" });

    /// <summary>Problem details in English (the API's language) with the Vietnamese text alongside.</summary>
    internal static IResult Result<T>(HazardResult<T> result, Func<T, IResult> ok)
    {
        if (result.Failure is not { } failure)
            return ok(result.Value!);
        var english = failure.Errors.Select(e => e.En).ToList();
        var (status, title) = failure.Kind switch
        {
            HazardFailureKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            HazardFailureKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            HazardFailureKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            _ => (StatusCodes.Status400BadRequest, "The request is not valid"),
        };
        var problem = new ProblemDetails { Status = status, Title = title, Detail = string.Join(" ", english), Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}" };
        problem.Extensions["errors"] = english;
        problem.Extensions["errorsVi"] = failure.Errors.Select(e => e.Vi).ToList();
        return TypedResults.Problem(problem);
    }
}
