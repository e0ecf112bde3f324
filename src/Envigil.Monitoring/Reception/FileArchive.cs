using System.Security.Cryptography;
using Envigil.Kernel.Configuration;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Reception;

/// <summary>
/// Every received file, unchanged, under its SHA-256 (<c>{DataDirectory}/archive/ab/cd/abcd…</c>): written and
/// flushed to disk before anything reads it, so a stored value can always be traced to the bytes that carried it.
/// The same content is stored once however often it is sent.
/// </summary>
public sealed class FileArchive(IOptions<EnvigilOptions> options)
{
    private string Root => Path.Combine(options.Value.ResolvedDataDirectory, "archive");

    public static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public string PathOf(string sha256) =>
        sha256.Length == 64 && sha256.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(Root, sha256[..2], sha256[2..4], sha256)
            : throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));

    /// <returns>The SHA-256 of the content.</returns>
    public async Task<string> StoreAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        var sha256 = Sha256Of(content);
        var path = PathOf(sha256);
        if (File.Exists(path))
            return sha256;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():n}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true); // atomic: readers see the whole file or none
        return sha256;
    }

    public Task<byte[]> ReadAsync(string sha256, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(PathOf(sha256), cancellationToken);
}
