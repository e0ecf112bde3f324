using System.Text.Json;
using System.Text.Json.Serialization;

namespace Envigil.Hazards.Risk;

/// <summary>
/// The risk-level rules of Decision 18/2021/QĐ-TTg as data (Risk/Data/decision-18-2021.json, embedded). Every row names
/// its article and says whether it was verified; the evaluators apply unverified rows only when told to.
/// </summary>
public sealed record Decision18Rules(
    string Document,
    IReadOnlyList<LevelColour> Levels,
    CompoundRule Compound,
    StormMatrix Storm,
    RainTable HeavyRain,
    FloodTable Flood,
    FlashFloodTable FlashFlood,
    IReadOnlyList<NoTable> NoVerifiedTable)
{
    public const string ResourceName = "Envigil.Hazards.Risk.Data.decision-18-2021.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly Lazy<Decision18Rules> Embedded = new(() =>
    {
        using var stream = typeof(Decision18Rules).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return Parse(stream);
    });

    /// <summary>The rules shipped with Envigil.</summary>
    public static Decision18Rules Shipped => Embedded.Value;

    /// <summary>Reads a rules file (the shipped one, or a province's reviewed copy named by Envigil:Hazards:RulesFile).</summary>
    public static Decision18Rules Parse(Stream json)
    {
        var rules = JsonSerializer.Deserialize<Decision18Rules>(json, Json) ?? throw new InvalidDataException("The rules file is empty.");
        var problems = rules.Check();
        return problems.Count == 0 ? rules : throw new InvalidDataException("The rules file is not valid: " + string.Join(" ", problems));
    }

    public LevelColour Level(int level) => Levels.Single(l => l.Level == level);

    /// <summary>Structural checks, so that a hand-edited rules file fails at start rather than during a warning.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (Levels.Select(l => l.Level).Order().SequenceEqual([1, 2, 3, 4, 5]) is false)
            problems.Add("levels must be 1..5, once each.");
        foreach (var row in Storm.Rows)
        {
            if (row.Levels.Count != Storm.Areas.Count)
                problems.Add($"storm row {row.Id}: {row.Levels.Count} levels for {Storm.Areas.Count} areas.");
            if (row.Levels.Any(l => l is < 1 or > 5))
                problems.Add($"storm row {row.Id}: a level outside 1..5.");
        }
        foreach (var id in HeavyRain.Rules.Select(r => r.Id).Concat(Flood.Rules.Select(r => r.Id)).Concat(FlashFlood.Rules.Select(r => r.Id)).GroupBy(i => i).Where(g => g.Count() > 1))
            problems.Add($"rule id {id.Key} is used twice.");
        if (Compound.Cap is < 1 or > 5)
            problems.Add("compound cap must be 1..5.");
        return problems;
    }
}

public sealed record LevelColour(int Level, string ColourVi, string ColourEn, string Hex, string MeaningVi, string MeaningEn, string Source, bool Verified);

public sealed record CompoundRule(string Source, int RaiseTogether, int RaiseSeriousThreat, int Cap, bool Verified);

public sealed record StormArea(string Code, string Vi, string En);

public sealed record StormRow(string Id, int MinBeaufort, int MaxBeaufort, IReadOnlyList<int> Levels);

public sealed record StormMatrix(string Source, bool Verified, IReadOnlyList<StormArea> Areas, IReadOnlyList<StormRow> Rows);

/// <summary>Bands are [min, max): the lower bound included, the upper excluded; days are (minDays, maxDays] except the first band, which starts at 0.</summary>
public sealed record RainRule(string Id, int Level, double? Min24h, double? Max24h, double? Min12h, double? Max12h, double MinDays, double? MaxDays, bool Verified, string Text);

public sealed record RainTable(string Source, string Note, IReadOnlyList<RainRule> Rules);

public sealed record FloodRule(string Id, int Level, IReadOnlyList<int> Regions, string From, double FromOffsetM, string To, double ToOffsetM, string Basins, bool Verified);

public sealed record FloodTable(string Source, string Note, IReadOnlyList<FloodRule> Rules);

public sealed record FlashFloodRule(string Id, int Level, int Region, double Min24h, double? Max24h, string Antecedent, IReadOnlyList<Susceptibility> Susceptibility, bool Verified);

public sealed record FlashFloodTable(string Source, string Note, IReadOnlyList<FlashFloodRule> Rules);

public sealed record NoTable(HazardType Hazard, string Source, string Note);
