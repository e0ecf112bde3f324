using System.Collections.Frozen;

namespace Envigil.Monitoring.Registry;

/// <summary>
/// One observed property (SensorThings ObservedProperty) a data file may carry.
/// </summary>
/// <param name="Code">Canonical symbol, spelled as Circular 10/2021/TT-BTNMT Annex 15 Table 34 spells it (e.g. <c>PM2,5</c> with a comma).</param>
/// <param name="NameVi">Vietnamese name, as officials write it.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Unit">Default unit of the datastream.</param>
/// <param name="UnitAliases">Spellings of <see cref="Unit"/> accepted as the same unit (factor 1).</param>
/// <param name="PhysicalMin">Engineering default: the lowest value an instrument can physically report; not a legal limit. Null when no default makes sense.</param>
/// <param name="PhysicalMax">Engineering default: the highest value an instrument can physically report; not a legal limit. Null when no default makes sense.</param>
/// <param name="Kinds">Station kinds that typically measure it.</param>
/// <param name="Source">Confidence tags, as in shared/domain notes: [T] third-party reading, [U] unverified.</param>
public sealed record ParameterDefinition(
    string Code,
    string NameVi,
    string NameEn,
    string Unit,
    IReadOnlyList<string> UnitAliases,
    double? PhysicalMin,
    double? PhysicalMax,
    IReadOnlyList<StationKind> Kinds,
    string Source);

/// <summary>
/// The parameter symbols a receiver must understand, and the many ways dataloggers spell them.
/// </summary>
/// <remarks>
/// Codes marked [T] are the symbols of Circular 10/2021/TT-BTNMT Annex 15 Table 34 as listed by a third-party
/// datalogger (quytttb/data-logger SensorSymbolCatalog.h; shared/domain/follow-up-file-format-vn2000.md §1.3).
/// The official units per symbol were not retrieved, so every unit is [U]; every physical range is an
/// engineering default chosen here (not law) and is meant to be overridden per datastream.
/// Codes marked [U] (BOD5, NOx, HCl, HF, DO, EC, Turbidity, Salinity, WaterLevel) are not in that list; they
/// come from the QCVN 19/40 parameter tables (monitoring-regulations.md §3), surface-water practice, and
/// Circular 17/2021 groundwater extraction (level and flow, monitoring-regulations.md §4).
/// </remarks>
public static class ParameterCatalogue
{
    /// <summary>Code from the Table 34 third-party list; unit and range not verified.</summary>
    public const string SourceTable34 = "code [T] Circular 10/2021 Annex 15 Table 34 (third-party list); unit [U]; range: engineering default";

    /// <summary>Code not in the Table 34 list we have; added for parameters the province receives in practice.</summary>
    public const string SourceUnverified = "code [U]; unit [U]; range: engineering default";

    private const int MaxSymbolLength = 256;

    private static readonly StationKind[] Water = [StationKind.Wastewater, StationKind.SurfaceWater];
    private static readonly StationKind[] Air = [StationKind.StackEmission, StationKind.AmbientAir];

    // Unit spellings. Only spellings of the very same unit are listed: mg/m3 (actual conditions) is NOT mg/Nm3
    // (normal conditions, 25 °C / 760 mmHg per QCVN 19:2009), so it is deliberately absent.
    // Matching ignores case and white space, so "MG/L" and "mg / l" need no entry of their own.
    private static readonly string[] MgPerLitre = ["mg/L", "mg/l", "mg/lít", "mg/lit"];
    private static readonly string[] MgPerNm3 = ["mg/Nm3", "mg/Nm³", "mg/Nm^3"];
    private static readonly string[] UgPerNm3 = ["µg/Nm3", "µg/Nm³", "μg/Nm3", "μg/Nm³", "ug/Nm3", "ug/Nm³", "mcg/Nm3"];
    private static readonly string[] CubicMetresPerHour = ["m3/h", "m³/h", "m3/hr", "m³/hr", "m^3/h", "m3/giờ", "m3/gio"];
    private static readonly string[] Celsius = ["°C", "oC", "ºC", "℃", "degC", "deg C", "C", "độ C", "do C"];
    private static readonly string[] Percent = ["%"];

