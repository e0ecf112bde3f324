using System.Security.Claims;

namespace Envigil.Kernel.Identity;

/// <summary>The roles of PRODUCT.md's user table. A person may hold several.</summary>
public static class EnvigilRoles
{
    public const string Admin = "Admin";
    public const string Officer = "Officer";
    public const string Inspector = "Inspector";
    public const string CommuneOfficer = "CommuneOfficer";
    public const string FacilityOperator = "FacilityOperator";
    public const string Leader = "Leader";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Officer, Inspector, CommuneOfficer, FacilityOperator, Leader, Viewer];

    /// <summary>Roles that see the whole province; the others are limited by a scope claim.</summary>
    public static readonly IReadOnlyList<string> ProvinceWide = [Admin, Officer, Inspector, Leader, Viewer];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Claims that limit what a person or machine may reach.</summary>
public static class EnvigilClaims
{
    /// <summary>Commune code a CommuneOfficer works for (repeatable).</summary>
    public const string Commune = "envigil:commune";
    /// <summary>Facility id a FacilityOperator or facility token acts for (repeatable).</summary>
    public const string Facility = "envigil:facility";
    /// <summary>Station code a station token may deliver for.</summary>
    public const string Station = "envigil:station";
    /// <summary>Set on machine principals: station, facility or integration.</summary>
    public const string MachineKind = "envigil:machine";
    public const string DisplayName = "envigil:display-name";

    public static IEnumerable<string> Communes(this ClaimsPrincipal user) => user.FindAll(Commune).Select(c => c.Value);

    public static IEnumerable<string> Facilities(this ClaimsPrincipal user) => user.FindAll(Facility).Select(c => c.Value);

    public static bool IsMachine(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == MachineKind);
}
