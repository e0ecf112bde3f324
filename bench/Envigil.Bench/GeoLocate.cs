using System.Diagnostics;
using System.Globalization;
using Envigil.Kernel.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Envigil.Bench;

/// <summary>
/// Point → commune lookup for the demo province (64 communes), the operation every station, household and citizen
/// report goes through. Baseline: the bare physical work, an STR-tree of prepared polygons answering containment
/// only; ours adds the sliver tolerance (nearest boundary within 250 m when no polygon contains the point).
/// </summary>
public static class GeoLocate
{
    public static Task RunAsync()
    {
        var boundaries = AdminUnitSource.CommuneBoundaries("96");
        var locator = new CommuneLocator(boundaries.Select(b => (b.Key, b.Value.Boundary)), toleranceMetres: 250);

        var baseline = new STRtree<(string Code, IPreparedGeometry Prepared)>();
        foreach (var (code, (boundary, _)) in boundaries)
            baseline.Insert(boundary.EnvelopeInternal, (code, PreparedGeometryFactory.Prepare(boundary)));
        baseline.Build();

        // Random points over the province's bounding box: most fall inside a commune, some in the sea nearby.
        var envelope = new Envelope();
        foreach (var b in boundaries.Values)
            envelope.ExpandToInclude(b.Boundary.EnvelopeInternal);
        var random = new Random(20261125);
        const int count = 200_000;
        var points = new (double Lat, double Lon)[count];
        for (var i = 0; i < count; i++)
            points[i] = (envelope.MinY + random.NextDouble() * envelope.Height, envelope.MinX + random.NextDouble() * envelope.Width);

        // Warm up both paths.
        for (var i = 0; i < 5_000; i++)
        {
            locator.Locate(points[i].Lat, points[i].Lon);
            BaselineLocate(baseline, points[i].Lat, points[i].Lon);
        }

        var watch = Stopwatch.StartNew();
        var oursFound = 0;
        foreach (var (lat, lon) in points)
            if (locator.Locate(lat, lon) is not null)
                oursFound++;
        var ours = watch.Elapsed;

        watch.Restart();
        var baselineFound = 0;
        foreach (var (lat, lon) in points)
            if (BaselineLocate(baseline, lat, lon) is not null)
                baselineFound++;
        var bare = watch.Elapsed;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT geo-locate points={count} communes={boundaries.Count} ours_per_s={count / ours.TotalSeconds:F0} baseline_per_s={count / bare.TotalSeconds:F0} " +
            $"ours_over_baseline={ours.TotalSeconds / bare.TotalSeconds:F2} found_ours={oursFound} found_baseline={baselineFound}"));
        return Task.CompletedTask;
    }

    private static string? BaselineLocate(STRtree<(string Code, IPreparedGeometry Prepared)> index, double lat, double lon)
    {
        var point = new Point(lon, lat);
        foreach (var candidate in index.Query(point.EnvelopeInternal))
            if (candidate.Prepared.Contains(point))
                return candidate.Code;
        return null;
    }
}
