using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Simulation;

/// <summary>A facility of the demo registry, with every <see cref="Facility"/> field plus where it sits.</summary>
public sealed record DemoFacility(
    string Id,
    string Name,
    string? TaxCode,
    string? Address,
    string CommuneCode,
    string? IndustryType,
    bool PollutionRiskType,
    double? DesignWastewaterM3PerDay,
    double? DesignEmissionM3PerHour,
    bool ConnectedToCentralTreatment,
    string? PermitNumber,
    DateOnly? PermitDate,
    string? FtpAccount,
    double Latitude,
    double Longitude)
{
    public Facility ToFacility(DateTime createdAtUtc) => new()
    {
        Id = Id,
        Name = Name,
        TaxCode = TaxCode,
        Address = Address,
        CommuneCode = CommuneCode,
        IndustryType = IndustryType,
        PollutionRiskType = PollutionRiskType,
        DesignWastewaterM3PerDay = DesignWastewaterM3PerDay,
        DesignEmissionM3PerHour = DesignEmissionM3PerHour,
        ConnectedToCentralTreatment = ConnectedToCentralTreatment,
        PermitNumber = PermitNumber,
        PermitDate = PermitDate,
        FtpAccount = FtpAccount,
        CreatedAtUtc = createdAtUtc,
        UpdatedAtUtc = createdAtUtc,
    };
}

/// <summary>A station of the demo registry: what the simulator needs plus what the registry shows.</summary>
/// <param name="FacilityId">Null for stations of the public (state) network.</param>
public sealed record DemoStation(
    SimulatedStation Simulation,
    string Name,
    string? FacilityId,
    string CommuneCode,
    double Latitude,
    double Longitude)
{
    public string Code => Simulation.Code;

    public StationKind Kind => Simulation.Kind;

    public Station ToStation(DateTime createdAtUtc) => new()
    {
        Code = Code,
        Name = Name,
        Kind = Kind,
        FacilityId = FacilityId,
        Latitude = Latitude,
        Longitude = Longitude,
        CommuneCode = CommuneCode,
        CadenceSeconds = Simulation.CadenceSeconds,
        CreatedAtUtc = createdAtUtc,
    };

    public IReadOnlyList<Datastream> ToDatastreams() => Simulation.Parameters
        .Select(p => new Datastream
        {
            StationCode = Code,
            ParameterCode = p.Code,
            Unit = p.Unit,
            CadenceSeconds = Simulation.CadenceSeconds,
            PhysicalMin = p.Min,
            PhysicalMax = p.Max,
        })
        .ToList();
}

/// <summary>
/// The demo registry: Cà Mau (province code 96, which since 1 July 2025 also covers the former Bạc Liêu province),
/// 30 facilities and 37 stations whose simulated files make the map live from the first start.
/// </summary>
/// <remarks>
/// <para>Names: the public facilities are real and named as such (the Khánh An gas–power–fertiliser cluster with Nhà
/// máy Đạm Cà Mau and Nhà máy Điện Cà Mau 1 and 2, the Khánh An, Hòa Trung and Trà Kha industrial parks, the Láng Trâm
/// industrial cluster, the two provincial hospitals); their simulated data is always clean apart from routine
/// calibrations. Every private company name is invented for the demo, and only invented companies are given
/// exceedances, faults, outages, a stuck sensor or a wrong clock. Tax codes (<c>96</c> + 8 digits), permit numbers
/// and dates, design flows and FTP accounts are placeholders.</para>
/// <para>Places: commune codes are real 5-digit codes of province 96 taken from the official list
/// (shared vn-admin <c>wards.csv</c>, Decision 19/2025/QĐ-TTg code list). Each point was chosen with a script that
/// searched outward from a rough location for a point inside the commune's polygon (<c>96_ca_mau/wards.geojson</c>,
/// even–odd ray casting over every ring), at least 250 m from its boundary so the ~20 m simplification cannot move it
/// out, inside no other commune, and at least 150 m from the other points; the rounded 5-decimal points were
/// re-checked the same way. Points are plausible, not surveyed locations.</para>
/// <para>Pollution-risk flags follow our reading of Decree 08/2022 Annex II (seafood processing, chemical fertiliser
/// and waste treatment are risk types; power, kilns, milling, hospitals and municipal sewage are treated as not);
/// the annex itself was not retrieved, so these are demo values, not rulings.</para>
/// </remarks>
public static class DemoProvince
{
    public const string ProvinceCode = "96";
    public const string ProvinceName = "Cà Mau";

    /// <summary>Deterministic seed the demo simulator uses, so every demo run shows the same data.</summary>
    public const int Seed = 96_2025;

