using System.Text;
using Envigil.Monitoring.Registry;
using Xunit;

namespace Envigil.Monitoring.Tests.Registry;

public class ParameterCatalogueTests
{
    // Circular 10/2021 Annex 15 Table 34 symbols as listed by the third-party catalogue [T].
    private static readonly string[] Table34 =
    [
        "Flow", "Temp", "Color", "pH", "TSS", "COD", "NH4", "TP", "TN", "TOC", "Cl", "RH", "P", "NO", "NO2",
        "CO", "SO2", "O2", "H2S", "NH3", "VHg", "PM", "O3", "PM10", "PM2,5",
    ];

    public static TheoryData<string> Table34Symbols => new(Table34);

    public static TheoryData<string> AllCodes => new(ParameterCatalogue.All.Select(d => d.Code));

    // ---- the catalogue ----

    [Theory]
    [MemberData(nameof(Table34Symbols))]
    public void Every_table_34_symbol_is_in_the_catalogue_with_a_third_party_source_tag(string code)
    {
        var definition = ParameterCatalogue.Find(code);

        Assert.NotNull(definition);
        Assert.Equal(code, definition.Code);
        Assert.Equal(ParameterCatalogue.SourceTable34, definition.Source);
        Assert.Contains("[T]", definition.Source);
        Assert.Contains("unit [U]", definition.Source);
    }

    [Theory]
    [InlineData("BOD5")]
    [InlineData("NOx")]
    [InlineData("HCl")]
    [InlineData("HF")]
    [InlineData("DO")]
    [InlineData("EC")]
    [InlineData("Turbidity")]
    [InlineData("Salinity")]
    [InlineData("WaterLevel")]
    public void Parameters_outside_the_table_34_list_are_tagged_unverified(string code)
    {
        var definition = ParameterCatalogue.Find(code);

        Assert.NotNull(definition);
        Assert.Equal(ParameterCatalogue.SourceUnverified, definition.Source);
        Assert.StartsWith("code [U]", definition.Source);
    }

