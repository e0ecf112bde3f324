using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Compliance;

/// <summary>A reading behind an episode, with the archived file it came in: the evidence chain down to the file hash.</summary>
public sealed record EpisodeReading(DateTime TimeUtc, double Value, short Status, bool Counted, long ReceiptId, string FileName, string Sha256, DateTime ReceivedAtUtc);

public static class EpisodeReadings
{
    /// <summary>At most this many readings of one episode are read: a year of minute values in 1 h windows fits.</summary>
    public const int MaxReadingsPerEpisode = 50_000;

    /// <summary>Every stored reading inside the episode's windows (counted or not), with its file.</summary>
    public static async Task<IReadOnlyList<EpisodeReading>> LoadAsync(MonitoringDb db, StoredEpisode episode, CancellationToken cancellationToken)
    {
        var windows = EpisodeWindow.Parse(episode.WindowsJson);
        var counted = windows.SelectMany(w => w.ValidTimesUtc).ToHashSet();
        var observations = await InWindowsAsync(db, episode, windows, cancellationToken);
        var receiptIds = observations.Select(o => o.ReceiptId).Distinct().ToList();
        var receipts = new Dictionary<long, (string FileName, string Sha256)>();
        foreach (var chunk in receiptIds.Chunk(1000))
        {
            foreach (var r in await db.FileReceipts.AsNoTracking().Where(r => chunk.Contains(r.Id)).Select(r => new { r.Id, r.FileName, r.Sha256 }).ToListAsync(cancellationToken))
                receipts[r.Id] = (r.FileName, r.Sha256);
        }
        return observations
            .Select(o => new EpisodeReading(o.PhenomenonTimeUtc, o.Value, o.Status, counted.Contains(o.PhenomenonTimeUtc), o.ReceiptId,
                receipts.TryGetValue(o.ReceiptId, out var r) ? r.FileName : "", r.Sha256 ?? "", o.ReceivedAtUtc))
            .ToList();
    }

    /// <summary>
    /// The stored observations of the episode's datastream inside its windows, oldest first — the one query behind the
    /// episode page, its API and the evidence bundle of a case, so all three show the same readings.
    /// </summary>
    public static async Task<List<StoredObservation>> InWindowsAsync(MonitoringDb db, StoredEpisode episode, IReadOnlyList<EpisodeWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
            return [];
        var from = windows.Min(w => w.StartUtc);
        var to = windows.Max(w => w.EndUtc);
        var candidates = await db.Observations.AsNoTracking()
            .Where(o => o.DatastreamId == episode.DatastreamId && o.PhenomenonTimeUtc >= from && o.PhenomenonTimeUtc < to)
            .OrderBy(o => o.PhenomenonTimeUtc).Take(MaxReadingsPerEpisode).ToListAsync(cancellationToken);
        // Windows are [start, end), as the evaluator forms them; between two windows of a long episode nothing counts.
        return candidates.Where(o => windows.Any(w => o.PhenomenonTimeUtc >= w.StartUtc && o.PhenomenonTimeUtc < w.EndUtc)).ToList();
    }
}
