using Envigil.Kernel.Time;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// The regulation catalogue in force: the newest one an admin saved, or the embedded one. Cached; every change of
/// the catalogue, a limit basis or a permit limit bumps <see cref="Version"/>, which empties the limit cache.
/// </summary>
public sealed class ComplianceCatalogue(IServiceScopeFactory scopes, Registry.RegistryCache registry)
{
    /// <summary>Largest catalogue accepted from an admin (the embedded one is ~60 kB).</summary>
    public const int MaxJsonBytes = 2 * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (RegulationCatalogue Catalogue, long? RowId)? _current;
    private readonly Dictionary<(string Facility, RegulatedMedium Medium, DateOnly Day), EffectiveLimitSet?> _limits = [];
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public async Task<(RegulationCatalogue Catalogue, long? RowId)> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
            return current;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again)
                return again;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
            var row = await db.RegulationCatalogues.AsNoTracking().OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            var loaded = row is null ? null : RegulationCatalogue.Parse(row.Json).Catalogue;
            _current = loaded is null ? (RegulationCatalogue.Embedded, null) : (loaded, row!.Id);
            return _current.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A facility's effective limits for one medium on a Vietnam day, or null when no limit basis is set. Cached until something changes.</summary>
    public async Task<EffectiveLimitSet?> LimitsAsync(string facilityId, RegulatedMedium medium, DateOnly day, CancellationToken cancellationToken)
    {
        // Design flows (Kf, Kp) live in the registry: a new registry snapshot (after an edit, or every 30 s) empties the cache.
        var snapshot = await registry.GetAsync(cancellationToken);
        if (!ReferenceEquals(snapshot, _registrySeen))
        {
            _registrySeen = snapshot;
            InvalidateLimits();
        }
        lock (_limits)
        {
            if (_limits.TryGetValue((facilityId, medium, day), out var cached))
                return cached;
        }
        var version = Version;
        var (catalogue, _) = await CurrentAsync(cancellationToken);
        var bases = await BasesAsync(version, cancellationToken);
        var set = bases.TryGetValue((facilityId, medium), out var basis) ? EffectiveLimits.Compute(catalogue, basis, day) : null;
        lock (_limits)
        {
            if (version == Version)
            {
                if (_limits.Count > 10_000)
                    _limits.Clear();
                _limits[(facilityId, medium, day)] = set;
            }
        }
        return set;
    }

    private (long Version, Dictionary<(string, RegulatedMedium), LimitBasis> Bases)? _bases;
    private Registry.RegistrySnapshot? _registrySeen;

    /// <summary>Every facility's limit bases in three queries, kept until something changes (a cold cache must not cost a query per facility).</summary>
    private async Task<Dictionary<(string, RegulatedMedium), LimitBasis>> BasesAsync(long version, CancellationToken cancellationToken)
    {
        if (_bases is { } known && known.Version == version)
            return known.Bases;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        var rows = await db.LimitBases.AsNoTracking().ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.FacilityId).Distinct().ToList();
        var facilities = await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id))
            .Select(f => new { f.Id, f.DesignWastewaterM3PerDay, f.DesignEmissionM3PerHour }).ToDictionaryAsync(f => f.Id, cancellationToken);
        var permits = (await db.PermitLimits.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(p => (p.FacilityId, p.Medium));
        var bases = new Dictionary<(string, RegulatedMedium), LimitBasis>();
        foreach (var row in rows.Where(r => facilities.ContainsKey(r.FacilityId)))
        {
            var facility = facilities[row.FacilityId];
            bases[(row.FacilityId, row.Medium)] = new LimitBasis(row.RegulationId, row.RegulationColumn, row.PermittedOn, row.SuccessorColumn, row.ReceivingWater,
                facility.DesignWastewaterM3PerDay, facility.DesignEmissionM3PerHour, row.EmissionZone, row.SizeClass, row.Scope, row.SuccessorScope,
                permits[(row.FacilityId, row.Medium)].OrderBy(p => p.ParameterCode).Select(p => new PermitLimit(p.ParameterCode, p.LowerBound, p.UpperBound, p.Unit, p.Source)).ToList());
        }
        if (version == Version)
            _bases = (version, bases);
        return bases;
    }

    /// <summary>Something limits depend on changed: forget every cached catalogue and limit.</summary>
    public void Invalidate()
    {
        _current = null;
        InvalidateLimits();
    }

    private void InvalidateLimits()
    {
        Interlocked.Increment(ref _version);
        lock (_limits)
            _limits.Clear();
        _bases = null;
    }
}

