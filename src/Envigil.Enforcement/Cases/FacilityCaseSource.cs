using System.Security.Claims;
using Envigil.Enforcement.Persistence;
using Envigil.Kernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Enforcement.Cases;

/// <summary>Enforcement's side of <see cref="IFacilityCaseSource"/>: the same scoping as the case list (<see cref="CaseAccess.Visible"/>).</summary>
internal sealed class FacilityCaseSource(EnforcementDb db) : IFacilityCaseSource
{
    public async Task<IReadOnlyList<FacilityCaseSummary>> ForFacilityAsync(string facilityId, ClaimsPrincipal reader, int limit, CancellationToken cancellationToken)
    {
        var cases = await CaseAccess.Visible(db.Cases.AsNoTracking(), reader)
            .Where(c => c.FacilityId == facilityId)
            .OrderByDescending(c => c.Id).Take(Math.Clamp(limit, 1, 200))
            .Select(c => new { c.Id, c.Number, c.Title, c.Status, c.OpenedAtUtc })
            .ToListAsync(cancellationToken);
        return cases.Select(c => new FacilityCaseSummary(c.Id, c.Number, c.Title, CaseWorkflow.Label(c.Status),
            c.Status is not (CaseStatus.Closed or CaseStatus.Dismissed), c.OpenedAtUtc, $"/enforcement/cases/{c.Id}")).ToList();
    }
}
