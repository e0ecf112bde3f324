using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;

namespace Envigil.Kernel.Geography;

public enum CommuneMatchKind
{
    /// <summary>Inside exactly one commune.</summary>
    Inside,
    /// <summary>Inside two overlapping (simplified) boundaries; the one the point is deepest in was chosen.</summary>
    Overlap,
    /// <summary>In a sliver between boundaries or just outside the province edge, within the tolerance.</summary>
    NearBoundary,
}

public sealed record CommuneMatch(string CommuneCode, CommuneMatchKind Kind, double DistanceMetres);

/// <summary>
/// Finds the commune a WGS84 point lies in. The shipped boundaries are simplified (about 20 m), which leaves
/// slivers between neighbours and small overlaps, so a point is matched by containment first and, failing that,
/// to the nearest boundary within a tolerance in metres.
/// </summary>
public sealed class CommuneLocator
{
    private readonly STRtree<Entry> _index = new();
    private readonly double _toleranceMetres;

    public CommuneLocator(IEnumerable<(string Code, Geometry Boundary)> communes, double toleranceMetres)
    {
        _toleranceMetres = toleranceMetres;
        foreach (var (code, boundary) in communes)
            _index.Insert(boundary.EnvelopeInternal, new Entry(code, boundary, PreparedGeometryFactory.Prepare(boundary)));
        _index.Build();
    }

    public int Count => _index.Count;

    public CommuneMatch? Locate(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude))
            return null;
        var point = new Point(longitude, latitude);
        var metresPerDegreeLongitude = MetresPerDegreeLatitude * Math.Cos(latitude * Math.PI / 180);
        var toleranceDegrees = _toleranceMetres / Math.Min(metresPerDegreeLongitude, MetresPerDegreeLatitude);
        var containing = _index.Query(point.EnvelopeInternal).Where(c => c.Prepared.Contains(point)).ToList();
        if (containing.Count == 1)
            return new CommuneMatch(containing[0].Code, CommuneMatchKind.Inside, 0);
        if (containing.Count > 1)
        {
            var deepest = containing.MaxBy(c => c.Boundary.Boundary.Distance(point))!;
            return new CommuneMatch(deepest.Code, CommuneMatchKind.Overlap, 0);
        }

        // In no polygon: a sliver between simplified neighbours, or just off the coast.
        var search = new Envelope(point.Coordinate);
        search.ExpandBy(toleranceDegrees);
        var candidates = _index.Query(search).Where(c => c.Boundary.IsWithinDistance(point, toleranceDegrees));

        Entry? nearest = null;
        var nearestMetres = double.PositiveInfinity;
        foreach (var candidate in candidates)
        {
            var closest = DistanceOp.NearestPoints(candidate.Boundary, point)[0];
            var metres = Math.Sqrt(
                Math.Pow((closest.X - longitude) * metresPerDegreeLongitude, 2) +
                Math.Pow((closest.Y - latitude) * MetresPerDegreeLatitude, 2));
            if (metres < nearestMetres)
            {
                nearest = candidate;
                nearestMetres = metres;
            }
        }
        return nearest is not null && nearestMetres <= _toleranceMetres
            ? new CommuneMatch(nearest.Code, CommuneMatchKind.NearBoundary, Math.Round(nearestMetres, 1))
            : null;
    }

    // Mean length of a degree of latitude near Vietnam's latitudes (8-23°N); an equirectangular approximation is
    // well inside the metre-level tolerance this lookup works to.
    private const double MetresPerDegreeLatitude = 110_600;

    private sealed record Entry(string Code, Geometry Boundary, IPreparedGeometry Prepared);
}
