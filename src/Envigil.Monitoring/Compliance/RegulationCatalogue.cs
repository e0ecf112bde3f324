using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Envigil.Kernel.Time;
using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Compliance;

// The discharge standards (QCVN) as data: Compliance/Data/regulations.json, embedded in the assembly. Every value
// carries the confidence tag of shared/domain/monitoring-regulations.md §3 and follow-up-file-format-vn2000.md §2:
// only [V] values are "verified"; values the notes say were not retrieved are absent from the file, never guessed.

/// <summary>Confidence of a value, as the shared/domain notes tag it.</summary>
public enum SourceTag
{
    /// <summary>[V] seen in the legal text or an official page.</summary>
    V,

    /// <summary>[T] third-party source only (vendor page, public GitHub code).</summary>
    T,

    /// <summary>[U] background knowledge, not confirmed in any retrieved source.</summary>
    U,
}

/// <summary>How a regulation turns its table value C into the allowed maximum Cmax.</summary>
public enum FormulaKind
{
    /// <summary>Not retrieved: such a regulation may carry no limit values until someone types the formula from the text.</summary>
    Unknown,

    /// <summary>Cmax = C.</summary>
    C,

    /// <summary>Cmax = C × Kq × Kf (QCVN 40:2011).</summary>
    CTimesKqTimesKf,

    /// <summary>Cmax = C × Kp × Kv (QCVN 19:2009).</summary>
    CTimesKpTimesKv,

    /// <summary>Cmax = C × K (QCVN 14:2008).</summary>
    CTimesK,
}

/// <summary>Whether a limit bounds a parameter from above, from below, or on both sides (pH 6–9).</summary>
public enum LimitKind
{
    Max,
    Min,
    Range,
}

/// <summary>What a regulation regulates.</summary>
public enum RegulatedMedium
{
    Wastewater,
    Emission,
}

public sealed record LocalizedText(string Vi, string En);

/// <summary>The formula of a regulation and which parameters it exempts from its coefficients.</summary>
public sealed record RegulationFormula(
    FormulaKind Kind,
    string Text,
    SourceTag Tag,
    bool Verified,
    string Source,
    string? ExemptionsSource,
    bool ExemptionsVerified)
{
    /// <summary>The coefficient names the formula multiplies C by, in formula order.</summary>
    public IReadOnlyList<string> Factors => Kind switch
    {
        FormulaKind.CTimesKqTimesKf => ["Kq", "Kf"],
        FormulaKind.CTimesKpTimesKv => ["Kp", "Kv"],
        FormulaKind.CTimesK => ["K"],
        _ => [],
    };
}

/// <summary>A column of a regulation's table (A, B; A/B/C for QCVN 19:2024).</summary>
/// <param name="ApplicableUntil">Last day the column may be used, when the regulation limits it (QCVN 19:2009 column A: 31/12/2014 [U]).</param>
public sealed record RegulationColumn(string Id, LocalizedText Description, DateOnly? ApplicableUntil, SourceTag Tag, bool Verified, string Source);

/// <summary>A source category / capacity band whose rows apply only to facilities of that scope (QCVN 19:2024 category 2.4).</summary>
/// <param name="ReferenceOxygenPercent">Reference O₂ of the rows (measured values must be corrected to it before comparing); null when none.</param>
public sealed record RegulationScope(string Id, LocalizedText Description, double? ReferenceOxygenPercent, string Source);

/// <summary>The value of one parameter in one column: <see cref="Max"/> for Max, <see cref="Min"/> for Min, both for Range.</summary>
public sealed record ColumnLimit(string Column, double? Min, double? Max, SourceTag Tag, bool Verified, string Source);

/// <summary>One row of a regulation's table.</summary>
/// <param name="Code">Parameter code: the ParameterCatalogue code where the parameter is measured automatically (COD, pH, NOx…), otherwise a laboratory code (As, Coliform…).</param>
/// <param name="Scope">Null for rows that apply to every facility; otherwise the <see cref="RegulationScope.Id"/> the row is limited to.</param>
/// <param name="CoefficientsApply">False where the regulation says Cmax = C for this parameter (temperature, colour, pH, coliform…).</param>
/// <param name="ExemptWhenSalineOrBrackish">The row does not apply when the receiving water is saline or brackish (QCVN 40:2011 chloride [U]).</param>
/// <param name="Table">Citation of the table the values come from, e.g. "QCVN 40:2011/BTNMT, Table 1".</param>
public sealed record RegulationParameter(
    string Code,
    string? Scope,
    LocalizedText Name,
    string Unit,
    LimitKind Kind,
    bool CoefficientsApply,
    bool ExemptWhenSalineOrBrackish,
    string Table,
    IReadOnlyList<ColumnLimit> Limits,
    string? Note)
{
    public ColumnLimit? LimitFor(string column) => Limits.FirstOrDefault(l => l.Column == column);
}

/// <summary>One discharge standard.</summary>
/// <param name="Id">Stable key, e.g. <c>QCVN40:2011</c>.</param>
/// <param name="Code">As officials write it, e.g. <c>QCVN 40:2011/BTNMT</c>.</param>
/// <param name="EffectiveTo">Last day in force for new facilities (null while in force); old facilities may keep it longer under a <see cref="RegulationTransition"/>.</param>
public sealed record Regulation(
    string Id,
    string Code,
    LocalizedText Title,
    RegulatedMedium Medium,
    string? IssuedWith,
    DateOnly? IssuedOn,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    string? SupersededBy,
    SourceTag DatesTag,
    bool DatesVerified,
    string DatesSource,
    RegulationFormula Formula,
    IReadOnlyList<RegulationColumn> Columns,
    IReadOnlyList<RegulationScope> Scopes,
    IReadOnlyList<RegulationParameter> Parameters,
    IReadOnlyList<string> Notes)
{
    public RegulationColumn? Column(string id) => Columns.FirstOrDefault(c => c.Id == id);

    public RegulationScope? Scope(string id) => Scopes.FirstOrDefault(s => s.Id == id);

    /// <summary>The row of a parameter for a facility of <paramref name="scope"/>: a row of that scope wins over the general row.</summary>
    public RegulationParameter? Parameter(string code, string? scope = null) =>
        (scope is null ? null : Parameters.FirstOrDefault(p => p.Code == code && p.Scope == scope))
        ?? Parameters.FirstOrDefault(p => p.Code == code && p.Scope is null);
}

