using System.Text;
using System.Text.RegularExpressions;
using Envigil.Monitoring.Registry;
using Envigil.Monitoring.Simulation;

namespace Envigil.Monitoring.Tests.Simulation;

public sealed partial class DemoProvinceTests
{
    // The 64 commune-level units of Cà Mau (province 96) in force since 1 July 2025, copied from the official code
    // list (shared vn-admin wards.csv, Decision 19/2025/QĐ-TTg). Kept here so the test does not read shared data.
    private static readonly HashSet<string> Province96Communes =
    [
        "31825", "31834", "31840", "31843", "31849", "31858", "31864", "31867", "31876", "31882", "31885", "31891", "31894",
        "31900", "31906", "31918", "31927", "31942", "31951", "31957", "31972", "31975", "31985", "31988", "31993", "32002",
        "32014", "32025", "32041", "32044", "32047", "32059", "32062", "32065", "32069", "32071", "32083", "32092", "32095",
        "32098", "32104", "32110", "32119", "32128", "32134", "32137", "32140", "32152", "32155", "32161", "32167", "32182",
        "32185", "32188", "32191", "32201", "32206", "32212", "32214", "32218", "32227", "32236", "32244", "32248",
    ];

    // Real, named public facilities: the demo never makes them exceed, fail, drop out or misreport.
    private static readonly HashSet<string> RealPublicFacilities =
        ["CM-F004", "CM-F005", "CM-F006", "CM-F007", "CM-F008", "CM-F009", "CM-F022", "CM-F027", "CM-F028"];

    [GeneratedRegex(@"^CM_(?:(?<facility>F\d{3})_(?<kind>NT|KT)\d{2}|(?<kind>KK|NM)\d{2})$")]
    private static partial Regex StationCodePattern();

    [Fact]
    public void Demo_has_about_thirty_facilities_with_sequential_ids_ftp_accounts_and_placeholder_tax_codes()
    {
        Assert.Equal(30, DemoProvince.Facilities.Count);
        for (var i = 0; i < DemoProvince.Facilities.Count; i++)
        {
            var f = DemoProvince.Facilities[i];
            Assert.Equal($"CM-F{i + 1:000}", f.Id);
            Assert.Equal($"f{i + 1:000}", f.FtpAccount);
            Assert.Matches(@"^96\d{8}$", f.TaxCode!); // 10 digits like a real tax code, prefix 96 so it is none
            Assert.EndsWith(", tỉnh Cà Mau", f.Address!);
            Assert.False(string.IsNullOrWhiteSpace(f.IndustryType));
        }
    }

    [Fact]
    public void Every_commune_code_is_a_real_commune_of_province_96()
    {
        var codes = DemoProvince.Facilities.Select(f => f.CommuneCode).Concat(DemoProvince.Stations.Select(s => s.CommuneCode)).Distinct();

        Assert.All(codes, code =>
        {
            Assert.Matches(@"^3[12]\d{3}$", code);
            Assert.Contains(code, Province96Communes);
            Assert.True(DemoProvince.Communes.ContainsKey(code), $"{code} has no name in DemoProvince.Communes");
        });
        Assert.All(DemoProvince.Communes.Keys, code => Assert.Contains(code, Province96Communes));
    }

    // Point-in-commune itself was checked outside the test suite: a script tested every 5-decimal point against the
    // commune polygons of 96_ca_mau/wards.geojson (even–odd ray casting, at least 250 m inside its own commune and
    // inside no other). Here we pin what a change to the list could break without that script.
    [Fact]
    public void Stations_sit_in_the_province_and_in_their_facility_commune()
    {
        Assert.All(DemoProvince.Stations, s =>
        {
            Assert.InRange(s.Latitude, 8.38, 9.64);   // bounding box of province 96
            Assert.InRange(s.Longitude, 104.52, 105.87);
            if (s.FacilityId is null)
                return;
            var facility = DemoProvince.Facilities.Single(f => f.Id == s.FacilityId);
            Assert.Equal(facility.CommuneCode, s.CommuneCode);
            Assert.True(Math.Abs(s.Latitude - facility.Latitude) < 0.002 && Math.Abs(s.Longitude - facility.Longitude) < 0.002,
                $"{s.Code} is more than ~200 m from its facility");
        });
        var points = DemoProvince.Facilities.Select(f => (f.Latitude, f.Longitude)).ToList();
        Assert.Equal(points.Count, points.Distinct().Count());
    }

