using System.Globalization;
using Envigil.Monitoring.Simulation;

namespace Envigil.Host.Cli;

/// <summary>
/// <c>simulate --out DIR [--from 2026-11-25T08:00] [--to 2026-11-25T09:00] [--station CODE]... [--live]</c>: writes the
/// demo province's datalogger files (Circular 10/2021 format) into DIR/&lt;ftp account&gt;/ exactly as an FTP server
/// would, for the given window (Vietnam time; default the last hour), then, with --live, keeps writing as time
/// passes until Ctrl+C. Point Envigil:Monitoring:DropFolder at DIR to receive them.
/// </summary>
public static class SimulateCommand
{
    private const string Usage = "usage: simulate --out DIR [--from yyyy-MM-ddTHH:mm] [--to yyyy-MM-ddTHH:mm] [--station CODE]... [--live]\n" +
                                 "       times are Vietnam local time; default window: the last hour";

    public static async Task<int> RunAsync(string[] args)
    {
        string? output = null;
        DateTime? from = null, to = null;
        var stations = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var live = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--from" when i + 1 < args.Length && TryLocal(args[i + 1], out var f):
                    from = f;
                    i++;
                    break;
                case "--to" when i + 1 < args.Length && TryLocal(args[i + 1], out var t):
                    to = t;
                    i++;
                    break;
                case "--station" when i + 1 < args.Length:
                    stations.Add(args[++i]);
                    break;
                case "--live":
                    live = true;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 64;
            }
        }
        if (output is null || (from is { } a && to is { } b && a >= b))
        {
            Console.Error.WriteLine(Usage);
            return 64;
        }
        var selected = DemoProvince.Stations.Where(s => stations.Count == 0 || stations.Contains(s.Code)).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"envigil: no demo station matches; known: {string.Join(", ", DemoProvince.Stations.Select(s => s.Code))}");
            return 64;
        }

        var now = DateTime.UtcNow;
        var windowTo = to ?? now;
        var windowFrom = from ?? windowTo.AddHours(-1);
        var written = await WriteAsync(output, selected, windowFrom, windowTo, CancellationToken.None);
        Console.WriteLine($"Wrote {written} files for {selected.Count} stations into {Path.GetFullPath(output)}.");
        if (!live)
            return 0;

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var cursor = windowTo;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
                var next = DateTime.UtcNow;
                written = await WriteAsync(output, selected, cursor, next, stop.Token);
                if (written > 0)
                    Console.WriteLine($"{Kernel.Time.VietnamTime.FormatDateTime(next)}: {written} files");
                cursor = next;
            }
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static async Task<int> WriteAsync(string output, List<DemoStation> stations, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var station in stations)
        {
            var account = station.FacilityId is null ? "network" : DemoProvince.Facilities.Single(f => f.Id == station.FacilityId).FtpAccount!;
            foreach (var file in StationSimulator.FilesBetween(station.Simulation, fromUtc, toUtc, DemoProvince.Seed))
            {
                await DemoStationFeed.WriteToDropFolderAsync(output, account, file, cancellationToken);
                count++;
            }
        }
        return count;
    }

    private static bool TryLocal(string text, out DateTime utc)
    {
        var ok = DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local);
        utc = ok ? Kernel.Time.VietnamTime.ToUtc(local) : default;
        return ok;
    }
}