/// <summary>
/// Facilities permitted before <see cref="NewEffectiveFrom"/> may keep <see cref="From"/> until <see cref="OldAllowedUntil"/>
/// (TT 45/2024/TT-BTNMT Art. 3 for QCVN 19 [V]; the same date for QCVN 40 is [T]). Configuration: the catalogue ships
/// the known rules, callers may replace them.
/// </summary>
public sealed record RegulationTransition(
    string From,
    string To,
    DateOnly NewEffectiveFrom,
    DateOnly OldAllowedUntil,
    string Eligibility,
    SourceTag Tag,
    bool Verified,
    string Source);

/// <summary>A band of a coefficient table, upper-inclusive: <c>Above &lt; v ≤ UpTo</c>; the first band starts at 0, the last is open.</summary>
public sealed record CoefficientBand(double? Above, double? UpTo, double Value);

/// <summary>A class of a coefficient table chosen by name (Kv zone type, coastal-water use, QCVN 14 size class).</summary>
public sealed record CoefficientClass(string Id, LocalizedText Description, double Value);

/// <summary>One coefficient table (Kq for rivers, Kf, Kp, Kv…), with either bands of a measure or named classes.</summary>
public sealed record CoefficientTable(
    string Id,
    string Factor,
    string Regulation,
    LocalizedText Description,
    string? Symbol,
    string? Unit,
    IReadOnlyList<CoefficientBand> Bands,
    IReadOnlyList<CoefficientClass> Classes,
    string Table,
    SourceTag Tag,
    bool Verified,
    string Source);

/// <summary>A coefficient as applied: its value, why this value (the band or class), and where it comes from.</summary>
/// <param name="Basis">E.g. "river, Q = 30 m³/s (Q ≤ 50 m³/s)".</param>
public sealed record NamedFactor(string Name, double Value, string Basis, string Source, bool Verified);

/// <summary>A coefficient, or the reason it cannot be known. Never a silent 1.0.</summary>
public sealed record CoefficientLookup(NamedFactor? Factor, string? Problem)
{
    [MemberNotNullWhen(true, nameof(Factor))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsKnown => Factor is not null;

    public static CoefficientLookup Known(NamedFactor factor) => new(factor, null);

    public static CoefficientLookup Unknown(string problem) => new(null, problem);
}

/// <summary>Type of the water body a discharge reaches (QCVN 40:2011 Kq).</summary>
public enum ReceivingWaterKind
{
    River,
    Lake,
    Coastal,
}

/// <summary>Use of coastal water, which selects Kq (QCVN 40:2011 [U]).</summary>
public enum CoastalUse
{
    /// <summary>Used for aquatic-life protection, sport or recreation: Kq 1.0 [U].</summary>
    AquaticLifeSportOrRecreation,

    /// <summary>Other coastal water: Kq 1.3 [U].</summary>
    Other,
}

/// <summary>
/// The water body a facility discharges into, as its permit states it. Q and V are those of the driest months
/// (QCVN 40:2011 [U]). Build with <see cref="River"/>, <see cref="Lake"/> or <see cref="Coastal"/>.
/// </summary>
public sealed record ReceivingWater(
    ReceivingWaterKind Kind,
    double? LowestFlowM3PerSecond,
    double? VolumeM3,
    CoastalUse? Use,
    bool SalineOrBrackish)
{
    /// <param name="lowestFlowM3PerSecond">Flow Q in the driest months, m³/s; null when the permit does not give it.</param>
    public static ReceivingWater River(double? lowestFlowM3PerSecond, bool salineOrBrackish = false) =>
        new(ReceivingWaterKind.River, lowestFlowM3PerSecond, null, null, salineOrBrackish);

    /// <param name="volumeM3">Volume V in the driest months, m³; null when the permit does not give it.</param>
    public static ReceivingWater Lake(double? volumeM3, bool salineOrBrackish = false) =>
        new(ReceivingWaterKind.Lake, null, volumeM3, null, salineOrBrackish);

    public static ReceivingWater Coastal(CoastalUse? use) => new(ReceivingWaterKind.Coastal, null, null, use, true);
}

/// <summary>The result of reading a catalogue: the catalogue, or every problem found (path and reason).</summary>
public sealed record CatalogueLoad(RegulationCatalogue? Catalogue, IReadOnlyList<string> Errors)
{
    [MemberNotNullWhen(true, nameof(Catalogue))]
    public bool IsValid => Catalogue is not null;
}

/// <summary>
/// The regulation catalogue: regulations, their columns and rows, transitions, and the coefficient tables with lookups.
/// Pure: built from JSON text, no I/O beyond reading the embedded resource.
/// </summary>
public sealed class RegulationCatalogue
{
    public const string ResourceName = "Envigil.Monitoring.Compliance.Data.regulations.json";

    public const string KqRiverTable = "Kq-river";
    public const string KqLakeTable = "Kq-lake";
    public const string KqCoastalTable = "Kq-coastal";
    public const string KfTable = "Kf";
    public const string KpTable = "Kp";
    public const string KvTable = "Kv";
    public const string KTable = "K";

    private static readonly Lazy<RegulationCatalogue> EmbeddedCatalogue = new(LoadEmbedded);

    private readonly Dictionary<string, Regulation> _regulations;
    private readonly Dictionary<string, CoefficientTable> _tables;

