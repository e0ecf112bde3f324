using System.Diagnostics;
using Envigil.Monitoring.Reception;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Envigil.Monitoring.Tests.Reception;

/// <summary>
/// Drop-folder watcher against real files in a temporary directory (inotify on Linux).
/// Timeouts are generous for a loaded 2-core CI box; "quiet" windows are what make the tests able to fail.
/// </summary>
public sealed class DropFolderWatcherTests : IDisposable
{
    /// <summary>How long we wait for something that must happen.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ITestOutputHelper _output;
    private readonly string _temp;
    private readonly string _root;
    private readonly string _outside;

    public DropFolderWatcherTests(ITestOutputHelper output)
    {
        _output = output;
        _temp = Path.Combine(Path.GetTempPath(), "envigil-drop-" + Guid.NewGuid().ToString("N"));
        _root = Path.Combine(_temp, "drop");
        _outside = Path.Combine(_temp, "outside");
        Directory.CreateDirectory(_outside);

        // Account folders exist before uploads, as FTP users' homes do. (A file written in a folder
        // before that folder's watch exists is judged by the settle time: see the nested-directory tests.)
        Directory.CreateDirectory(Path.Combine(_root, "station-a"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Short settle and rescan, so a watcher that reported on scans alone (or twice) would be caught.</summary>
    private static DropFolderWatcherOptions Quick(double settleSeconds = 3, double rescanSeconds = 0.3) =>
        new(TimeSpan.FromSeconds(rescanSeconds), TimeSpan.FromSeconds(settleSeconds));

    private DropFolderWatcher Create(DropFolderWatcherOptions options) => new(_root, options, new TestLogger(_output));

    private async Task<DropFolderWatcher> StartAsync(DropFolderWatcherOptions options)
    {
        var watcher = Create(options);
        await watcher.StartAsync(CancellationToken.None);
        return watcher;
    }

    private string PathOf(string relative) => Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));

    private string Write(string relative, string content = "t;v\n1;2\n", DateTime? lastWriteUtc = null)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (lastWriteUtc is { } when)
        {
            File.SetLastWriteTimeUtc(path, when);
        }

        return path;
    }

