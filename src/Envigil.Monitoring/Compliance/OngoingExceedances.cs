using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// Compliance's answer to "which datastreams exceed their limit now": the active episodes that are still going on
/// (their last window exceeded and no compliant window has closed them). Withdrawn and replaced episodes never count.
/// </summary>
internal sealed class OngoingExceedances(MonitoringDb db) : IOngoingExceedances
{
    public async Task<IReadOnlySet<long>> DatastreamsAsync(CancellationToken cancellationToken) =>
        (await db.Episodes.AsNoTracking().Where(e => e.State == EpisodeState.Active && e.IsOngoing).Select(e => e.DatastreamId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
}