    private RegulationCatalogue(IReadOnlyList<Regulation> regulations, IReadOnlyList<RegulationTransition> transitions, IReadOnlyList<CoefficientTable> tables)
    {
        Regulations = regulations;
        Transitions = transitions;
        CoefficientTables = tables;
        _regulations = regulations.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _tables = tables.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Regulation> Regulations { get; }

    /// <summary>The transition rules shipped with the catalogue (callers may override them in <see cref="EffectiveLimits"/>).</summary>
    public IReadOnlyList<RegulationTransition> Transitions { get; }

    public IReadOnlyList<CoefficientTable> CoefficientTables { get; }

    /// <summary>The catalogue embedded in the assembly. Malformed embedded data is a build defect, so this throws with every error.</summary>
    public static RegulationCatalogue Embedded => EmbeddedCatalogue.Value;

    public Regulation? Find(string id) => id is not null && _regulations.TryGetValue(id, out var r) ? r : null;

    public CoefficientTable? Table(string id) => _tables.GetValueOrDefault(id);

    public RegulationTransition? TransitionFrom(string regulationId) => Transitions.FirstOrDefault(t => t.From == regulationId);

    /// <summary>Receiving-water factor of QCVN 40:2011 (Kq tables for rivers, lakes and coastal waters [U]).</summary>
    public CoefficientLookup Kq(ReceivingWater? water)
    {
        if (water is null)
        {
            return CoefficientLookup.Unknown("Kq unknown: receiving water not set");
        }

        switch (water.Kind)
        {
            case ReceivingWaterKind.River:
                return Banded("Kq", KqRiverTable, water.LowestFlowM3PerSecond, "river", "the river's flow Q in the driest months", allowZero: true);
            case ReceivingWaterKind.Lake:
                return Banded("Kq", KqLakeTable, water.VolumeM3, "lake", "the lake's volume V in the driest months", allowZero: true);
            case ReceivingWaterKind.Coastal:
                if (water.Use is not { } use)
                {
                    return CoefficientLookup.Unknown("Kq unknown: use of the coastal water not set (aquatic life, sport or recreation, or other)");
                }

                var id = use == CoastalUse.AquaticLifeSportOrRecreation ? "aquatic-life-sport-recreation" : "other";
                return Classed("Kq", KqCoastalTable, id, "coastal water");
            default:
                return CoefficientLookup.Unknown($"Kq unknown: receiving water kind {water.Kind} has no Kq table");
        }
    }

    /// <summary>Discharge-flow factor of QCVN 40:2011 by the permitted design flow, m³/day [U].</summary>
    public CoefficientLookup Kf(double? flowM3PerDay) =>
        Banded("Kf", KfTable, flowM3PerDay, "design discharge", "design wastewater flow", allowZero: false);

    /// <summary>Source-flow factor of QCVN 19:2009 by the total flue-gas flow of all stacks, m³/h [U].</summary>
    public CoefficientLookup Kp(double? flowM3PerHour) =>
        Banded("Kp", KpTable, flowM3PerHour, "total flue-gas flow", "total flue-gas flow P", allowZero: false);

    /// <summary>Zone factor of QCVN 19:2009 by zone type "1"…"5" [U].</summary>
    public CoefficientLookup Kv(string? zone) => Classed("Kv", KvTable, zone, "zone type");

    /// <summary>Facility-size factor of QCVN 14:2008 by the class stated in the permit ("larger" or "smaller") [U].</summary>
    public CoefficientLookup K(string? sizeClass) => Classed("K", KTable, sizeClass, "size class");

    private CoefficientLookup Banded(string factor, string tableId, double? measure, string what, string missing, bool allowZero)
    {
        if (Table(tableId) is not { } table)
        {
            return CoefficientLookup.Unknown($"{factor} unknown: the catalogue has no table '{tableId}'");
        }

        if (measure is not { } v)
        {
            return CoefficientLookup.Unknown($"{factor} unknown: {missing} not set");
        }

        var symbol = table.Symbol ?? factor;
        if (!double.IsFinite(v) || v < 0 || (!allowZero && v == 0))
        {
            var expected = allowZero ? "a non-negative number" : "a positive number";
            return CoefficientLookup.Unknown($"{factor} unknown: {symbol} = {ComplianceText.Number(v)} {table.Unit} is not {expected}");
        }

        foreach (var band in table.Bands)
        {
            if ((band.Above is not { } above || v > above) && (band.UpTo is not { } upTo || v <= upTo))
            {
                var basis = $"{what}, {symbol} = {ComplianceText.Number(v)} {table.Unit} ({BandText(band, symbol, table.Unit)})";
                return CoefficientLookup.Known(new NamedFactor(factor, band.Value, basis, table.Table, table.Verified));
            }
        }

        // Unreachable for a validated table (bands start at 0 and the last is open); kept as a value, not a throw.
        return CoefficientLookup.Unknown($"{factor} unknown: {symbol} = {ComplianceText.Number(v)} {table.Unit} falls in no band of {table.Table}");
    }

    private CoefficientLookup Classed(string factor, string tableId, string? classId, string what)
    {
        if (Table(tableId) is not { } table)
        {
            return CoefficientLookup.Unknown($"{factor} unknown: the catalogue has no table '{tableId}'");
        }

        if (string.IsNullOrWhiteSpace(classId))
        {
            return CoefficientLookup.Unknown($"{factor} unknown: {what} not set");
        }

        var id = classId.Trim();
        if (table.Classes.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase)) is not { } found)
        {
            return CoefficientLookup.Unknown(
                $"{factor} unknown: {what} '{id}' is not one of {string.Join(", ", table.Classes.Select(c => c.Id))} ({table.Table})");
        }

        var basis = $"{what} {found.Id}: {found.Description.En}";
        return CoefficientLookup.Known(new NamedFactor(factor, found.Value, basis, table.Table, table.Verified));
    }

    internal static string BandText(CoefficientBand band, string symbol, string? unit)
    {
        var u = unit is null ? "" : " " + unit;
        return (band.Above, band.UpTo) switch
        {
            (null, { } upTo) => $"{symbol} ≤ {ComplianceText.Number(upTo)}{u}",
            ({ } above, { } upTo) => $"{ComplianceText.Number(above)} < {symbol} ≤ {ComplianceText.Number(upTo)}{u}",
            ({ } above, null) => $"{symbol} > {ComplianceText.Number(above)}{u}",
            _ => $"any {symbol}",
        };
    }

