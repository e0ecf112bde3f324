using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Envigil.Monitoring.Reception;

/// <summary>A complete data file found in the drop folder.</summary>
/// <param name="FullPath">Absolute path of the file (the key for <see cref="DropFolderWatcher.Complete"/> and <see cref="DropFolderWatcher.Release"/>).</param>
/// <param name="Account">The FTP account: the first path segment under the drop root.</param>
/// <param name="RelativePath">Path relative to the drop root, starting with the account segment.</param>
/// <param name="DetectedAtUtc">When the watcher decided the file is complete.</param>
/// <param name="Trigger">One of <see cref="DropTriggers"/>: close-write, moved-to or rescan.</param>
public sealed record DroppedFile(string FullPath, string Account, string RelativePath, DateTime DetectedAtUtc, string Trigger);

/// <summary>Why a file was reported.</summary>
public static class DropTriggers
{
    /// <summary>inotify IN_CLOSE_WRITE: the writer closed the file.</summary>
    public const string CloseWrite = "close-write";

    /// <summary>inotify IN_MOVED_TO: the file was renamed into place.</summary>
    public const string MovedTo = "moved-to";

    /// <summary>Found by a scan (start-up, periodic rescan, polling) and settled: unchanged for the settle time.</summary>
    public const string Rescan = "rescan";
}

/// <summary>Options of <see cref="DropFolderWatcher"/>.</summary>
/// <param name="RescanInterval">How often the whole tree is listed again to catch files left from before a restart or missed events (default 30 s).</param>
/// <param name="SettleTime">How long a file found by a scan must have been unchanged (by last write time, or by size and last write time as observed) before it is reported (default 10 s).</param>
/// <param name="MaxInFlight">Most files reported and not yet completed or released; further files wait for a later rescan.</param>
public sealed record DropFolderWatcherOptions(TimeSpan RescanInterval, TimeSpan SettleTime, int MaxInFlight = 10_000)
{
    /// <summary>Default rescan interval: 30 s.</summary>
    public static readonly TimeSpan DefaultRescanInterval = TimeSpan.FromSeconds(30);

    /// <summary>Default settle time: 10 s.</summary>
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(10);

    /// <summary>Options with the defaults (rescan every 30 s, settle 10 s, 10 000 in flight).</summary>
    public DropFolderWatcherOptions()
        : this(DefaultRescanInterval, DefaultSettleTime)
    {
    }

    /// <summary>The defaults.</summary>
    public static DropFolderWatcherOptions Default { get; } = new();

    /// <summary>
    /// Polling period where inotify is not used: the whole tree on non-Linux systems (or with
    /// <see cref="ForcePolling"/>), and directories that could not be watched (watch limit) on Linux.
    /// The effective period is at most <see cref="RescanInterval"/>. Default 2 s.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Use polling even on Linux (size and last write time stable for the settle time).</summary>
    public bool ForcePolling { get; init; }
}

/// <summary>
/// Watches a drop folder written by an FTP server (<c>&lt;root&gt;/&lt;account&gt;/[sub-folders]/&lt;file&gt;.txt</c>)
/// and hands over complete files through <see cref="Files"/>.
/// </summary>
/// <remarks>
/// <para>On Linux the tree is watched with inotify: a file is reported as soon as its writer closes it
/// (IN_CLOSE_WRITE) or it is renamed into place (IN_MOVED_TO), never on creation or modification alone.
/// A file seen being created or modified is not reported by a scan until it is closed.</para>
/// <para>At start, every <see cref="DropFolderWatcherOptions.RescanInterval"/>, after an inotify queue overflow and
/// for directories found after the fact (a new directory's first files), the tree is listed and files are reported
/// once they have settled (last write older than the settle time, or size and last write time unchanged for it).
/// Where inotify is not available, or a directory cannot be watched (watch limit), that tree is polled with the same rule.</para>
/// <para>Only <c>*.txt</c> (any case) in an account folder are reported; hidden names (leading '.', files or
/// folders), <c>.tmp</c>/<c>.part</c>/<c>.filepart</c> names and symbolic links (files or folders, never followed) are ignored.</para>
/// <para>A path is reported at most once until the consumer calls <see cref="Complete"/> (it archived and deleted the file) or
/// <see cref="Release"/> (retry later: the next scan reports it again). If the file was closed or renamed into place again while
/// in flight, it is reported again right after <see cref="Complete"/>/<see cref="Release"/>. A completed file that was left in
/// place is not offered again by scans until it changes (bounded memory: ten times <see cref="DropFolderWatcherOptions.MaxInFlight"/>).</para>
/// </remarks>
public sealed class DropFolderWatcher : IAsyncDisposable
{
    private const int MaxDepth = 64;
    private const int PollTimeoutMs = 250;

    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static readonly EnumerationOptions ListOptions = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    private readonly string _root;
    private readonly DropFolderWatcherOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<DroppedFile> _channel;
    private readonly CancellationTokenSource _stop = new();

