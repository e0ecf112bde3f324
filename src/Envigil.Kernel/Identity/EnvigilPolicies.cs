using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Kernel.Identity;

/// <summary>
/// Every endpoint names one of these. Scopes are enforced here, on the server, by the route's commune or facility,
/// never by hiding links.
/// </summary>
public static class EnvigilPolicies
{
    /// <summary>Anyone, signed in or not: public facts (boundaries, warnings) and the sign-in page.</summary>
    public const string Public = "public";
    /// <summary>Any authenticated caller, person or machine.</summary>
    public const string Authenticated = "authenticated";
    /// <summary>Any signed-in person.</summary>
    public const string SignedIn = "signed-in";
    /// <summary>Administrators only: users, tokens, audit, configuration.</summary>
    public const string Admin = "admin";
    /// <summary>Edit a commune's records: province staff, or a commune officer of that commune ({communeCode} in the route).</summary>
    public const string CommuneEditor = "commune-editor";
    /// <summary>Read a facility's data: province-wide roles, or an operator of that facility ({facilityId} in the route).</summary>
    public const string FacilityReader = "facility-reader";
    /// <summary>A machine token (station, facility or integration).</summary>
    public const string Machine = "machine";

    public static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(Public, p => p.RequireAssertion(_ => true));
        options.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser());
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsMachine()));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(EnvigilRoles.Admin));
        options.AddPolicy(CommuneEditor, p => p.RequireAuthenticatedUser().AddRequirements(new CommuneScopeRequirement()));
        options.AddPolicy(FacilityReader, p => p.RequireAuthenticatedUser().AddRequirements(new FacilityScopeRequirement()));
        options.AddPolicy(Machine, p => p.RequireAuthenticatedUser().RequireClaim(EnvigilClaims.MachineKind));
        options.FallbackPolicy = options.GetPolicy(SignedIn);
    }
}

/// <summary>The commune is taken from the route value <c>communeCode</c>, or given as the resource.</summary>
public sealed class CommuneScopeRequirement : IAuthorizationRequirement;

public sealed class FacilityScopeRequirement : IAuthorizationRequirement;

internal sealed class CommuneScopeHandler : AuthorizationHandler<CommuneScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CommuneScopeRequirement requirement)
    {
        var user = context.User;
        if (user.IsInRole(EnvigilRoles.Admin) || user.IsInRole(EnvigilRoles.Officer))
        {
            context.Succeed(requirement);
        }
        else if (user.IsInRole(EnvigilRoles.CommuneOfficer))
        {
            var commune = ScopeTarget.Of(context.Resource, "communeCode");
            if (commune is not null && user.Communes().Contains(commune, StringComparer.Ordinal))
                context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

internal sealed class FacilityScopeHandler : AuthorizationHandler<FacilityScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FacilityScopeRequirement requirement)
    {
        var user = context.User;
        if (EnvigilRoles.ProvinceWide.Any(user.IsInRole))
        {
            context.Succeed(requirement);
        }
        else if (user.IsInRole(EnvigilRoles.FacilityOperator) || user.IsMachine())
        {
            var facility = ScopeTarget.Of(context.Resource, "facilityId");
            if (facility is not null && user.Facilities().Contains(facility, StringComparer.Ordinal))
                context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>What a scoped check is about: a string resource, or a route value of the request being authorized.</summary>
public static class ScopeTarget
{
    public static string? Of(object? resource, string routeValue) => resource switch
    {
        string value => value,
        HttpContext http => http.GetRouteValue(routeValue)?.ToString(),
        _ => null,
    };
}