    private static RegulationCatalogue LoadEmbedded()
    {
        using var stream = typeof(RegulationCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing: add it as an EmbeddedResource with that LogicalName.");
        using var reader = new StreamReader(stream);
        var load = Parse(reader.ReadToEnd());
        return load.Catalogue
            ?? throw new InvalidOperationException($"Embedded regulation catalogue is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, load.Errors)}");
    }

    /// <summary>Reads and validates a catalogue; every problem is reported with its path, none is fixed silently.</summary>
    public static CatalogueLoad Parse(string json)
    {
        CatalogueDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogueDocument>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            return new CatalogueLoad(null, [$"JSON: {e.Message}"]);
        }

        if (document is null)
        {
            return new CatalogueLoad(null, ["JSON: the document is null"]);
        }

        var reader = new CatalogueReader();
        var catalogue = reader.Read(document);
        return reader.Errors.Count == 0 && catalogue is not null
            ? new CatalogueLoad(catalogue, [])
            : new CatalogueLoad(null, reader.Errors);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    // JSON shapes: everything nullable so that a missing field becomes a precise error instead of a default.
    private sealed class CatalogueDocument
    {
        public int? SchemaVersion { get; set; }
        public List<string>? Notes { get; set; }
        public List<RegulationDocument?>? Regulations { get; set; }
        public List<TransitionDocument?>? Transitions { get; set; }
        public List<TableDocument?>? CoefficientTables { get; set; }
    }

    private sealed class TextDocument
    {
        public string? Vi { get; set; }
        public string? En { get; set; }
    }

    private sealed class RegulationDocument
    {
        public string? Id { get; set; }
        public string? Code { get; set; }
        public TextDocument? Title { get; set; }
        public string? Medium { get; set; }
        public string? IssuedWith { get; set; }
        public string? IssuedOn { get; set; }
        public string? EffectiveFrom { get; set; }
        public string? EffectiveTo { get; set; }
        public string? SupersededBy { get; set; }
        public string? DatesTag { get; set; }
        public bool? DatesVerified { get; set; }
        public string? DatesSource { get; set; }
        public FormulaDocument? Formula { get; set; }
        public List<ColumnDocument?>? Columns { get; set; }
        public List<ScopeDocument?>? Scopes { get; set; }
        public Dictionary<string, string>? Sources { get; set; }
        public List<ParameterDocument?>? Parameters { get; set; }
        public List<string>? Notes { get; set; }
    }

    private sealed class FormulaDocument
    {
        public string? Kind { get; set; }
        public string? Text { get; set; }
        public string? Tag { get; set; }
        public bool? Verified { get; set; }
        public string? Source { get; set; }
        public string? ExemptionsSource { get; set; }
        public bool? ExemptionsVerified { get; set; }
    }

    private sealed class ColumnDocument
    {
        public string? Id { get; set; }
        public TextDocument? Description { get; set; }
        public string? ApplicableUntil { get; set; }
        public string? Tag { get; set; }
        public bool? Verified { get; set; }
        public string? Source { get; set; }
    }

    private sealed class ScopeDocument
    {
        public string? Id { get; set; }
        public TextDocument? Description { get; set; }
        public double? ReferenceOxygenPercent { get; set; }
        public string? Source { get; set; }
    }

    private sealed class ParameterDocument
    {
        public string? Code { get; set; }
        public string? Scope { get; set; }
        public TextDocument? Name { get; set; }
        public string? Unit { get; set; }
        public string? Kind { get; set; }
        public bool? CoefficientsApply { get; set; }
        public bool? ExemptWhenSalineOrBrackish { get; set; }
        public string? Table { get; set; }
        public string? Note { get; set; }
        public List<LimitDocument?>? Limits { get; set; }
    }

    private sealed class LimitDocument
    {
        public string? Column { get; set; }
        public double? Min { get; set; }
        public double? Max { get; set; }
        public string? Tag { get; set; }
        public bool? Verified { get; set; }
        public string? Source { get; set; }
    }

    private sealed class TransitionDocument
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public string? NewEffectiveFrom { get; set; }
        public string? OldAllowedUntil { get; set; }
        public string? Eligibility { get; set; }
        public string? Tag { get; set; }
        public bool? Verified { get; set; }
        public string? Source { get; set; }
    }

    private sealed class TableDocument
    {
        public string? Id { get; set; }
        public string? Factor { get; set; }
        public string? Regulation { get; set; }
        public TextDocument? Description { get; set; }
        public string? Symbol { get; set; }
        public string? Unit { get; set; }
        public List<BandDocument?>? Bands { get; set; }
        public List<ClassDocument?>? Classes { get; set; }
        public string? Table { get; set; }
        public string? Tag { get; set; }
        public bool? Verified { get; set; }
        public string? Source { get; set; }
    }

    private sealed class BandDocument
    {
        public double? Above { get; set; }
        public double? UpTo { get; set; }
        public double? Value { get; set; }
    }

    private sealed class ClassDocument
    {
        public string? Id { get; set; }
        public TextDocument? Description { get; set; }
        public double? Value { get; set; }
    }

    /// <summary>Turns the JSON shapes into records, collecting every error with a readable path.</summary>
    private sealed class CatalogueReader
    {
        private static readonly string[] KnownFactors = ["Kq", "Kf", "Kp", "Kv", "K"];

        public List<string> Errors { get; } = [];

        private void Error(string path, string reason) => Errors.Add($"{path}: {reason}");