    private static readonly ParameterDefinition[] Definitions =
    [
        // Table 34 symbols [T], in the order of the third-party list.
        new("Flow", "Lưu lượng", "Flow rate", "m3/h", CubicMetresPerHour, 0, 10_000_000,
            [StationKind.Wastewater, StationKind.StackEmission, StationKind.Groundwater], SourceTable34),
        new("Temp", "Nhiệt độ", "Temperature", "°C", Celsius, -50, 1_500,
            [StationKind.Wastewater, StationKind.StackEmission, StationKind.AmbientAir, StationKind.SurfaceWater, StationKind.Groundwater], SourceTable34),
        // Pt-Co, Hazen and APHA colour units are one and the same scale (1 mg/L platinum as chloroplatinate).
        new("Color", "Độ màu", "Colour", "Pt-Co", ["Pt-Co", "Pt/Co", "PtCo", "Pt Co", "Pt-Co unit", "Hazen", "HU", "APHA"], 0, 10_000,
            [StationKind.Wastewater], SourceTable34),
        new("pH", "pH", "pH", "pH", ["pH", "", "-"], 0, 14,
            [StationKind.Wastewater, StationKind.SurfaceWater, StationKind.Groundwater], SourceTable34),
        new("TSS", "Tổng chất rắn lơ lửng", "Total suspended solids", "mg/L", MgPerLitre, 0, 100_000, Water, SourceTable34),
        new("COD", "Nhu cầu oxy hóa học", "Chemical oxygen demand", "mg/L", MgPerLitre, 0, 100_000, Water, SourceTable34),
        new("NH4", "Amoni (tính theo N)", "Ammonium (as N)", "mg/L", MgPerLitre, 0, 10_000,
            [StationKind.Wastewater, StationKind.SurfaceWater, StationKind.Groundwater], SourceTable34),
        new("TP", "Tổng phốt pho", "Total phosphorus", "mg/L", MgPerLitre, 0, 10_000, Water, SourceTable34),
        new("TN", "Tổng nitơ", "Total nitrogen", "mg/L", MgPerLitre, 0, 10_000, Water, SourceTable34),
        new("TOC", "Tổng cacbon hữu cơ", "Total organic carbon", "mg/L", MgPerLitre, 0, 100_000, Water, SourceTable34),
        // Whether Table 34 "Cl" means residual chlorine or chloride was not verified [U]; both are mg/L in water.
        new("Cl", "Clo (clo dư hoặc clorua)", "Chlorine (residual chlorine or chloride, not verified)", "mg/L", MgPerLitre, 0, 100_000,
            [StationKind.Wastewater], SourceTable34),
        new("RH", "Độ ẩm", "Relative humidity", "%", ["%", "%RH", "% RH", "RH%"], 0, 100, Air, SourceTable34),
        // Stack CEMS report absolute or gauge pressure; the range covers both (draft can be negative gauge).
        new("P", "Áp suất", "Pressure", "kPa", ["kPa"], -100, 200, Air, SourceTable34),
        new("NO", "Nitơ monoxit", "Nitric oxide", "mg/Nm3", MgPerNm3, 0, 20_000, Air, SourceTable34),
        new("NO2", "Nitơ dioxit", "Nitrogen dioxide", "mg/Nm3", MgPerNm3, 0, 20_000, Air, SourceTable34),
        new("CO", "Cacbon monoxit", "Carbon monoxide", "mg/Nm3", MgPerNm3, 0, 50_000, Air, SourceTable34),
        new("SO2", "Lưu huỳnh dioxit", "Sulphur dioxide", "mg/Nm3", MgPerNm3, 0, 20_000, Air, SourceTable34),
        // Excess O2 in flue gas; ambient air is 20.9 %, so 25 % leaves headroom for drift without accepting nonsense.
        new("O2", "Oxy", "Oxygen", "%", ["%", "%vol", "% vol", "%V", "vol%"], 0, 25, [StationKind.StackEmission], SourceTable34),
        new("H2S", "Hydro sunfua", "Hydrogen sulphide", "mg/Nm3", MgPerNm3, 0, 10_000, Air, SourceTable34),
        new("NH3", "Amoniac", "Ammonia", "mg/Nm3", MgPerNm3, 0, 10_000, Air, SourceTable34),
        // The meaning of the symbol "VHg" was not verified [U]; read here as mercury vapour.
        new("VHg", "Hơi thủy ngân", "Mercury vapour (symbol meaning not verified)", "mg/Nm3", MgPerNm3, 0, 100,
            [StationKind.StackEmission], SourceTable34),
        new("PM", "Bụi tổng", "Total dust", "mg/Nm3", MgPerNm3, 0, 20_000, Air, SourceTable34),
        new("O3", "Ozon", "Ozone", "µg/Nm3", UgPerNm3, 0, 2_000, [StationKind.AmbientAir], SourceTable34),
        new("PM10", "Bụi PM10", "Particulate matter PM10", "µg/Nm3", UgPerNm3, 0, 10_000, [StationKind.AmbientAir], SourceTable34),
        new("PM2,5", "Bụi PM2,5", "Particulate matter PM2.5", "µg/Nm3", UgPerNm3, 0, 10_000, [StationKind.AmbientAir], SourceTable34),

        // Not in the Table 34 list we have [U].
        new("BOD5", "Nhu cầu oxy sinh hóa (BOD5)", "Biochemical oxygen demand (5-day)", "mg/L", MgPerLitre, 0, 100_000, Water, SourceUnverified),
        new("NOx", "Nitơ oxit (NOx, tính theo NO2)", "Nitrogen oxides (as NO2)", "mg/Nm3", MgPerNm3, 0, 20_000, Air, SourceUnverified),
        new("HCl", "Hydro clorua", "Hydrogen chloride", "mg/Nm3", MgPerNm3, 0, 10_000, [StationKind.StackEmission], SourceUnverified),
        new("HF", "Hydro florua", "Hydrogen fluoride", "mg/Nm3", MgPerNm3, 0, 10_000, [StationKind.StackEmission], SourceUnverified),
        new("DO", "Oxy hòa tan", "Dissolved oxygen", "mg/L", MgPerLitre, 0, 50,
            [StationKind.SurfaceWater, StationKind.Wastewater], SourceUnverified),
        new("EC", "Độ dẫn điện", "Electrical conductivity", "µS/cm", ["µS/cm", "μS/cm", "uS/cm"], 0, 200_000,
            [StationKind.SurfaceWater, StationKind.Groundwater], SourceUnverified),
        // FNU and NTU use different optics; they are close but not the same unit, so FNU is not an alias.
        new("Turbidity", "Độ đục", "Turbidity", "NTU", ["NTU"], 0, 10_000,
            [StationKind.SurfaceWater, StationKind.Groundwater], SourceUnverified),
        // PSU is close to ‰ but defined differently (conductivity ratio), so it is not an alias.
        new("Salinity", "Độ mặn", "Salinity", "‰", ["‰", "ppt", "o/oo", "%o"], 0, 70,
            [StationKind.SurfaceWater, StationKind.Groundwater], SourceUnverified),
        // Circular 17/2021 Art. 13: water level in each production well; no default range because it depends on the datum.
        new("WaterLevel", "Mực nước", "Water level", "m", ["m", "mét", "met"], null, null,
            [StationKind.Groundwater, StationKind.SurfaceWater], SourceUnverified),
    ];