    // QCVN 40:2011/BTNMT (industrial wastewater) Table 1, column B: discharge into water not used for domestic
    // supply (monitoring-regulations.md §3.1). The demo uses C with Kq = Kf = 1; the compliance feature applies the
    // factors. Hospitals and municipal plants fall under other standards (QCVN 28:2010, QCVN 14:2008, now the 2025
    // editions) whose numbers we have not verified, so the demo measures them against the same column B.
    private const double Qcvn40BTemperature = 40;   // °C [U]
    private const double Qcvn40BPhMax = 9;          // pH 5.5–9 [T]
    private const double Qcvn40BTss = 100;          // mg/L [T]
    private const double Qcvn40BCod = 150;          // mg/L [T]
    private const double Qcvn40BAmmonium = 10;      // mg/L as N [T]
    private const double Qcvn40BTotalN = 40;        // mg/L [T]
    private const double Qcvn40BTotalP = 6;         // mg/L [T]
    private const double Qcvn40BColour = 150;       // Pt-Co [U]

    // QCVN 19:2009/BTNMT (industrial emissions) column B, mg/Nm³ (monitoring-regulations.md §3.4), with Kp = Kv = 1.
    // Gas turbines and the urea plant strictly fall under QCVN 22:2009 and QCVN 21:2009 (now QCVN 19:2024), not
    // retrieved; the demo uses the general column B.
    private const double Qcvn19BDust = 200;
    private const double Qcvn19BSo2 = 500;
    private const double Qcvn19BNox = 850;          // as NO2
    private const double Qcvn19BCo = 1000;
    private const double Qcvn19BNh3 = 50;

    // QCVN 05:2023/BTNMT (ambient air) Table 1, µg/Nm³ (indices.md §4.1). The simulator compares 5-minute values with
    // them only to shape episodes; averaging windows belong to the compliance feature.
    private const double Qcvn05So2OneHour = 350;
    private const double Qcvn05No2OneHour = 200;
    private const double Qcvn05CoOneHour = 30_000;
    private const double Qcvn05O3OneHour = 200;
    private const double Qcvn05Pm10Day = 100;
    private const double Qcvn05Pm25Day = 45;         // 50 until 31/12/2025, 45 from 01/01/2026

    /// <summary>The communes the demo uses, with their official names (province 96).</summary>
    public static IReadOnlyDictionary<string, string> Communes { get; } = new Dictionary<string, string>
    {
        ["31825"] = "phường Bạc Liêu",
        ["31834"] = "phường Vĩnh Trạch",
        ["31840"] = "phường Hiệp Thành",
        ["31843"] = "xã Hồng Dân",
        ["31900"] = "xã Vĩnh Lợi",
        ["31942"] = "phường Giá Rai",
        ["31951"] = "phường Láng Tròn",
        ["31972"] = "xã Gành Hào",
        ["31985"] = "xã Long Điền",
        ["32002"] = "phường An Xuyên",
        ["32014"] = "phường Lý Văn Lâm",
        ["32025"] = "phường Tân Thành",
        ["32041"] = "phường Hoà Thành",
        ["32044"] = "xã Nguyễn Phích",
        ["32047"] = "xã U Minh",
        ["32059"] = "xã Khánh An",
        ["32065"] = "xã Thới Bình",
        ["32095"] = "xã Trần Văn Thời",
        ["32098"] = "xã Sông Đốc",
        ["32128"] = "xã Cái Nước",
        ["32134"] = "xã Lương Thế Trân",
        ["32152"] = "xã Đầm Dơi",
        ["32191"] = "xã Năm Căn",
        ["32212"] = "xã Cái Đôi Vàm",
    };

