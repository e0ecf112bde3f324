using System.Security.Claims;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Registry;
using Microsoft.AspNetCore.Authorization;

namespace Envigil.Monitoring.Http;

public static class MonitoringPolicies
{
    /// <summary>Registry changes, aliases, reprocessing: administrators and environmental officers.</summary>
    public const string RegistryEditor = "monitoring-registry-editor";

    public static void Register(AuthorizationOptions options) =>
        options.AddPolicy(RegistryEditor, p => p.RequireAuthenticatedUser().RequireRole(EnvigilRoles.Admin, EnvigilRoles.Officer));
}

/// <summary>
/// Which facilities' data a person may see. Province staff and commune officers see every station; a facility
/// operator sees only the facilities in their scope (and the public network's stations).
/// </summary>
public static class MonitoringAccess
{
    /// <returns>Null for "every facility", else the facility ids the person may see.</returns>
    public static IReadOnlyCollection<string>? FacilityScope(ClaimsPrincipal user) =>
        EnvigilRoles.ProvinceWide.Any(user.IsInRole) || user.IsInRole(EnvigilRoles.CommuneOfficer) ? null : user.Facilities().ToHashSet();

    public static bool MaySee(ClaimsPrincipal user, Station station) =>
        station.FacilityId is null || FacilityScope(user) is not { } scope || scope.Contains(station.FacilityId);

    public static bool MaySee(ClaimsPrincipal user, string facilityId) =>
        FacilityScope(user) is not { } scope || scope.Contains(facilityId);
}
