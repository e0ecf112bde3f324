using System.Security.Claims;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Monitoring.Http;

public sealed record ReceiptIssue(int Line, string RawLine, string Reason);

public sealed record ReceiptView(
    long Id, string FileName, string Sha256, string Channel, string Sender, string? StationCode, DateTime ReceivedAtUtc, string State, string? Reason,
    int Lines, int Stored, int Duplicates, int Conflicts, int Rejected, DateTime? ProcessedAtUtc, IReadOnlyList<ReceiptIssue>? Issues = null)
{
    public static ReceiptView Of(FileReceipt r, IReadOnlyList<ReceiptIssue>? issues = null) =>
        new(r.Id, r.FileName, r.Sha256, r.Channel, r.Sender, r.StationCode, r.ReceivedAtUtc, r.State, r.Reason, r.LineCount, r.StoredCount,
            r.DuplicateCount, r.ConflictCount, r.RejectedCount, r.ProcessedAtUtc, issues);
}

public static class IngestionEndpoints
{
    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/api/v1/ingest/files/{fileName}", async (string fileName, HttpContext http, ReceptionPipeline pipeline, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            {
                if (http.Request.ContentLength is > ReceptionPipeline.MaxFileBytes)
                    return TooLarge();
                var content = await ReadBoundedAsync(http.Request.Body, ReceptionPipeline.MaxFileBytes, cancellationToken);
                if (content is null)
                    return TooLarge();
                var kind = user.FindFirst(EnvigilClaims.MachineKind)?.Value;
                var sender = new SenderScope(user.Identity?.Name ?? "token", ReceptionChannels.Http,
                    FacilityId: kind == MachineTokenKinds.Facility ? user.Facilities().FirstOrDefault() : null,
                    StationCode: kind == MachineTokenKinds.Station ? user.FindFirst(EnvigilClaims.Station)?.Value : null,
                    AnyStation: kind == MachineTokenKinds.Integration);
                var receipt = await pipeline.ReceiveAndWaitAsync(new IncomingFile(fileName, content, sender), TimeSpan.FromSeconds(10), cancellationToken);
                var view = ReceiptView.Of(receipt);
                return receipt.State switch
                {
                    ReceiptStates.Pending => Results.Json(view, statusCode: StatusCodes.Status202Accepted),
                    // Archived and audited, but refused: the token may not deliver for that station.
                    ReceiptStates.Rejected => Results.Json(view, statusCode: StatusCodes.Status403Forbidden),
                    _ => Results.Ok(view),
                };
            })
            .RequireAuthorization(EnvigilPolicies.Machine)
            .WithTags("Ingestion")
            .WithSummary("Deliver one Circular 10/2021 data file (body = the file's bytes) with a station, facility or integration token. " +
                         "The file is archived before it is read; the answer says what was stored, duplicated, in conflict or quarantined.");
        endpoints.MapGet("/api/v1/ingest/receipts/{receiptId:long}", async (long receiptId, ClaimsPrincipal user, MonitoringDb db, CancellationToken cancellationToken) =>
            {
                var receipt = await db.FileReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == receiptId, cancellationToken);
                // A sender sees only what it delivered itself.
                if (receipt is null || receipt.Channel != ReceptionChannels.Http || receipt.Sender != user.Identity?.Name)
                    return Results.NotFound();
                var issues = await db.QuarantinedLines.AsNoTracking().Where(i => i.ReceiptId == receiptId).OrderBy(i => i.LineNumber)
                    .Select(i => new ReceiptIssue(i.LineNumber, i.RawLine, i.Reason)).ToListAsync(cancellationToken);
                return Results.Ok(ReceiptView.Of(receipt, issues));
            })
            .RequireAuthorization(EnvigilPolicies.Machine)
            .WithTags("Ingestion")
            .WithSummary("The state of a file this token delivered (after a 202 answer): stored, duplicate, partial, quarantined or rejected, with line reasons.");

        return endpoints;
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
            detail: $"A data file may be at most {ReceptionPipeline.MaxFileBytes / 1024} KiB; a datalogger file is a few hundred bytes.");

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