    public static IReadOnlyList<DemoFacility> Facilities { get; } =
    [
        F(1, "Công ty Cổ phần Thủy sản Phương Nam Xanh", "Chế biến tôm đông lạnh xuất khẩu",
            "32002", null, true, 1_200, null, "112/GPMT-UBND", new(2023, 6, 15), 9.19580, 105.16192),
        F(2, "Công ty TNHH Thủy sản Hải Long Phát", "Chế biến tôm, mực đông lạnh",
            "32014", null, true, 850, null, "47/GPMT-UBND", new(2023, 3, 2), 9.17311, 105.11891),
        F(3, "Nhà máy Xử lý nước thải đô thị Cà Mau", "Thu gom, xử lý nước thải đô thị",
            "32025", null, false, 10_000, null, "205/GPMT-UBND", new(2024, 1, 18), 9.19032, 105.20004),
        F(4, "Bệnh viện Đa khoa tỉnh Cà Mau", "Khám bệnh, chữa bệnh (bệnh viện đa khoa)",
            "32002", null, false, 650, null, "88/GPMT-UBND", new(2023, 4, 20), 9.19029, 105.15971),
        F(5, "Khu công nghiệp Khánh An – Trạm xử lý nước thải tập trung", "Kinh doanh hạ tầng khu công nghiệp",
            "32059", "Khu công nghiệp Khánh An", false, 2_000, null, "310/GPMT-BTNMT", new(2023, 9, 12), 9.23052, 105.06324),
        F(6, "Nhà máy Đạm Cà Mau (Công ty Cổ phần Phân bón Dầu khí Cà Mau)", "Sản xuất phân đạm urê từ khí thiên nhiên",
            "32059", "Cụm công nghiệp Khí – Điện – Đạm Cà Mau", true, 1_500, 650_000, "124/GPMT-BTNMT", new(2023, 5, 30), 9.22728, 105.06617),
        F(7, "Nhà máy Điện Cà Mau 1", "Nhiệt điện khí chu trình hỗn hợp (750 MW)",
            "32059", "Cụm công nghiệp Khí – Điện – Đạm Cà Mau", false, null, 4_000_000, "215/GPMT-BTNMT", new(2023, 8, 8), 9.21969, 105.05933),
        F(8, "Nhà máy Điện Cà Mau 2", "Nhiệt điện khí chu trình hỗn hợp (750 MW)",
            "32059", "Cụm công nghiệp Khí – Điện – Đạm Cà Mau", false, null, 4_000_000, "216/GPMT-BTNMT", new(2023, 8, 8), 9.21922, 105.06475),
        F(9, "Khu công nghiệp Hòa Trung – Trạm xử lý nước thải tập trung", "Kinh doanh hạ tầng khu công nghiệp",
            "32134", "Khu công nghiệp Hòa Trung", false, 1_500, null, "142/GPMT-UBND", new(2024, 7, 3), 9.07895, 105.10028),
        F(10, "Công ty TNHH Thủy sản Tân Hòa Trung", "Chế biến tôm đông lạnh (đấu nối xử lý tập trung)",
            "32134", "Khu công nghiệp Hòa Trung", true, 300, null, "151/GPMT-UBND", new(2024, 8, 14), 9.08573, 105.10597, connected: true),
        F(11, "Công ty TNHH Môi trường Lục Bình – Khu xử lý chất thải rắn Hoà Thành", "Xử lý chất thải rắn sinh hoạt (nước rỉ rác)",
            "32041", null, true, 250, null, "63/GPMT-UBND", new(2022, 11, 25), 9.11993, 105.19924),
        F(12, "Công ty TNHH Gạch Tuynel Minh Thịnh Phát", "Sản xuất gạch nung lò tuynel",
            "32065", null, false, null, 45_000, "19/GPMT-UBND", new(2023, 2, 10), 9.35039, 105.10937),
        F(13, "Công ty Cổ phần Thủy sản Sao Biển Sông Đốc", "Chế biến cá, mực đông lạnh",
            "32098", "Bờ sông Ông Đốc", true, 600, null, "97/GPMT-UBND", new(2023, 5, 5), 9.03132, 104.83133),
        F(14, "Công ty TNHH Bột cá Hưng Phát Đạt", "Sản xuất bột cá, dầu cá",
            "32098", "Bờ sông Ông Đốc", true, 400, null, "101/GPMT-UBND", new(2023, 5, 19), 9.05051, 104.85558),
        F(15, "Công ty Cổ phần Thủy sản Rạng Đông Năm Căn", "Chế biến tôm đông lạnh xuất khẩu",
            "32191", null, true, 900, null, "133/GPMT-UBND", new(2023, 7, 21), 8.76946, 104.99989),
        F(16, "Công ty TNHH Thủy sản Phúc Khang", "Chế biến tôm đông lạnh xuất khẩu",
            "32128", null, true, 700, null, "158/GPMT-UBND", new(2023, 9, 1), 8.94171, 105.02030),
        F(17, "Công ty TNHH Chế biến Thủy sản Bình Minh Đầm Dơi", "Chế biến tôm, cua đông lạnh",
            "32152", null, true, 650, null, "177/GPMT-UBND", new(2023, 10, 9), 8.98857, 105.20045),
        F(18, "Công ty TNHH Lúa gạo Thuận Phong", "Xay xát, sấy lúa (lò đốt trấu)",
            "32095", null, false, null, 30_000, "26/GPMT-UBND", new(2024, 2, 27), 9.07899, 104.95060),
        F(19, "Công ty TNHH Gạch ngói Tân Phú Mỹ", "Sản xuất gạch nung lò tuynel",
            "32047", null, false, null, 40_000, "34/GPMT-UBND", new(2024, 3, 13), 9.40065, 104.91822),
        F(20, "Công ty Cổ phần Thủy sản Kim Ngân Cái Đôi Vàm", "Chế biến tôm, cá đông lạnh",
            "32212", null, true, 800, null, "186/GPMT-UBND", new(2023, 11, 2), 8.84065, 104.82953),
        F(21, "Công ty TNHH Thức ăn Thủy sản Đại Dương Xanh", "Sản xuất thức ăn thủy sản (lò hơi đốt sinh khối)",
            "32014", null, false, null, 20_000, "52/GPMT-UBND", new(2024, 4, 22), 9.15940, 105.11088),
        F(22, "Khu công nghiệp Trà Kha – Trạm xử lý nước thải tập trung", "Kinh doanh hạ tầng khu công nghiệp",
            "31825", "Khu công nghiệp Trà Kha", false, 2_000, null, "1208/GPMT-UBND", new(2023, 12, 6), 9.30381, 105.72082),
        F(23, "Công ty TNHH Thủy sản Thịnh Hưng Giá Rai", "Chế biến tôm đông lạnh xuất khẩu",
            "31942", "Quốc lộ 1", true, 750, null, "1033/GPMT-UBND", new(2023, 10, 17), 9.24023, 105.45184),
        F(24, "Công ty TNHH Chế biến Thủy sản Hải Yến Gành Hào", "Chế biến cá, ghẹ đông lạnh",
            "31972", null, true, 500, null, "987/GPMT-UBND", new(2023, 9, 26), 9.03979, 105.42182),
        F(25, "Công ty TNHH Muối tinh Bạch Hải", "Sản xuất, chế biến muối tinh",
            "31985", null, false, 550, null, "1102/GPMT-UBND", new(2024, 5, 8), 9.13083, 105.46141),
        F(26, "Công ty TNHH Lương thực Phú Lộc Hồng Dân", "Xay xát, đánh bóng gạo xuất khẩu",
            "31843", null, false, null, null, null, null, 9.52914, 105.43168),
        F(27, "Bệnh viện Đa khoa Bạc Liêu", "Khám bệnh, chữa bệnh (bệnh viện đa khoa)",
            "31825", null, false, 550, null, "876/GPMT-UBND", new(2023, 8, 29), 9.29112, 105.72101),
        F(28, "Cụm công nghiệp Láng Trâm – Trạm xử lý nước thải tập trung", "Kinh doanh hạ tầng cụm công nghiệp",
            "31951", "Cụm công nghiệp Láng Trâm", false, 800, null, "1150/GPMT-UBND", new(2024, 6, 11), 9.28049, 105.47890),
        F(29, "Công ty TNHH Gạch Tuynel Thành Công Vĩnh Lợi", "Sản xuất gạch nung lò tuynel",
            "31900", null, false, null, 40_000, "1067/GPMT-UBND", new(2023, 11, 21), 9.36062, 105.73159),
        F(30, "Nhà máy Xử lý nước thải đô thị Bạc Liêu", "Thu gom, xử lý nước thải đô thị",
            "31840", null, false, 8_000, null, "1215/GPMT-UBND", new(2024, 1, 30), 9.25134, 105.75056),
    ];

