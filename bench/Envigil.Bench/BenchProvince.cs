using System.Text;
using Envigil.Kernel.Audit;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Envigil.Monitoring.Simulation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Bench;

/// <summary>A registered benchmark station: the demo station it copies, its facility's FTP account and its datastream ids.</summary>
public sealed record BenchStation(DemoStation Demo, string Account, IReadOnlyDictionary<string, long> DatastreamIds)
{
    public string Code => Demo.Code;

    public SenderScope Sender => new(Account, ReceptionChannels.DropFolder, FacilityId: Demo.FacilityId);

    /// <summary>The datastream of the first line of every file: when its latest value reaches a file's time, the file is readable.</summary>
    public long FirstDatastreamId => DatastreamIds[Demo.Simulation.Parameters[0].Code];
}

/// <summary>
/// A province bigger than the demo one: N facilities with one station each, copied round-robin from the demo
/// stations that measure 8 parameters every 5 minutes (wastewater with N and P, stacks, ambient air), with their
/// parameters, ranges and misbehaviours (exceedances, calibrations, faults, outages with resends, a stuck sensor),
/// so the files are what StationSimulator writes for the demo. Registered straight through the DbContext in bulk, as
/// the demo registry is (the registry API audits every row and reloads the cache after each, too slow for 2,000 stations).
/// </summary>
public static class BenchProvince
{
    /// <summary>A fixed start (Vietnam midnight, 1 March 2025) so every run generates the same files.</summary>
    public static readonly DateTime StartUtc = new(2025, 2, 28, 17, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<DemoStation> Templates { get; } = DemoProvince.Stations
        .Where(s => s.Simulation.Parameters.Count == 8 && s.Simulation.CadenceSeconds == 300)
        .ToList();

    /// <param name="clean">Drop the misbehaviours (every file on time, once), e.g. to follow each file to the read path.</param>
    public static async Task<IReadOnlyList<BenchStation>> RegisterAsync(IServiceProvider services, int count, bool clean = false)
    {
        var now = DateTime.UtcNow;
        var stations = new List<(DemoStation Demo, DemoFacility Facility)>(count);
        for (var i = 1; i <= count; i++)
        {
            var template = Templates[(i - 1) % Templates.Count];
            var suffix = template.Kind switch
            {
                StationKind.Wastewater => "NT01",
                StationKind.StackEmission => "KT01",
                _ => "KK01",
            };
            var facility = new DemoFacility($"BN-F{i:0000}", $"Cơ sở benchmark {i:0000}", null, null, template.CommuneCode, null, false, null, null, false,
                null, null, $"b{i:0000}", template.Latitude, template.Longitude);
            var simulation = template.Simulation with
            {
                Code = $"BN_F{i:0000}_{suffix}",
                Behaviour = clean ? null : template.Simulation.Behaviour,
            };
            // Spread the points a little so 2,000 stations do not sit on 16 spots of the map.
            var demo = new DemoStation(simulation, $"Trạm benchmark {i:0000}", facility.Id, template.CommuneCode,
                template.Latitude + (i % 40) * 0.0005, template.Longitude + (i / 40 % 40) * 0.0005);
            stations.Add((demo, facility));
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            using (AuditInterceptor.SuppressPerEntityEntries())
            {
                db.Facilities.AddRange(stations.Select(s => s.Facility.ToFacility(now)));
                await db.SaveChangesAsync();
                db.Stations.AddRange(stations.Select(s => s.Demo.ToStation(now)));
                await db.SaveChangesAsync();
                db.Datastreams.AddRange(stations.SelectMany(s => s.Demo.ToDatastreams()));
                await db.SaveChangesAsync();
            }
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            var ids = (await db.Datastreams.AsNoTracking().Where(d => d.StationCode.StartsWith("BN_")).ToListAsync())
                .GroupBy(d => d.StationCode)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(d => d.ParameterCode, d => d.Id), StringComparer.Ordinal);
            await services.GetRequiredService<RegistryCache>().ReloadAsync();
            return stations.Select(s => new BenchStation(s.Demo, s.Facility.FtpAccount!, ids[s.Demo.Code])).ToList();
        }
    }

    /// <summary>The files every station delivers in [from, to), in delivery order, as a datalogger sends them.</summary>
    public static List<(BenchStation Station, SimulatedFile File)> FilesBetween(IReadOnlyList<BenchStation> stations, DateTime fromUtc, DateTime toUtc) =>
        stations
            .SelectMany(s => StationSimulator.FilesBetween(s.Demo.Simulation, fromUtc, toUtc, DemoProvince.Seed).Select(f => (s, f)))
            .OrderBy(x => x.f.DeliverAtUtc)
            .ToList();

    public static IncomingFile Incoming(BenchStation station, SimulatedFile file) =>
        new(file.FileName, Encoding.UTF8.GetBytes(file.Content), station.Sender);

    public static int LineCount(SimulatedFile file) => file.Content.Count(c => c == '\n');
}