    // All mutable state below is guarded by _gate.
    private readonly object _gate = new();
    private readonly HashSet<string> _inFlight = new(PathComparer);
    private readonly Dictionary<string, string> _redetected = new(PathComparer); // in-flight path -> trigger seen again
    private readonly Dictionary<string, Completed> _completed = new(PathComparer); // completed but left in place: not offered again unless changed
    private long _completedSequence;
    private readonly HashSet<string> _writing = new(PathComparer); // seen created/modified, not closed yet (inotify only)
    private readonly Dictionary<string, Candidate> _candidates = new(PathComparer); // waiting to settle
    private readonly Dictionary<int, string> _wdToDir = new();
    private readonly Dictionary<string, int> _dirToWd = new(PathComparer);
    private readonly HashSet<string> _unwatched = new(PathComparer); // directories polled because they could not be watched
    private bool _rescanRequested;
    private bool _inFlightFullLogged;
    private bool _watchLimitLogged;

    private volatile bool _pollWholeTree;
    private int _inotifyFd = -1;
    private Thread? _reader;
    private readonly TaskCompletionSource _readerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _maintenance;
    private CancellationTokenRegistration _startTokenRegistration;
    private int _started;
    private int _disposed;

    /// <summary>Creates a watcher; nothing happens until <see cref="StartAsync"/>.</summary>
    public DropFolderWatcher(string root, DropFolderWatcherOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.RescanInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RescanInterval must be positive.");
        }

        if (options.SettleTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SettleTime must not be negative.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PollInterval must be positive.");
        }

