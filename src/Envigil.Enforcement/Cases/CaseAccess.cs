using System.Security.Claims;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Envigil.Enforcement.Cases;

public static class EnforcementPolicies
{
    /// <summary>Open, edit and move cases, attach documents: administrators, inspectors and environmental officers.</summary>
    public const string CaseWorker = "enforcement-case-worker";

    /// <summary>Read cases: case workers and leaders (all), facility operators (their own facility's decided cases only, see <see cref="CaseAccess"/>).</summary>
    public const string CaseReader = "enforcement-case-reader";

    public static readonly IReadOnlyList<string> WorkerRoles = [EnvigilRoles.Admin, EnvigilRoles.Inspector, EnvigilRoles.Officer];

    public static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(CaseWorker, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsMachine()).RequireRole(WorkerRoles));
        options.AddPolicy(CaseReader, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsMachine())
            .RequireRole([.. WorkerRoles, EnvigilRoles.Leader, EnvigilRoles.FacilityOperator]));
    }
}

/// <summary>
/// Which cases a person may read. Case workers and leaders read every case. A facility operator reads a case of
/// their own facility only once a decision has been issued (DecisionIssued, Closed): that is when the decision is
/// served on the facility; before it the case is the inspectorate's working file. Nobody else reads cases.
/// </summary>
public static class CaseAccess
{
    public static readonly IReadOnlyList<CaseStatus> ServedOnFacility = [CaseStatus.DecisionIssued, CaseStatus.Closed];

    public static bool IsWorker(ClaimsPrincipal user) => !user.IsMachine() && EnforcementPolicies.WorkerRoles.Any(user.IsInRole);

    public static bool ReadsAll(ClaimsPrincipal user) => IsWorker(user) || (!user.IsMachine() && user.IsInRole(EnvigilRoles.Leader));

    /// <summary>The cases the person may read, as a filter on a query (scoped on the server, whatever id the client sends).</summary>
    public static IQueryable<ViolationCase> Visible(IQueryable<ViolationCase> cases, ClaimsPrincipal user)
    {
        if (ReadsAll(user))
            return cases;
        if (!user.IsMachine() && user.IsInRole(EnvigilRoles.FacilityOperator))
        {
            var facilities = user.Facilities().ToList();
            return cases.Where(c => facilities.Contains(c.FacilityId) && (c.Status == CaseStatus.DecisionIssued || c.Status == CaseStatus.Closed));
        }
        return cases.Where(_ => false);
    }
}
