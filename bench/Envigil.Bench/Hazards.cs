using System.Diagnostics;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace Envigil.Bench;

/// <summary>
/// The warning join: which households lie in a warning's area. 500,000 households spread uniformly over the demo
/// province (Cà Mau), then two warning areas: the province's own boundary (every household) and a box over about a
/// tenth of it. Ours: <see cref="AffectedArea.SummariseAsync"/> (households, people and vulnerable people per commune,
/// what issuing a warning computes), the same restricted to households whose relocation is planned (one in 20; what the
/// response dashboard reads below the evacuate-everyone level) and the first page of the affected list, each in a new scope like a request.
/// Baseline, the physical floor: SQLite, reading the same rows and testing each point against the prepared polygon in a
/// plain loop; PostgreSQL, a bare <c>SELECT count(*)</c> of the rows (no geometry at all) and the same ST_Covers count.
/// Options: --households 500000 --runs 3 --provider sqlite|postgres|all.
/// </summary>
public static class Hazards
{
    public static async Task RunAsync(BenchArgs args)
    {
        var count = args.Int("households", 500_000);
        var runs = args.Int("runs", 3);
        var province = AdminUnitSource.ProvinceBoundary("96")!.Value.Boundary;
        var communes = AdminUnitSource.CommuneBoundaries("96");
        var locator = new CommuneLocator(communes.Select(c => (c.Key, c.Value.Boundary)), 250);
        var households = Generate(count, province, locator);
        var envelope = province.EnvelopeInternal;
        var side = Math.Sqrt(0.1);
        var tenth = new GeometryFactory(new PrecisionModel(), 4326).ToGeometry(new Envelope(
            envelope.Centre.X - envelope.Width * side / 2, envelope.Centre.X + envelope.Width * side / 2,
            envelope.Centre.Y - envelope.Height * side / 2, envelope.Centre.Y + envelope.Height * side / 2));
        province.SRID = 4326;

        foreach (var provider in args.Providers("hazards"))
        {
            var load = BenchMachine.LoadAverage();
            await using var host = await BenchHost.StartAsync(provider, dropFolderEnabled: false);
            var insert = Stopwatch.StartNew();
            await InsertAsync(host, households);
            var insertSeconds = insert.Elapsed.TotalSeconds;
            if (provider == DatabaseProvider.Postgres)
                await host.ExecuteAsync("ANALYZE hazards.households");

            foreach (var (name, area) in new[] { ("province", province), ("tenth", tenth) })
            {
                var warningArea = new WarningArea(area, []);
                var summary = await TimeAsync(host, runs, async affected => (await affected.SummariseAsync(warningArea, null, default)).Sum(c => c.Households));
                var page = await TimeAsync(host, runs, async affected => (await affected.PageAsync(warningArea, null, null, 200, default)).Count);
                var (baselineMs, baselineFound, bareMs) = await BaselineAsync(host, area, runs);
                // The response dashboard below the evacuate-everyone level: the same join, only households whose relocation is planned or in progress.
                var relocating = await TimeAsync(host, runs, async affected => (await affected.SummariseAsync(warningArea, null, default,
                    [Envigil.Hazards.Registers.RelocationStatus.Planned, Envigil.Hazards.Registers.RelocationStatus.InProgress])).Sum(c => c.Households));
                BenchResult.Write("hazards",
                    ("provider", host.Name), ("households", count), ("area", name), ("affected", summary.Result), ("summary_ms", summary.MedianMs),
                    ("households_per_s", summary.Result / (summary.MedianMs / 1000)), ("first_page_ms", page.MedianMs),
                    ("baseline_ms", baselineMs), ("baseline_affected", baselineFound), ("ours_over_baseline", summary.MedianMs / baselineMs),
                    ("bare_scan_ms", bareMs), ("relocating", relocating.Result), ("relocating_summary_ms", relocating.MedianMs), ("insert_s", insertSeconds), ("load", load));
            }
        }
    }

    private readonly record struct Row(double Lon, double Lat, string Commune, int Members, int Elderly, int Children, string Relocation);

    private static Row[] Generate(int count, Geometry province, CommuneLocator locator)
    {
        var random = new Random(20261126);
        var prepared = PreparedGeometryFactory.Prepare(province);
        var e = province.EnvelopeInternal;
        var rows = new Row[count];
        for (var i = 0; i < count;)
        {
            var lon = e.MinX + random.NextDouble() * e.Width;
            var lat = e.MinY + random.NextDouble() * e.Height;
            if (!prepared.Contains(new Point(lon, lat)) || locator.Locate(lat, lon) is not { } commune)
                continue;
            rows[i++] = new Row(lon, lat, commune.CommuneCode, 1 + random.Next(7), random.Next(3), random.Next(3), random.Next(20) == 0 ? "Planned" : "NotNeeded");
        }
        BenchResult.Progress($"generated {count} households");
        return rows;
    }

