using System.IO.Compression;
using System.Text;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Modules;
using Microsoft.Extensions.Options;

namespace Envigil.Enforcement.Cases;

/// <summary>Which files may be attached to a case: by extension and by their first bytes, so a renamed executable is refused.</summary>
public static class DocumentRules
{
    public sealed record DocumentType(string Extension, string ContentType, Func<byte[], bool> Matches);

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static readonly IReadOnlyList<DocumentType> Allowed =
    [
        new(".pdf", "application/pdf", b => b.AsSpan().StartsWith(Pdf)),
        new(".jpg", "image/jpeg", b => b.AsSpan().StartsWith(Jpeg)),
        new(".jpeg", "image/jpeg", b => b.AsSpan().StartsWith(Jpeg)),
        new(".png", "image/png", b => b.AsSpan().StartsWith(Png)),
        new(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b => IsOfficePackage(b, "word/document.xml")),
        new(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b => IsOfficePackage(b, "xl/workbook.xml")),
        new(".txt", "text/plain; charset=utf-8", IsUtf8Text),
    ];

    public static string AllowedList => string.Join(", ", Allowed.Select(a => a.Extension.TrimStart('.')).Distinct());

    /// <returns>The content type to store, or the reason the file is refused.</returns>
    public static (string? ContentType, UiString? Error) Check(string? fileName, byte[] content, long maxBytes)
    {
        var name = SafeFileName(fileName);
        if (content.Length == 0)
            return (null, new("Tệp rỗng.", "The file is empty."));
        if (content.Length > maxBytes)
            return (null, new($"Tệp quá lớn: tối đa {maxBytes / 1024 / 1024} MB.", $"The file is too large: at most {maxBytes / 1024 / 1024} MB."));
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (Allowed.FirstOrDefault(a => a.Extension == extension) is not { } type)
            return (null, new($"Chỉ nhận tệp {AllowedList}.", $"Only {AllowedList} files are accepted."));
        if (!type.Matches(content))
            return (null, new($"Nội dung tệp không phải là tệp {extension.TrimStart('.')} như phần mở rộng ghi.", $"The content is not a {extension.TrimStart('.')} file as its extension says."));
        return (type.ContentType, null);
    }

    /// <summary>The last path segment, without control characters, at most 200 characters.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/').Trim());
        var safe = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray());
        if (safe.Length > 200)
            safe = safe[..(200 - Path.GetExtension(safe).Length)] + Path.GetExtension(safe);
        return safe.Length == 0 ? "document" : safe;
    }

    private static bool IsOfficePackage(byte[] content, string part)
    {
        if (!content.AsSpan().StartsWith("PK\u0003\u0004"u8))
            return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry(part) is not null && zip.GetEntry("[Content_Types].xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool IsUtf8Text(byte[] content)
    {
        if (content.AsSpan().IndexOf((byte)0) >= 0)
            return false;
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

/// <summary>
/// The bytes of attached documents, under <c>{DataDirectory}/enforcement/documents/ab/&lt;sha256&gt;</c>: kept out of the
/// database so that the audit log (which records every row) and backups of the tables stay small. Written and
/// flushed before the row that names them is committed.
/// </summary>
public sealed class CaseDocumentStore(IOptions<EnvigilOptions> options)
{
    private string Root => Path.Combine(options.Value.ResolvedDataDirectory, "enforcement", "documents");

    public string PathOf(string sha256) =>
        sha256.Length == 64 && sha256.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(Root, sha256[..2], sha256)
            : throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));

    public async Task StoreAsync(string sha256, byte[] content, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():n}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public Stream OpenRead(string sha256) => new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
}