        if (options.MaxInFlight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxInFlight must be positive.");
        }

        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _options = options;
        _logger = logger;
        _channel = Channel.CreateUnbounded<DroppedFile>(new UnboundedChannelOptions
        {
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Complete files, each reported once until <see cref="Complete"/> or <see cref="Release"/>. Completed when the watcher stops.</summary>
    public ChannelReader<DroppedFile> Files => _channel.Reader;

    /// <summary>The normalised drop root.</summary>
    public string Root => _root;

    /// <summary>Number of directories watched with inotify (for tests and diagnostics).</summary>
    internal int WatchedDirectoryCount
    {
        get
        {
            lock (_gate)
            {
                return _wdToDir.Count;
            }
        }
    }

    /// <summary>Number of directories polled because they could not be watched.</summary>
    internal int PolledDirectoryCount
    {
        get
        {
            lock (_gate)
            {
                return _unwatched.Count;
            }
        }
    }

    /// <summary>True when <paramref name="directory"/> has an inotify watch (for tests and diagnostics).</summary>
    internal bool IsWatched(string directory)
    {
        lock (_gate)
        {
            return _dirToWd.ContainsKey(Normalize(directory));
        }
    }

    /// <summary>True when inotify is in use.</summary>
    internal bool UsesInotify => _inotifyFd >= 0 && !_pollWholeTree;

    /// <summary>Test seam: behave as if the kernel reported IN_Q_OVERFLOW (events were lost).</summary>
    internal void SimulateQueueOverflow() => Handle(-1, Native.IN_Q_OVERFLOW, null);

    /// <summary>Test seam: the number of inotify watches after which adding one fails as if the kernel limit were reached.</summary>
    internal int WatchBudget { get; set; } = int.MaxValue;

    /// <summary>
    /// Starts watching: sets up the watches, lists the files already present (reporting settled ones) and
    /// starts the background reader. Cancelling <paramref name="cancellationToken"/> later stops the watcher
    /// (the channel completes); <see cref="DisposeAsync"/> also stops it and releases its resources.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The drop root does not exist.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The drop folder watcher was already started.");
        }

        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"Drop folder '{_root}' does not exist.");
        }

        try
        {
            await Task.Run(
                () =>
                {
                    if (OperatingSystem.IsLinux() && !_options.ForcePolling)
                    {
                        TryInitInotify();
                    }

                    if (_inotifyFd >= 0)
                    {
                        // Watches first, listing second: a file created meanwhile is caught by one or the other.
                        Walk(_root, 0, addWatches: true);
                        _reader = new Thread(ReadLoop)
                        {
                            IsBackground = true,
                            Name = "Envigil drop-folder inotify",
                        };
                        _reader.Start();
                        DropFolderWatcherLog.Started(_logger, _root, "inotify", _options.RescanInterval, _options.SettleTime);
                    }
                    else
                    {
                        _pollWholeTree = true;
                        _readerExited.TrySetResult();
                        Walk(_root, 0, addWatches: false);
                        DropFolderWatcherLog.Started(_logger, _root, "polling", EffectivePollInterval, _options.SettleTime);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }

        _maintenance = Task.Run(() => MaintainAsync(_stop.Token));
        _startTokenRegistration = cancellationToken.Register(static s => ((DropFolderWatcher)s!).RequestStop(), this);
    }

    /// <summary>
    /// The consumer has archived (and normally deleted) the file: the path is reported again when a new file arrives there.
    /// A completed file left in place is not offered again by scans while its size and last write time are unchanged.
    /// </summary>
    public void Complete(string fullPath) => Settle(fullPath, "complete");

    /// <summary>The consumer gave the file back without handling it: it is reported again by a later scan.</summary>
    public void Release(string fullPath) => Settle(fullPath, "release");

    /// <summary>Stops the background work, completes <see cref="Files"/> and closes the inotify descriptor.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        await _startTokenRegistration.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void RequestStop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _channel.Writer.TryComplete();
    }

    private async Task StopAsync()
    {
        RequestStop();
        if (_reader is not null)
        {
            try
            {
                await _readerExited.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                DropFolderWatcherLog.ReaderDidNotStop(_logger, _root);
            }
        }

        if (_maintenance is not null)
        {
            try
            {
                await _maintenance.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var fd = Interlocked.Exchange(ref _inotifyFd, -1);
        if (fd >= 0 && (_reader is null || _readerExited.Task.IsCompleted))
        {
            _ = Native.close(fd);
        }

        if (Volatile.Read(ref _started) != 0)
        {
            DropFolderWatcherLog.Stopped(_logger, _root);
        }
    }

    private TimeSpan EffectivePollInterval =>
        _options.PollInterval < _options.RescanInterval ? _options.PollInterval : _options.RescanInterval;

    // ---------------------------------------------------------------- reporting and bookkeeping

    private void Settle(string fullPath, string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullPath);
        var path = Normalize(fullPath);
        string? again;
        lock (_gate)
        {
            if (!_inFlight.Remove(path))
            {
                DropFolderWatcherLog.NotInFlight(_logger, path, action);
            }

            _redetected.Remove(path, out again);
            if (_inFlight.Count < _options.MaxInFlight)
            {
                _inFlightFullLogged = false;
            }
        }

        if (again is not null)
        {
            if (File.Exists(path))
            {
                Report(path, again);
            }

            return;
        }

        if (action == "complete")
        {
            // Normally the consumer deleted the file. If it left it in place, remember this version so that
            // scans do not offer it again; a new upload (close-write, moved-to, or a changed size/time) still is.
            var info = new FileInfo(path);
            if (info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                RememberCompleted(path, info.Length, info.LastWriteTimeUtc);
            }
        }
    }

    private void RememberCompleted(string path, long size, DateTime lastWriteUtc)
    {
        lock (_gate)
        {
            _completed[path] = new Completed(size, lastWriteUtc, ++_completedSequence);
            var cap = (long)_options.MaxInFlight * 10;
            if (_completed.Count > cap)
            {
                // Forget the oldest tenth at once (amortised); they may be offered again by a later scan.
                foreach (var oldest in _completed.OrderBy(e => e.Value.Sequence).Take(_completed.Count / 10 + 1).Select(e => e.Key).ToArray())
                {
                    _completed.Remove(oldest);
                }
            }
        }
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>Checks the path shape: under the root, in an account folder, no hidden segment, an eligible name.</summary>
    private bool TryDescribe(string fullPath, out string account, out string relativePath)
    {
        account = relativePath = string.Empty;
        if (fullPath.Length <= _root.Length + 1
            || !fullPath.StartsWith(_root, PathComparison)
            || !IsSeparator(fullPath[_root.Length]))
        {
            return false;
        }

        var relative = fullPath[(_root.Length + 1)..];
        var segments = relative.Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar],
            StringSplitOptions.None);
        if (segments.Length < 2)
        {
            return false; // directly in the root: no account
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment[0] == '.')
            {
                return false; // hidden, '.', '..' or empty
            }
        }

        if (!IsEligibleFileName(segments[^1]))
        {
            return false;
        }

        account = segments[0];
        relativePath = relative;
        return true;
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    internal static bool IsEligibleFileName(string name) =>
        name.Length > 4
        && name[0] != '.'
        && name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
        && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
        && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
        && !name.EndsWith(".filepart", StringComparison.OrdinalIgnoreCase);

    private static bool IsHiddenName(string name) => name.Length == 0 || name[0] == '.';

    /// <summary>Every component below the root is a real directory (no symlink) and the last one a non-symlink file.</summary>
    private bool IsSafeRegularFile(string fullPath)
    {
        var index = _root.Length;
        while (true)
        {
            var next = fullPath.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], index + 1);
            var prefix = next < 0 ? fullPath : fullPath[..next];
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(prefix);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            if ((attributes & FileAttributes.ReparsePoint) != 0)
            {
                return false;
            }

            if (next < 0)
            {
                return (attributes & FileAttributes.Directory) == 0;
            }

            if ((attributes & FileAttributes.Directory) == 0)
            {
                return false;
            }

            index = next;
        }
    }

    private void Report(string fullPath, string trigger)
    {
        if (!TryDescribe(fullPath, out var account, out var relativePath))
        {
            DropFolderWatcherLog.Ignored(_logger, fullPath, "not an account *.txt file");
            return;
        }

        if (!IsSafeRegularFile(fullPath))
        {
            DropFolderWatcherLog.Ignored(_logger, fullPath, "missing, not a regular file, or behind a symbolic link");
            lock (_gate)
            {
                _candidates.Remove(fullPath);
                _writing.Remove(fullPath);
            }

            return;
        }

        lock (_gate)
        {
            _candidates.Remove(fullPath);
            _writing.Remove(fullPath);
            if (trigger != DropTriggers.Rescan)
            {
                _completed.Remove(fullPath); // a new upload under a completed name
            }

            if (_inFlight.Contains(fullPath))
            {
                if (trigger != DropTriggers.Rescan)
                {
                    _redetected[fullPath] = trigger; // written again while the consumer has it
                }

                return;
            }

            if (_inFlight.Count >= _options.MaxInFlight)
            {
                if (!_inFlightFullLogged)
                {
                    _inFlightFullLogged = true;
                    DropFolderWatcherLog.InFlightFull(_logger, _options.MaxInFlight, fullPath);
                }

                return; // a later scan picks it up
            }

            _inFlight.Add(fullPath);
        }

        var item = new DroppedFile(fullPath, account, relativePath, DateTime.UtcNow, trigger);
        if (_channel.Writer.TryWrite(item))
        {
            DropFolderWatcherLog.Reported(_logger, fullPath, account, trigger);
        }
        else
        {
            lock (_gate)
            {
                _inFlight.Remove(fullPath);
            }
        }
    }

    /// <summary>A file found by listing: report it when settled, else keep it as a candidate.</summary>
    private void Consider(string fullPath, long size, DateTime lastWriteUtc)
    {
        if (!TryDescribe(fullPath, out _, out _))
        {
            return;
        }

        var nowTicks = Stopwatch.GetTimestamp();
        var report = false;
        lock (_gate)
        {
            if (_inFlight.Contains(fullPath) || _writing.Contains(fullPath))
            {
                _candidates.Remove(fullPath); // in flight, or open for writing: close-write will tell
                return;
            }

            if (_completed.TryGetValue(fullPath, out var done))
            {
                if (done.Size == size && done.LastWriteUtc == lastWriteUtc)
                {
                    return; // completed and left in place, unchanged
                }

                _completed.Remove(fullPath); // replaced without an event we saw (polling): a new file
            }

            var oldEnough = DateTime.UtcNow - lastWriteUtc >= _options.SettleTime;
            if (_candidates.TryGetValue(fullPath, out var seen))
            {
                if (seen.Size != size || seen.LastWriteUtc != lastWriteUtc)
                {
                    _candidates[fullPath] = new Candidate(size, lastWriteUtc, nowTicks);
                }
                else
                {
                    report = oldEnough || Stopwatch.GetElapsedTime(seen.SinceTimestamp, nowTicks) >= _options.SettleTime;
                }
            }
            else if (oldEnough)
            {
                report = true;
            }
            else if (_candidates.Count < _options.MaxInFlight)
            {
                _candidates[fullPath] = new Candidate(size, lastWriteUtc, nowTicks);
            }
        }

        if (report)
        {
            Report(fullPath, DropTriggers.Rescan);
        }
    }

    private void CheckCandidates()
    {
        string[] paths;
        lock (_gate)
        {
            if (_candidates.Count == 0)
            {
                return;
            }

            paths = [.. _candidates.Keys];
        }

        foreach (var path in paths)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            var info = new FileInfo(path);
            if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                lock (_gate)
                {
                    _candidates.Remove(path);
                }

                continue;
            }

            Consider(path, info.Length, info.LastWriteTimeUtc);
        }
    }

    private void ForgetFile(string fullPath)
    {
        lock (_gate)
        {
            _writing.Remove(fullPath);
            _candidates.Remove(fullPath);
            _completed.Remove(fullPath);
        }
    }

    private void MarkWriting(string fullPath)
    {
        if (!TryDescribe(fullPath, out _, out _))
        {
            return;
        }

        lock (_gate)
        {
            _candidates.Remove(fullPath);
            if (_writing.Count < _options.MaxInFlight)
            {
                _writing.Add(fullPath);
            }
        }
    }

    // ---------------------------------------------------------------- listing

    /// <summary>Lists a directory tree (no symlinks, no hidden folders), adding watches first when asked.</summary>
    private void Walk(string directory, int depth, bool addWatches)
    {
        if (_stop.IsCancellationRequested || depth > MaxDepth)
        {
            return;
        }

        if (addWatches && !_pollWholeTree && !TryWatch(directory))
        {
            return;
        }

        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", ListOptions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return;
        }

        var subdirectories = new List<string>();
        try
        {
            foreach (var entry in entries)
            {
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    DropFolderWatcherLog.Ignored(_logger, entry.FullName, "symbolic link");
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    if (!IsHiddenName(entry.Name))
                    {
                        subdirectories.Add(entry.FullName);
                    }
                }
                else if (entry is FileInfo file && IsEligibleFileName(file.Name))
                {
                    Consider(file.FullName, file.Length, file.LastWriteTimeUtc);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The directory went away while being listed.
        }

        foreach (var subdirectory in subdirectories)
        {
            Walk(subdirectory, depth + 1, addWatches);
        }
    }

    /// <summary>Lists the directories that could not be watched (one level each; new sub-folders are walked).</summary>
    private void PollUnwatched()
    {
        string[] directories;
        lock (_gate)
        {
            directories = [.. _unwatched];
        }

        foreach (var directory in directories)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            if (!Directory.Exists(directory))
            {
                lock (_gate)
                {
                    _unwatched.Remove(directory);
                }

                continue;
            }

            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", ListOptions);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var newDirectories = new List<string>();
            try
            {
                foreach (var entry in entries)
                {
                    if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo)
                    {
                        if (IsHiddenName(entry.Name))
                        {
                            continue;
                        }

                        lock (_gate)
                        {
                            if (!_unwatched.Contains(entry.FullName) && !_dirToWd.ContainsKey(entry.FullName))
                            {
                                newDirectories.Add(entry.FullName);
                            }
                        }
                    }
                    else if (entry is FileInfo file && IsEligibleFileName(file.Name))
                    {
                        Consider(file.FullName, file.Length, file.LastWriteTimeUtc);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            foreach (var newDirectory in newDirectories)
            {
                Walk(newDirectory, 1, addWatches: true);
            }
        }
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var shortest = _options.SettleTime < EffectivePollInterval ? _options.SettleTime : EffectivePollInterval;
        var tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));
        var nextRescan = Stopwatch.GetTimestamp() + ToTimestamp(_options.RescanInterval);
        var nextPoll = Stopwatch.GetTimestamp() + ToTimestamp(EffectivePollInterval);
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var now = Stopwatch.GetTimestamp();
                    if (_pollWholeTree)
                    {
                        if (now >= nextPoll)
                        {
                            Walk(_root, 0, addWatches: false);
                            nextPoll = Stopwatch.GetTimestamp() + ToTimestamp(EffectivePollInterval);
                        }
                    }
                    else
                    {
                        bool requested;
                        lock (_gate)
                        {
                            requested = _rescanRequested;
                            _rescanRequested = false;
                        }

                        if (requested || now >= nextRescan)
                        {
                            Walk(_root, 0, addWatches: true);
                            nextRescan = Stopwatch.GetTimestamp() + ToTimestamp(_options.RescanInterval);
                            nextPoll = Stopwatch.GetTimestamp() + ToTimestamp(EffectivePollInterval);
                        }
                        else if (now >= nextPoll)
                        {
                            PollUnwatched();
                            nextPoll = Stopwatch.GetTimestamp() + ToTimestamp(EffectivePollInterval);
                        }
                    }

                    CheckCandidates();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    DropFolderWatcherLog.ScanFailed(_logger, _root, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // ---------------------------------------------------------------- inotify

    private void TryInitInotify()
    {
        var fd = Native.inotify_init1(Native.IN_NONBLOCK | Native.IN_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            DropFolderWatcherLog.InotifyUnavailable(_logger, _root, errno);
            return;
        }

        _inotifyFd = fd;
    }

    /// <summary>Adds (or refreshes) the watch of a directory. False when it is gone, a symlink or not a directory.</summary>
    private bool TryWatch(string directory)
    {
        var fd = _inotifyFd;
        if (fd < 0)
        {
            return true;
        }

        var mask = Native.DirectoryMask;
        if (!PathComparer.Equals(directory, _root))
        {
            mask |= Native.IN_DONT_FOLLOW; // never watch through a symlink below the root
        }

        int wd;
        int errno;
        lock (_gate)
        {
            if (_wdToDir.Count >= WatchBudget && !_dirToWd.ContainsKey(directory))
            {
                wd = -1;
                errno = Native.ENOSPC;
            }
            else
            {
                wd = Native.inotify_add_watch(fd, directory, mask);
                errno = wd < 0 ? Marshal.GetLastPInvokeError() : 0;
            }

            if (wd >= 0)
            {
                if (_wdToDir.TryGetValue(wd, out var previous) && !PathComparer.Equals(previous, directory))
                {
                    _dirToWd.Remove(previous); // the same inode under a new name (moved)
                }

                if (_dirToWd.TryGetValue(directory, out var previousWd) && previousWd != wd)
                {
                    _wdToDir.Remove(previousWd); // a new inode under an old name
                }

                _wdToDir[wd] = directory;
                _dirToWd[directory] = wd;
                _unwatched.Remove(directory);
                return true;
            }

            if (errno is Native.ENOSPC or Native.ENOMEM or Native.EACCES)
            {
                _unwatched.Add(directory);
            }
        }

        switch (errno)
        {
            case Native.ENOSPC:
            case Native.ENOMEM:
                if (!_watchLimitLogged)
                {
                    _watchLimitLogged = true;
                    DropFolderWatcherLog.WatchLimit(_logger, directory, errno, EffectivePollInterval);
                }

                return true; // listed now, polled from now on
            case Native.EACCES:
                DropFolderWatcherLog.CannotWatch(_logger, directory, errno);
                return true;
            default:
                // ENOENT (gone), ENOTDIR (a symlink with IN_DONT_FOLLOW, or a file): nothing to list.
                return false;
        }
    }

    /// <summary>A directory left the tree (moved away or renamed): drop its watches and state; a move within the tree re-adds them.</summary>
    private void ForgetTree(string directory)
    {
        var prefix = directory + Path.DirectorySeparatorChar;
        lock (_gate)
        {
            foreach (var (path, wd) in _dirToWd.ToArray())
            {
                if (PathComparer.Equals(path, directory) || path.StartsWith(prefix, PathComparison))
                {
                    _dirToWd.Remove(path);
                    _wdToDir.Remove(wd);
                    if (_inotifyFd >= 0)
                    {
                        _ = Native.inotify_rm_watch(_inotifyFd, wd);
                    }
                }
            }

            _writing.RemoveWhere(p => p.StartsWith(prefix, PathComparison));
            foreach (var path in _completed.Keys.Where(p => p.StartsWith(prefix, PathComparison)).ToArray())
            {
                _completed.Remove(path);
            }

            _unwatched.RemoveWhere(p => PathComparer.Equals(p, directory) || p.StartsWith(prefix, PathComparison));
            foreach (var path in _candidates.Keys.Where(p => p.StartsWith(prefix, PathComparison)).ToArray())
            {
                _candidates.Remove(path);
            }
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var pollFd = new Native.PollFd { Fd = _inotifyFd, Events = Native.POLLIN };
            while (!_stop.IsCancellationRequested)
            {
                pollFd.Revents = 0;
                var ready = Native.poll(ref pollFd, 1, PollTimeoutMs);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Native.EINTR)
                    {
                        continue;
                    }

                    FallBackToPolling(errno);
                    return;
                }

                if (ready == 0 || (pollFd.Revents & Native.POLLIN) == 0)
                {
                    if ((pollFd.Revents & (Native.POLLERR | Native.POLLNVAL)) != 0)
                    {
                        FallBackToPolling(0);
                        return;
                    }

                    continue;
                }

                var read = (long)Native.read(pollFd.Fd, buffer, buffer.Length);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is Native.EAGAIN or Native.EINTR)
                    {
                        continue;
                    }

                    FallBackToPolling(errno);
                    return;
                }

                Dispatch(buffer, (int)read);
            }
        }
        catch (Exception ex)
        {
            DropFolderWatcherLog.ReaderFailed(_logger, _root, 0, ex);
            _pollWholeTree = true;
        }
        finally
        {
            _readerExited.TrySetResult();
        }
    }

    private void FallBackToPolling(int errno)
    {
        DropFolderWatcherLog.ReaderFailed(_logger, _root, errno, null);
        _pollWholeTree = true;
    }

    private void Dispatch(byte[] buffer, int length)
    {
        var offset = 0;
        while (offset + Native.EventHeaderSize <= length)
        {
            var wd = BitConverter.ToInt32(buffer, offset);
            var mask = BitConverter.ToUInt32(buffer, offset + 4);
            var nameLength = (int)BitConverter.ToUInt32(buffer, offset + 12);
            string? name = null;
            if (nameLength > 0 && offset + Native.EventHeaderSize + nameLength <= length)
            {
                var raw = buffer.AsSpan(offset + Native.EventHeaderSize, nameLength);
                var end = raw.IndexOf((byte)0);
                name = Encoding.UTF8.GetString(end >= 0 ? raw[..end] : raw);
            }

            offset += Native.EventHeaderSize + nameLength;
            try
            {
                Handle(wd, mask, name);
            }
            catch (Exception ex)
            {
                DropFolderWatcherLog.EventFailed(_logger, name ?? string.Empty, ex);
            }
        }
    }

    private void Handle(int wd, uint mask, string? name)
    {
        if ((mask & Native.IN_Q_OVERFLOW) != 0)
        {
            DropFolderWatcherLog.Overflow(_logger, _root);
            lock (_gate)
            {
                _writing.Clear(); // unknown now: scans fall back to the settle time
                _rescanRequested = true;
            }

            return;
        }

        string? directory;
        lock (_gate)
        {
            if ((mask & Native.IN_IGNORED) != 0)
            {
                if (_wdToDir.Remove(wd, out var gone) && _dirToWd.TryGetValue(gone, out var current) && current == wd)
                {
                    _dirToWd.Remove(gone);
                }

                return;
            }

            if (!_wdToDir.TryGetValue(wd, out directory))
            {
                return;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            if ((mask & (Native.IN_MOVE_SELF | Native.IN_DELETE_SELF)) != 0 && PathComparer.Equals(directory, _root))
            {
                DropFolderWatcherLog.RootMoved(_logger, _root);
            }

            return;
        }

        var path = Path.Join(directory, name);
        if ((mask & Native.IN_ISDIR) != 0)
        {
            if ((mask & (Native.IN_CREATE | Native.IN_MOVED_TO)) != 0)
            {
                if (!IsHiddenName(name))
                {
                    // Files may have been written in it before its watch existed: list it (settle rule).
                    Walk(path, 1, addWatches: true);
                }
            }
            else if ((mask & Native.IN_MOVED_FROM) != 0)
            {
                ForgetTree(path);
            }

            return;
        }

        if ((mask & Native.IN_CLOSE_WRITE) != 0)
        {
            Report(path, DropTriggers.CloseWrite);
        }
        else if ((mask & Native.IN_MOVED_TO) != 0)
        {
            Report(path, DropTriggers.MovedTo);
        }
        else if ((mask & (Native.IN_CREATE | Native.IN_MODIFY)) != 0)
        {
            MarkWriting(path);
        }
        else if ((mask & (Native.IN_DELETE | Native.IN_MOVED_FROM)) != 0)
        {
            ForgetFile(path);
        }
    }

    private readonly record struct Candidate(long Size, DateTime LastWriteUtc, long SinceTimestamp);

    private readonly record struct Completed(long Size, DateTime LastWriteUtc, long Sequence);

    private static class Native
    {
        public const int IN_NONBLOCK = 0x800; // O_NONBLOCK
        public const int IN_CLOEXEC = 0x80000; // O_CLOEXEC

        public const uint IN_MODIFY = 0x00000002;
        public const uint IN_CLOSE_WRITE = 0x00000008;
        public const uint IN_MOVED_FROM = 0x00000040;
        public const uint IN_MOVED_TO = 0x00000080;
        public const uint IN_CREATE = 0x00000100;
        public const uint IN_DELETE = 0x00000200;
        public const uint IN_DELETE_SELF = 0x00000400;
        public const uint IN_MOVE_SELF = 0x00000800;
        public const uint IN_Q_OVERFLOW = 0x00004000;
        public const uint IN_IGNORED = 0x00008000;
        public const uint IN_ONLYDIR = 0x01000000;
        public const uint IN_DONT_FOLLOW = 0x02000000;
        public const uint IN_EXCL_UNLINK = 0x04000000;
        public const uint IN_ISDIR = 0x40000000;

        public const uint DirectoryMask =
            IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_MODIFY | IN_DELETE
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

        public const int EventHeaderSize = 16; // int wd; uint32 mask, cookie, len

        public const short POLLIN = 0x001;
        public const short POLLERR = 0x008;
        public const short POLLNVAL = 0x020;

        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int ENOMEM = 12;
        public const int EACCES = 13;
        public const int ENOSPC = 28;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int inotify_init1(int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int inotify_add_watch(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, uint mask);

        [DllImport("libc", SetLastError = true)]
        public static extern int inotify_rm_watch(int fd, int wd);

        [DllImport("libc", SetLastError = true)]
        public static extern nint read(int fd, byte[] buffer, nint count);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll(ref PollFd fds, nuint nfds, int timeout);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}

internal static partial class DropFolderWatcherLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Watching drop folder {Root} with {Mode} (rescan/poll every {Interval}, settle {Settle})")]
    public static partial void Started(ILogger logger, string root, string mode, TimeSpan interval, TimeSpan settle);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Stopped watching drop folder {Root}")]
    public static partial void Stopped(ILogger logger, string root);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "inotify is unavailable for {Root} (errno {Errno}); polling instead")]
    public static partial void InotifyUnavailable(ILogger logger, string root, int errno);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "inotify watch limit reached at {Directory} (errno {Errno}); polling that tree every {PollInterval}. Raise fs.inotify.max_user_watches")]
    public static partial void WatchLimit(ILogger logger, string directory, int errno, TimeSpan pollInterval);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Cannot watch {Directory} (errno {Errno}); polling it")]
    public static partial void CannotWatch(ILogger logger, string directory, int errno);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "inotify queue overflowed for {Root}; rescanning")]
    public static partial void Overflow(ILogger logger, string root);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Error, Message = "inotify reader for {Root} failed (errno {Errno}); polling instead")]
    public static partial void ReaderFailed(ILogger logger, string root, int errno, Exception? exception);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "inotify reader for {Root} did not stop in time")]
    public static partial void ReaderDidNotStop(ILogger logger, string root);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Error, Message = "Scan of drop folder {Root} failed")]
    public static partial void ScanFailed(ILogger logger, string root, Exception exception);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Error, Message = "Handling the inotify event for {Name} failed")]
    public static partial void EventFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Drop folder root {Root} was moved or deleted")]
    public static partial void RootMoved(ILogger logger, string root);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "{MaxInFlight} drop files are in flight; {Path} and further files wait for a later scan")]
    public static partial void InFlightFull(ILogger logger, int maxInFlight, string path);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Debug, Message = "Drop file {Path} of account {Account} is complete ({Trigger})")]
    public static partial void Reported(ILogger logger, string path, string account, string trigger);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Debug, Message = "Ignored {Path}: {Reason}")]
    public static partial void Ignored(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Debug, Message = "{Action} of {Path}, which was not in flight")]
    public static partial void NotInFlight(ILogger logger, string path, string action);
}
