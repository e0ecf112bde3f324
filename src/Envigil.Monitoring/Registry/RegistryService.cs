using System.Text.RegularExpressions;
using Envigil.Kernel.Geography;
using Envigil.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Envigil.Monitoring.Registry;

public sealed record FacilityInput(
    string Id, string Name, string CommuneCode, string? TaxCode = null, string? Address = null, string? IndustryType = null, bool PollutionRiskType = false,
    double? DesignWastewaterM3PerDay = null, double? DesignEmissionM3PerHour = null, bool ConnectedToCentralTreatment = false,
    string? PermitNumber = null, DateOnly? PermitDate = null, string? FtpAccount = null);

/// <param name="CommuneCode">Empty: taken from the location (the commune the point lies in).</param>
public sealed record StationInput(string Code, string Name, StationKind Kind, double Latitude, double Longitude, string? FacilityId = null, string? CommuneCode = null, int CadenceSeconds = 300);

/// <param name="Unit">Empty: the catalogue's unit for the parameter.</param>
public sealed record DatastreamInput(string Parameter, string? Unit = null, int? CadenceSeconds = null, double? PhysicalMin = null, double? PhysicalMax = null);

public sealed record FacilityView(Facility Facility, MonitoringObligation Obligation, IReadOnlyList<string> StationCodes);

public sealed record RegistryResult<T>(T? Value, IReadOnlyList<string> Errors)
{
    public static RegistryResult<T> Fail(IEnumerable<string> errors) => new(default, errors.ToList());
}

