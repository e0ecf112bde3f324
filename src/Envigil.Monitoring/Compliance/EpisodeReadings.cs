using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Compliance;

/// <summary>A reading behind an episode, with the archived file it came in: the evidence chain down to the file hash.</summary>
public sealed record EpisodeReading(DateTime TimeUtc, double Value, short Status, bool Counted, long ReceiptId, string FileName, string Sha256, DateTime ReceivedAtUtc);

public static class EpisodeReadings
{
    /// <summary>Every stored reading inside the episode's windows (counted or not), with its file.</summary>
    public static async Task<IReadOnlyList<EpisodeReading>> LoadAsync(MonitoringDb db, StoredEpisode episode, CancellationToken cancellationToken)
    {
        var windows = EpisodeWindow.Parse(episode.WindowsJson);
        var counted = windows.SelectMany(w => w.ValidTimesUtc).ToHashSet();
        var observations = await db.Observations.AsNoTracking()
            .Where(o => o.DatastreamId == episode.DatastreamId && o.PhenomenonTimeUtc >= episode.StartUtc && o.PhenomenonTimeUtc < episode.EndUtc)
            .OrderBy(o => o.PhenomenonTimeUtc)
            .ToListAsync(cancellationToken);
        var receiptIds = observations.Select(o => o.ReceiptId).Distinct().ToList();
        var receipts = await db.FileReceipts.AsNoTracking().Where(r => receiptIds.Contains(r.Id))
            .Select(r => new { r.Id, r.FileName, r.Sha256 }).ToDictionaryAsync(r => r.Id, cancellationToken);
        return observations
            .Where(o => windows.Any(w => o.PhenomenonTimeUtc >= w.StartUtc && o.PhenomenonTimeUtc < w.EndUtc))
            .Select(o => new EpisodeReading(o.PhenomenonTimeUtc, o.Value, o.Status, counted.Contains(o.PhenomenonTimeUtc), o.ReceiptId,
                receipts.TryGetValue(o.ReceiptId, out var r) ? r.FileName : "", r?.Sha256 ?? "", o.ReceivedAtUtc))
            .ToList();
    }
}