        public RegulationCatalogue? Read(CatalogueDocument document)
        {
            if (document.SchemaVersion != 1)
            {
                Error("schemaVersion", document.SchemaVersion is null ? "missing" : $"{document.SchemaVersion} is not supported (expected 1)");
            }

            if (document.Regulations is not { Count: > 0 })
            {
                Error("regulations", "missing or empty");
                return null;
            }

            var regulations = new List<Regulation>();
            for (var i = 0; i < document.Regulations.Count; i++)
            {
                var r = document.Regulations[i];
                var path = $"regulations[{i}]" + (r?.Id is { } id ? $" ({id})" : "");
                if (r is null)
                {
                    Error(path, "is null");
                    continue;
                }

                if (ReadRegulation(r, path) is { } regulation)
                {
                    if (regulations.Any(x => x.Id == regulation.Id))
                    {
                        Error(path, $"id '{regulation.Id}' is used twice");
                    }

                    regulations.Add(regulation);
                }
            }

            foreach (var regulation in regulations.Where(r => r.SupersededBy is not null))
            {
                if (regulation.SupersededBy == regulation.Id)
                {
                    Error($"regulations ({regulation.Id}).supersededBy", "a regulation cannot supersede itself");
                }
                else if (regulations.All(r => r.Id != regulation.SupersededBy))
                {
                    Error($"regulations ({regulation.Id}).supersededBy", $"'{regulation.SupersededBy}' is not a regulation of the catalogue");
                }
            }

            var transitions = ReadTransitions(document.Transitions, regulations);
            var tables = ReadTables(document.CoefficientTables, regulations);

            foreach (var regulation in regulations)
            {
                foreach (var factor in regulation.Formula.Factors)
                {
                    if (tables.All(t => t.Factor != factor || t.Regulation != regulation.Id))
                    {
                        Error($"regulations ({regulation.Id}).formula", $"uses {factor} but no coefficient table gives {factor} for {regulation.Id}");
                    }
                }
            }

            return Errors.Count == 0 ? new RegulationCatalogue(regulations, transitions, tables) : null;
        }

        private Regulation? ReadRegulation(RegulationDocument r, string path)
        {
            var id = Required(r.Id, path, "id");
            var code = Required(r.Code, path, "code");
            var title = Text(r.Title, path + ".title");
            var medium = r.Medium switch
            {
                "wastewater" => RegulatedMedium.Wastewater,
                "emission" => RegulatedMedium.Emission,
                null => Fail<RegulatedMedium>(path + ".medium", "missing"),
                _ => Fail<RegulatedMedium>(path + ".medium", $"'{r.Medium}' is not one of wastewater, emission"),
            };
            var issuedOn = Date(r.IssuedOn, path + ".issuedOn");
            var from = Date(r.EffectiveFrom, path + ".effectiveFrom");
            var to = Date(r.EffectiveTo, path + ".effectiveTo");
            if (from is { } f && to is { } t && t < f)
            {
                Error(path + ".effectiveTo", $"{ComplianceText.Date(t)} is before effectiveFrom {ComplianceText.Date(f)}");
            }

            if (issuedOn is { } issued && from is { } start && start < issued)
            {
                Error(path + ".effectiveFrom", $"{ComplianceText.Date(start)} is before issuedOn {ComplianceText.Date(issued)}");
            }

            var datesTag = Tag(r.DatesTag, path + ".datesTag");
            var datesVerified = VerifiedFlag(r.DatesVerified, datesTag, path + ".datesVerified");
            var datesSource = Required(r.DatesSource, path, "datesSource");
            var formula = ReadFormula(r.Formula, path + ".formula");
            var columns = ReadColumns(r.Columns, path);
            var scopes = ReadScopes(r.Scopes, path);
            var sources = r.Sources ?? [];
            var parameters = ReadParameters(r.Parameters, path, formula, columns, scopes, sources);

            if (formula is not null && formula.Factors.Count > 0
                && parameters.Any(p => !p.CoefficientsApply) && string.IsNullOrWhiteSpace(formula.ExemptionsSource))
            {
                Error(path + ".formula.exemptionsSource", "missing: some parameters are exempt from the coefficients, cite where the regulation says so");
            }

            if (id is null || code is null || title is null || formula is null || datesSource is null)
            {
                return null;
            }

            return new Regulation(id, code, title, medium, Blank(r.IssuedWith), issuedOn, from, to, Blank(r.SupersededBy),
                datesTag, datesVerified, datesSource, formula, columns, scopes, parameters, r.Notes ?? []);
        }

        private RegulationFormula? ReadFormula(FormulaDocument? f, string path)
        {
            if (f is null)
            {
                Error(path, "missing");
                return null;
            }

            var kind = f.Kind switch
            {
                "unknown" => FormulaKind.Unknown,
                "C" => FormulaKind.C,
                "C*Kq*Kf" => FormulaKind.CTimesKqTimesKf,
                "C*Kp*Kv" => FormulaKind.CTimesKpTimesKv,
                "C*K" => FormulaKind.CTimesK,
                null => Fail<FormulaKind>(path + ".kind", "missing"),
                _ => Fail<FormulaKind>(path + ".kind", $"'{f.Kind}' is not one of unknown, C, C*Kq*Kf, C*Kp*Kv, C*K"),
            };
            var text = Required(f.Text, path, "text");
            var tag = Tag(f.Tag, path + ".tag");
            var verified = VerifiedFlag(f.Verified, tag, path + ".verified");
            var source = Required(f.Source, path, "source");
            if (f.ExemptionsVerified == true && string.IsNullOrWhiteSpace(f.ExemptionsSource))
            {
                Error(path + ".exemptionsVerified", "true without an exemptionsSource");
            }

            return text is null || source is null
                ? null
                : new RegulationFormula(kind, text, tag, verified, source, Blank(f.ExemptionsSource), f.ExemptionsVerified ?? false);
        }