    [Fact]
    public void Station_codes_name_the_province_facility_and_kind()
    {
        Assert.Equal(DemoProvince.Stations.Count, DemoProvince.Stations.Select(s => s.Code).Distinct().Count());
        Assert.All(DemoProvince.Stations, s =>
        {
            var m = StationCodePattern().Match(s.Code);
            Assert.True(m.Success, s.Code);
            var expectedKind = m.Groups["kind"].Value switch
            {
                "NT" => StationKind.Wastewater,      // nước thải
                "KT" => StationKind.StackEmission,   // khí thải
                "KK" => StationKind.AmbientAir,      // không khí
                _ => StationKind.SurfaceWater,       // nước mặt
            };
            Assert.Equal(expectedKind, s.Kind);
            Assert.Equal(m.Groups["facility"].Success ? $"CM-{m.Groups["facility"].Value}" : null, s.FacilityId);
        });
    }

    [Fact]
    public void Demo_counts_by_kind()
    {
        var byKind = DemoProvince.Stations.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(21, byKind[StationKind.Wastewater]);
        Assert.Equal(9, byKind[StationKind.StackEmission]);
        Assert.Equal(4, byKind[StationKind.AmbientAir]);
        Assert.Equal(3, byKind[StationKind.SurfaceWater]);
    }

    [Fact]
    public void Stations_measure_the_parameters_of_their_kind()
    {
        string[] wastewater = ["Flow", "Temp", "pH", "TSS", "COD", "NH4"];
        string[] stack = ["Flow", "Temp", "P", "PM"];
        string[] ambient = ["PM10", "PM2,5", "SO2", "NO2", "CO", "O3", "Temp", "RH"];
        string[] surface = ["Temp", "pH", "DO", "TSS", "COD", "NH4", "EC", "Salinity"];

        Assert.All(DemoProvince.Stations, s =>
        {
            var codes = s.Simulation.Parameters.Select(p => p.Code).ToList();
            var required = s.Kind switch
            {
                StationKind.Wastewater => wastewater,
                StationKind.StackEmission => stack,
                StationKind.AmbientAir => ambient,
                _ => surface,
            };
            Assert.All(required, code => Assert.Contains(code, codes));
        });
        // Combustion stacks also report O2 and the combustion gases.
        Assert.All(DemoProvince.Stations.Where(s => s.Kind == StationKind.StackEmission && s.Code != "CM_F006_KT02"),
            s => Assert.All(new[] { "O2", "SO2", "NOx", "CO" }, code => Assert.Contains(code, s.Simulation.Parameters.Select(p => p.Code))));
    }

    [Fact]
    public void Typical_values_leave_room_under_the_limits()
    {
        // QCVN 40:2011 column B for wastewater, QCVN 19:2009 column B for stacks, QCVN 05:2023 for ambient air: the
        // normal signal must stay under them with five noise widths to spare, so only episodes exceed.
        Assert.All(DemoProvince.Stations.SelectMany(s => s.Simulation.Parameters.Select(p => (s.Code, p))), x =>
        {
            if (x.p.Limit is not double limit)
                return;
            var ceiling = x.p.Typical + Math.Abs(x.p.DailyAmplitude) + 5 * x.p.Noise;
            Assert.True(ceiling < limit, $"{x.Code}/{x.p.Code}: {ceiling:F1} ≥ {limit}");
        });
    }