    // Aliases other than the code itself, already in normalised form (see NormalizeAlias): real dataloggers
    // and provincial spreadsheets spell symbols with Vietnamese names, English names and short forms.
    private static readonly (string Code, string[] Aliases)[] BuiltInAliases =
    [
        ("Flow", ["q", "luuluong", "flowrate", "luuluongnuocthai", "luuluongkhithai", "luuluongkhaithac"]),
        ("Temp", ["temperature", "nhietdo", "nhiet"]),
        ("Color", ["colour", "mau", "domau"]),
        ("TSS", ["ss", "tongchatranlolung", "chatranlolung", "suspendedsolids", "totalsuspendedsolids"]),
        ("COD", ["codcr", "nhucauoxyhoahoc", "chemicaloxygendemand"]),
        ("NH4", ["nnh4", "nh4n", "amoni", "ammonium", "amonium"]),
        ("TP", ["tongphotpho", "photphotong", "tongphospho", "photpho", "totalphosphorus"]),
        ("TN", ["tongnito", "nitotong", "totalnitrogen"]),
        ("TOC", ["tongcacbonhuuco", "totalorganiccarbon"]),
        ("Cl", ["clo", "clodu", "clorua", "chlorine", "chloride", "residualchlorine"]),
        ("RH", ["doam", "humidity", "relativehumidity"]),
        ("P", ["apsuat", "pressure"]),
        ("NO", ["nitomonoxit", "nitricoxide"]),
        ("NO2", ["nitodioxit", "nitrogendioxide"]),
        ("CO", ["cacbonmonoxit", "carbonmonoxide"]),
        ("SO2", ["luuhuynhdioxit", "sulfurdioxide", "sulphurdioxide"]),
        ("O2", ["oxy", "oxi", "oxygen"]),
        ("H2S", ["hydrosunfua", "hydrosulfua", "hydrogensulfide", "hydrogensulphide"]),
        ("NH3", ["amoniac"]),
        ("VHg", ["hoithuyngan", "mercuryvapour", "mercuryvapor"]),
        ("PM", ["bui", "buitong", "dust", "totaldust", "tsp"]),
        ("O3", ["ozon", "ozone"]),
        ("PM10", ["bui10", "buipm10"]),
        ("PM2,5", ["bui25", "buipm25"]),
        ("BOD5", ["bod", "nhucauoxysinhhoa", "biochemicaloxygendemand"]),
        ("NOx", ["nitooxit", "nitrogenoxides"]),
        ("HCl", ["hydroclorua", "hydrogenchloride"]),
        ("HF", ["hydroflorua", "hydrogenfluoride"]),
        ("DO", ["oxyhoatan", "dissolvedoxygen"]),
        ("EC", ["conductivity", "cond", "dodandien", "electricalconductivity"]),
        ("Turbidity", ["turb", "doduc"]),
        ("Salinity", ["sal", "doman"]),
        ("WaterLevel", ["level", "mucnuoc", "mucnuocdong"]),
    ];