    public static IReadOnlyList<DemoStation> Stations { get; } =
    [
        Wastewater(1, "Nước thải sau xử lý – Thủy sản Phương Nam Xanh",
            [Flow(1_200), WaterTemp(), Ph(7.3), Tss(38), Cod(72), Ammonium(4.2), TotalN(18), TotalP(2.4)]),
        Wastewater(2, "Nước thải sau xử lý – Thủy sản Hải Long Phát",
            [Flow(850), WaterTemp(), Ph(7.1), Tss(42), Cod(85), Ammonium(5.0)],
            // Overloaded treatment after big shrimp intakes: COD and ammonium over column B for an hour or two.
            new SimulatedBehaviour { ExceedancePerDay = 0.3, ExceedanceMinutes = 120, ExceedanceFactor = 1.35, ExceedanceParameters = ["COD", "NH4"] }),
        Wastewater(3, "Nước thải sau xử lý – Nhà máy XLNT đô thị Cà Mau",
            [Flow(10_000), WaterTemp(29.5), Ph(7.0), Tss(28), Cod(48), Ammonium(3.8), TotalN(16), TotalP(2.1)],
            new SimulatedBehaviour { CalibrationHourLocal = 10, CalibrationMinutes = 20 }),
        Wastewater(4, "Nước thải sau xử lý – Bệnh viện Đa khoa tỉnh Cà Mau",
            [Flow(650), WaterTemp(29.8), Ph(7.2), Tss(26), Cod(55), Ammonium(4.0)]),
        Wastewater(5, "Nước thải sau xử lý – KCN Khánh An",
            [Flow(2_000), WaterTemp(), Ph(7.4), Tss(32), Cod(64), Ammonium(3.2), TotalN(14), TotalP(1.9), Colour(45)],
            new SimulatedBehaviour { RandomCalibrationPerDay = 0.5, CalibrationMinutes = 30 }),
        Wastewater(6, "Nước thải sau xử lý – Nhà máy Đạm Cà Mau",
            [Flow(1_500), WaterTemp(32.5), Ph(7.6), Tss(22), Cod(34), Ammonium(6.0), TotalN(24)]),
        Stack(6, 1, "Khí thải ống khói lò reforming – Nhà máy Đạm Cà Mau",
            StackParameters(flow: 200_000, temperature: 165, oxygen: 3.5, dust: 6, so2: 4, nox: 140, co: 25),
            new SimulatedBehaviour { CalibrationHourLocal = 9, CalibrationMinutes = 15 },
            latitude: 9.22798, longitude: 105.06667),
        Stack(6, 2, "Khí thải tháp tạo hạt urê – Nhà máy Đạm Cà Mau",
            [StackFlow(330_000), StackTemp(48), Pressure(), Dust(35), Ammonia(25)],
            latitude: 9.22768, longitude: 105.06537),
        Stack(7, 1, "Khí thải ống khói lò thu hồi nhiệt – Nhà máy Điện Cà Mau 1",
            StackParameters(flow: 1_800_000, temperature: 98, oxygen: 14.2, dust: 3.5, so2: 2.5, nox: 95, co: 12),
            new SimulatedBehaviour { CalibrationHourLocal = 8, CalibrationMinutes = 15 }),
        Stack(8, 1, "Khí thải ống khói lò thu hồi nhiệt – Nhà máy Điện Cà Mau 2",
            StackParameters(flow: 1_800_000, temperature: 102, oxygen: 14.0, dust: 3.2, so2: 2.4, nox: 88, co: 11)),
        Wastewater(9, "Nước thải sau xử lý – KCN Hòa Trung",
            [Flow(1_500), WaterTemp(), Ph(7.3), Tss(34), Cod(66), Ammonium(3.6), TotalN(15), TotalP(2.0), Colour(50)],
            new SimulatedBehaviour { CalibrationHourLocal = 9, CalibrationMinutes = 25 }),
        Wastewater(11, "Nước rỉ rác sau xử lý – Khu xử lý chất thải rắn Hoà Thành",
            [Flow(250), WaterTemp(31), Ph(7.8), Tss(55), Cod(95), Ammonium(6.0), TotalN(26), Colour(90)],
            // The ammonium analyser of a leachate plant clogs; it reports a fault and an impossible value.
            new SimulatedBehaviour { FaultPerDay = 0.25, FaultMinutes = 60, FaultParameter = "NH4" }),
        Stack(12, 1, "Khí thải lò nung tuynel – Gạch Minh Thịnh Phát",
            StackParameters(flow: 38_000, temperature: 110, oxygen: 16.5, dust: 105, so2: 175, nox: 95, co: 420),
            // A bag filter tears: dust over column B until it is patched.
            new SimulatedBehaviour { ExceedancePerDay = 0.25, ExceedanceMinutes = 90, ExceedanceFactor = 1.35, ExceedanceParameters = ["PM"] }),
        Wastewater(13, "Nước thải sau xử lý – Thủy sản Sao Biển Sông Đốc",
            [Flow(600), WaterTemp(), Ph(7.2), Tss(36), Cod(76), Ammonium(4.6)],
            // A weak rural link: the datalogger buffers for two and a half hours and catches up, re-sending the last
            // two files it is unsure about.
            new SimulatedBehaviour { OutagePerDay = 0.5, OutageMinutes = 150, ResentBeforeOutage = 2 }),
        Wastewater(14, "Nước thải sau xử lý – Bột cá Hưng Phát Đạt",
            [Flow(400), WaterTemp(31.5), Ph(7.4), Tss(48), Cod(95), Ammonium(6.0)],
            new SimulatedBehaviour { ExceedancePerDay = 0.3, ExceedanceMinutes = 150, ExceedanceFactor = 1.25, ExceedanceParameters = ["TSS", "COD"] }),
        Wastewater(15, "Nước thải sau xử lý – Thủy sản Rạng Đông Năm Căn",
            [Flow(900), WaterTemp(), Ph(7.2), Tss(33), Cod(68), Ammonium(4.1), TotalN(17), TotalP(2.2)]),
        Wastewater(16, "Nước thải sau xử lý – Thủy sản Phúc Khang",
            [Flow(700), WaterTemp(), Ph(7.3), Tss(35), Cod(70), Ammonium(4.4)],
            // The datalogger's clock is not synchronised: every file claims a time 17 minutes in the future.
            new SimulatedBehaviour { ClockAheadMinutes = 17 }),
        Wastewater(17, "Nước thải sau xử lý – Thủy sản Bình Minh Đầm Dơi",
            [Flow(650), WaterTemp(), Ph(7.2), Tss(40), Cod(78), Ammonium(4.8)],
            // A fouled pH electrode freezes for five hours while still reporting "measuring".
            new SimulatedBehaviour { StuckPerDay = 0.5, StuckMinutes = 300, StuckParameter = "pH" }),
        Stack(18, 1, "Khí thải lò đốt trấu – Lúa gạo Thuận Phong",
            StackParameters(flow: 24_000, temperature: 75, oxygen: 16.8, dust: 85, so2: 12, nox: 80, co: 310)),
        Stack(19, 1, "Khí thải lò nung tuynel – Gạch ngói Tân Phú Mỹ",
            StackParameters(flow: 34_000, temperature: 105, oxygen: 16.2, dust: 95, so2: 160, nox: 90, co: 390),
            new SimulatedBehaviour { RandomCalibrationPerDay = 0.3, CalibrationMinutes = 20 }),
        Wastewater(20, "Nước thải sau xử lý – Thủy sản Kim Ngân Cái Đôi Vàm",
            [Flow(800), WaterTemp(), Ph(7.3), Tss(37), Cod(74), Ammonium(4.3)]),
        Stack(21, 1, "Khí thải lò hơi sinh khối – Thức ăn Thủy sản Đại Dương Xanh",
            StackParameters(flow: 16_000, temperature: 145, oxygen: 9.5, dust: 65, so2: 45, nox: 170, co: 240)),
        Wastewater(22, "Nước thải sau xử lý – KCN Trà Kha",
            [Flow(2_000), WaterTemp(), Ph(7.3), Tss(30), Cod(60), Ammonium(3.4), TotalN(15), TotalP(1.8), Colour(40)]),
        Wastewater(23, "Nước thải sau xử lý – Thủy sản Thịnh Hưng Giá Rai",
            [Flow(750), WaterTemp(), Ph(7.2), Tss(36), Cod(73), Ammonium(4.5)],
            new SimulatedBehaviour { FaultPerDay = 0.2, FaultMinutes = 45, FaultParameter = "COD" }),
        Wastewater(24, "Nước thải sau xử lý – Thủy sản Hải Yến Gành Hào",
            [Flow(500), WaterTemp(), Ph(7.3), Tss(34), Cod(69), Ammonium(4.0)]),
        Wastewater(25, "Nước thải sau xử lý – Muối tinh Bạch Hải",
            [Flow(550), WaterTemp(31), Ph(7.5), Tss(45), Cod(30), Ammonium(1.2)]),
        Wastewater(27, "Nước thải sau xử lý – Bệnh viện Đa khoa Bạc Liêu",
            [Flow(550), WaterTemp(29.8), Ph(7.2), Tss(25), Cod(52), Ammonium(3.9)]),
        Wastewater(28, "Nước thải sau xử lý – CCN Láng Trâm",
            [Flow(800), WaterTemp(), Ph(7.3), Tss(33), Cod(62), Ammonium(3.5), TotalN(15), TotalP(1.9), Colour(48)]),
        Stack(29, 1, "Khí thải lò nung tuynel – Gạch Tuynel Thành Công Vĩnh Lợi",
            StackParameters(flow: 33_000, temperature: 115, oxygen: 16.0, dust: 100, so2: 185, nox: 100, co: 430),
            new SimulatedBehaviour { FaultPerDay = 0.2, FaultMinutes = 90, FaultParameter = "SO2" }),
        Wastewater(30, "Nước thải sau xử lý – Nhà máy XLNT đô thị Bạc Liêu",
            [Flow(8_000), WaterTemp(29.5), Ph(7.0), Tss(27), Cod(46), Ammonium(3.6), TotalN(15), TotalP(2.0)]),

        // Public network: ambient air.
        Public(new("CM_KK01", StationKind.AmbientAir, AmbientParameters(pm10: 42, pm25: 20, so2: 12, no2: 22, co: 950, o3: 48)),
            "Trạm quan trắc không khí tự động Cà Mau (phường An Xuyên)", "32002", 9.18946, 105.15174),
        Public(new("CM_KK02", StationKind.AmbientAir, AmbientParameters(pm10: 40, pm25: 19, so2: 15, no2: 30, co: 900, o3: 52),
                Behaviour: new SimulatedBehaviour { CalibrationHourLocal = 11, CalibrationMinutes = 30 }),
            "Trạm quan trắc không khí tự động Khánh An (cụm Khí – Điện – Đạm)", "32059", 9.21136, 105.07423),
        Public(new("CM_KK03", StationKind.AmbientAir, AmbientParameters(pm10: 40, pm25: 19, so2: 10, no2: 20, co: 880, o3: 46)),
            "Trạm quan trắc không khí tự động Bạc Liêu (phường Bạc Liêu)", "31825", 9.28651, 105.72392),
        Public(new("CM_KK04", StationKind.AmbientAir, AmbientParameters(pm10: 36, pm25: 17, so2: 6, no2: 10, co: 700, o3: 44),
                // Smoke from peat fires in the U Minh Hạ forest in the dry season.
                Behaviour: new SimulatedBehaviour { ExceedancePerDay = 0.15, ExceedanceMinutes = 180, ExceedanceFactor = 1.6, ExceedanceParameters = ["PM2,5", "PM10"] }),
            "Trạm quan trắc không khí tự động U Minh Hạ (xã Nguyễn Phích)", "32044", 9.40027, 104.97872),

        // Public network: surface water, every 15 minutes.
        Public(new("CM_NM01", StationKind.SurfaceWater, SurfaceWaterParameters(ec: 9_500, salinity: 5.2), 900),
            "Trạm quan trắc nước mặt tự động sông Gành Hào (phường Tân Thành)", "32025", 9.17754, 105.17041),
        Public(new("CM_NM02", StationKind.SurfaceWater, SurfaceWaterParameters(ec: 32_000, salinity: 20.5), 900,
                new SimulatedBehaviour { RandomCalibrationPerDay = 0.3, CalibrationMinutes = 30 }),
            "Trạm quan trắc nước mặt tự động cửa sông Ông Đốc (xã Sông Đốc)", "32098", 9.02571, 104.80817),
        Public(new("CM_NM03", StationKind.SurfaceWater, SurfaceWaterParameters(ec: 14_000, salinity: 8.0), 900),
            "Trạm quan trắc nước mặt tự động kênh Bạc Liêu – Cà Mau (phường Vĩnh Trạch)", "31834", 9.29131, 105.75920),
    ];