/// <summary>A facility's limit basis, permit limits and effective limits as an officer edits and reads them.</summary>
public sealed class LimitService(MonitoringDb db, ComplianceCatalogue catalogue, TimeProvider time)
{
    /// <summary>The medium a station's data is judged as: wastewater stations by wastewater regulations, stacks by emission ones; none for ambient stations.</summary>
    public static RegulatedMedium? MediumOf(Registry.StationKind kind) => kind switch
    {
        Registry.StationKind.Wastewater => RegulatedMedium.Wastewater,
        Registry.StationKind.StackEmission => RegulatedMedium.Emission,
        _ => null,
    };

    public static async Task<LimitBasis?> BasisAsync(MonitoringDb db, string facilityId, RegulatedMedium medium, CancellationToken cancellationToken)
    {
        var row = await db.LimitBases.AsNoTracking().FirstOrDefaultAsync(b => b.FacilityId == facilityId && b.Medium == medium, cancellationToken);
        if (row is null)
            return null;
        var facility = await db.Facilities.AsNoTracking().FirstAsync(f => f.Id == facilityId, cancellationToken);
        var permits = await db.PermitLimits.AsNoTracking().Where(p => p.FacilityId == facilityId && p.Medium == medium).OrderBy(p => p.ParameterCode).ToListAsync(cancellationToken);
        return new LimitBasis(row.RegulationId, row.RegulationColumn, row.PermittedOn, row.SuccessorColumn, row.ReceivingWater,
            facility.DesignWastewaterM3PerDay, facility.DesignEmissionM3PerHour, row.EmissionZone, row.SizeClass, row.Scope, row.SuccessorScope,
            permits.Select(p => new PermitLimit(p.ParameterCode, p.LowerBound, p.UpperBound, p.Unit, p.Source)).ToList());
    }

    /// <summary>The facility's limit bases, one per medium (wastewater, emission).</summary>
    public Task<List<FacilityLimitBasis>> StoredBasesAsync(string facilityId, CancellationToken cancellationToken) =>
        db.LimitBases.AsNoTracking().Where(b => b.FacilityId == facilityId).OrderBy(b => b.Medium).ToListAsync(cancellationToken);

    public Task<List<StoredPermitLimit>> PermitLimitsAsync(string facilityId, CancellationToken cancellationToken) =>
        db.PermitLimits.AsNoTracking().Where(p => p.FacilityId == facilityId).OrderBy(p => p.Medium).ThenBy(p => p.ParameterCode).ToListAsync(cancellationToken);

    /// <summary>The effective limits of one medium on a day (today in Vietnam when null).</summary>
    public Task<EffectiveLimitSet?> EffectiveAsync(string facilityId, RegulatedMedium medium, DateOnly? day, CancellationToken cancellationToken) =>
        catalogue.LimitsAsync(facilityId, medium, day ?? VietnamTime.Today(time), cancellationToken);

    /// <summary>Checks and saves a facility's limit basis; returns the problems instead when it is not usable.</summary>
    public async Task<IReadOnlyList<string>> SaveBasisAsync(FacilityLimitBasis input, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (!await db.Facilities.AnyAsync(f => f.Id == input.FacilityId, cancellationToken))
            return [$"facility '{input.FacilityId}' is not registered"];
        var (current, _) = await catalogue.CurrentAsync(cancellationToken);
        var regulation = current.Find(input.RegulationId);
        if (regulation is null)
            errors.Add($"regulation '{input.RegulationId}' is not in the catalogue ({string.Join(", ", current.Regulations.Select(r => r.Id))})");
        else if (regulation.Columns.Count > 0 && regulation.Column(input.RegulationColumn) is null)
            errors.Add($"column '{input.RegulationColumn}' is not a column of {regulation.Id} ({string.Join(", ", regulation.Columns.Select(c => c.Id))})");
        if (input.LowestFlowM3PerSecond is < 0 || input.VolumeM3 is < 0)
            errors.Add("receiving-water flow and volume cannot be negative");
        if (input.EmissionZone is { } zone && zone is not ("1" or "2" or "3" or "4" or "5"))
            errors.Add("emission zone must be 1 to 5 (QCVN 19:2009 Kv)");
        if (input.SizeClass is { } size && size is not ("larger" or "smaller"))
            errors.Add("size class must be 'larger' or 'smaller' (QCVN 14:2008 K)");
        foreach (var (name, value) in new[] { ("regulation column", input.RegulationColumn), ("permit reference", input.PermitReference), ("scope", input.Scope) })
        {
            if (value?.Length > 200)
                errors.Add($"{name} is longer than 200 characters");
        }
        if (errors.Count > 0)
            return errors;

        // The regulation decides the medium: a facility with both wastewater and stacks keeps one basis for each.
        var medium = regulation!.Medium;
        var row = await db.LimitBases.FirstOrDefaultAsync(b => b.FacilityId == input.FacilityId && b.Medium == medium, cancellationToken);
        if (row is null)
        {
            row = new FacilityLimitBasis { FacilityId = input.FacilityId, Medium = medium, RegulationId = input.RegulationId, RegulationColumn = input.RegulationColumn, UpdatedBy = actor };
            db.LimitBases.Add(row);
        }
        row.RegulationId = input.RegulationId;
        row.RegulationColumn = input.RegulationColumn;
        row.PermittedOn = input.PermittedOn;
        row.SuccessorColumn = Blank(input.SuccessorColumn);
        row.Scope = Blank(input.Scope);
        row.SuccessorScope = Blank(input.SuccessorScope);
        row.ReceivingWaterKind = input.ReceivingWaterKind;
        row.LowestFlowM3PerSecond = input.LowestFlowM3PerSecond;
        row.VolumeM3 = input.VolumeM3;
        row.SalineOrBrackish = input.SalineOrBrackish;
        row.CoastalUse = input.CoastalUse;
        row.EmissionZone = Blank(input.EmissionZone);
        row.SizeClass = Blank(input.SizeClass);
        row.PermitReference = Blank(input.PermitReference);
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate();
        return [];
    }

