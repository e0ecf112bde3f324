using System.Security.Claims;
using Envigil.Hazards.Persistence;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Hazards.Delivery;

public sealed record NewWarningWebhook(string? Url, string? Description);

/// <summary>The answer to a new subscription: the only time <see cref="Secret"/> is shown.</summary>
public sealed record CreatedWarningWebhook(long Id, string Url, string? Description, string Secret, DateTime CreatedAtUtc);

public sealed record WarningWebhookView(long Id, string Url, string? Description, DateTime CreatedAtUtc, string CreatedBy);

/// <summary>/api/v1/hazards/webhooks (administrators) and a warning's delivery status.</summary>
public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapWarningDelivery(this IEndpointRouteBuilder endpoints)
    {
        var hooks = endpoints.MapGroup("/api/v1/hazards/webhooks").WithTags("Hazards").RequireAuthorization(EnvigilPolicies.Admin);

        hooks.MapPost("", async (NewWarningWebhook input, ClaimsPrincipal user, HazardsDb db, TimeProvider time, CancellationToken ct) =>
            {
                var errors = WebhookSignature.ValidateSubscription(input.Url, input.Description);
                if (errors.Count > 0)
                    return ProblemResponses.Invalid([.. errors]);
                var hook = new WarningWebhook
                {
                    Url = input.Url!.Trim(),
                    Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
                    Secret = WebhookSignature.NewSecret(),
                    CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                    CreatedBy = user.Identity?.Name ?? "?",
                };
                db.Webhooks.Add(hook);
                await db.SaveChangesAsync(ct);
                return Results.Json(new CreatedWarningWebhook(hook.Id, hook.Url, hook.Description, hook.Secret, hook.CreatedAtUtc), statusCode: StatusCodes.Status201Created);
            })
            .WithSummary("Subscribe a URL (a province system, an SMS gateway) to issued and cancelled warnings as signed CAP 1.2 POSTs. The signing secret is in this answer only.");

        hooks.MapGet("", async (HazardsDb db, CancellationToken ct) => TypedResults.Ok(await db.Webhooks.AsNoTracking()
                .Where(w => w.Enabled).OrderBy(w => w.Id)
                .Select(w => new WarningWebhookView(w.Id, w.Url, w.Description, w.CreatedAtUtc, w.CreatedBy)).ToListAsync(ct)))
            .WithSummary("Warning webhook subscriptions (never their secrets).");

        hooks.MapDelete("/{id:long}", async (long id, HazardsDb db, CancellationToken ct) =>
            {
                var hook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id && w.Enabled, ct);
                if (hook is null)
                    return Results.NotFound();
                // Disabled, not removed: its delivery rows are the history of what was pushed. Pending ones fail with the reason.
                hook.Enabled = false;
                await db.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .WithSummary("Delete a subscription: nothing more is sent to it; pushes still waiting for it fail.");

        endpoints.MapGet("/api/v1/hazards/warnings/{id:long}/deliveries", async (long id, HazardsDb db, WarningDeliveries deliveries, CancellationToken ct) =>
                await db.Warnings.AnyAsync(w => w.Id == id, ct) ? Results.Ok(await deliveries.ForWarningAsync(id, ct)) : Results.NotFound())
            .RequireAuthorization(HazardsPolicies.DeliveryReader).WithTags("Hazards")
            .WithSummary("Where a warning was pushed (e-mail, webhooks) and whether it arrived: state sent, pending (with the next attempt) or failed, attempts and the last error.");
        return endpoints;
    }
}