        private List<RegulationColumn> ReadColumns(List<ColumnDocument?>? documents, string parent)
        {
            var columns = new List<RegulationColumn>();
            if (documents is null)
            {
                Error(parent + ".columns", "missing (use [] when the columns are not known)");
                return columns;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var c = documents[i];
                var path = $"{parent}.columns[{i}]";
                if (c is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var id = Required(c.Id, path, "id");
                var description = Text(c.Description, path + ".description");
                var until = Date(c.ApplicableUntil, path + ".applicableUntil");
                var tag = Tag(c.Tag, path + ".tag");
                var verified = VerifiedFlag(c.Verified, tag, path + ".verified");
                var source = Required(c.Source, path, "source");
                if (id is null || description is null || source is null)
                {
                    continue;
                }

                if (columns.Any(x => x.Id == id))
                {
                    Error(path + ".id", $"column '{id}' is declared twice");
                    continue;
                }

                columns.Add(new RegulationColumn(id, description, until, tag, verified, source));
            }

            return columns;
        }

        private List<RegulationScope> ReadScopes(List<ScopeDocument?>? documents, string parent)
        {
            var scopes = new List<RegulationScope>();
            if (documents is null)
            {
                Error(parent + ".scopes", "missing (use [] when the regulation has no scoped rows)");
                return scopes;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var s = documents[i];
                var path = $"{parent}.scopes[{i}]";
                if (s is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var id = Required(s.Id, path, "id");
                var description = Text(s.Description, path + ".description");
                var source = Required(s.Source, path, "source");
                if (s.ReferenceOxygenPercent is { } o2 && !(o2 >= 0 && o2 < 20.9))
                {
                    Error(path + ".referenceOxygenPercent", $"{ComplianceText.Number(o2)} is outside 0 – 20.9 %");
                }

                if (id is null || description is null || source is null)
                {
                    continue;
                }

                if (scopes.Any(x => x.Id == id))
                {
                    Error(path + ".id", $"scope '{id}' is declared twice");
                    continue;
                }

                scopes.Add(new RegulationScope(id, description, s.ReferenceOxygenPercent, source));
            }

            return scopes;
        }

        private List<RegulationParameter> ReadParameters(
            List<ParameterDocument?>? documents,
            string parent,
            RegulationFormula? formula,
            List<RegulationColumn> columns,
            List<RegulationScope> scopes,
            Dictionary<string, string> sources)
        {
            var parameters = new List<RegulationParameter>();
            if (documents is null)
            {
                Error(parent + ".parameters", "missing (use [] when no value is known)");
                return parameters;
            }

            if (formula?.Kind == FormulaKind.Unknown && documents.Count > 0)
            {
                Error(parent + ".parameters", "the formula is unknown: set formula.kind from the official text before adding limit values");
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var p = documents[i];
                var path = $"{parent}.parameters[{i}]" + (p?.Code is { } c ? $" ({c}{(p.Scope is { } s ? " / " + s : "")})" : "");
                if (p is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var code = Required(p.Code, path, "code");
                var name = Text(p.Name, path + ".name");
                var unit = Required(p.Unit, path, "unit");
                var table = Required(p.Table, path, "table");
                var kind = p.Kind switch
                {
                    "max" => LimitKind.Max,
                    "min" => LimitKind.Min,
                    "range" => LimitKind.Range,
                    null => Fail<LimitKind>(path + ".kind", "missing"),
                    _ => Fail<LimitKind>(path + ".kind", $"'{p.Kind}' is not one of max, min, range"),
                };

                if (p.Scope is { } scope && scopes.All(s => s.Id != scope))
                {
                    Error(path + ".scope", $"'{scope}' is not declared in scopes ({Listed(scopes.Select(s => s.Id))})");
                }

                if (code is not null && unit is not null && ParameterCatalogue.Find(code) is { } definition
                    && !ParameterCatalogue.TryNormalizeUnit(unit, definition.Unit, out _))
                {
                    Error(path + ".unit", $"'{unit}' is not the unit of {code} in the parameter catalogue ('{definition.Unit}')");
                }

                if (p.CoefficientsApply is not { } coefficientsApply)
                {
                    Error(path + ".coefficientsApply", "missing");
                    coefficientsApply = false;
                }
                else if (coefficientsApply && formula is not null && formula.Factors.Count == 0)
                {
                    Error(path + ".coefficientsApply", $"true, but the formula '{formula.Text}' has no coefficients");
                }
                else if (coefficientsApply && kind != LimitKind.Max)
                {
                    Error(path + ".coefficientsApply", $"true for a {kind.ToString().ToLowerInvariant()} limit: coefficients multiply a maximum only");
                }

                var limits = ReadLimits(p.Limits, path, kind, columns, sources);

                if (code is null || name is null || unit is null || table is null)
                {
                    continue;
                }

                if (parameters.Any(x => x.Code == code && x.Scope == p.Scope))
                {
                    Error(path, $"parameter '{code}'{(p.Scope is null ? "" : $" for scope '{p.Scope}'")} is listed twice");
                    continue;
                }

                parameters.Add(new RegulationParameter(code, Blank(p.Scope), name, unit, kind, coefficientsApply,
                    p.ExemptWhenSalineOrBrackish ?? false, table, limits, Blank(p.Note)));
            }

            return parameters;
        }

        private List<ColumnLimit> ReadLimits(List<LimitDocument?>? documents, string parent, LimitKind kind, List<RegulationColumn> columns, Dictionary<string, string> sources)
        {
            var limits = new List<ColumnLimit>();
            if (documents is not { Count: > 0 })
            {
                Error(parent + ".limits", "missing or empty: leave the whole row out when no value is known");
                return limits;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var l = documents[i];
                var path = $"{parent}.limits[{i}]";
                if (l is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var column = Required(l.Column, path, "column");
                if (column is not null && columns.All(c => c.Id != column))
                {
                    Error(path + ".column", $"'{column}' is not a declared column ({Listed(columns.Select(c => c.Id))})");
                }

                if (column is not null && limits.Any(x => x.Column == column))
                {
                    Error(path + ".column", $"column '{column}' is given twice");
                }

                switch (kind)
                {
                    case LimitKind.Max when l.Max is null || l.Min is not null:
                        Error(path, "a max limit needs 'max' and no 'min'");
                        break;
                    case LimitKind.Min when l.Min is null || l.Max is not null:
                        Error(path, "a min limit needs 'min' and no 'max'");
                        break;
                    case LimitKind.Range when l.Min is null || l.Max is null:
                        Error(path, "a range limit needs both 'min' and 'max'");
                        break;
                    case LimitKind.Range when l.Min >= l.Max:
                        Error(path, $"min {ComplianceText.Number(l.Min!.Value)} is not below max {ComplianceText.Number(l.Max!.Value)}");
                        break;
                }

                foreach (var (name, value) in new[] { ("min", l.Min), ("max", l.Max) })
                {
                    if (value is { } v && (!double.IsFinite(v) || v < 0))
                    {
                        Error($"{path}.{name}", $"{ComplianceText.Number(v)} is not a finite non-negative number");
                    }
                }

                var tag = Tag(l.Tag, path + ".tag");
                var verified = VerifiedFlag(l.Verified, tag, path + ".verified");
                var source = Blank(l.Source) ?? sources.GetValueOrDefault(tag.ToString());
                if (string.IsNullOrWhiteSpace(source))
                {
                    Error(path + ".source", $"missing, and the regulation's sources give none for tag {tag}");
                    continue;
                }

                if (column is not null)
                {
                    limits.Add(new ColumnLimit(column, l.Min, l.Max, tag, verified, source));
                }
            }

            return limits;
        }

        private List<RegulationTransition> ReadTransitions(List<TransitionDocument?>? documents, List<Regulation> regulations)
        {
            var transitions = new List<RegulationTransition>();
            if (documents is null)
            {
                Error("transitions", "missing (use [] when none is known)");
                return transitions;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var t = documents[i];
                var path = $"transitions[{i}]";
                if (t is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var from = Required(t.From, path, "from");
                var to = Required(t.To, path, "to");
                var newFrom = Date(t.NewEffectiveFrom, path + ".newEffectiveFrom");
                var until = Date(t.OldAllowedUntil, path + ".oldAllowedUntil");
                var eligibility = Required(t.Eligibility, path, "eligibility");
                var tag = Tag(t.Tag, path + ".tag");
                var verified = VerifiedFlag(t.Verified, tag, path + ".verified");
                var source = Required(t.Source, path, "source");
                if (newFrom is null)
                {
                    Error(path + ".newEffectiveFrom", "missing");
                }

                if (until is null)
                {
                    Error(path + ".oldAllowedUntil", "missing");
                }

                var old = regulations.FirstOrDefault(r => r.Id == from);
                var successor = regulations.FirstOrDefault(r => r.Id == to);
                if (from is not null && old is null)
                {
                    Error(path + ".from", $"'{from}' is not a regulation of the catalogue");
                }

                if (to is not null && successor is null)
                {
                    Error(path + ".to", $"'{to}' is not a regulation of the catalogue");
                }

                if (old is not null && to is not null && old.SupersededBy != to)
                {
                    Error(path + ".to", $"'{to}' does not match {old.Id}.supersededBy ('{old.SupersededBy ?? "none"}')");
                }

                if (successor?.EffectiveFrom is { } effective && newFrom is { } nf && nf != effective)
                {
                    Error(path + ".newEffectiveFrom", $"{ComplianceText.Date(nf)} differs from {successor.Id}.effectiveFrom {ComplianceText.Date(effective)}");
                }

                if (newFrom is { } a && until is { } b && b < a)
                {
                    Error(path + ".oldAllowedUntil", $"{ComplianceText.Date(b)} is before newEffectiveFrom {ComplianceText.Date(a)}");
                }

                if (from is not null && transitions.Any(x => x.From == from))
                {
                    Error(path + ".from", $"'{from}' already has a transition");
                    continue;
                }

                if (from is not null && to is not null && newFrom is not null && until is not null && eligibility is not null && source is not null)
                {
                    transitions.Add(new RegulationTransition(from, to, newFrom.Value, until.Value, eligibility, tag, verified, source));
                }
            }

            return transitions;
        }

        private List<CoefficientTable> ReadTables(List<TableDocument?>? documents, List<Regulation> regulations)
        {
            var tables = new List<CoefficientTable>();
            if (documents is null)
            {
                Error("coefficientTables", "missing (use [] when none is known)");
                return tables;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var t = documents[i];
                var path = $"coefficientTables[{i}]" + (t?.Id is { } tid ? $" ({tid})" : "");
                if (t is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var id = Required(t.Id, path, "id");
                var factor = Required(t.Factor, path, "factor");
                var regulationId = Required(t.Regulation, path, "regulation");
                var description = Text(t.Description, path + ".description");
                var table = Required(t.Table, path, "table");
                var tag = Tag(t.Tag, path + ".tag");
                var verified = VerifiedFlag(t.Verified, tag, path + ".verified");
                var source = Required(t.Source, path, "source");

                if (factor is not null && !KnownFactors.Contains(factor))
                {
                    Error(path + ".factor", $"'{factor}' is not one of {string.Join(", ", KnownFactors)}");
                }

                if (regulationId is not null)
                {
                    if (regulations.FirstOrDefault(r => r.Id == regulationId) is not { } regulation)
                    {
                        Error(path + ".regulation", $"'{regulationId}' is not a regulation of the catalogue");
                    }
                    else if (factor is not null && !regulation.Formula.Factors.Contains(factor))
                    {
                        Error(path + ".factor", $"{factor} is not a factor of {regulation.Id}'s formula '{regulation.Formula.Text}'");
                    }
                }

                var bands = ReadBands(t, path);
                var classes = ReadClasses(t.Classes, path);
                if (bands.Count == 0 && classes.Count == 0)
                {
                    Error(path, "needs bands or classes");
                }
                else if (bands.Count > 0 && classes.Count > 0)
                {
                    Error(path, "has both bands and classes; a table is one or the other");
                }

                if (id is null || factor is null || regulationId is null || description is null || table is null || source is null)
                {
                    continue;
                }

                if (tables.Any(x => x.Id == id))
                {
                    Error(path + ".id", $"table '{id}' is declared twice");
                    continue;
                }

                tables.Add(new CoefficientTable(id, factor, regulationId, description, Blank(t.Symbol), Blank(t.Unit), bands, classes, table, tag, verified, source));
            }

            return tables;
        }

        private List<CoefficientBand> ReadBands(TableDocument t, string parent)
        {
            var bands = new List<CoefficientBand>();
            if (t.Bands is null)
            {
                Error(parent + ".bands", "missing (use [] for a table of classes)");
                return bands;
            }

            if (t.Bands.Count > 0 && (string.IsNullOrWhiteSpace(t.Symbol) || string.IsNullOrWhiteSpace(t.Unit)))
            {
                Error(parent, "a table of bands needs 'symbol' and 'unit'");
            }

            for (var i = 0; i < t.Bands.Count; i++)
            {
                var b = t.Bands[i];
                var path = $"{parent}.bands[{i}]";
                if (b is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var first = i == 0;
                var last = i == t.Bands.Count - 1;
                if (first && b.Above is not null)
                {
                    Error(path + ".above", "the first band starts at 0 and has no 'above'");
                }

                if (!first && b.Above is null)
                {
                    Error(path + ".above", "missing: only the first band has no lower edge");
                }

                if (!last && b.UpTo is null)
                {
                    Error(path + ".upTo", "missing: only the last band is open-ended");
                }

                if (last && b.UpTo is not null)
                {
                    Error(path + ".upTo", "the last band must be open-ended so that every value falls in a band");
                }

                if (!first && b.Above is { } above && bands.Count == i && bands[i - 1].UpTo is { } previous && above != previous)
                {
                    Error(path + ".above", $"{ComplianceText.Number(above)} does not continue the previous band's upTo {ComplianceText.Number(previous)}");
                }

                if (b.Above is { } lo && b.UpTo is { } hi && hi <= lo)
                {
                    Error(path, $"upTo {ComplianceText.Number(hi)} is not above 'above' {ComplianceText.Number(lo)}");
                }

                if (b.Above is { } edgeLow && (!double.IsFinite(edgeLow) || edgeLow < 0))
                {
                    Error(path + ".above", $"{ComplianceText.Number(edgeLow)} is not a finite non-negative number");
                }

                if (b.UpTo is { } edgeHigh && (!double.IsFinite(edgeHigh) || edgeHigh <= 0))
                {
                    Error(path + ".upTo", $"{ComplianceText.Number(edgeHigh)} is not a finite positive number");
                }

                if (b.Value is not { } value || !double.IsFinite(value) || value <= 0)
                {
                    Error(path + ".value", b.Value is null ? "missing" : $"{ComplianceText.Number(b.Value.Value)} is not a positive number");
                    bands.Add(new CoefficientBand(b.Above, b.UpTo, double.NaN));
                    continue;
                }

                bands.Add(new CoefficientBand(b.Above, b.UpTo, value));
            }

            return bands;
        }

        private List<CoefficientClass> ReadClasses(List<ClassDocument?>? documents, string parent)
        {
            var classes = new List<CoefficientClass>();
            if (documents is null)
            {
                Error(parent + ".classes", "missing (use [] for a table of bands)");
                return classes;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var c = documents[i];
                var path = $"{parent}.classes[{i}]";
                if (c is null)
                {
                    Error(path, "is null");
                    continue;
                }

                var id = Required(c.Id, path, "id");
                var description = Text(c.Description, path + ".description");
                if (c.Value is not { } value || !double.IsFinite(value) || value <= 0)
                {
                    Error(path + ".value", c.Value is null ? "missing" : $"{ComplianceText.Number(c.Value.Value)} is not a positive number");
                    continue;
                }

                if (id is null || description is null)
                {
                    continue;
                }

                if (classes.Any(x => string.Equals(x.Id, id, StringComparison.OrdinalIgnoreCase)))
                {
                    Error(path + ".id", $"class '{id}' is declared twice");
                    continue;
                }

                classes.Add(new CoefficientClass(id, description, value));
            }

            return classes;
        }

        private string? Required(string? value, string path, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error($"{path}.{field}", "missing");
                return null;
            }

            return value.Trim();
        }

        private LocalizedText? Text(TextDocument? text, string path)
        {
            if (text is null)
            {
                Error(path, "missing");
                return null;
            }

            var vi = Required(text.Vi, path, "vi");
            var en = Required(text.En, path, "en");
            return vi is null || en is null ? null : new LocalizedText(vi, en);
        }

        private DateOnly? Date(string? text, string path)
        {
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error(path, $"'{text}' is not a date in the form yyyy-MM-dd");
            return null;
        }

        private SourceTag Tag(string? text, string path)
        {
            switch (text)
            {
                case "V":
                    return SourceTag.V;
                case "T":
                    return SourceTag.T;
                case "U":
                    return SourceTag.U;
                case null:
                    Error(path, "missing");
                    return SourceTag.U;
                default:
                    Error(path, $"'{text}' is not one of V, T, U");
                    return SourceTag.U;
            }
        }

        // Only a value seen in the legal text or an official page may be called verified, and such a value must say so.
        private bool VerifiedFlag(bool? verified, SourceTag tag, string path)
        {
            if (verified is not { } v)
            {
                Error(path, "missing");
                return false;
            }

            if (v != (tag == SourceTag.V))
            {
                Error(path, v
                    ? $"true, but the value is tagged [{tag}]: only [V] values are verified"
                    : "false, but the value is tagged [V]");
                return false;
            }

            return v;
        }

        private T Fail<T>(string path, string reason)
        {
            Error(path, reason);
            return default!;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        private static string Listed(IEnumerable<string> ids)
        {
            var list = string.Join(", ", ids);
            return list.Length == 0 ? "none declared" : list;
        }
    }
}

/// <summary>Numbers and dates as the compliance texts print them: invariant decimal point, dd/MM/yyyy dates.</summary>
internal static class ComplianceText
{
    /// <summary>Shortest round-trip form (150, 148.5, 0.005), the same on every machine.</summary>
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(decimal value) => ToDouble(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The double nearest to a decimal. The built-in cast can land one ulp off for decimals with many digits
    /// (100.00000000000000347… casts to 99.999999999999986), which would print a mean below the limit it exceeds;
    /// parsing the decimal's own text is correctly rounded.
    /// </summary>
    public static double ToDouble(decimal value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => VietnamTime.FormatDate(date);

    /// <summary>A UTC instant as Vietnam local time, e.g. "01/03/2025 10:00 ICT".</summary>
    public static string Time(DateTime utc) => VietnamTime.FormatDateTime(utc) + " ICT";
}
