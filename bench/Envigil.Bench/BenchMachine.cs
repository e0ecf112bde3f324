using System.Diagnostics;

namespace Envigil.Bench;

/// <summary>What the machine was doing around a measurement.</summary>
public static class BenchMachine
{
    /// <summary>The 1-minute load average (Linux), to tell a quiet machine from a busy one in the results.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public static (long Files, long Bytes) FolderSize(string path)
    {
        if (!Directory.Exists(path))
            return (0, 0);
        long files = 0, bytes = 0;
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            files++;
            bytes += file.Length;
        }
        return (files, bytes);
    }
}

/// <summary>Samples the working set and the GC heap of this process every 200 ms, for the peak during one run.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakWorkingSet;
    private long _peakHeap;

    private MemorySampler()
    {
        _sampling = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                Sample(process);
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            Sample(process);
        });
    }

    public static MemorySampler Start() => new();

    private void Sample(Process process)
    {
        process.Refresh();
        _peakWorkingSet = Math.Max(_peakWorkingSet, process.WorkingSet64);
        _peakHeap = Math.Max(_peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    public (long WorkingSet, long Heap) Peaks()
    {
        _stop.Cancel();
        _sampling.Wait();
        return (_peakWorkingSet, _peakHeap);
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
            Peaks();
        _stop.Dispose();
    }
}