public sealed record ImportResult(int Facilities, int Stations, int Datastreams, IReadOnlyList<RowError> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Keeps the registry of facilities, stations, datastreams and parameter aliases: forms, API and spreadsheet
/// import all go through here, so the same rules apply and every change is audited.
/// </summary>
public sealed partial class RegistryService(MonitoringDb db, RegistryCache cache, ProvinceGeography geography, IOptions<MonitoringObligationRules> obligationRules, TimeProvider time)
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex AccountPattern();

    public MonitoringObligation ObligationOf(Facility facility) => MonitoringObligation.Evaluate(facility, obligationRules.Value);

    public async Task<IReadOnlyList<FacilityView>> FacilitiesAsync(IReadOnlyCollection<string>? scope, CancellationToken cancellationToken = default)
    {
        var facilities = await db.Facilities.AsNoTracking().Where(f => scope == null || scope.Contains(f.Id)).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var stations = await db.Stations.AsNoTracking().Where(s => s.FacilityId != null).Select(s => new { s.Code, s.FacilityId }).ToListAsync(cancellationToken);
        return facilities.Select(f => new FacilityView(f, ObligationOf(f), stations.Where(s => s.FacilityId == f.Id).Select(s => s.Code).Order().ToList())).ToList();
    }

    public async Task<RegistryResult<Facility>> SaveFacilityAsync(FacilityInput input, CancellationToken cancellationToken = default, bool reload = true)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Id) || !CodePattern().IsMatch(input.Id))
            errors.Add("Id: 1-64 letters, digits, '_', '-' or '.'.");
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
            errors.Add("Name is required (at most 200 characters).");
        if (geography.Current.Commune(input.CommuneCode) is null)
            errors.Add($"Commune code '{input.CommuneCode}' is not a commune of {geography.Current.Province.FullNameEn}.");
        if (input.DesignWastewaterM3PerDay is < 0 || input.DesignEmissionM3PerHour is < 0)
            errors.Add("Design flows cannot be negative.");
        if (input.FtpAccount is { Length: > 0 } account && !AccountPattern().IsMatch(account))
            errors.Add("FTP account: 1-32 lower-case letters, digits, '_' or '-'.");
        foreach (var (value, field) in new[] { (input.TaxCode, "Tax code"), (input.Address, "Address"), (input.IndustryType, "Industry"), (input.PermitNumber, "Permit number") })
        {
            if (value is { Length: > 200 })
                errors.Add($"{field}: at most 200 characters.");
        }
        if (input.FtpAccount is { Length: > 0 } && await db.Facilities.AnyAsync(f => f.FtpAccount == input.FtpAccount && f.Id != input.Id, cancellationToken))
            errors.Add($"FTP account '{input.FtpAccount}' already belongs to another facility.");
        if (errors.Count > 0)
            return RegistryResult<Facility>.Fail(errors);

        var now = time.GetUtcNow().UtcDateTime;
        var facility = await db.Facilities.SingleOrDefaultAsync(f => f.Id == input.Id, cancellationToken);
        if (facility is null)
        {
            facility = new Facility { Id = input.Id, Name = input.Name, CommuneCode = input.CommuneCode, CreatedAtUtc = now };
            db.Facilities.Add(facility);
        }
        facility.Name = input.Name.Trim();
        facility.CommuneCode = input.CommuneCode;
        facility.TaxCode = Clean(input.TaxCode);
        facility.Address = Clean(input.Address);
        facility.IndustryType = Clean(input.IndustryType);
        facility.PollutionRiskType = input.PollutionRiskType;
        facility.DesignWastewaterM3PerDay = input.DesignWastewaterM3PerDay;
        facility.DesignEmissionM3PerHour = input.DesignEmissionM3PerHour;
        facility.ConnectedToCentralTreatment = input.ConnectedToCentralTreatment;
        facility.PermitNumber = Clean(input.PermitNumber);
        facility.PermitDate = input.PermitDate;
        facility.FtpAccount = Clean(input.FtpAccount);
        facility.UpdatedAtUtc = now;
        await db.SaveChangesAsync(cancellationToken);
        if (reload)
            await cache.ReloadAsync(cancellationToken);
        return new RegistryResult<Facility>(facility, []);
    }

    public async Task<RegistryResult<Station>> SaveStationAsync(StationInput input, CancellationToken cancellationToken = default, bool reload = true)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Code) || !CodePattern().IsMatch(input.Code))
            errors.Add("Code: 1-64 letters, digits, '_', '-' or '.' (as in the data file names).");
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
            errors.Add("Name is required (at most 200 characters).");
        if (!Enum.IsDefined(input.Kind))
            errors.Add("Kind: Wastewater, StackEmission, AmbientAir, SurfaceWater or Groundwater.");
        if (input.CadenceSeconds is < 60 or > 86_400)
            errors.Add("Cadence: 60 to 86,400 seconds.");
        var commune = input.CommuneCode;
        var located = geography.Current.Locator.Locate(input.Latitude, input.Longitude);
        if (located is null)
            errors.Add($"Location {input.Latitude}, {input.Longitude} is not in {geography.Current.Province.FullNameEn}" +
                       (input.Latitude is > 100 and < 110 && input.Longitude is > 5 and < 25 ? " (latitude and longitude look swapped)." : "."));
        else if (string.IsNullOrEmpty(commune))
            commune = located.CommuneCode;
        if (!string.IsNullOrEmpty(commune) && geography.Current.Commune(commune) is null)
            errors.Add($"Commune code '{commune}' is not a commune of the province.");
        if (input.FacilityId is { Length: > 0 } facilityId && !await db.Facilities.AnyAsync(f => f.Id == facilityId, cancellationToken))
            errors.Add($"Facility '{facilityId}' is not registered.");
        var upper = input.Code.ToUpperInvariant();
        if (await db.Stations.AnyAsync(s => s.Code.ToUpper() == upper && s.Code != input.Code, cancellationToken))
            errors.Add($"Code '{input.Code}' differs only in letter case from a registered station; file names cannot tell them apart.");
        if (errors.Count > 0)
            return RegistryResult<Station>.Fail(errors);

        var station = await db.Stations.SingleOrDefaultAsync(s => s.Code == input.Code, cancellationToken);
        if (station is null)
        {
            station = new Station { Code = input.Code, Name = input.Name, CommuneCode = commune!, CreatedAtUtc = time.GetUtcNow().UtcDateTime };
            db.Stations.Add(station);
        }
        station.Name = input.Name.Trim();
        station.Kind = input.Kind;
        station.FacilityId = Clean(input.FacilityId);
        station.Latitude = input.Latitude;
        station.Longitude = input.Longitude;
        station.CommuneCode = commune!;
        station.CadenceSeconds = input.CadenceSeconds;
        await db.SaveChangesAsync(cancellationToken);
        if (reload)
            await cache.ReloadAsync(cancellationToken);
        return new RegistryResult<Station>(station, []);
    }

    public async Task<RegistryResult<Datastream>> SaveDatastreamAsync(string stationCode, DatastreamInput input, CancellationToken cancellationToken = default, bool reload = true)
    {
        var errors = new List<string>();
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == stationCode, cancellationToken);
        if (station is null)
            return RegistryResult<Datastream>.Fail([$"Station '{stationCode}' is not registered."]);
        var aliases = (await cache.GetAsync(cancellationToken)).Aliases;
        var code = ParameterCatalogue.Resolve(input.Parameter ?? "", aliases);
        var definition = code is null ? null : ParameterCatalogue.Find(code);
        if (code is null)
            errors.Add($"Parameter '{input.Parameter}' is not in the catalogue (Circular 10/2021 Annex 15 codes); add an alias first if it is a local spelling.");
        var unit = string.IsNullOrWhiteSpace(input.Unit) ? definition?.Unit : input.Unit.Trim();
        if (string.IsNullOrEmpty(unit) || unit.Length > 32)
            errors.Add("Unit is required (at most 32 characters).");
        if (input.CadenceSeconds is < 60 or > 86_400)
            errors.Add("Cadence: 60 to 86,400 seconds.");
        var min = input.PhysicalMin ?? definition?.PhysicalMin;
        var max = input.PhysicalMax ?? definition?.PhysicalMax;
        if (min is { } a && max is { } b && a >= b)
            errors.Add("The physical minimum must be below the maximum.");
        if (errors.Count > 0)
            return RegistryResult<Datastream>.Fail(errors);

        var datastream = await db.Datastreams.SingleOrDefaultAsync(d => d.StationCode == station.Code && d.ParameterCode == code, cancellationToken);
        if (datastream is null)
        {
            datastream = new Datastream { StationCode = station.Code, ParameterCode = code!, Unit = unit! };
            db.Datastreams.Add(datastream);
        }
        datastream.Unit = unit!;
        datastream.CadenceSeconds = input.CadenceSeconds ?? station.CadenceSeconds;
        datastream.PhysicalMin = min;
        datastream.PhysicalMax = max;
        await db.SaveChangesAsync(cancellationToken);
        if (reload)
            await cache.ReloadAsync(cancellationToken);
        return new RegistryResult<Datastream>(datastream, []);
    }

    /// <summary>Adds a local spelling of a parameter code (e.g. "COD_out"), then files quarantined for it can be reprocessed.</summary>
    public async Task<RegistryResult<ParameterAlias>> AddAliasAsync(string alias, string parameter, string createdBy, CancellationToken cancellationToken = default)
    {
        var normalized = ParameterCatalogue.NormalizeAlias(alias ?? "");
        var code = ParameterCatalogue.Find(parameter ?? "")?.Code ?? ParameterCatalogue.Resolve(parameter ?? "");
        var errors = new List<string>();
        if (normalized.Length is 0 or > 64)
            errors.Add("Alias: 1-64 characters.");
        if (code is null)
            errors.Add($"Parameter '{parameter}' is not in the catalogue.");
        if (ParameterCatalogue.Resolve(alias ?? "") is { } existing && existing != code)
            errors.Add($"'{alias}' already means {existing} in the catalogue.");
        if (errors.Count > 0)
            return RegistryResult<ParameterAlias>.Fail(errors);
        var row = await db.ParameterAliases.SingleOrDefaultAsync(a => a.Alias == normalized, cancellationToken);
        if (row is null)
        {
            row = new ParameterAlias { Alias = normalized, ParameterCode = code!, CreatedBy = createdBy, CreatedAtUtc = time.GetUtcNow().UtcDateTime };
            db.ParameterAliases.Add(row);
        }
        row.ParameterCode = code!;
        await db.SaveChangesAsync(cancellationToken);
        await cache.ReloadAsync(cancellationToken);
        return new RegistryResult<ParameterAlias>(row, []);
    }

    /// <summary>Applies the valid rows of a spreadsheet (facilities, then stations, then datastreams); rows with errors are reported, not applied.</summary>
    public async Task<ImportResult> ImportAsync(RegistryImport import, CancellationToken cancellationToken = default)
    {
        var errors = import.Errors.ToList();
        int facilities = 0, stations = 0, datastreams = 0;
        foreach (var f in import.Facilities)
        {
            var result = await SaveFacilityAsync(new FacilityInput(f.Id, f.Name, f.CommuneCode, f.TaxCode, f.Address, f.IndustryType, f.PollutionRiskType,
                f.DesignWastewaterM3PerDay, f.DesignEmissionM3PerHour, f.ConnectedToCentralTreatment, f.PermitNumber, f.PermitDate, f.FtpAccount), cancellationToken, reload: false);
            if (result.Value is not null)
                facilities++;
            else
                errors.AddRange(result.Errors.Select(e => new RowError(nameof(RegistryTable.Facilities), 0, null, $"{f.Id}: {e}", $"{f.Id}: {e}")));
        }
        foreach (var s in import.Stations)
        {
            var result = await SaveStationAsync(new StationInput(s.Code, s.Name, s.Kind, s.Latitude, s.Longitude, s.FacilityId, s.CommuneCode, s.CadenceSeconds), cancellationToken, reload: false);
            if (result.Value is not null)
                stations++;
            else
                errors.AddRange(result.Errors.Select(e => new RowError(nameof(RegistryTable.Stations), 0, null, $"{s.Code}: {e}", $"{s.Code}: {e}")));
        }
        foreach (var d in import.Datastreams)
        {
            var result = await SaveDatastreamAsync(d.StationCode, new DatastreamInput(d.ParameterCode, d.Unit, d.CadenceSeconds, d.PhysicalMin, d.PhysicalMax), cancellationToken, reload: false);
            if (result.Value is not null)
                datastreams++;
            else
                errors.AddRange(result.Errors.Select(e => new RowError(nameof(RegistryTable.Datastreams), 0, null, $"{d.StationCode}/{d.ParameterCode}: {e}", $"{d.StationCode}/{d.ParameterCode}: {e}")));
        }
        await cache.ReloadAsync(cancellationToken); // once for the whole spreadsheet
        return new ImportResult(facilities, stations, datastreams, errors, import.Warnings);
    }

    /// <param name="scope">Only these facilities (a facility operator's); null for the whole registry.</param>
    public async Task ExportAsync(Stream output, string format, RegistryTable table, bool english, IReadOnlyCollection<string>? scope, CancellationToken cancellationToken = default)
    {
        var facilities = await db.Facilities.AsNoTracking().Where(f => scope == null || scope.Contains(f.Id)).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var stations = await db.Stations.AsNoTracking().Where(s => scope == null || (s.FacilityId != null && scope.Contains(s.FacilityId))).OrderBy(s => s.Code).ToListAsync(cancellationToken);
        var codes = stations.Select(s => s.Code).ToHashSet();
        var datastreams = (await db.Datastreams.AsNoTracking().OrderBy(d => d.StationCode).ThenBy(d => d.ParameterCode).ToListAsync(cancellationToken))
            .Where(d => codes.Contains(d.StationCode)).ToList();
        if (format == "xlsx")
            RegistrySpreadsheet.WriteXlsx(output, facilities, stations, datastreams, english);
        else
            RegistrySpreadsheet.WriteCsv(output, table, facilities, stations, datastreams, english);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