    private static DemoFacility F(
        int number, string name, string industry, string communeCode, string? place, bool risk,
        double? wastewaterM3PerDay, double? emissionM3PerHour, string? permit, DateOnly? permitDate,
        double latitude, double longitude, bool connected = false) =>
        new(
            Id: $"CM-F{number:000}",
            Name: name,
            TaxCode: $"96{number:00000000}",
            Address: place is null ? $"{Communes[communeCode]}, tỉnh Cà Mau" : $"{place}, {Communes[communeCode]}, tỉnh Cà Mau",
            CommuneCode: communeCode,
            IndustryType: industry,
            PollutionRiskType: risk,
            DesignWastewaterM3PerDay: wastewaterM3PerDay,
            DesignEmissionM3PerHour: emissionM3PerHour,
            ConnectedToCentralTreatment: connected,
            PermitNumber: permit,
            PermitDate: permitDate,
            FtpAccount: $"f{number:000}",
            Latitude: latitude,
            Longitude: longitude);

    private static DemoStation Wastewater(int facility, string name, IReadOnlyList<SimulatedParameter> parameters, SimulatedBehaviour? behaviour = null)
    {
        var f = Facilities[facility - 1];
        return new DemoStation(new SimulatedStation($"CM_F{facility:000}_NT01", StationKind.Wastewater, parameters, Behaviour: behaviour),
            name, f.Id, f.CommuneCode, f.Latitude, f.Longitude);
    }

