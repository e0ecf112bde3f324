using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Alerts;

namespace Envigil.Enforcement.Cases;

public sealed record ManifestEntry(string Path, long Size, string Sha256, string Description);

/// <summary>
/// A case's evidence as one .zip: monitoring's bundle for its alerts (tables, charts, the raw data files), case.json
/// (the case and its history), the attached documents, manifest.json (path, size, SHA-256 and description of every
/// entry) and SHA256SUMS (checkable with <c>sha256sum -c SHA256SUMS</c> after unzipping). Written to a temporary file
/// that is deleted when closed, so memory stays bounded by the largest single entry.
/// </summary>
public sealed class CaseEvidenceExport(CaseService cases, IAlertEvidenceSource evidence, CaseDocumentStore documents, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record Export(Stream Content, string FileName, IReadOnlyList<ManifestEntry> Entries);

    public async Task<Export> BuildAsync(ViolationCase c, string exportedBy, CancellationToken ct)
    {
        var alertIds = await cases.AlertIdsAsync(c.Id, ct);
        var bundle = alertIds.Count == 0 ? new EvidenceBundle([], []) : await evidence.CollectAsync(alertIds, ct);
        var events = await cases.EventsAsync(c.Id, ct);
        var docs = await cases.DocumentsAsync(c.Id, ct);
        var now = time.GetUtcNow().UtcDateTime;

        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"envigil-evidence-{Guid.NewGuid():n}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var entries = new List<ManifestEntry>();
        try
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                var caseJson = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    @case = c,
                    alerts = bundle.Alerts,
                    alertIdsNotFound = alertIds.Except(bundle.Alerts.Select(a => a.Id)).ToList(),
                    history = events,
                    documents = docs,
                    exportedAtUtc = now,
                    exportedBy,
                }, Json);
                await AddAsync(zip, entries, "case.json", caseJson, "The case, its alerts and its full history / Hồ sơ vi phạm và toàn bộ lịch sử", ct);
                foreach (var f in bundle.Files)
                    await AddAsync(zip, entries, "evidence/" + f.Path, f.Content, f.Description, ct);
                foreach (var d in docs)
                {
                    var path = $"documents/{d.Id}_{d.FileName}";
                    var description = $"Attached by {d.UploadedBy} on {VietnamTime.FormatDateTime(d.UploadedAtUtc)} (UTC+7)" + (d.Description is null ? "" : $": {d.Description}");
                    if (!File.Exists(documents.PathOf(d.Sha256)))
                    {
                        await AddAsync(zip, entries, path + ".MISSING.txt", Encoding.UTF8.GetBytes($"The stored bytes of this document (sha256 {d.Sha256}) were not found.\n"),
                            "Document missing from storage / Không tìm thấy tệp", ct);
                        continue;
                    }
                    await using var source = documents.OpenRead(d.Sha256);
                    await AddStreamAsync(zip, entries, path, source, description, ct);
                }

                var manifest = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    format = "envigil-case-evidence/1",
                    caseNumber = c.Number,
                    caseId = c.Id,
                    facilityId = c.FacilityId,
                    generatedAtUtc = now,
                    generatedBy = exportedBy,
                    hashAlgorithm = "SHA-256",
                    note = "Every entry with its size and SHA-256; the raw data files under evidence/files/ are named <sha256>_<original name> and their hash equals the receipt's.",
                    entries,
                    notIncluded = bundle.Files.Any(f => f.Path == "files-not-included.csv") ? "evidence/files-not-included.csv" : null,
                }, Json);
                var sums = new StringBuilder();
                foreach (var e in entries)
                    sums.Append(e.Sha256).Append("  ").Append(e.Path).Append('\n');
                var manifestEntry = await AddAsync(zip, [], "manifest.json", manifest, "Manifest", ct);
                sums.Append(manifestEntry.Sha256).Append("  manifest.json\n");
                await AddAsync(zip, [], "SHA256SUMS", Encoding.UTF8.GetBytes(sums.ToString()), "Checksums", ct);
            }
            file.Position = 0;
            return new Export(file, $"{c.Number}-chung-cu.zip", entries);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<ManifestEntry> AddAsync(ZipArchive zip, List<ManifestEntry> entries, string path, byte[] content, string description, CancellationToken ct)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using (var stream = entry.Open())
            await stream.WriteAsync(content, ct);
        var manifestEntry = new ManifestEntry(path, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), description);
        entries.Add(manifestEntry);
        return manifestEntry;
    }

    private static async Task AddStreamAsync(ZipArchive zip, List<ManifestEntry> entries, string path, Stream source, string description, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        long size = 0;
        await using (var target = entry.Open())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }
        }
        entries.Add(new ManifestEntry(path, size, Convert.ToHexStringLower(hash.GetHashAndReset()), description));
    }
}
