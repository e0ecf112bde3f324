using System.Security.Claims;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Kernel.Identity;

public sealed record Me(string Name, bool IsMachine, IReadOnlyList<string> Roles, IReadOnlyList<string> Communes, IReadOnlyList<string> Facilities, IReadOnlyList<string> Stations);

public static class AdministrationEndpoints
{
    public static IEndpointRouteBuilder MapAdministration(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/me", (ClaimsPrincipal user) => TypedResults.Ok(new Me(
                user.Identity?.Name ?? "",
                user.IsMachine(),
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order().ToList(),
                user.Communes().ToList(),
                user.Facilities().ToList(),
                user.FindAll(EnvigilClaims.Station).Select(c => c.Value).ToList())))
            .RequireAuthorization(EnvigilPolicies.Authenticated).WithTags("Identity").WithSummary("Who the caller is: roles and scopes.");

        var admin = endpoints.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(EnvigilPolicies.Admin);

        admin.MapGet("/users", async (UserAdministration users) => TypedResults.Ok(await users.ListAsync()))
            .WithSummary("All accounts with roles and scopes.");

        admin.MapPost("/users", async (NewUser request, UserAdministration users) =>
            {
                var result = await users.CreateAsync(request);
                return result.Succeeded
                    ? Results.Json(new { id = result.UserId }, statusCode: StatusCodes.Status201Created)
                    : ProblemResponses.Invalid([.. result.Errors]);
            })
            .WithSummary("Create an account with roles and scopes (communes for commune officers, facilities for operators).");

        admin.MapGet("/tokens", async (MachineTokenAdministration tokens) => TypedResults.Ok(await tokens.ListAsync()))
            .WithSummary("Machine tokens (never their values).");

        admin.MapPost("/tokens", async (NewMachineToken request, MachineTokenAdministration tokens) =>
            {
                var (issued, errors) = await tokens.IssueAsync(request);
                return issued is not null ? Results.Json(issued, statusCode: StatusCodes.Status201Created) : ProblemResponses.Invalid([.. errors]);
            })
            .WithSummary("Issue a token for a station, facility or integration. The value is returned once.");

        admin.MapDelete("/tokens/{id}", async (string id, MachineTokenAdministration tokens) =>
                await tokens.RevokeAsync(id) ? Results.NoContent() : Results.NotFound())
            .WithSummary("Revoke a token; it stops working at once.");

        admin.MapGet("/audit", async (long? before, int? limit, string? entity, string? actor, AuditLog log) =>
                TypedResults.Ok(await log.PageAsync(before, limit ?? 100, entity, actor)))
            .WithSummary("The audit log, newest first, keyset-paged with ?before=<id>.");

        return endpoints;
    }
}
