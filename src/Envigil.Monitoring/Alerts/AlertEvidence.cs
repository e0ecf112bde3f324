namespace Envigil.Monitoring.Alerts;

/// <summary>An alert as another module (enforcement) sees it.</summary>
public sealed record AlertFacts(
    long Id,
    AlertKind Kind,
    AlertSeverity Severity,
    AlertState State,
    string? StationCode,
    string? FacilityId,
    string? ParameterCode,
    string TitleVi,
    string TitleEn,
    string DetailVi,
    string DetailEn,
    DateTime OpenedAtUtc);

/// <summary>One file of an evidence bundle: its name inside the bundle and its bytes.</summary>
public sealed record EvidenceFile(string Path, byte[] Content, string Description);

/// <summary>What proves a set of alerts: their episodes, signals, readings, charts and the archived files with hashes.</summary>
public sealed record EvidenceBundle(IReadOnlyList<AlertFacts> Alerts, IReadOnlyList<EvidenceFile> Files);

/// <summary>The contract through which the enforcement module reads monitoring's alerts and their evidence (PRODUCT.md: modules never read each other's tables).</summary>
public interface IAlertEvidenceSource
{
    Task<AlertFacts?> FindAsync(long alertId, CancellationToken cancellationToken);

    /// <summary>Alerts of one facility, newest first, for choosing what a case is about.</summary>
    Task<IReadOnlyList<AlertFacts>> ForFacilityAsync(string facilityId, int limit, CancellationToken cancellationToken);

    Task<EvidenceBundle> CollectAsync(IReadOnlyList<long> alertIds, CancellationToken cancellationToken);
}