    private static async Task<DroppedFile?> NextAsync(DropFolderWatcher watcher, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await watcher.Files.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<DroppedFile> ExpectAsync(DropFolderWatcher watcher, string what)
    {
        var file = await NextAsync(watcher, Patience);
        Assert.True(file is not null, $"expected {what} to be reported within {Patience}");
        return file!;
    }

    private static async Task AssertQuietAsync(DropFolderWatcher watcher, TimeSpan duration, string why)
    {
        var file = await NextAsync(watcher, duration);
        Assert.True(file is null, $"nothing should be reported ({why}), got {file}");
    }

    private static async Task<List<DroppedFile>> CollectAsync(DropFolderWatcher watcher, TimeSpan duration)
    {
        var files = new List<DroppedFile>();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < duration)
        {
            var file = await NextAsync(watcher, duration - deadline.Elapsed);
            if (file is not null)
            {
                files.Add(file);
            }
        }

        return files;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task File_written_in_one_go_is_reported_once_as_close_write()
    {
        await using var watcher = await StartAsync(Quick());
        Assert.True(watcher.UsesInotify);
        var clock = Stopwatch.StartNew();
        var path = Write("station-a/2024-05-01.txt");

        var file = await ExpectAsync(watcher, "the new file");
        var elapsed = clock.Elapsed;

        Assert.Equal(DropTriggers.CloseWrite, file.Trigger);
        Assert.Equal(path, file.FullPath);
        Assert.Equal("station-a", file.Account);
        Assert.Equal(Path.Combine("station-a", "2024-05-01.txt"), file.RelativePath);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"close-write should be reported at once, took {elapsed}");
        Assert.True(Math.Abs((DateTime.UtcNow - file.DetectedAtUtc).TotalSeconds) < 30);

        // Rescans every 0.3 s see it old enough after 3 s: it is in flight, so still not reported again.
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(4), "already reported and in flight");
    }

    [Fact]
    public async Task File_written_slowly_is_reported_only_after_it_is_closed()
    {
        // Settle 0.5 s: a watcher that relied on "unchanged for the settle time" would report it during the pause.
        await using var watcher = await StartAsync(Quick(settleSeconds: 0.5, rescanSeconds: 0.2));
        var path = PathOf("station-a/slow.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var half = new string('x', 4096) + "\n";

        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        try
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(half));
            stream.Flush(flushToDisk: true);
            await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1.5), "first half written, handle still open");

            stream.Write(System.Text.Encoding.ASCII.GetBytes(half));
            stream.Flush(flushToDisk: true);
            await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "second half written, handle still open");
        }
        finally
        {
            await stream.DisposeAsync();
        }

        var file = await ExpectAsync(watcher, "the file once closed");
        Assert.Equal(DropTriggers.CloseWrite, file.Trigger);
        Assert.Equal(path, file.FullPath);
        Assert.Equal(2 * half.Length, new FileInfo(file.FullPath).Length);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "already reported");
    }

    [Fact]
    public async Task File_in_a_new_nested_directory_is_reported_even_when_written_at_once()
    {
        // The file may be closed before the new directories' watches exist: then the listing of
        // the new directory catches it (settle rule), otherwise close-write does. Either way, once.
        await using var watcher = await StartAsync(Quick(settleSeconds: 1));
        var path = Write("station-b/2024/05/01/data.txt");

        var file = await ExpectAsync(watcher, "the file in the new nested directory");
        Assert.Equal(path, file.FullPath);
        Assert.Equal("station-b", file.Account);
        Assert.Equal(Path.Combine("station-b", "2024", "05", "01", "data.txt"), file.RelativePath);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(2), "already reported");
    }

    [Fact]
    public async Task New_nested_directories_get_watches_and_report_close_write()
    {
        await using var watcher = await StartAsync(Quick());
        var deepest = PathOf("station-c/2024/06");
        Directory.CreateDirectory(deepest);
        await WaitUntilAsync(() => watcher.IsWatched(deepest), "the new nested directory is watched");

        var path = Write("station-c/2024/06/data.txt");
        var file = await ExpectAsync(watcher, "the file in the watched new directory");
        Assert.Equal(DropTriggers.CloseWrite, file.Trigger);
        Assert.Equal(path, file.FullPath);
        Assert.Equal("station-c", file.Account);
    }

    [Fact]
    public async Task File_renamed_into_place_is_reported_once_as_moved_to()
    {
        await using var watcher = await StartAsync(Quick());
        var part = Write("station-a/upload.txt.part", new string('y', 10_000));
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(0.5), ".part is not a data file");

        var final = PathOf("station-a/upload.txt");
        File.Move(part, final);

        var file = await ExpectAsync(watcher, "the renamed file");
        Assert.Equal(DropTriggers.MovedTo, file.Trigger);
        Assert.Equal(final, file.FullPath);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(4), "already reported");
    }

    [Fact]
    public async Task Directory_renamed_within_the_tree_keeps_being_watched_under_its_new_name()
    {
        Directory.CreateDirectory(PathOf("station-a/incoming"));
        await using var watcher = await StartAsync(Quick());
        var renamed = PathOf("station-a/done");
        Directory.Move(PathOf("station-a/incoming"), renamed);
        await WaitUntilAsync(() => watcher.IsWatched(renamed) && !watcher.IsWatched(PathOf("station-a/incoming")), "the renamed directory is watched");

        var path = Write("station-a/done/x.txt");
        var file = await ExpectAsync(watcher, "the file in the renamed directory");
        Assert.Equal(DropTriggers.CloseWrite, file.Trigger);
        Assert.Equal(path, file.FullPath);
    }

    [Fact]
    public async Task Complete_directory_moved_into_the_tree_is_reported()
    {
        var staging = Path.Combine(_outside, "batch");
        Directory.CreateDirectory(staging);
        var old = DateTime.UtcNow.AddHours(-1);
        File.WriteAllText(Path.Combine(staging, "a.txt"), "1");
        File.SetLastWriteTimeUtc(Path.Combine(staging, "a.txt"), old);
        Directory.CreateDirectory(PathOf("station-a"));

        await using var watcher = await StartAsync(Quick(settleSeconds: 2, rescanSeconds: 60));
        Directory.Move(staging, PathOf("station-a/batch"));

        var file = await ExpectAsync(watcher, "the file in the moved-in directory");
        Assert.Equal(PathOf("station-a/batch/a.txt"), file.FullPath);
        Assert.Equal(DropTriggers.Rescan, file.Trigger);
    }

    [Fact]
    public async Task Non_txt_hidden_temporary_and_unaccounted_names_are_ignored()
    {
        await using var watcher = await StartAsync(Quick(settleSeconds: 0.5, rescanSeconds: 0.2));
        var old = DateTime.UtcNow.AddHours(-1);
        string[] ignored =
        [
            "station-a/data.csv",
            "station-a/README",
            "station-a/.hidden.txt",
            "station-a/upload.txt.part",
            "station-a/upload.txt.tmp",
            "station-a/upload.txt.filepart",
            "station-a/data.part",
            "station-a/.cache/data.txt",
            "at-root-without-account.txt",
        ];
        foreach (var name in ignored)
        {
            Write(name, lastWriteUtc: old); // old, so that a rescan would report them if it accepted them
        }

        var sentinel = Write("station-a/Upper.TXT");

        var files = await CollectAsync(watcher, TimeSpan.FromSeconds(3));
        var reported = Assert.Single(files);
        Assert.Equal(sentinel, reported.FullPath);
    }

    [Fact]
    public async Task Symlinks_are_never_followed_out_of_the_root()
    {
        var old = DateTime.UtcNow.AddHours(-1);
        var secret = Path.Combine(_outside, "secret.txt");
        File.WriteAllText(secret, "secret");
        File.SetLastWriteTimeUtc(secret, old);
        var secretDir = Path.Combine(_outside, "dir");
        Directory.CreateDirectory(secretDir);
        File.WriteAllText(Path.Combine(secretDir, "inner.txt"), "secret");
        File.SetLastWriteTimeUtc(Path.Combine(secretDir, "inner.txt"), old);

        Directory.CreateDirectory(PathOf("station-a"));
        File.CreateSymbolicLink(PathOf("station-a/before.txt"), secret);
        Directory.CreateSymbolicLink(PathOf("station-a/before-dir"), secretDir);
        Directory.CreateSymbolicLink(PathOf("linked-account"), secretDir);

        await using var watcher = await StartAsync(Quick(settleSeconds: 0.5, rescanSeconds: 0.2));
        Assert.False(watcher.IsWatched(PathOf("station-a/before-dir")));
        Assert.False(watcher.IsWatched(PathOf("linked-account")));

        File.CreateSymbolicLink(PathOf("station-a/after.txt"), secret);
        Directory.CreateSymbolicLink(PathOf("station-a/after-dir"), secretDir);
        File.CreateSymbolicLink(Path.Combine(_root, "station-a", ".link"), secret);
        File.Move(Path.Combine(_root, "station-a", ".link"), PathOf("station-a/renamed-link.txt"));
        File.AppendAllText(PathOf("station-a/before-dir/inner.txt"), "written through the link");
        var sentinel = Write("station-a/real.txt");

        var files = await CollectAsync(watcher, TimeSpan.FromSeconds(3));
        var reported = Assert.Single(files);
        Assert.Equal(sentinel, reported.FullPath);
    }

    [Fact]
    public async Task Initial_scan_reports_files_already_present_and_older_than_the_settle_time()
    {
        var old = DateTime.UtcNow.AddHours(-1);
        var a = Write("station-a/left-over.txt", lastWriteUtc: old);
        var b = Write("station-b/2024/05/deep.txt", lastWriteUtc: old);

        await using var watcher = await StartAsync(DropFolderWatcherOptions.Default); // settle 10 s, rescan 30 s

        var first = await ExpectAsync(watcher, "the first left-over file");
        var second = await ExpectAsync(watcher, "the second left-over file");
        var files = new[] { first, second }.OrderBy(f => f.FullPath, StringComparer.Ordinal).ToArray();
        Assert.Equal([a, b], files.Select(f => f.FullPath));
        Assert.All(files, f => Assert.Equal(DropTriggers.Rescan, f.Trigger));
        Assert.Equal(["station-a", "station-b"], files.Select(f => f.Account));
        Assert.Equal(Path.Combine("station-b", "2024", "05", "deep.txt"), files[1].RelativePath);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "each reported once");
    }

    [Fact]
    public async Task Present_file_younger_than_the_settle_time_is_reported_only_once_settled()
    {
        var settle = TimeSpan.FromSeconds(3);
        var path = Write("station-a/young.txt");
        var writtenAt = File.GetLastWriteTimeUtc(path);

        await using var watcher = await StartAsync(Quick(settleSeconds: settle.TotalSeconds, rescanSeconds: 0.3));

        // Judged by the time the watcher reported it (stamped when reported), not by a quiet period: on a loaded machine
        // a timer that should end the quiet period can fire late, and a file reported on time would then look early.
        var file = await ExpectAsync(watcher, "the settled file");
        Assert.Equal(path, file.FullPath);
        Assert.Equal(DropTriggers.Rescan, file.Trigger);
        Assert.True(
            file.DetectedAtUtc >= writtenAt + settle - TimeSpan.FromMilliseconds(50),
            $"reported at {file.DetectedAtUtc:O}, written at {writtenAt:O}: before the settle time");
    }

    [Fact]
    public async Task Complete_and_release_control_when_a_path_is_reported_again()
    {
        await using var watcher = await StartAsync(Quick(settleSeconds: 0.5, rescanSeconds: 0.2));
        var path = Write("station-a/a.txt");
        var first = await ExpectAsync(watcher, "the file");

        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "in flight, although settled and rescanned");

        // Release: given back, the next scan reports it again.
        watcher.Release(first.FullPath);
        var retried = await ExpectAsync(watcher, "the released file");
        Assert.Equal(path, retried.FullPath);
        Assert.Equal(DropTriggers.Rescan, retried.Trigger);

        // Written again while in flight: nothing now, reported again once the consumer is done with the old one.
        File.WriteAllText(path, "newer content");
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "in flight while rewritten");
        watcher.Complete(retried.FullPath);
        var rewritten = await ExpectAsync(watcher, "the file written again while in flight");
        Assert.Equal(DropTriggers.CloseWrite, rewritten.Trigger);

        // Complete after archiving and deleting: nothing more, until a new file arrives under that name.
        File.Delete(path);
        watcher.Complete(rewritten.FullPath);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "completed and deleted");
        Write("station-a/a.txt", "next day");
        var next = await ExpectAsync(watcher, "the new file under the same name");
        Assert.Equal(path, next.FullPath);
        Assert.Equal(DropTriggers.CloseWrite, next.Trigger);

        // Complete without deleting (the archive keeps a copy, the file is left): scans do not offer it again...
        watcher.Complete(next.FullPath);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1.5), "completed and left in place, unchanged");

        // ...until it changes (here: a new upload).
        File.AppendAllText(path, "more\n");
        var changed = await ExpectAsync(watcher, "the completed file once changed");
        Assert.Equal(DropTriggers.CloseWrite, changed.Trigger);
        watcher.Complete(changed.FullPath);

        // Unknown or outside paths are harmless.
        watcher.Complete(Path.Combine(_outside, "nothing.txt"));
        watcher.Release(PathOf("station-a/../../outside/x.txt"));
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(0.5), "nothing new");
    }

    [Fact]
    public async Task Queue_overflow_triggers_a_rescan_at_once()
    {
        await using var watcher = await StartAsync(Quick(settleSeconds: 0.5, rescanSeconds: 600));
        var path = Write("station-a/a.txt");
        var first = await ExpectAsync(watcher, "the file");

        // Released: only a scan reports it again, and the next periodic one is 10 minutes away.
        watcher.Release(first.FullPath);
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1.5), "no scan due yet");

        watcher.SimulateQueueOverflow();
        var again = await ExpectAsync(watcher, "the file found by the overflow rescan");
        Assert.Equal(path, again.FullPath);
        Assert.Equal(DropTriggers.Rescan, again.Trigger);
    }

    [Fact]
    public async Task In_flight_set_is_bounded_and_deferred_files_come_later()
    {
        var options = Quick(settleSeconds: 0.5, rescanSeconds: 0.2) with { MaxInFlight = 2 };
        await using var watcher = await StartAsync(options);
        Write("station-a/1.txt");
        Write("station-a/2.txt");
        Write("station-a/3.txt");

        var files = await CollectAsync(watcher, TimeSpan.FromSeconds(2.5));
        Assert.Equal(2, files.Count);

        File.Delete(files[0].FullPath); // archived and deleted by the consumer
        watcher.Complete(files[0].FullPath);
        var third = await ExpectAsync(watcher, "the deferred file");
        Assert.DoesNotContain(third.FullPath, files.Select(f => f.FullPath));
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "two in flight again");
    }

    [Fact]
    public async Task Directories_beyond_the_watch_limit_are_polled()
    {
        Directory.CreateDirectory(PathOf("station-a"));
        var options = Quick(settleSeconds: 0.5, rescanSeconds: 60) with { PollInterval = TimeSpan.FromSeconds(0.3) };
        await using var watcher = Create(options);
        watcher.WatchBudget = 1; // the root only
        await watcher.StartAsync(CancellationToken.None);
        Assert.True(watcher.UsesInotify);
        Assert.True(watcher.IsWatched(_root));
        Assert.False(watcher.IsWatched(PathOf("station-a")));
        Assert.Equal(1, watcher.PolledDirectoryCount);

        var a = Write("station-a/a.txt");
        var file = await ExpectAsync(watcher, "the file in the polled directory");
        Assert.Equal(a, file.FullPath);
        Assert.Equal(DropTriggers.Rescan, file.Trigger);

        var b = Write("station-a/new/b.txt");
        var nested = await ExpectAsync(watcher, "the file in a new sub-directory of the polled directory");
        Assert.Equal(b, nested.FullPath);
        Assert.Equal(2, watcher.PolledDirectoryCount);
    }

    [Fact]
    public async Task Polling_reports_files_once_size_and_time_are_stable()
    {
        // Settle time well above the pause between writes, so a loaded CI machine cannot make a pause look like "stable".
        var options = Quick(settleSeconds: 3, rescanSeconds: 30) with { ForcePolling = true, PollInterval = TimeSpan.FromSeconds(0.2) };
        await using var watcher = await StartAsync(options);
        Assert.False(watcher.UsesInotify);

        var path = PathOf("station-a/polled.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            for (var i = 0; i < 10; i++)
            {
                stream.Write("0123456789\n"u8);
                stream.Flush(flushToDisk: true);
                var early = await NextAsync(watcher, TimeSpan.FromSeconds(0.25));
                Assert.True(early is null, $"reported while still growing: {early}");
            }
        }

        var closedAt = DateTime.UtcNow;
        var file = await ExpectAsync(watcher, "the stable file");
        Assert.Equal(path, file.FullPath);
        Assert.Equal(DropTriggers.Rescan, file.Trigger);
        Assert.True(file.DetectedAtUtc - closedAt >= TimeSpan.FromSeconds(2.5), "reported before it was stable for the settle time");
        await AssertQuietAsync(watcher, TimeSpan.FromSeconds(1), "already reported");
    }

    [Fact]
    public async Task Dispose_stops_promptly_and_completes_the_channel()
    {
        var watcher = await StartAsync(Quick());
        Write("station-a/a.txt");
        await ExpectAsync(watcher, "the file");

        var clock = Stopwatch.StartNew();
        await watcher.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"dispose took {clock.Elapsed}");
        await watcher.Files.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        await watcher.DisposeAsync(); // idempotent
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watcher.StartAsync(CancellationToken.None));

        var neverStarted = Create(Quick());
        await neverStarted.DisposeAsync();
    }

    [Fact]
    public async Task Cancelling_the_start_token_stops_the_watcher()
    {
        using var cts = new CancellationTokenSource();
        await using var watcher = Create(Quick());
        await watcher.StartAsync(cts.Token);
        await cts.CancelAsync();
        await watcher.Files.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Missing_root_fails_at_start()
    {
        await using var watcher = new DropFolderWatcher(Path.Combine(_temp, "missing"), Quick(), new TestLogger(_output));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => watcher.StartAsync(CancellationToken.None));
    }

    private sealed class TestLogger(ITestOutputHelper output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)} {exception}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished.
            }
        }
    }
}