    private static async Task InsertAsync(BenchHost host, Row[] rows)
    {
        var now = DateTime.UtcNow;
        await using var connection = await host.Database.OpenConnectionAsync();
        if (connection is NpgsqlConnection pg)
        {
            await using var writer = await pg.BeginBinaryImportAsync(
                "COPY hazards.households (commune_code, head_name, address, latitude, longitude, members, elderly, children, relocation, updated_by, updated_at_utc) FROM STDIN (FORMAT BINARY)");
            foreach (var r in rows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(r.Commune, NpgsqlDbType.Text);
                await writer.WriteAsync("Hộ thử", NpgsqlDbType.Text);
                await writer.WriteAsync("Ấp thử", NpgsqlDbType.Text);
                await writer.WriteAsync(r.Lat, NpgsqlDbType.Double);
                await writer.WriteAsync(r.Lon, NpgsqlDbType.Double);
                await writer.WriteAsync(r.Members, NpgsqlDbType.Integer);
                await writer.WriteAsync(r.Elderly, NpgsqlDbType.Integer);
                await writer.WriteAsync(r.Children, NpgsqlDbType.Integer);
                await writer.WriteAsync(r.Relocation, NpgsqlDbType.Text);
                await writer.WriteAsync("bench", NpgsqlDbType.Text);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO hazards_households (commune_code, head_name, address, latitude, longitude, members, elderly, children, relocation, updated_by, updated_at_utc) " +
                                  "VALUES ($c, 'Hộ thử', 'Ấp thử', $lat, $lon, $m, $e, $k, $r, 'bench', $t)";
            var parameters = new[] { "$c", "$lat", "$lon", "$m", "$e", "$k", "$t", "$r" }.Select(n =>
            {
                var p = command.CreateParameter();
                p.ParameterName = n;
                command.Parameters.Add(p);
                return p;
            }).ToArray();
            parameters[6].Value = now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            await command.PrepareAsync();
            foreach (var r in rows)
            {
                parameters[0].Value = r.Commune;
                parameters[1].Value = r.Lat;
                parameters[2].Value = r.Lon;
                parameters[3].Value = r.Members;
                parameters[4].Value = r.Elderly;
                parameters[5].Value = r.Children;
                parameters[7].Value = r.Relocation;
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        BenchResult.Progress($"inserted {rows.Length} households ({host.Name})");
    }

    private static async Task<(double MedianMs, int Result)> TimeAsync(BenchHost host, int runs, Func<AffectedArea, Task<int>> action)
    {
        var times = new List<double>();
        var result = 0;
        for (var i = 0; i <= runs; i++) // the first run warms up and is not counted
        {
            await using var scope = host.Services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            result = await action(scope.ServiceProvider.GetRequiredService<AffectedArea>());
            if (i > 0)
                times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (BenchResult.Percentile(times, 50), result);
    }

    /// <summary>The floor: the same rows read and tested with nothing else (SQLite), or PostgreSQL's own bare count and spatial count.</summary>
    private static async Task<(double Ms, int Found, double BareMs)> BaselineAsync(BenchHost host, Geometry area, int runs)
    {
        var times = new List<double>();
        var bare = new List<double>();
        var found = 0;
        for (var i = 0; i <= runs; i++)
        {
            await using var connection = await host.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            var watch = Stopwatch.StartNew();
            if (connection is NpgsqlConnection)
            {
                command.CommandText = "SELECT count(*) FROM hazards.households";
                await command.ExecuteScalarAsync();
                var bareMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                command.CommandText = "SELECT count(*) FROM hazards.households WHERE ST_Covers(ST_GeomFromWKB(@area, 4326), location)";
                var p = command.CreateParameter();
                p.ParameterName = "area";
                p.Value = new WKBWriter().Write(area);
                command.Parameters.Add(p);
                found = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                if (i > 0)
                {
                    bare.Add(bareMs);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            else
            {
                var prepared = PreparedGeometryFactory.Prepare(area);
                command.CommandText = "SELECT longitude, latitude FROM hazards_households";
                await using var reader = await command.ExecuteReaderAsync();
                var n = 0;
                var read = 0;
                while (await reader.ReadAsync())
                {
                    read++;
                    if (prepared.Covers(new Point(reader.GetDouble(0), reader.GetDouble(1))))
                        n++;
                }
                found = n;
                if (i > 0)
                    times.Add(watch.Elapsed.TotalMilliseconds);
                bare.Add(0);
            }
        }
        return (BenchResult.Percentile(times, 50), found, BenchResult.Percentile(bare, 50));
    }
}