    [Fact]
    public void Catalogue_lists_table_34_symbols_first_and_each_code_once()
    {
        var codes = ParameterCatalogue.All.Select(d => d.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Table34, codes.Take(25));
        Assert.Equal(34, codes.Count);
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_definition_is_complete_and_its_unit_accepts_its_own_spellings(string code)
    {
        var definition = ParameterCatalogue.Find(code)!;

        Assert.False(string.IsNullOrWhiteSpace(definition.NameVi));
        Assert.False(string.IsNullOrWhiteSpace(definition.NameEn));
        Assert.False(string.IsNullOrWhiteSpace(definition.Unit));
        Assert.NotEmpty(definition.Kinds);
        Assert.Equal(definition.Kinds.Count, definition.Kinds.Distinct().Count());
        Assert.True(ParameterCatalogue.TryNormalizeUnit(definition.Unit, definition.Unit, out var factor));
        Assert.Equal(1.0, factor);
        Assert.All(definition.UnitAliases, alias => Assert.True(ParameterCatalogue.TryNormalizeUnit(alias, definition.Unit, out _), alias));
        Assert.Equal(definition.PhysicalMin is null, definition.PhysicalMax is null);
        if (definition.PhysicalMin is { } min && definition.PhysicalMax is { } max)
        {
            Assert.True(min < max, $"{code}: {min} < {max}");
        }
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_canonical_code_resolves_to_itself(string code)
    {
        Assert.Equal(code, ParameterCatalogue.Resolve(code));
        Assert.Equal(code, ParameterCatalogue.Resolve(code.ToUpperInvariant()));
        Assert.Equal(code, ParameterCatalogue.Resolve(code.ToLowerInvariant()));
    }

    [Fact]
    public void PM25_canonical_code_is_written_with_a_comma()
    {
        Assert.NotNull(ParameterCatalogue.Find("PM2,5"));
        Assert.Null(ParameterCatalogue.Find("PM2.5"));
    }

    [Theory]
    [InlineData("cod")]
    [InlineData("PH")]
    [InlineData("XYZ")]
    [InlineData("")]
    public void Find_takes_only_the_canonical_spelling(string code) => Assert.Null(ParameterCatalogue.Find(code));

    [Fact]
    public void Find_returns_the_definition_with_unit_range_and_kinds()
    {
        var ph = ParameterCatalogue.Find("pH")!;

        Assert.Equal("pH", ph.Unit);
        Assert.Equal((0.0, 14.0), (ph.PhysicalMin, ph.PhysicalMax));
        Assert.Contains(StationKind.Wastewater, ph.Kinds);
        Assert.DoesNotContain(StationKind.StackEmission, ph.Kinds);
    }

    [Fact]
    public void Station_kinds_follow_where_each_parameter_is_measured()
    {
        Assert.Contains(StationKind.Groundwater, ParameterCatalogue.Find("Flow")!.Kinds);
        Assert.Contains(StationKind.StackEmission, ParameterCatalogue.Find("Flow")!.Kinds);
        Assert.Equal([StationKind.AmbientAir], ParameterCatalogue.Find("PM2,5")!.Kinds);
        Assert.Equal([StationKind.StackEmission], ParameterCatalogue.Find("O2")!.Kinds);
        Assert.Contains(StationKind.SurfaceWater, ParameterCatalogue.Find("DO")!.Kinds);
        Assert.Contains(StationKind.Groundwater, ParameterCatalogue.Find("WaterLevel")!.Kinds);
    }

    [Fact]
    public void Water_level_has_no_default_range_because_it_depends_on_the_datum()
    {
        var level = ParameterCatalogue.Find("WaterLevel")!;

        Assert.Null(level.PhysicalMin);
        Assert.Null(level.PhysicalMax);
    }

    [Fact]
    public void Relative_quantities_have_physical_percent_ranges()
    {
        Assert.Equal((0.0, 100.0), (ParameterCatalogue.Find("RH")!.PhysicalMin, ParameterCatalogue.Find("RH")!.PhysicalMax));
        Assert.Equal(25.0, ParameterCatalogue.Find("O2")!.PhysicalMax);
    }

    // ---- aliases ----

    [Theory]
    [InlineData("PM2.5", "PM2,5")]
    [InlineData("PM2_5", "PM2,5")]
    [InlineData("PM25", "PM2,5")]
    [InlineData("PM2,5", "PM2,5")]
    [InlineData("pm2.5", "PM2,5")]
    [InlineData("PM 2.5", "PM2,5")]
    [InlineData("PM-2.5", "PM2,5")]
    [InlineData("PM₂.₅", "PM2,5")]
    [InlineData("Bụi PM2,5", "PM2,5")]
    [InlineData("PM10", "PM10")]
    [InlineData("PM-10", "PM10")]
    [InlineData("Bui PM10", "PM10")]
    [InlineData("NH4", "NH4")]
    [InlineData("NH4+", "NH4")]
    [InlineData("N-NH4", "NH4")]
    [InlineData("NH4-N", "NH4")]
    [InlineData("Amoni", "NH4")]
    [InlineData("NH₄⁺", "NH4")]
    [InlineData("Ammonium", "NH4")]
    [InlineData("NH3", "NH3")]
    [InlineData("Amoniac", "NH3")]
    [InlineData("Nhiet do", "Temp")]
    [InlineData("Nhiệt độ", "Temp")]
    [InlineData("NHIỆT ĐỘ", "Temp")]
    [InlineData("nhiet_do", "Temp")]
    [InlineData("TEMP", "Temp")]
    [InlineData("Temperature", "Temp")]
    [InlineData("Luu luong", "Flow")]
    [InlineData("Lưu lượng", "Flow")]
    [InlineData("LUU_LUONG", "Flow")]
    [InlineData("FLOW", "Flow")]
    [InlineData("Q", "Flow")]
    [InlineData("Do duc", "Turbidity")]
    [InlineData("Độ đục", "Turbidity")]
    [InlineData("Turbidity", "Turbidity")]
    [InlineData("TSS", "TSS")]
    [InlineData("SS", "TSS")]
    [InlineData("Tổng chất rắn lơ lửng", "TSS")]
    [InlineData("Bui", "PM")]
    [InlineData("Bụi", "PM")]
    [InlineData("Bụi tổng", "PM")]
    [InlineData("Dust", "PM")]
    [InlineData("NOx", "NOx")]
    [InlineData("NOX", "NOx")]
    [InlineData("NO", "NO")]
    [InlineData("no2", "NO2")]
    [InlineData("NO₂", "NO2")]
    [InlineData("SO2", "SO2")]
    [InlineData("SO₂", "SO2")]
    [InlineData("CO", "CO")]
    [InlineData("O2", "O2")]
    [InlineData("Oxy", "O2")]
    [InlineData("O3", "O3")]
    [InlineData("Ozon", "O3")]
    [InlineData("H2S", "H2S")]
    [InlineData("HCl", "HCl")]
    [InlineData("hf", "HF")]
    [InlineData("VHg", "VHg")]
    [InlineData("pH", "pH")]
    [InlineData("P", "P")]
    [InlineData("Áp suất", "P")]
    [InlineData("RH", "RH")]
    [InlineData("Độ ẩm", "RH")]
    [InlineData("Color", "Color")]
    [InlineData("Colour", "Color")]
    [InlineData("Độ màu", "Color")]
    [InlineData("COD", "COD")]
    [InlineData("COD_Cr", "COD")]
    [InlineData("BOD5", "BOD5")]
    [InlineData("BOD", "BOD5")]
    [InlineData("T-N", "TN")]
    [InlineData("Tổng Nitơ", "TN")]
    [InlineData("T.P", "TP")]
    [InlineData("Tổng phốt pho", "TP")]
    [InlineData("TOC", "TOC")]
    [InlineData("Cl", "Cl")]
    [InlineData("Clo dư", "Cl")]
    [InlineData("DO", "DO")]
    [InlineData("Oxy hòa tan", "DO")]
    [InlineData("EC", "EC")]
    [InlineData("Conductivity", "EC")]
    [InlineData("Độ dẫn điện", "EC")]
    [InlineData("Salinity", "Salinity")]
    [InlineData("Độ mặn", "Salinity")]
    [InlineData("Water level", "WaterLevel")]
    [InlineData("Mực nước", "WaterLevel")]
    [InlineData("  COD  ", "COD")]
    public void Datalogger_spellings_resolve_to_the_canonical_code(string raw, string expected) =>
        Assert.Equal(expected, ParameterCatalogue.Resolve(raw));

    [Fact]
    public void Decomposed_vietnamese_text_resolves_like_precomposed_text()
    {
        var decomposed = "Nhiệt độ".Normalize(NormalizationForm.FormD);
        Assert.NotEqual("Nhiệt độ", decomposed);

        Assert.Equal("Temp", ParameterCatalogue.Resolve(decomposed));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("--")]
    [InlineData("FlowIn")]
    [InlineData("FlowOut")]
    [InlineData("PM2")]
    [InlineData("Ammonia")]
    public void Unknown_or_ambiguous_spellings_do_not_resolve(string raw) => Assert.Null(ParameterCatalogue.Resolve(raw));

    [Fact]
    public void Very_long_text_does_not_resolve() => Assert.Null(ParameterCatalogue.Resolve(new string('a', 10_000)));

    [Theory]
    [InlineData("PM2,5", "pm25")]
    [InlineData("PM2.5", "pm25")]
    [InlineData("PM₂.₅", "pm25")]
    [InlineData("Nhiệt độ", "nhietdo")]
    [InlineData("ĐỘ ĐỤC", "doduc")]
    [InlineData(" Lưu_lượng ", "luuluong")]
    [InlineData("NH4+", "nh4")]
    [InlineData("N-NH4", "nnh4")]
    [InlineData("SO₂", "so2")]
    [InlineData("Tổng Phốt-pho (TP)", "tongphotphotp")]
    [InlineData("Ơ ư ỹ", "ouy")]
    [InlineData("", "")]
    public void Normalized_alias_has_no_diacritics_case_or_separators(string raw, string expected) =>
        Assert.Equal(expected, ParameterCatalogue.NormalizeAlias(raw));

    [Fact]
    public void Normalizing_a_very_long_text_works() =>
        Assert.Equal(new string('a', 1000), ParameterCatalogue.NormalizeAlias(new string('A', 1000)));

    [Fact]
    public void Built_in_aliases_are_normalized_and_point_to_catalogue_codes()
    {
        Assert.NotEmpty(ParameterCatalogue.Aliases);
        Assert.All(ParameterCatalogue.Aliases, pair =>
        {
            Assert.Equal(pair.Key, ParameterCatalogue.NormalizeAlias(pair.Key));
            Assert.NotNull(ParameterCatalogue.Find(pair.Value));
        });
    }

    // ---- province aliases added by admins ----

    [Fact]
    public void Province_alias_resolves_a_vendor_specific_spelling()
    {
        var extra = new Dictionary<string, string> { ["flowout"] = "Flow", ["luuluongra"] = "Flow" };

        Assert.Equal("Flow", ParameterCatalogue.Resolve("FlowOut", extra));
        Assert.Equal("Flow", ParameterCatalogue.Resolve("Lưu lượng ra", extra));
        Assert.Null(ParameterCatalogue.Resolve("FlowIn", extra));
    }

    [Fact]
    public void Province_alias_wins_over_a_built_in_alias()
    {
        var extra = new Dictionary<string, string> { ["bui"] = "PM10" };

        Assert.Equal("PM10", ParameterCatalogue.Resolve("Bụi", extra));
        Assert.Equal("PM", ParameterCatalogue.Resolve("Bụi"));
    }

    [Fact]
    public void Province_alias_target_may_be_written_loosely()
    {
        var extra = new Dictionary<string, string> { ["buimin"] = "pm2.5", ["nhietdokhoi"] = "Nhiệt độ" };

        Assert.Equal("PM2,5", ParameterCatalogue.Resolve("Bui min", extra));
        Assert.Equal("Temp", ParameterCatalogue.Resolve("Nhiet do khoi", extra));
    }

    [Fact]
    public void Province_alias_to_a_code_outside_the_catalogue_does_not_resolve()
    {
        var extra = new Dictionary<string, string> { ["coliform"] = "Coliform" };
        Assert.Null(ParameterCatalogue.Resolve("Coliform", extra));
    }

    [Fact]
    public void Built_in_aliases_still_work_when_province_aliases_do_not_match()
    {
        var extra = new Dictionary<string, string> { ["flowout"] = "Flow" };
        Assert.Equal("COD", ParameterCatalogue.Resolve("cod", extra));
        Assert.Equal("COD", ParameterCatalogue.Resolve("cod", new Dictionary<string, string>()));
    }

    // ---- units ----

    [Theory]
    [InlineData("mg/L", "mg/L")]
    [InlineData("mg/l", "mg/L")]
    [InlineData("MG/L", "mg/L")]
    [InlineData("mg / L", "mg/L")]
    [InlineData("mg/lít", "mg/L")]
    [InlineData("mg/Nm3", "mg/Nm3")]
    [InlineData("mg/Nm³", "mg/Nm3")]
    [InlineData("mg/NM3", "mg/Nm3")]
    [InlineData("mg/Nm^3", "mg/Nm3")]
    [InlineData("m3/h", "m3/h")]
    [InlineData("m³/h", "m3/h")]
    [InlineData("M3/H", "m3/h")]
    [InlineData("m3/hr", "m3/h")]
    [InlineData("°C", "°C")]
    [InlineData("oC", "°C")]
    [InlineData("ºC", "°C")]
    [InlineData("℃", "°C")]
    [InlineData("degC", "°C")]
    [InlineData("deg C", "°C")]
    [InlineData("C", "°C")]
    [InlineData("độ C", "°C")]
    [InlineData("µg/Nm3", "µg/Nm3")]
    [InlineData("μg/Nm³", "µg/Nm3")]
    [InlineData("ug/Nm3", "µg/Nm3")]
    [InlineData("Pt/Co", "Pt-Co")]
    [InlineData("PtCo", "Pt-Co")]
    [InlineData("Hazen", "Pt-Co")]
    [InlineData("pH", "pH")]
    [InlineData("", "pH")]
    [InlineData("-", "pH")]
    [InlineData("%", "%")]
    [InlineData("%vol", "%")]
    [InlineData("%RH", "%")]
    [InlineData("uS/cm", "µS/cm")]
    [InlineData("ppt", "‰")]
    [InlineData("NTU", "NTU")]
    [InlineData("kPa", "kPa")]
    [InlineData("KPA", "kPa")]
    [InlineData("Bq/L", "Bq/L")]
    [InlineData(" mg/L ", "mg/l")]
    public void Same_unit_spelled_differently_normalizes_with_factor_one(string raw, string canonical)
    {
        Assert.True(ParameterCatalogue.TryNormalizeUnit(raw, canonical, out var factor));
        Assert.Equal(1.0, factor);
    }

    [Theory]
    [InlineData("mg/m3", "mg/Nm3")]
    [InlineData("µg/Nm3", "mg/Nm3")]
    [InlineData("ppm", "mg/Nm3")]
    [InlineData("g/L", "mg/L")]
    [InlineData("ppm", "mg/L")]
    [InlineData("Nm3/h", "m3/h")]
    [InlineData("m3/s", "m3/h")]
    [InlineData("m3/ngày", "m3/h")]
    [InlineData("K", "°C")]
    [InlineData("°F", "°C")]
    [InlineData("FNU", "NTU")]
    [InlineData("PSU", "‰")]
    [InlineData("mS/cm", "µS/cm")]
    [InlineData("Pa", "kPa")]
    [InlineData("hPa", "kPa")]
    [InlineData("", "mg/L")]
    [InlineData("mg/L", "pH")]
    [InlineData("Bq", "Bq/L")]
    public void Different_units_are_refused_rather_than_converted(string raw, string canonical)
    {
        Assert.False(ParameterCatalogue.TryNormalizeUnit(raw, canonical, out var factor));
        Assert.True(double.IsNaN(factor));
    }

    [Fact]
    public void Unit_of_every_definition_accepts_what_the_parser_reads_from_a_realistic_file()
    {
        Assert.True(ParameterCatalogue.TryNormalizeUnit("°C", ParameterCatalogue.Find("Temp")!.Unit, out _));
        Assert.True(ParameterCatalogue.TryNormalizeUnit("m3/h", ParameterCatalogue.Find("Flow")!.Unit, out _));
        Assert.True(ParameterCatalogue.TryNormalizeUnit("µg/Nm³", ParameterCatalogue.Find("PM2,5")!.Unit, out _));
        Assert.True(ParameterCatalogue.TryNormalizeUnit("mg/Nm3", ParameterCatalogue.Find("SO2")!.Unit, out _));
    }
}