    private static readonly FrozenDictionary<string, ParameterDefinition> ByCode =
        Definitions.ToFrozenDictionary(d => d.Code, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> AliasToCode = BuildAliases();
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AliasLookup =
        AliasToCode.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Dictionary<string, HashSet<string>> UnitSpellings = BuildUnitSpellings();

    /// <summary>Every parameter, Table 34 symbols first.</summary>
    public static IReadOnlyList<ParameterDefinition> All { get; } = Array.AsReadOnly(Definitions);

    /// <summary>Every built-in alias in normalised form, with its canonical code (for admin screens and tests).</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = AliasToCode.AsReadOnly();

    /// <summary>The definition of a canonical code, spelled exactly (ordinal); null when it is not in the catalogue.</summary>
    public static ParameterDefinition? Find(string canonicalCode) =>
        canonicalCode is not null && ByCode.TryGetValue(canonicalCode, out var definition) ? definition : null;

    /// <summary>
    /// The canonical code for a symbol as a datalogger wrote it, or null when nothing matches.
    /// Province aliases (<paramref name="extraAliases"/>: normalised alias → canonical code, added by admins)
    /// win over built-in ones, because they carry local knowledge (e.g. a vendor that writes <c>FlowOut</c>).
    /// </summary>
    public static string? Resolve(string rawCode, IReadOnlyDictionary<string, string>? extraAliases = null)
    {
        // No real symbol is this long; refusing early keeps the buffer on the stack.
        if (string.IsNullOrWhiteSpace(rawCode) || rawCode.Length > MaxSymbolLength)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[MaxSymbolLength];
        var normalized = buffer[..NormalizeAlias(rawCode, buffer)];
        if (normalized.IsEmpty)
        {
            return null;
        }

        if (extraAliases is { Count: > 0 } && extraAliases.TryGetValue(normalized.ToString(), out var target))
        {
            // Admins may write the target loosely ("pm2.5"); accept anything that itself resolves to a catalogue code.
            return ResolveBuiltIn(target);
        }

        return AliasLookup.TryGetValue(normalized, out var code) ? code : null;
    }

    /// <summary>
    /// The comparison form of a symbol: Vietnamese and Latin diacritics removed (đ → d), lower case, subscript and
    /// superscript digits made plain, and everything that is not a letter or a digit dropped, so that
    /// <c>PM2,5</c>, <c>PM2.5</c>, <c>PM2_5</c>, <c>pm 2.5</c> and <c>PM₂.₅</c> all become <c>pm25</c>.
    /// </summary>
    public static string NormalizeAlias(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Span<char> buffer = raw.Length <= MaxSymbolLength ? stackalloc char[MaxSymbolLength] : new char[raw.Length];
        var written = NormalizeAlias(raw, buffer);
        return new string(buffer[..written]);
    }

    /// <summary>
    /// Whether <paramref name="rawUnit"/> is the unit <paramref name="canonicalUnit"/>, possibly spelled differently,
    /// and the factor to multiply a value by to express it in the canonical unit. Only identical units are accepted
    /// (factor 1): a real conversion (mg ↔ µg, Pa ↔ kPa, ppm ↔ mg/Nm3, actual ↔ normal m3) is refused rather than
    /// guessed, so the caller flags the value instead of storing a silently wrong number.
    /// </summary>
    public static bool TryNormalizeUnit(string rawUnit, string canonicalUnit, out double factor)
    {
        factor = double.NaN;
        if (rawUnit is null || canonicalUnit is null)
        {
            return false;
        }

        var raw = NormalizeUnitSpelling(rawUnit);
        var canonical = NormalizeUnitSpelling(canonicalUnit);
        var same = raw == canonical
            || (UnitSpellings.TryGetValue(canonical, out var spellings) && spellings.Contains(raw));
        if (!same)
        {
            return false;
        }

        factor = 1.0;
        return true;
    }

    private static string? ResolveBuiltIn(string? code)
    {
        if (code is null || code.Length > MaxSymbolLength)
        {
            return null;
        }

        if (Find(code) is { } exact)
        {
            return exact.Code;
        }

        Span<char> buffer = stackalloc char[MaxSymbolLength];
        return AliasLookup.TryGetValue(buffer[..NormalizeAlias(code, buffer)], out var resolved) ? resolved : null;
    }

    private static int NormalizeAlias(ReadOnlySpan<char> raw, Span<char> destination)
    {
        var written = 0;
        foreach (var c in raw)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                destination[written++] = char.ToLowerInvariant(c);
                continue;
            }

            if (c < 0x80)
            {
                continue; // ASCII separators and punctuation: space, _, -, ., ,, +, (, ), /, ...
            }

            var folded = FoldNonAscii(c);
            if (folded != '\0')
            {
                destination[written++] = folded;
            }
        }

