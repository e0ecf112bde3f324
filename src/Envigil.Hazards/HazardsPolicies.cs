using System.Security.Claims;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Envigil.Hazards;

/// <summary>
/// Who may do what in the hazards module. Warnings follow a two-person rule: an administrator or environmental officer
/// drafts; a leader (the People's Committee, who signs warnings in practice) or an administrator approves, and never the
/// person who drafted the warning (checked in <see cref="Warnings.WarningService"/> and by a database constraint).
/// Commune officers keep their own commune's households and confirm their commune's tasks: the scope is enforced in the
/// services, whatever id a client sends.
/// </summary>
public static class HazardsPolicies
{
    /// <summary>Read zones, households (commune officers: their communes), warnings and tasks.</summary>
    public const string Reader = "hazards-reader";
    /// <summary>Edit zones, erosion sites, shelters; import zones.</summary>
    public const string RegisterEditor = "hazards-register-editor";
    /// <summary>Create, edit and import households, start and sign off reviews: province staff or a commune officer (own commune).</summary>
    public const string HouseholdEditor = "hazards-household-editor";
    public const string WarningDrafter = "hazards-warning-drafter";
    public const string WarningApprover = "hazards-warning-approver";
    /// <summary>Confirm that a commune's households were reached.</summary>
    public const string TaskConfirmer = "hazards-task-confirmer";
    /// <summary>See to whom a warning was pushed (e-mail addresses, webhook URLs) and whether it arrived: the staff who draft and issue warnings.</summary>
    public const string DeliveryReader = "hazards-delivery-reader";
    /// <summary>Report people evacuated, shelter occupancy and damage for an event: a commune officer (own commune) or province staff.</summary>
    public const string ResponseReporter = "hazards-response-reporter";
    /// <summary>Write an event's lessons record: a provincial officer (or an administrator).</summary>
    public const string LessonsWriter = "hazards-lessons-writer";

    public static readonly IReadOnlyList<string> ReaderRoles = [EnvigilRoles.Admin, EnvigilRoles.Officer, EnvigilRoles.Inspector, EnvigilRoles.CommuneOfficer, EnvigilRoles.Leader, EnvigilRoles.Viewer];
    public static readonly IReadOnlyList<string> RegisterEditorRoles = [EnvigilRoles.Admin, EnvigilRoles.Officer];
    public static readonly IReadOnlyList<string> HouseholdEditorRoles = [EnvigilRoles.Admin, EnvigilRoles.Officer, EnvigilRoles.CommuneOfficer];
    public static readonly IReadOnlyList<string> DrafterRoles = [EnvigilRoles.Admin, EnvigilRoles.Officer];
    public static readonly IReadOnlyList<string> ApproverRoles = [EnvigilRoles.Admin, EnvigilRoles.Leader];
    public static readonly IReadOnlyList<string> DeliveryReaderRoles = [EnvigilRoles.Admin, EnvigilRoles.Officer, EnvigilRoles.Leader];

    public static void Register(AuthorizationOptions options)
    {
        Add(options, Reader, ReaderRoles);
        Add(options, RegisterEditor, RegisterEditorRoles);
        Add(options, HouseholdEditor, HouseholdEditorRoles);
        Add(options, WarningDrafter, DrafterRoles);
        Add(options, WarningApprover, ApproverRoles);
        Add(options, TaskConfirmer, HouseholdEditorRoles);
        Add(options, DeliveryReader, DeliveryReaderRoles);
        Add(options, ResponseReporter, HouseholdEditorRoles);
        Add(options, LessonsWriter, DrafterRoles);
    }

    private static void Add(AuthorizationOptions options, string name, IReadOnlyList<string> roles) =>
        options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsMachine()).RequireRole(roles));

    public static bool Holds(ClaimsPrincipal user, IReadOnlyList<string> roles) => !user.IsMachine() && roles.Any(user.IsInRole);
}

/// <summary>Which communes a person works on: null = the whole province; otherwise the commune officer's communes.</summary>
public static class HazardScope
{
    public static IReadOnlySet<string>? Communes(ClaimsPrincipal user)
    {
        if (EnvigilRoles.ProvinceWide.Any(user.IsInRole))
            return null;
        return user.IsInRole(EnvigilRoles.CommuneOfficer) ? user.Communes().ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
    }

    public static bool Covers(ClaimsPrincipal user, string communeCode) => Communes(user) is not { } scope || scope.Contains(communeCode);
}
