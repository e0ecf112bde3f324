using System.Runtime.InteropServices;
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
    // fsync blocks its thread for a journal commit; issued from several threads at once, the file system commits many
    // files in one journal write instead of one write per file (measured: about 3x more files/s on ext4 for 500-file batches).
    private const int ConcurrentFlushes = 16;

    private string Root => Path.Combine(options.Value.ResolvedDataDirectory, "archive");

    public static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public string PathOf(string sha256) =>
        sha256.Length == 64 && sha256.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(Root, sha256[..2], sha256[2..4], sha256)
            : throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));

    /// <returns>The SHA-256 of the content.</returns>
    public async Task<string> StoreAsync(byte[] content, CancellationToken cancellationToken = default) =>
        (await StoreManyAsync([content], cancellationToken))[0];

    /// <summary>
    /// Archives a batch: every content not archived yet is written to a temporary file, flushed to disk, renamed into
    /// place and its folder flushed (Linux), several files at once, so each file is durable under its final name
    /// before this returns.
    /// </summary>
    /// <returns>The SHA-256 of each content, in order.</returns>
    public async Task<IReadOnlyList<string>> StoreManyAsync(IReadOnlyList<byte[]> contents, CancellationToken cancellationToken = default)
    {
        var hashes = new string[contents.Count];
        var missing = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < contents.Count; i++)
        {
            hashes[i] = Sha256Of(contents[i]);
            if (!missing.ContainsKey(hashes[i]) && !File.Exists(PathOf(hashes[i])))
                missing[hashes[i]] = contents[i];
        }
        if (missing.Count == 0)
            return hashes;

        await InParallelAsync(missing.Select(m => (Path: PathOf(m.Key), Content: m.Value)).ToList(), item =>
        {
            var folder = Path.GetDirectoryName(item.Path)!;
            Directory.CreateDirectory(folder);
            var temporary = $"{item.Path}.{Guid.NewGuid():n}.tmp";
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                stream.Write(item.Content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, item.Path, overwrite: true); // atomic: readers see the whole file or none
            if (OperatingSystem.IsLinux())
                FlushDirectory(folder); // a rename is durable only once its folder is flushed too
        }, cancellationToken);
        return hashes;
    }

    public Task<byte[]> ReadAsync(string sha256, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(PathOf(sha256), cancellationToken);

    /// <summary>Runs a blocking action over the items on a few dedicated threads (not the thread pool, which it would starve).</summary>
    private static Task InParallelAsync<T>(IReadOnlyList<T> items, Action<T> action, CancellationToken cancellationToken)
    {
        if (items.Count == 1)
        {
            action(items[0]);
            return Task.CompletedTask;
        }
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Min(ConcurrentFlushes, items.Count)).Select(_ => Task.Factory.StartNew(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                action(items[i]);
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private static void FlushDirectory(string directory)
    {
        var fd = Native.open(directory, Native.ReadOnly);
        if (fd < 0)
            throw new IOException($"cannot open archive folder {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Native.fsync(fd) != 0)
                throw new IOException($"cannot flush archive folder {directory} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Native.close(fd);
        }
    }

    private static class Native
    {
        public const int ReadOnly = 0; // O_RDONLY

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
