using System.Security.Claims;
using Envigil.Enforcement.Cases;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Enforcement.Http;

public sealed record NewCaseInput(string? FacilityId, IReadOnlyList<long>? AlertIds, string? Title, string? LegalBasis, string? LegalArticle);

public sealed record AlertsInput(IReadOnlyList<long>? AlertIds, int? ExpectedVersion);

public sealed record CommentInput(string? Text);

public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/cases").WithTags("Enforcement").RequireAuthorization(EnforcementPolicies.CaseReader);

        group.MapGet("", async (string? status, string? facility, long? before, int? limit, ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
            {
                CaseStatus? wanted = null;
                if (!string.IsNullOrEmpty(status) && (wanted = CaseWorkflow.Parse(status)) is null)
                    return ProblemResponses.Invalid($"status: one of {string.Join(", ", Enum.GetNames<CaseStatus>())}.");
                return Results.Ok(await cases.ListAsync(user, wanted, facility, before, limit ?? 50, ct));
            })
            .WithSummary("Violation cases, newest first; filters status and facility; keyset paging with before=<nextBefore>. A facility operator sees only their facility's cases once a decision is issued.");

        group.MapGet("/{id:long}", async (long id, ClaimsPrincipal user, CaseService cases, CancellationToken ct) =>
                await cases.DetailAsync(user, id, ct) is { } detail ? Results.Ok(detail) : NotFound())
            .WithSummary("One case with its alerts, history and documents.");

        group.MapPost("", async (NewCaseInput input, CaseService cases, CancellationToken ct) =>
                Result(await cases.CreateAsync(new NewCase(input.FacilityId, input.AlertIds, input.Title, input.LegalBasis, input.LegalArticle), ct),
                    c => Results.Created($"/api/v1/cases/{c.Id}", c)))
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .WithSummary("Opens a case from alert ids (all of one facility) or by hand with a facility id.");

        group.MapPatch("/{id:long}", async (long id, CaseEdit edit, CaseService cases, CancellationToken ct) =>
                Result(await cases.EditAsync(id, edit, ct), Results.Ok))
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .WithSummary("Changes title, legal basis and articles of an open case; expectedVersion guards against overwriting someone else's change (409).");

        group.MapPost("/{id:long}/transitions", async (long id, CaseTransition transition, CaseService cases, CancellationToken ct) =>
                Result(await cases.TransitionAsync(id, transition, ct), Results.Ok))
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .WithSummary("Moves a case: Detected → Verified → DecisionIssued (decisionNumber, decisionDate, sanctionDecree, fineVnd ≥ 0, remediationDeadline) → Closed; Detected/Verified → Dismissed (note = reason). Illegal moves: 409.");

        group.MapPost("/{id:long}/alerts", async (long id, AlertsInput input, CaseService cases, CancellationToken ct) =>
                Result(await cases.AddAlertsAsync(id, input.AlertIds ?? [], input.ExpectedVersion, ct), Results.Ok))
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .WithSummary("Adds alerts of the case's facility.");

        group.MapPost("/{id:long}/comments", async (long id, CommentInput input, CaseService cases, CancellationToken ct) =>
                Result(await cases.CommentAsync(id, input.Text, ct), Results.Ok))
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .WithSummary("Adds a comment to the case's history.");

        group.MapPost("/{id:long}/documents", async (long id, HttpRequest request, CaseService cases, CancellationToken ct) =>
            {
                if (request.ContentLength > cases.MaxDocumentBytes + 64 * 1024)
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"A document may be at most {cases.MaxDocumentBytes / 1024 / 1024} MB.");
                if (!request.HasFormContentType)
                    return ProblemResponses.Invalid("Send the document as multipart/form-data with a field 'file'.");
                var form = await request.ReadFormAsync(ct);
                if (form.Files["file"] is not { } file)
                    return ProblemResponses.Invalid("Send the document as multipart/form-data with a field 'file'.");
                var (content, tooLarge) = await ReadBoundedAsync(file, cases.MaxDocumentBytes, ct);
                if (tooLarge)
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"A document may be at most {cases.MaxDocumentBytes / 1024 / 1024} MB.");
                return Result(await cases.AttachAsync(id, file.FileName, content, form["description"].ToString(), ct), d => Results.Created($"/api/v1/cases/{id}/documents/{d.Id}", d));
            })
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .DisableAntiforgery() // an API call with the cookie still needs the case-worker role; forms on the pages carry their token
            .WithSummary("Attaches a document (multipart field 'file'; pdf, jpg, png, docx, xlsx or txt; at most 10 MB; checked by extension and content).");

        group.MapGet("/{id:long}/documents/{documentId:long}", async (long id, long documentId, ClaimsPrincipal user, CaseService cases, CaseDocumentStore store, CancellationToken ct) =>
            {
                if (await cases.FindAsync(user, id, ct) is null)
                    return NotFound();
                var doc = (await cases.DocumentsAsync(id, ct)).SingleOrDefault(d => d.Id == documentId);
                if (doc is null || !File.Exists(store.PathOf(doc.Sha256)))
                    return NotFound();
                return Results.Stream(store.OpenRead(doc.Sha256), doc.ContentType, doc.FileName);
            })
            .WithSummary("Downloads an attached document.");

        group.MapGet("/{id:long}/evidence.zip", EvidenceAsync)
            .WithSummary("The case's evidence as a .zip: alerts, episodes, signals, readings, charts, the raw data files, case.json, documents, manifest.json and SHA256SUMS. Audited.");

        return endpoints;
    }

    /// <summary>Also used by the case page's link; the export is written to the audit log (who, when, which case).</summary>
    internal static async Task<IResult> EvidenceAsync(long id, HttpContext http, ClaimsPrincipal user, CaseService cases, CaseEvidenceExport export, AuditLog audit,
        IAuditActorAccessor actors, CancellationToken ct)
    {
        if (await cases.FindAsync(user, id, ct) is not { } c)
            return NotFound();
        var built = await export.BuildAsync(c, actors.Current.Name, ct);
        await audit.RecordAsync("evidence-exported", "enforcement.cases", c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { number = c.Number, facilityId = c.FacilityId, entries = built.Entries.Count, bytes = built.Content.Length });
        http.Response.RegisterForDisposeAsync(built.Content);
        return Results.Stream(built.Content, "application/zip", built.FileName);
    }

    private static async Task<(byte[] Content, bool TooLarge)> ReadBoundedAsync(IFormFile file, long max, CancellationToken ct)
    {
        if (file.Length > max)
            return ([], true);
        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream((int)Math.Min(file.Length, max));
        await stream.CopyToAsync(buffer, ct);
        return buffer.Length > max ? ([], true) : (buffer.ToArray(), false);
    }

    private static IResult NotFound() => Problem(StatusCodes.Status404NotFound, "Not found", "No such case, or it is not yours to see.");

    private static IResult Problem(int status, string title, string detail, IReadOnlyList<string>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}" };
        if (errors is not null)
            problem.Extensions["errors"] = errors;
        return TypedResults.Problem(problem);
    }

    /// <summary>Problem details in English (the API's language) with the Vietnamese text alongside for clients that show it.</summary>
    private static IResult Result<T>(CaseResult<T> result, Func<T, IResult> ok)
    {
        if (result.Failure is not { } failure)
            return ok(result.Value!);
        var english = failure.Errors.Select(e => e.En).ToList();
        var (status, title) = failure.Kind switch
        {
            CaseFailureKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            CaseFailureKind.Conflict => (StatusCodes.Status409Conflict, "Conflict with the case's state"),
            _ => (StatusCodes.Status400BadRequest, "The request is not valid"),
        };
        var problem = new ProblemDetails { Status = status, Title = title, Detail = string.Join(" ", english), Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}" };
        problem.Extensions["errors"] = english;
        problem.Extensions["errorsVi"] = failure.Errors.Select(e => e.Vi).ToList();
        return TypedResults.Problem(problem);
    }
}
