using System.Security.Claims;

namespace Envigil.Kernel.Modules;

/// <summary>A violation case of a facility as another module (monitoring's facility page) shows it: what, where it stands, where to read it.</summary>
public sealed record FacilityCaseSummary(long Id, string Number, string Title, UiString Status, bool Open, DateTime OpenedAtUtc, string Link);

/// <summary>
/// The contract through which monitoring lists a facility's enforcement cases without reading the enforcement
/// module's tables (PRODUCT.md: modules talk through small public contracts). The enforcement module implements it;
/// without that module nothing is registered and the facility page says there is nothing to show.
/// </summary>
public interface IFacilityCaseSource
{
    /// <summary>The facility's cases that <paramref name="reader"/> may read (scoped by the owning module), newest first.</summary>
    Task<IReadOnlyList<FacilityCaseSummary>> ForFacilityAsync(string facilityId, ClaimsPrincipal reader, int limit, CancellationToken cancellationToken);
}