    private static DemoStation Stack(
        int facility, int number, string name, IReadOnlyList<SimulatedParameter> parameters, SimulatedBehaviour? behaviour = null,
        double? latitude = null, double? longitude = null)
    {
        var f = Facilities[facility - 1];
        return new DemoStation(new SimulatedStation($"CM_F{facility:000}_KT{number:00}", StationKind.StackEmission, parameters, Behaviour: behaviour),
            name, f.Id, f.CommuneCode, latitude ?? f.Latitude, longitude ?? f.Longitude);
    }

    private static DemoStation Public(SimulatedStation station, string name, string communeCode, double latitude, double longitude) =>
        new(station, name, null, communeCode, latitude, longitude);

    // Wastewater: flow follows production (peak in the afternoon shift); concentrations vary ±15 % over the day with
    // 5 % noise, so clean stations stay well under column B.
    private static SimulatedParameter Flow(double designM3PerDay)
    {
        var typical = designM3PerDay / 24 * 0.65;
        return new("Flow", "m3/h", typical, typical * 0.3, typical * 0.05, 0, designM3PerDay / 24 * 3, null, 1);
    }

    private static SimulatedParameter WaterTemp(double typical = 30.5) =>
        new("Temp", "°C", typical, 1.5, 0.3, 0, 60, Qcvn40BTemperature, 1, PeakHourLocal: 15);

