using System.Data.Common;
using Envigil.Hazards.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace Envigil.Hazards.Warnings;

/// <summary>A household inside a warning's area, with what the commune needs to reach it.</summary>
public sealed record AffectedHousehold(long Id, string CommuneCode, string HeadName, string Address, string? Phone, double Latitude, double Longitude,
    int Members, int Elderly, int Disabled, int Children, int Pregnant)
{
    public int Vulnerable => Elderly + Disabled + Children + Pregnant;
}

public sealed record CommuneImpact(string CommuneCode, int Households, int People, int Vulnerable);

/// <summary>What a warning's area is: a polygon, or (when there is none) a list of communes.</summary>
public sealed record WarningArea(Geometry? Polygon, IReadOnlyCollection<string> Communes);

/// <summary>
/// The spatial join of a warning's area with the household register. PostgreSQL: <c>ST_Covers</c> over the GiST index
/// of the generated point. SQLite: the rows inside the area's bounding box (index on longitude, latitude) are tested in
/// process against an indexed point-in-area locator (an interval tree over the polygon's edges: no per-row allocation).
/// A household on the boundary counts as inside.
/// </summary>
public sealed class AffectedArea(HazardsDb db)
{
    /// <summary>Households, people and vulnerable people per commune.</summary>
    /// <param name="relocation">Only households with one of these relocation statuses (null: all).</param>
    public async Task<IReadOnlyList<CommuneImpact>> SummariseAsync(WarningArea area, IReadOnlySet<string>? scope, CancellationToken ct,
        IReadOnlyCollection<Registers.RelocationStatus>? relocation = null)
    {
        var totals = new Dictionary<string, (int Households, int People, int Vulnerable)>(StringComparer.Ordinal);
        if (db.Database.IsNpgsql())
        {
            var sql = $"SELECT commune_code, count(*)::int, coalesce(sum(members), 0)::int, coalesce(sum(elderly + disabled + children + pregnant), 0)::int FROM hazards.households WHERE {PostgresFilter(area, scope)}{(relocation is null ? "" : " AND relocation = ANY(@relocation)")} GROUP BY commune_code";
            try
            {
                await using var reader = await ExecuteAsync(sql, area, scope, null, null, ct, relocation);
                while (await reader.ReadAsync(ct))
                    totals[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        else
        {
            await foreach (var h in ScanSqliteAsync(area, scope, afterId: null, withDetails: false, ct, relocation))
            {
                var t = totals.GetValueOrDefault(h.CommuneCode);
                totals[h.CommuneCode] = (t.Households + 1, t.People + h.Members, t.Vulnerable + h.Vulnerable);
            }
        }
        return totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new CommuneImpact(t.Key, t.Value.Households, t.Value.People, t.Value.Vulnerable)).ToList();
    }

    /// <summary>One page of affected households in id order (keyset: after the last id of the previous page).</summary>
    public async Task<IReadOnlyList<AffectedHousehold>> PageAsync(WarningArea area, IReadOnlySet<string>? scope, long? afterId, int limit, CancellationToken ct)
    {
        var page = new List<AffectedHousehold>(limit);
        if (db.Database.IsNpgsql())
        {
            var sql = $"SELECT {Columns} FROM hazards.households WHERE {PostgresFilter(area, scope)} AND id > @after ORDER BY id LIMIT @limit";
            try
            {
                await using var reader = await ExecuteAsync(sql, area, scope, afterId ?? 0, limit, ct);
                while (await reader.ReadAsync(ct))
                    page.Add(Read(reader, true));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return page;
        }
        await foreach (var h in ScanSqliteAsync(area, scope, afterId ?? 0, withDetails: true, ct))
        {
            page.Add(h);
            if (page.Count == limit)
                break;
        }
        return page;
    }

    private const string Columns = "id, commune_code, longitude, latitude, members, elderly, disabled, children, pregnant, head_name, address, phone";

    private static AffectedHousehold Read(DbDataReader r, bool details) => new(r.GetInt64(0), r.GetString(1),
        details ? r.GetString(9) : "", details ? r.GetString(10) : "", details && !r.IsDBNull(11) ? r.GetString(11) : null,
        r.GetDouble(3), r.GetDouble(2), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8));

    private static string PostgresFilter(WarningArea area, IReadOnlySet<string>? scope) =>
        (area.Polygon is not null ? "ST_Covers(ST_GeomFromWKB(@area, 4326), location)" : "commune_code = ANY(@communes)")
        + (scope is null ? "" : " AND commune_code = ANY(@scope)");

    private async Task<DbDataReader> ExecuteAsync(string sql, WarningArea area, IReadOnlySet<string>? scope, long? after, int? limit, CancellationToken ct,
        IReadOnlyCollection<Registers.RelocationStatus>? relocation = null)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        if (area.Polygon is not null)
            command.Parameters.AddWithValue("area", new WKBWriter().Write(area.Polygon));
        else
            command.Parameters.AddWithValue("communes", area.Communes.ToArray());
        if (scope is not null)
            command.Parameters.AddWithValue("scope", scope.ToArray());
        if (relocation is not null)
            command.Parameters.AddWithValue("relocation", relocation.Select(r => r.ToString()).ToArray());
        if (after is { } a)
            command.Parameters.AddWithValue("after", a);
        if (limit is { } l)
            command.Parameters.AddWithValue("limit", l);
        return await command.ExecuteReaderAsync(ct);
    }

    /// <summary>
    /// SQLite is in process and its reads are synchronous underneath: a plain loop over the reader. The summary reads the
    /// covering position index over the bounding box; a page walks the rows in id order ("+longitude" keeps SQLite off
    /// the position index, which would sort every candidate by id before returning the first page).
    /// </summary>
    private async IAsyncEnumerable<AffectedHousehold> ScanSqliteAsync(WarningArea area, IReadOnlySet<string>? scope, long? afterId, bool withDetails,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, IReadOnlyCollection<Registers.RelocationStatus>? relocation = null)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            var where = new List<string>();
            IPointOnGeometryLocator? locator = null;
            var longitude = afterId is null ? "longitude" : "+longitude";
            if (area.Polygon is { } polygon)
            {
                var e = polygon.EnvelopeInternal;
                where.Add($"{longitude} BETWEEN $x0 AND $x1 AND latitude BETWEEN $y0 AND $y1");
                Add(command, "$x0", e.MinX);
                Add(command, "$x1", e.MaxX);
                Add(command, "$y0", e.MinY);
                Add(command, "$y1", e.MaxY);
                locator = new IndexedPointInAreaLocator(polygon);
            }
            else
            {
                where.Add($"commune_code IN ({Placeholders(command, "$c", area.Communes)})");
            }
            if (scope is not null)
                where.Add($"commune_code IN ({Placeholders(command, "$s", scope)})");
            if (relocation is not null)
                where.Add($"relocation IN ({Placeholders(command, "$r", relocation.Select(r => r.ToString()))})");
            if (afterId is { } after)
            {
                where.Add("id > $after");
                Add(command, "$after", after);
            }
            var columns = withDetails ? Columns : "id, commune_code, longitude, latitude, members, elderly, disabled, children, pregnant";
            command.CommandText = $"SELECT {columns} FROM hazards_households WHERE {string.Join(" AND ", where)}" + (afterId is null ? "" : " ORDER BY id");
            using var reader = command.ExecuteReader();
            var coordinate = new Coordinate();
            while (reader.Read())
            {
                ct.ThrowIfCancellationRequested();
                if (locator is not null)
                {
                    coordinate.X = reader.GetDouble(2);
                    coordinate.Y = reader.GetDouble(3);
                    if (locator.Locate(coordinate) == Location.Exterior)
                        continue;
                }
                yield return Read(reader, withDetails);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static string Placeholders(DbCommand command, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count}";
            Add(command, name, value);
            names.Add(name);
        }
        return names.Count == 0 ? "NULL" : string.Join(", ", names);
    }
}
