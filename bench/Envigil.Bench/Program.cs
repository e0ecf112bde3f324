using System.Diagnostics;
using Envigil.Bench;

// Benchmarks run in Release: dotnet run -c Release --project bench/Envigil.Bench [-- scenario ... [--option value ...]]
// Each scenario prints one line per variant: RESULT <scenario> key=value ...
#if DEBUG
Console.Error.WriteLine("warning: built in Debug; numbers are not representative (use -c Release)");
#endif
var scenarios = new Dictionary<string, Func<BenchArgs, Task>>(StringComparer.Ordinal)
{
    ["geo-locate"] = _ => GeoLocate.RunAsync(),
    ["ingest"] = Ingest.RunAsync,
    ["backfill"] = Backfill.RunAsync,
    ["latency"] = Latency.RunAsync,
    ["query"] = Query.RunAsync,
    ["compliance"] = ComplianceBench.RunAsync,
    ["hazards"] = Hazards.RunAsync,
    ["ui-station"] = UiStationBench.RunAsync,
    ["ui-map"] = UiMapBench.RunAsync,
};
var names = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
BenchArgs options;
try
{
    options = BenchArgs.Parse(args[names.Length..]);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 64;
}
var selected = names.Length == 0 ? scenarios.Keys.ToArray() : names;
foreach (var name in selected)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"unknown scenario '{name}'; known: {string.Join(", ", scenarios.Keys)}");
        return 64;
    }
    var watch = Stopwatch.StartNew();
    await run(options);
    Console.Error.WriteLine($"{name} took {watch.Elapsed.TotalSeconds:F1} s");
}
return 0;
