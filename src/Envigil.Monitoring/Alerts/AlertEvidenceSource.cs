using System.Globalization;
using System.Text;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Compliance;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Monitoring.Alerts;

/// <summary>
/// Monitoring's side of the evidence contract: what proves a set of alerts, down to the archived files that carried
/// every value, so an enforcement case can be argued from the bytes the facility itself sent.
/// </summary>
internal sealed class AlertEvidenceSource(MonitoringDb db, FileArchive archive) : IAlertEvidenceSource
{
    /// <summary>Bounds of one bundle: the raw files beyond them are listed in <c>files-not-included.csv</c> with their hashes.</summary>
    internal const int MaxFiles = 5_000;
    internal const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>A chart shows the episode and this much before and after it.</summary>
    private static readonly TimeSpan ChartMargin = TimeSpan.FromHours(2);
    private const int MaxChartPoints = 20_000;

    public async Task<AlertFacts?> FindAsync(long alertId, CancellationToken cancellationToken) =>
        await db.Alerts.AsNoTracking().Where(a => a.Id == alertId).Select(a => Facts(a)).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<AlertFacts>> ForFacilityAsync(string facilityId, int limit, CancellationToken cancellationToken) =>
        (await db.Alerts.AsNoTracking().Where(a => a.FacilityId == facilityId).OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken))
            .Select(Facts).ToList();

    public async Task<EvidenceBundle> CollectAsync(IReadOnlyList<long> alertIds, CancellationToken cancellationToken)
    {
        var ids = alertIds.Distinct().ToList();
        var alerts = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var found = alerts.Select(a => a.Id).ToList();
        var episodes = await db.Episodes.AsNoTracking().Where(e => e.AlertId != null && found.Contains(e.AlertId.Value)).OrderBy(e => e.AlertId).ThenBy(e => e.StartUtc).ToListAsync(cancellationToken);
        var signals = await db.Signals.AsNoTracking().Where(s => s.AlertId != null && found.Contains(s.AlertId.Value)).OrderBy(s => s.AlertId).ThenBy(s => s.StartUtc).ToListAsync(cancellationToken);
        var datastreamIds = episodes.Select(e => e.DatastreamId).Distinct().ToList();
        var datastreams = await db.Datastreams.AsNoTracking().Where(d => datastreamIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);

        var files = new List<EvidenceFile>
        {
            Csv("alerts.csv", "The alerts of the case / Các cảnh báo của hồ sơ", AlertsCsv(alerts)),
            Csv("episodes.csv", "Exceedance episodes of the alerts, with their windows / Các đợt vượt ngưỡng", EpisodesCsv(episodes)),
            Csv("signals.csv", "Data-integrity signals of the alerts / Dấu hiệu bất thường của dữ liệu", SignalsCsv(signals)),
        };

        var readings = new List<(StoredEpisode Episode, StoredObservation Observation)>();
        var charts = new List<EvidenceFile>();
        foreach (var episode in episodes)
        {
            var windows = EpisodeWindow.Parse(episode.WindowsJson);
            var from = episode.StartUtc - ChartMargin;
            var to = episode.EndUtc + ChartMargin;
            var series = await db.Observations.AsNoTracking()
                .Where(o => o.DatastreamId == episode.DatastreamId && o.PhenomenonTimeUtc >= from && o.PhenomenonTimeUtc < to)
                .OrderBy(o => o.PhenomenonTimeUtc).Take(MaxChartPoints).ToListAsync(cancellationToken);
            var inWindows = await EpisodeReadings.InWindowsAsync(db, episode, windows, cancellationToken);
            readings.AddRange(inWindows.Select(o => (episode, o)));
            charts.Add(new EvidenceFile($"charts/episode-{episode.Id}.svg", Encoding.UTF8.GetBytes(EpisodeChart.Svg(episode, windows, series, from, to)),
                $"Chart of episode {episode.Id} ({episode.ParameterCode}, {episode.StationCode}) ±2 h with the limit and the exceeding windows / Biểu đồ đợt vượt ngưỡng"));
        }

        var receiptIds = readings.Select(r => r.Observation.ReceiptId).Distinct().ToList();
        var receipts = new Dictionary<long, FileReceipt>();
        foreach (var chunk in receiptIds.Chunk(1000))
        {
            foreach (var receipt in await db.FileReceipts.AsNoTracking().Where(r => chunk.Contains(r.Id)).ToListAsync(cancellationToken))
                receipts[receipt.Id] = receipt;
        }
        files.Add(Csv("readings.csv", "Every value inside the exceeding windows, with the file that carried it / Mọi giá trị trong các khung vượt ngưỡng và tệp chứa nó",
            ReadingsCsv(readings, datastreams, receipts)));
        files.AddRange(charts);
        await AddRawFilesAsync(files, receipts.Values, cancellationToken);
        return new EvidenceBundle(alerts.Select(Facts).ToList(), files);
    }

    private async Task AddRawFilesAsync(List<EvidenceFile> files, IEnumerable<FileReceipt> receipts, CancellationToken cancellationToken)
    {
        var notIncluded = new StringBuilder("sha256,file_name,size_bytes,received_at_utc,reason\r\n");
        var missing = 0;
        var count = 0;
        long bytes = 0;
        foreach (var receipt in receipts.DistinctBy(r => r.Sha256).OrderBy(r => r.ReceivedAtUtc).ThenBy(r => r.Id))
        {
            string? reason = null;
            if (count >= MaxFiles || bytes + receipt.SizeBytes > MaxFileBytes)
                reason = $"bundle bounds ({MaxFiles} files, {MaxFileBytes / 1024 / 1024} MB)";
            else if (!File.Exists(archive.PathOf(receipt.Sha256)))
                reason = "not found in the archive";
            if (reason is not null)
            {
                missing++;
                notIncluded.Append(CultureInfo.InvariantCulture,
                    $"{receipt.Sha256},{RegistrySpreadsheet.CsvField(receipt.FileName)},{receipt.SizeBytes},{receipt.ReceivedAtUtc:yyyy-MM-ddTHH:mm:ssZ},{RegistrySpreadsheet.CsvField(reason)}\r\n");
                continue;
            }
            var content = await archive.ReadAsync(receipt.Sha256, cancellationToken);
            count++;
            bytes += content.Length;
            files.Add(new EvidenceFile($"files/{receipt.Sha256}_{SafeName(receipt.FileName)}", content,
                $"Data file as received ({receipt.Channel}, {VietnamTime.FormatDateTime(receipt.ReceivedAtUtc)} ICT, receipt {receipt.Id}), unchanged from the archive / Tệp dữ liệu gốc"));
        }
        if (missing > 0)
            files.Add(Csv("files-not-included.csv", $"{missing} data files not included in this bundle, with their SHA-256 / Các tệp gốc không kèm theo", notIncluded.ToString()));
    }

    /// <summary>A file name as a zip entry name: no folders, nothing a file system would refuse.</summary>
    internal static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
            safe.Append(char.IsControl(c) || c is '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        return safe.Length == 0 ? "file" : safe.ToString();
    }

    private static AlertFacts Facts(Alert a) =>
        new(a.Id, a.Kind, a.Severity, a.State, a.StationCode, a.FacilityId, a.ParameterCode, a.TitleVi, a.TitleEn, a.DetailVi, a.DetailEn, a.OpenedAtUtc);

    private static EvidenceFile Csv(string path, string description, string text) =>
        // With a BOM, so that Excel opens the Vietnamese text as UTF-8.
        new(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], description);

    private static string Row(params object?[] cells) => string.Join(",", cells.Select(c => RegistrySpreadsheet.CsvField(c switch
    {
        null => "",
        DateTime t => Iso(t),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => c.ToString() ?? "",
    }))) + "\r\n";

    private static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Local(DateTime utc) => VietnamTime.ToLocal(utc).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private static string AlertsCsv(IEnumerable<Alert> alerts)
    {
        var csv = new StringBuilder(Row("alert_id", "kind", "severity", "state", "facility_id", "station_code", "parameter", "title_vi", "title_en", "detail_vi",
            "opened_at_utc", "opened_at_vietnam", "condition_since_utc", "last_true_at_utc", "occurrences", "resolved_at_utc", "resolution"));
        foreach (var a in alerts)
            csv.Append(Row(a.Id, a.Kind, a.Severity, a.State, a.FacilityId, a.StationCode, a.ParameterCode, a.TitleVi, a.TitleEn, a.DetailVi,
                a.OpenedAtUtc, Local(a.OpenedAtUtc), a.ConditionSinceUtc, a.LastTrueAtUtc, a.Occurrences, a.ResolvedAtUtc, a.Resolution));
        return csv.ToString();
    }

    private static string EpisodesCsv(IEnumerable<StoredEpisode> episodes)
    {
        var csv = new StringBuilder(Row("episode_id", "alert_id", "station_code", "parameter", "start_utc", "end_utc", "start_vietnam", "end_vietnam", "averaging",
            "direction", "window_count", "peak", "mean", "ratio_to_limit", "limit", "unit", "limit_formula", "limit_source", "limit_verified", "state", "state_reason",
            "ongoing", "windows"));
        foreach (var e in episodes)
        {
            var windows = string.Join("; ", EpisodeWindow.Parse(e.WindowsJson).Select(w =>
                $"{Local(w.StartUtc)}–{VietnamTime.ToLocal(w.EndUtc):HH:mm} mean {w.Mean.ToString("0.###", CultureInfo.InvariantCulture)} ({w.Valid}/{w.Expected} valid)"));
            csv.Append(Row(e.Id, e.AlertId, e.StationCode, e.ParameterCode, e.StartUtc, e.EndUtc, Local(e.StartUtc), Local(e.EndUtc), e.AveragingPeriod,
                e.Direction, e.WindowCount, e.Peak, e.Mean, e.RatioToLimit, e.LimitValue, e.Unit, e.LimitFormula, e.LimitSource, e.LimitVerified, e.State, e.StateReason,
                e.IsOngoing, windows));
        }
        return csv.ToString();
    }

    private static string SignalsCsv(IEnumerable<StoredSignal> signals)
    {
        var csv = new StringBuilder(Row("signal_id", "alert_id", "station_code", "parameter", "kind", "severity", "start_utc", "end_utc", "start_vietnam", "end_vietnam",
            "explanation_vi", "explanation_en", "evidence"));
        foreach (var s in signals)
            csv.Append(Row(s.Id, s.AlertId, s.StationCode, s.ParameterCode, s.Kind, s.Severity, s.StartUtc, s.EndUtc, Local(s.StartUtc), Local(s.EndUtc),
                s.ExplanationVi, s.ExplanationEn, s.EvidenceJson));
        return csv.ToString();
    }

    private static string ReadingsCsv(IEnumerable<(StoredEpisode Episode, StoredObservation Observation)> readings, IReadOnlyDictionary<long, Datastream> datastreams,
        IReadOnlyDictionary<long, FileReceipt> receipts)
    {
        var csv = new StringBuilder(Row("episode_id", "datastream_id", "station_code", "parameter", "unit", "time_utc", "time_vietnam", "value", "status", "receipt_id",
            "file_name", "file_sha256"));
        foreach (var (episode, o) in readings)
        {
            var datastream = datastreams.GetValueOrDefault(o.DatastreamId);
            var receipt = receipts.GetValueOrDefault(o.ReceiptId);
            csv.Append(Row(episode.Id, o.DatastreamId, datastream?.StationCode ?? episode.StationCode, datastream?.ParameterCode ?? episode.ParameterCode,
                datastream?.Unit ?? episode.Unit, o.PhenomenonTimeUtc, Local(o.PhenomenonTimeUtc), o.Value, o.Status.ToString("00", CultureInfo.InvariantCulture),
                o.ReceiptId, receipt?.FileName, receipt?.Sha256));
        }
        return csv.ToString();
    }
}

/// <summary>An episode as a self-contained SVG (no script): the values, the limit as a line and the exceeding windows shaded.</summary>
internal static class EpisodeChart
{
    private const double Width = 900, Height = 320, Left = 60, Right = 20, Top = 36, Bottom = 44;

    public static string Svg(StoredEpisode episode, IReadOnlyList<EpisodeWindow> windows, IReadOnlyList<StoredObservation> series, DateTime fromUtc, DateTime toUtc)
    {
        var values = series.Select(o => o.Value).Where(double.IsFinite).Append(episode.LimitValue).Append(episode.Peak).ToList();
        var low = Math.Min(0, values.Min());
        var high = values.Max();
        if (high <= low)
            high = low + 1;
        high += (high - low) * 0.08;
        var span = (toUtc - fromUtc).TotalSeconds;
        double X(DateTime t) => Left + (Width - Left - Right) * Math.Clamp((t - fromUtc).TotalSeconds / span, 0, 1);
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - (v - low) / (high - low));
        static string N(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        static string E(string s) => System.Security.SecurityElement.Escape(s) ?? "";

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E($"{episode.ParameterCode} — {episode.StationCode} — episode {episode.Id}")}</title>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left)}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{E($"{episode.ParameterCode} ({episode.Unit}) — {episode.StationCode} — {VietnamTime.FormatDateTime(episode.StartUtc)}–{VietnamTime.FormatDateTime(episode.EndUtc)} (UTC+7)")}</text>\n");
        foreach (var w in windows)
        {
            var x0 = X(w.StartUtc);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"exceeding-window\" x=\"{N(x0)}\" y=\"{N(Top)}\" width=\"{N(Math.Max(1, X(w.EndUtc) - x0))}\" height=\"{N(Height - Top - Bottom)}\" fill=\"#f4b6b0\" fill-opacity=\"0.55\"/>\n");
        }
        // Axes and a few ticks.
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(Height - Bottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(Height - Bottom)}\" stroke=\"#555\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(Top)}\" x2=\"{N(Left)}\" y2=\"{N(Height - Bottom)}\" stroke=\"#555\"/>\n");
        for (var i = 0; i <= 4; i++)
        {
            var v = low + (high - low) * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{N(v)}</text>\n");
            var t = fromUtc.AddSeconds(span * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(t))}\" y=\"{N(Height - Bottom + 18)}\" text-anchor=\"middle\">{VietnamTime.ToLocal(t):dd/MM HH:mm}</text>\n");
        }
        var limitY = Y(episode.LimitValue);
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"limit\" x1=\"{N(Left)}\" y1=\"{N(limitY)}\" x2=\"{N(Width - Right)}\" y2=\"{N(limitY)}\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Width - Right)}\" y=\"{N(limitY - 6)}\" text-anchor=\"end\" fill=\"#c0392b\">{E($"Giới hạn / limit {N(episode.LimitValue)} {episode.Unit}")}</text>\n");
        if (series.Count > 0)
        {
            var points = string.Join(" ", series.Where(o => double.IsFinite(o.Value)).Select(o => $"{N(X(o.PhenomenonTimeUtc))},{N(Y(o.Value))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"values\" points=\"{points}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\"/>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left)}\" y=\"{N(Height - 6)}\" fill=\"#555\">{E($"{series.Count} values; shaded: exceeding windows ({episode.AveragingPeriod}); times UTC+7 / {series.Count} giá trị; vùng tô: khung vượt ngưỡng")}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
