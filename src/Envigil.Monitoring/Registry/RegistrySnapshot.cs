using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Monitoring.Registry;

/// <summary>
/// The registry as the reception pipeline needs it, in memory: stations by code, datastreams by station and
/// parameter, facilities by FTP account, and the province's extra parameter aliases. Replaced whole after every
/// registry change in this host and refreshed periodically for changes made by other hosts.
/// </summary>
public sealed class RegistrySnapshot
{
    private readonly Dictionary<string, Station> _stations;
    private readonly Dictionary<(string Station, string Parameter), Datastream> _datastreams;
    private readonly Dictionary<string, Facility> _facilitiesByAccount;
    private readonly Dictionary<string, Facility> _facilities;

    public RegistrySnapshot(IEnumerable<Facility> facilities, IEnumerable<Station> stations, IEnumerable<Datastream> datastreams, IEnumerable<ParameterAlias> aliases)
    {
        _facilities = facilities.ToDictionary(f => f.Id, StringComparer.Ordinal);
        _facilitiesByAccount = _facilities.Values.Where(f => !string.IsNullOrEmpty(f.FtpAccount)).ToDictionary(f => f.FtpAccount!, StringComparer.Ordinal);
        // File names do not always keep the case of the registered code; registration refuses codes that differ only by case.
        _stations = stations.GroupBy(s => s.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _datastreams = datastreams.ToDictionary(d => (d.StationCode.ToUpperInvariant(), d.ParameterCode), d => d);
        DatastreamsById = _datastreams.Values.ToDictionary(d => d.Id);
        Aliases = aliases.ToDictionary(a => a.Alias, a => a.ParameterCode, StringComparer.Ordinal);
    }

    public static readonly RegistrySnapshot Empty = new([], [], [], []);

    public IReadOnlyDictionary<string, string> Aliases { get; }

    public IReadOnlyDictionary<long, Datastream> DatastreamsById { get; }

    public IEnumerable<Station> Stations => _stations.Values;

    public Station? Station(string code) => _stations.GetValueOrDefault(code);

    public IEnumerable<Facility> Facilities => _facilities.Values;

    public Facility? Facility(string id) => _facilities.GetValueOrDefault(id);

    public Facility? FacilityByAccount(string account) => _facilitiesByAccount.GetValueOrDefault(account);

    public Datastream? Datastream(string stationCode, string parameterCode) =>
        _datastreams.GetValueOrDefault((stationCode.ToUpperInvariant(), parameterCode));

    /// <summary>
    /// The station a file name's key refers to: the whole key (e.g. <c>CM_F001_NT01</c>), or, for the four-part
    /// names <c>Province_Facility_Station_time</c>, the station part alone when only that is registered.
    /// </summary>
    public Station? StationForKey(string stationKey, string? stationPart) =>
        Station(stationKey) ?? (stationPart is not null ? Station(stationPart) : null);
}

/// <summary>Holds the current <see cref="RegistrySnapshot"/>.</summary>
public sealed class RegistryCache(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile RegistrySnapshot? _current;
    private DateTime _loadedAtUtc;

    public async Task<RegistrySnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } current && time.GetUtcNow().UtcDateTime - _loadedAtUtc < MaxAge)
            return current;
        return await ReloadAsync(cancellationToken);
    }

    public async Task<RegistrySnapshot> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            var snapshot = new RegistrySnapshot(
                await db.Facilities.AsNoTracking().ToListAsync(cancellationToken),
                await db.Stations.AsNoTracking().ToListAsync(cancellationToken),
                await db.Datastreams.AsNoTracking().ToListAsync(cancellationToken),
                await db.ParameterAliases.AsNoTracking().ToListAsync(cancellationToken));
            _current = snapshot;
            _loadedAtUtc = time.GetUtcNow().UtcDateTime;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}