    [Fact]
    public void Facilities_with_a_wastewater_station_reach_the_decree_08_flow_threshold()
    {
        // Decree 08/2022 Art. 97 with LEP Art. 111(1): risk types from 200 m³/day, others from 500 m³/day; industrial
        // zones and clusters always.
        foreach (var station in DemoProvince.Stations.Where(s => s.Kind == StationKind.Wastewater))
        {
            var f = DemoProvince.Facilities.Single(x => x.Id == station.FacilityId);
            var isZone = f.IndustryType!.Contains("hạ tầng", StringComparison.Ordinal);
            Assert.True(isZone || f.DesignWastewaterM3PerDay >= (f.PollutionRiskType ? 200 : 500), f.Name);
            Assert.False(f.ConnectedToCentralTreatment, $"{f.Name} discharges to a central plant and needs no station");
        }
        Assert.All(DemoProvince.Stations.Where(s => s.Kind == StationKind.StackEmission),
            s => Assert.NotNull(DemoProvince.Facilities.Single(f => f.Id == s.FacilityId).DesignEmissionM3PerHour));
    }

    [Fact]
    public void Behaviours_cover_every_kind_of_trouble_and_most_stations_are_clean()
    {
        var behaviours = DemoProvince.Stations.Select(s => s.Simulation.EffectiveBehaviour).ToList();

        Assert.Equal(1, behaviours.Count(b => b.OutagePerDay > 0));
        Assert.Equal(1, behaviours.Count(b => b.StuckPerDay > 0));
        Assert.Equal(1, behaviours.Count(b => b.ClockAheadMinutes != 0));
        Assert.InRange(behaviours.Count(b => b.ExceedancePerDay > 0), 3, 5);
        Assert.InRange(behaviours.Count(b => b.FaultPerDay > 0), 2, 4);
        Assert.InRange(behaviours.Count(b => b.CalibrationHourLocal is not null || b.RandomCalibrationPerDay > 0), 3, 10);
        Assert.True(behaviours.Count(b => b.IsClean) > DemoProvince.Stations.Count / 2);
    }

    [Fact]
    public void Real_public_facilities_only_ever_calibrate()
    {
        Assert.All(DemoProvince.Stations.Where(s => s.FacilityId is not null && RealPublicFacilities.Contains(s.FacilityId)), s =>
        {
            var b = s.Simulation.EffectiveBehaviour;
            Assert.True(b.ExceedancePerDay == 0 && b.FaultPerDay == 0 && b.OutagePerDay == 0 && b.StuckPerDay == 0 && b.ClockAheadMinutes == 0, s.Code);
        });
    }

    [Fact]
    public void Every_demo_station_can_be_simulated_and_becomes_a_registry_station()
    {
        var now = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);
        Assert.All(DemoProvince.Stations, s =>
        {
            StationSimulator.Validate(s.Simulation);
            var station = s.ToStation(now);
            Assert.Equal((s.Code, s.Kind, s.FacilityId, s.CommuneCode, s.Simulation.CadenceSeconds),
                (station.Code, station.Kind, station.FacilityId, station.CommuneCode, station.CadenceSeconds));
            var streams = s.ToDatastreams();
            Assert.Equal(s.Simulation.Parameters.Select(p => (p.Code, p.Unit, (double?)p.Min, (double?)p.Max)),
                streams.Select(d => (d.ParameterCode, d.Unit, d.PhysicalMin, d.PhysicalMax)));
        });
        Assert.All(DemoProvince.Facilities, f =>
        {
            var facility = f.ToFacility(now);
            Assert.Equal((f.Id, f.Name, f.CommuneCode, f.FtpAccount, f.PermitDate), (facility.Id, facility.Name, facility.CommuneCode, facility.FtpAccount, facility.PermitDate));
        });
    }

    [Fact]
    public void Vietnamese_names_are_stored_in_composed_unicode()
    {
        // Decomposed diacritics look the same on screen but break search and equality; the official lists use NFC.
        var texts = DemoProvince.Facilities.SelectMany(f => new[] { f.Name, f.Address!, f.IndustryType! })
            .Concat(DemoProvince.Stations.Select(s => s.Name))
            .Concat(DemoProvince.Communes.Values);

        Assert.All(texts, t => Assert.True(t.IsNormalized(NormalizationForm.FormC), t));
        Assert.Contains(DemoProvince.Facilities, f => f.Name == "Nhà máy Đạm Cà Mau (Công ty Cổ phần Phân bón Dầu khí Cà Mau)");
    }
}
