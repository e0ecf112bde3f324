using System.Security.Claims;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Alerts;

/// <summary>
/// Whose alerts a person may follow: province-wide roles every alert; a facility operator the alerts of their
/// facilities; a commune officer the alerts of stations (or, without a station, facilities) in their communes.
/// Built once per connection from the person's claims.
/// </summary>
public sealed class AlertAudience
{
    private readonly bool _provinceWide;
    private readonly HashSet<string> _facilities;
    private readonly HashSet<string> _communes;

    private AlertAudience(bool provinceWide, IEnumerable<string> facilities, IEnumerable<string> communes)
    {
        _provinceWide = provinceWide;
        _facilities = new HashSet<string>(facilities, StringComparer.Ordinal);
        _communes = new HashSet<string>(communes, StringComparer.Ordinal);
    }

    public static AlertAudience Of(ClaimsPrincipal user) => new(
        EnvigilRoles.ProvinceWide.Any(user.IsInRole),
        user.IsInRole(EnvigilRoles.FacilityOperator) ? user.Facilities() : [],
        user.IsInRole(EnvigilRoles.CommuneOfficer) ? user.Communes() : []);

    /// <summary>True when the change concerns the place of at least one of the person's scopes.</summary>
    public bool Includes(AlertChanged change, RegistrySnapshot registry)
    {
        if (_provinceWide)
            return true;
        if (change.FacilityId is { } facility && _facilities.Contains(facility))
            return true;
        if (_communes.Count == 0)
            return false;
        var commune = change.StationCode is { } station ? registry.Station(station)?.CommuneCode : null;
        commune ??= change.FacilityId is { } f ? registry.Facility(f)?.CommuneCode : null;
        return commune is not null && _communes.Contains(commune);
    }
}