    private static SimulatedParameter Ph(double typical) => new("pH", "pH", typical, 0.15, 0.06, 0, 14, Qcvn40BPhMax, 2);

    private static SimulatedParameter Concentration(string code, string unit, double typical, double max, double limit, int decimals) =>
        new(code, unit, typical, typical * 0.15, typical * 0.05, 0, max, limit, decimals);

    // Ranges are analyser ranges, at least three times the limit (TT 10/2021 Art. 35, monitoring-regulations.md §1.1).
    private static SimulatedParameter Tss(double typical) => Concentration("TSS", "mg/L", typical, 1_000, Qcvn40BTss, 1);

    private static SimulatedParameter Cod(double typical) => Concentration("COD", "mg/L", typical, 1_000, Qcvn40BCod, 1);

    private static SimulatedParameter Ammonium(double typical) => Concentration("NH4", "mg/L", typical, 100, Qcvn40BAmmonium, 2);

    private static SimulatedParameter TotalN(double typical) => Concentration("TN", "mg/L", typical, 200, Qcvn40BTotalN, 2);

    private static SimulatedParameter TotalP(double typical) => Concentration("TP", "mg/L", typical, 50, Qcvn40BTotalP, 2);

    private static SimulatedParameter Colour(double typical) => Concentration("Color", "Pt-Co", typical, 1_000, Qcvn40BColour, 1);