        return written;
    }

    // Vietnamese precomposed letters (NFC, as UTF-8 files carry them) fold to their base letter. Combining marks
    // (NFD input) are dropped. Written out instead of string.Normalize so the result does not depend on ICU.
    private const string VietnameseA = "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬäåÄÅ";
    private const string VietnameseE = "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆëË";
    private const string VietnameseI = "ìíỉĩịÌÍỈĨỊïîÏÎ";
    private const string VietnameseO = "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢöÖ";
    private const string VietnameseU = "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰüûÜÛ";
    private const string VietnameseY = "ỳýỷỹỵỲÝỶỸỴ";

    private static char FoldNonAscii(char c)
    {
        switch (c)
        {
            case 'đ' or 'Đ':
                return 'd';
            case >= '\u0300' and <= '\u036F': // combining diacritical marks
                return '\0';
            case >= '\u2080' and <= '\u2089': // subscript digits, as in PM₂.₅ or SO₂
                return (char)('0' + (c - '\u2080'));
            case '\u2070':
                return '0';
            case '\u00B9':
                return '1';
            case '\u00B2':
                return '2';
            case '\u00B3':
                return '3';
            case >= '\u2074' and <= '\u2079':
                return (char)('4' + (c - '\u2074'));
        }

        if (VietnameseA.Contains(c)) return 'a';
        if (VietnameseE.Contains(c)) return 'e';
        if (VietnameseI.Contains(c)) return 'i';
        if (VietnameseO.Contains(c)) return 'o';
        if (VietnameseU.Contains(c)) return 'u';
        if (VietnameseY.Contains(c)) return 'y';
        return char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '\0';
    }

    private static string NormalizeUnitSpelling(string unit)
    {
        Span<char> buffer = unit.Length <= 64 ? stackalloc char[unit.Length * 2] : new char[unit.Length * 2];
        var written = 0;
        foreach (var c in unit)
        {
            switch (c)
            {
                case '^':
                    continue; // m^3 is m3
                case '℃': // U+2103 DEGREE CELSIUS, one character for "°C"
                    buffer[written++] = 'o';
                    buffer[written++] = 'c';
                    continue;
                case '³':
                    buffer[written++] = '3';
                    continue;
                case '²':
                    buffer[written++] = '2';
                    continue;
                case 'µ' or 'μ': // micro sign U+00B5 and Greek mu U+03BC are both written
                    buffer[written++] = 'u';
                    continue;
                case '°' or 'º' or '˚': // degree, masculine ordinal and ring above all appear as "°C"
                    buffer[written++] = 'o';
                    continue;
            }

            if (!char.IsWhiteSpace(c))
            {
                buffer[written++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..written]);
    }

    private static Dictionary<string, string> BuildAliases()
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string alias, string code)
        {
            // A clash would silently send one parameter's values to another: fail loudly at start instead.
            if (aliases.TryGetValue(alias, out var existing) && existing != code)
            {
                throw new InvalidOperationException($"Alias '{alias}' maps to both '{existing}' and '{code}'.");
            }

            aliases[alias] = code;
        }

        foreach (var definition in Definitions)
        {
            Add(NormalizeAlias(definition.Code), definition.Code);
        }

        foreach (var (code, list) in BuiltInAliases)
        {
            if (!ByCode.ContainsKey(code))
            {
                throw new InvalidOperationException($"Alias list names unknown code '{code}'.");
            }

            foreach (var alias in list)
            {
                Add(NormalizeAlias(alias), code);
            }
        }

        return aliases;
    }

    private static Dictionary<string, HashSet<string>> BuildUnitSpellings()
    {
        var spellings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var definition in Definitions)
        {
            var key = NormalizeUnitSpelling(definition.Unit);
            if (!spellings.TryGetValue(key, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                spellings[key] = set;
            }

            foreach (var alias in definition.UnitAliases)
            {
                set.Add(NormalizeUnitSpelling(alias));
            }
        }

        return spellings;
    }
}
