using System.Security.Claims;
using Envigil.Hazards.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Hazards.Response;

/// <summary>/api/v1/hazards: the response to an issued warning and its aftermath. Every endpoint names its policy; the commune scope is enforced in <see cref="ResponseService"/>.</summary>
public static class ResponseEndpoints
{
    public static IEndpointRouteBuilder MapHazardsResponseApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/hazards").WithTags("Hazards").RequireAuthorization(HazardsPolicies.Reader);

        api.MapGet("/warnings/{id:long}/response", async (long id, ClaimsPrincipal user, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.DashboardAsync(user, id, ct), Results.Ok))
            .WithSummary("During the event: per affected commune (a commune officer: their communes) the confirmation, households reached vs listed, people planned vs evacuated (latest report); per shelter the latest occupants vs capacity with over-capacity flagged; totals, time since issue, the report history.");
        api.MapPost("/warnings/{id:long}/evacuation", async (long id, EvacuationInput input, ClaimsPrincipal user, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.ReportEvacuationAsync(user, id, input, ct), r => Results.Created($"/api/v1/hazards/warnings/{id}/response", r)))
            .RequireAuthorization(HazardsPolicies.ResponseReporter)
            .WithSummary("Reports the people of a commune evacuated so far (communeCode, peopleEvacuated, note); the latest report counts, earlier ones stay as history. A commune officer: own commune only (403).");
        api.MapPost("/warnings/{id:long}/shelters/{shelterId:long}/occupancy", async (long id, long shelterId, OccupancyInput input, ClaimsPrincipal user, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.ReportOccupancyAsync(user, id, shelterId, input, ct), r => Results.Created($"/api/v1/hazards/warnings/{id}/response", r)))
            .RequireAuthorization(HazardsPolicies.ResponseReporter)
            .WithSummary("Reports the people in a shelter now (occupants, note); over capacity is accepted and flagged. A commune officer: own commune's shelters only (403).");

        api.MapGet("/warnings/{id:long}/aftermath", async (long id, ClaimsPrincipal user, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.AftermathAsync(user, id, ct), Results.Ok))
            .WithSummary("After the event: the latest damage per commune with totals and history, the lessons record, and the review rounds that take them up.");
        api.MapPost("/warnings/{id:long}/damage", async (long id, DamageInput input, ClaimsPrincipal user, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.ReportDamageAsync(user, id, input, ct), r => Results.Created($"/api/v1/hazards/warnings/{id}/aftermath", r)))
            .RequireAuthorization(HazardsPolicies.ResponseReporter)
            .WithSummary("Records a commune's damage (deaths, injuries, housesDamaged, housesDestroyed, cropsHa, notes); also after the warning is cancelled or expired.");
        api.MapPut("/warnings/{id:long}/lessons", async (long id, LessonsInput input, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.WriteLessonsAsync(id, input, ct), Results.Ok))
            .RequireAuthorization(HazardsPolicies.LessonsWriter)
            .WithSummary("Writes the event's lessons (whatWorked, whatDidNot, actions); a rewrite sends expectedVersion (409 when stale). The next review round of every affected commune shows them.");
        api.MapGet("/reviews/{id:long}/events", async (long id, ClaimsPrincipal user, ResponseService response, CancellationToken ct) =>
                HazardsEndpoints.Result(await response.ReviewEventsAsync(user, id, ct), Results.Ok))
            .WithSummary("The events a review round takes up (it is the commune's next round after them), with the commune's damage and the lessons.");
        return endpoints;
    }
}
