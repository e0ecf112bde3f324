using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Reception;

/// <summary>
/// The FTP channel: an FTP server (vsftpd) writes into the drop folder, one sub-folder per facility account; each
/// complete file is archived and recorded, then removed from the drop folder. The account decides which
/// facility's stations the file may be for.
/// </summary>
public sealed partial class DropFolderReception(
    ReceptionPipeline pipeline,
    IOptions<MonitoringOptions> options,
    IOptions<EnvigilOptions> envigil,
    ILoggerFactory loggers) : BackgroundService
{
    private const int MaxBatch = 200;
    private readonly ILogger _logger = loggers.CreateLogger<DropFolderReception>();

    public static string RootOf(MonitoringOptions options, EnvigilOptions envigil) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.DropFolder) ? Path.Combine(envigil.ResolvedDataDirectory, "drop") : options.DropFolder);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DropFolderEnabled)
            return;
        var root = RootOf(options.Value, envigil.Value);
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDropFolderUnusable(root, ex.Message); // the other channels keep working
            return;
        }
        await using var watcher = new DropFolderWatcher(root, DropFolderWatcherOptions.Default, loggers.CreateLogger<DropFolderWatcher>());
        await watcher.StartAsync(stoppingToken);
        LogWatching(root);
        var batch = new List<DroppedFile>(MaxBatch);
        // Removing a batch's files from the drop folder overlaps with receiving the next batch (one batch at a time).
        var removing = Task.CompletedTask;
        try
        {
            while (await watcher.Files.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && watcher.Files.TryRead(out var dropped))
                    batch.Add(dropped);
                List<DroppedFile> received;
                try
                {
                    received = await ReceiveAsync(watcher, batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogBatchFailed(ex, batch.Count);
                    foreach (var dropped in batch)
                        watcher.Release(dropped.FullPath); // left in place: the next rescan offers it again
                    continue;
                }
                await removing;
                removing = Task.Run(() => Remove(watcher, received), CancellationToken.None);
            }
        }
        finally
        {
            await removing;
        }
    }

    /// <returns>The files archived and recorded, which may now leave the drop folder.</returns>
    private async Task<List<DroppedFile>> ReceiveAsync(DropFolderWatcher watcher, List<DroppedFile> batch, CancellationToken cancellationToken)
    {
        var files = new List<(DroppedFile Dropped, IncomingFile File)>(batch.Count);
        foreach (var dropped in batch)
        {
            byte[] content;
            try
            {
                var info = new FileInfo(dropped.FullPath);
                if (!info.Exists)
                {
                    watcher.Complete(dropped.FullPath);
                    continue;
                }
                // An oversized file is still archived (its first 16 MiB; the parser quarantines it as too large),
                // without ever reading more than that into memory.
                content = info.Length > MaxArchivedBytes
                    ? await ReadPrefixAsync(dropped.FullPath, MaxArchivedBytes, cancellationToken)
                    : await File.ReadAllBytesAsync(dropped.FullPath, cancellationToken);
            }
            catch (IOException ex)
            {
                LogUnreadable(ex, dropped.FullPath);
                watcher.Release(dropped.FullPath);
                continue;
            }
            var sender = SenderScope.ForAccount(dropped.Account, ReceptionChannels.DropFolder);
            files.Add((dropped, new IncomingFile(Path.GetFileName(dropped.FullPath), content, sender)));
        }
        if (files.Count == 0)
            return [];
        await pipeline.ReceiveAsync(files.Select(f => f.File).ToList(), cancellationToken);
        // Only now, with the bytes archived and the receipts committed, may the files leave the drop folder.
        return files.Select(f => f.Dropped).ToList();
    }

    private void Remove(DropFolderWatcher watcher, List<DroppedFile> received)
    {
        foreach (var dropped in received)
        {
            if (options.Value.DeleteDroppedFiles)
            {
                try
                {
                    File.Delete(dropped.FullPath);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogUnreadable(ex, dropped.FullPath);
                }
            }
            watcher.Complete(dropped.FullPath);
        }
    }

    private const int MaxArchivedBytes = 16 * ReceptionPipeline.MaxFileBytes;

    private static async Task<byte[]> ReadPrefixAsync(string path, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        await using var stream = File.OpenRead(path);
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Drop folder {Root} cannot be used ({Reason}); FTP reception is off. Fix Envigil:Monitoring:DropFolder or its permissions.")]
    private partial void LogDropFolderUnusable(string root, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching drop folder {Root}")]
    private partial void LogWatching(string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving {Count} dropped files failed; they stay in the drop folder")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped file {Path} could not be read or removed")]
    private partial void LogUnreadable(Exception ex, string path);
}
