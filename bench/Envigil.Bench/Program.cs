using System.Diagnostics;
using Envigil.Bench;

// Benchmarks run in Release: dotnet run -c Release --project bench/Envigil.Bench [-- scenario ...]
// Each scenario prints one line: RESULT <scenario> key=value ...
#if DEBUG
Console.Error.WriteLine("warning: built in Debug; numbers are not representative (use -c Release)");
#endif
var scenarios = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
{
    ["geo-locate"] = GeoLocate.RunAsync,
};
var selected = args.Length == 0 ? scenarios.Keys.ToArray() : args;
foreach (var name in selected)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"unknown scenario '{name}'; known: {string.Join(", ", scenarios.Keys)}");
        return 64;
    }
    var watch = Stopwatch.StartNew();
    await run();
    Console.Error.WriteLine($"{name} took {watch.Elapsed.TotalSeconds:F1} s");
}
return 0;