    // Stack: flue-gas flow follows load; O2 is highest at night when burners run leaner at low load.
    private static IReadOnlyList<SimulatedParameter> StackParameters(
        double flow, double temperature, double oxygen, double dust, double so2, double nox, double co) =>
    [
        StackFlow(flow),
        StackTemp(temperature),
        Pressure(),
        new("O2", "%", oxygen, 0.3, 0.15, 0, 25, null, 2, PeakHourLocal: 3),
        Dust(dust),
        Concentration("SO2", "mg/Nm3", so2, 2_000, Qcvn19BSo2, 1),
        Concentration("NOx", "mg/Nm3", nox, 2_500, Qcvn19BNox, 1),
        Concentration("CO", "mg/Nm3", co, 4_000, Qcvn19BCo, 1),
    ];

    private static SimulatedParameter StackFlow(double typical) =>
        new("Flow", "m3/h", typical, typical * 0.1, typical * 0.03, 0, typical * 2.5, null, 1);

    private static SimulatedParameter StackTemp(double typical) => new("Temp", "°C", typical, 4, 1.5, 0, 400, null, 1);

    private static SimulatedParameter Pressure() => new("P", "kPa", 101.2, 0.12, 0.04, 95, 110, null, 2, PeakHourLocal: 10);

    private static SimulatedParameter Dust(double typical) => Concentration("PM", "mg/Nm3", typical, 1_000, Qcvn19BDust, 1);

    private static SimulatedParameter Ammonia(double typical) => Concentration("NH3", "mg/Nm3", typical, 500, Qcvn19BNh3, 1);

    // Ambient: codes and units as in the ParameterCatalogue, except that SO2, NO2 and CO are in µg/Nm³ (the unit of
    // QCVN 05:2023), not the mg/Nm³ of stacks. Traffic and the evening inversion put PM, NO2 and CO at their highest
    // around 19:00; ozone peaks in the early afternoon sun; humidity is highest before dawn.
    private static IReadOnlyList<SimulatedParameter> AmbientParameters(double pm10, double pm25, double so2, double no2, double co, double o3) =>
    [
        new("PM10", "µg/Nm3", pm10, pm10 * 0.28, pm10 * 0.1, 0, 1_000, Qcvn05Pm10Day, 1, PeakHourLocal: 19),
        new("PM2,5", "µg/Nm3", pm25, pm25 * 0.3, pm25 * 0.1, 0, 1_000, Qcvn05Pm25Day, 1, PeakHourLocal: 19),
        new("SO2", "µg/Nm3", so2, so2 * 0.3, so2 * 0.15, 0, 2_000, Qcvn05So2OneHour, 1, PeakHourLocal: 10),
        new("NO2", "µg/Nm3", no2, no2 * 0.4, no2 * 0.12, 0, 2_000, Qcvn05No2OneHour, 1, PeakHourLocal: 19),
        new("CO", "µg/Nm3", co, co * 0.3, co * 0.08, 0, 50_000, Qcvn05CoOneHour, 1, PeakHourLocal: 19),
        new("O3", "µg/Nm3", o3, o3 * 0.55, o3 * 0.12, 0, 1_000, Qcvn05O3OneHour, 1, PeakHourLocal: 13),
        new("Temp", "°C", 28.5, 3.5, 0.4, 10, 45, null, 1, PeakHourLocal: 14),
        new("RH", "%", 78, 12, 2, 0, 100, null, 1, PeakHourLocal: 5),
    ];

    // Surface water: classification against QCVN 08:2023 belongs to the water-quality feature, so no limits here.
    // Cà Mau's rivers and canals are brackish; salinity and conductivity set the station apart.
    private static IReadOnlyList<SimulatedParameter> SurfaceWaterParameters(double ec, double salinity) =>
    [
        new("Temp", "°C", 29.5, 1.0, 0.2, 15, 40, null, 1, PeakHourLocal: 15),
        new("pH", "pH", 7.3, 0.15, 0.05, 0, 14, null, 2, PeakHourLocal: 15),
        new("DO", "mg/L", 4.6, 0.9, 0.25, 0, 20, null, 2, PeakHourLocal: 15),
        new("TSS", "mg/L", 48, 6, 4, 0, 2_000, null, 1),
        new("COD", "mg/L", 17, 2, 1.2, 0, 500, null, 1),
        new("NH4", "mg/L", 0.35, 0.05, 0.04, 0, 50, null, 2),
        new("EC", "µS/cm", ec, ec * 0.05, ec * 0.02, 0, 80_000, null, 1),
        new("Salinity", "‰", salinity, salinity * 0.05, salinity * 0.02, 0, 45, null, 2),
    ];
}