    /// <summary>Adds or replaces the permit limit of one parameter.</summary>
    public async Task<IReadOnlyList<string>> SavePermitLimitAsync(StoredPermitLimit input, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (!await db.Facilities.AnyAsync(f => f.Id == input.FacilityId, cancellationToken))
            return [$"facility '{input.FacilityId}' is not registered"];
        if (input.LowerBound is null && input.UpperBound is null)
            errors.Add("give a lower bound, an upper bound or both");
        if (input.LowerBound is { } lo && input.UpperBound is { } hi && lo >= hi)
            errors.Add("the lower bound must be below the upper bound");
        if (input.LowerBound is { } l && !double.IsFinite(l) || input.UpperBound is { } u && !double.IsFinite(u))
            errors.Add("bounds must be finite numbers");
        if (string.IsNullOrWhiteSpace(input.Source))
            errors.Add("say where the limit is written (permit number, annex, item)");
        if (string.IsNullOrWhiteSpace(input.ParameterCode) || input.ParameterCode.Length > 40 || input.Unit.Length > 40 || input.Source.Length > 300)
            errors.Add("parameter (≤ 40), unit (≤ 40) and source (≤ 300 characters) are required");
        if (errors.Count > 0)
            return errors;

        var row = await db.PermitLimits.FirstOrDefaultAsync(p => p.FacilityId == input.FacilityId && p.Medium == input.Medium && p.ParameterCode == input.ParameterCode, cancellationToken);
        if (row is null)
        {
            row = new StoredPermitLimit { FacilityId = input.FacilityId, Medium = input.Medium, ParameterCode = input.ParameterCode, Unit = input.Unit, Source = input.Source };
            db.PermitLimits.Add(row);
        }
        row.LowerBound = input.LowerBound;
        row.UpperBound = input.UpperBound;
        row.Unit = input.Unit;
        row.Source = input.Source.Trim();
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate();
        return [];
    }

    public async Task<bool> DeletePermitLimitAsync(string facilityId, RegulatedMedium medium, string parameterCode, CancellationToken cancellationToken)
    {
        var row = await db.PermitLimits.FirstOrDefaultAsync(p => p.FacilityId == facilityId && p.Medium == medium && p.ParameterCode == parameterCode, cancellationToken);
        if (row is null)
            return false;
        db.PermitLimits.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate();
        return true;
    }

    /// <summary>Validates and stores a new regulation catalogue (the admin edit); the previous ones stay as history.</summary>
    public async Task<IReadOnlyList<string>> SaveCatalogueAsync(string json, string? note, string actor, CancellationToken cancellationToken)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > ComplianceCatalogue.MaxJsonBytes)
            return [$"the catalogue is larger than {ComplianceCatalogue.MaxJsonBytes / 1024 / 1024} MB"];
        var load = RegulationCatalogue.Parse(json);
        if (!load.IsValid)
            return load.Errors;
        db.RegulationCatalogues.Add(new StoredRegulationCatalogue { Json = json, Note = Blank(note), CreatedAtUtc = time.GetUtcNow().UtcDateTime, CreatedBy = actor });
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate();
        return [];
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
