namespace Envigil.Kernel.Modules;

/// <summary>A text in the UI languages: Vietnamese first (the default), English second.</summary>
public sealed record UiString(string Vi, string En)
{
    public string For(bool english) => english ? En : Vi;
}

/// <summary>What a module of Envigil is for, shown in the menu and on its page until (and after) it is built.</summary>
public sealed record ModuleDescriptor(
    string Key,
    UiString Name,
    UiString Purpose,
    string DirectiveItems,
    bool IsPublic,
    bool IsAvailable,
    IReadOnlyList<UiString> Capabilities)
{
    /// <summary>
    /// Where the menu leads: a module whose pages have shipped lives at <c>/{Key}</c>; one still being built shows its
    /// overview at <c>/modules/{Key}</c>; the public portal is <c>/public</c>.
    /// </summary>
    public string Href => IsPublic ? "/public" : IsAvailable ? $"/{Key}" : $"/modules/{Key}";
}

/// <summary>The modules of PRODUCT.md, in menu order. A module flips <see cref="ModuleDescriptor.IsAvailable"/> when its pages ship.</summary>
public static class ModuleCatalogue
{
    public static readonly IReadOnlyList<ModuleDescriptor> All =
    [
        new("monitoring", new("Quan trắc", "Monitoring"),
            new("Tiếp nhận dữ liệu quan trắc tự động, liên tục của cơ sở (Thông tư 10/2021/TT-BTNMT), kiểm tra vượt ngưỡng và tính toàn vẹn dữ liệu, cảnh báo.",
                "Receive continuous automatic monitoring data from facilities (Circular 10/2021/TT-BTNMT), check limits and data integrity, raise alerts."),
            "6", false, true,
            [
                new("Sổ đăng ký cơ sở, trạm và thông số; xác định cơ sở bắt buộc quan trắc tự động", "Registry of facilities, stations and parameters; which facilities must monitor automatically"),
                new("Nhận tệp dữ liệu qua FTP, API và MQTT; lưu trữ nguyên gốc, không mất dữ liệu", "File reception over FTP, API and MQTT; originals archived, nothing lost"),
                new("Bản đồ trạm theo trạng thái, biểu đồ thông số, độ đầy đủ dữ liệu", "Station map by state, parameter charts, data completeness"),
                new("Giới hạn theo QCVN, đợt vượt ngưỡng, dấu hiệu gian lận dữ liệu, cảnh báo", "Limits from national technical regulations, exceedance episodes, data-integrity signals, alerts"),
            ]),
        new("enforcement", new("Thanh tra, xử lý vi phạm", "Enforcement"),
            new("Hồ sơ vi phạm từ cảnh báo, thanh tra và phản ánh của người dân; giám sát khai thác cát.",
                "Violation cases from alerts, inspections and citizen reports; sand-mining surveillance."),
            // Violation cases have shipped (/enforcement = the case list); inspections and sand vessels are still planned.
            "7", false, true,
            [
                new("Hồ sơ vi phạm với chứng cứ truy vết đến tệp dữ liệu gốc", "Violation cases with evidence traced to the original data files"),
                new("Kế hoạch và kết quả thanh tra, kiểm tra", "Inspection plans and results"),
                new("Giám sát phương tiện khai thác cát theo vùng và giờ được cấp phép", "Sand-vessel tracks against licensed areas and hours"),
            ]),
        new("hazards", new("Thiên tai, cảnh báo sớm", "Hazards"),
            new("Vùng nguy cơ, hộ dân và người dễ bị tổn thương, cấp độ rủi ro thiên tai theo Quyết định 18/2021/QĐ-TTg, cảnh báo và di dời dân.",
                "Hazard zones, households and vulnerable people, risk levels under Decision 18/2021/QĐ-TTg, warnings and relocation."),
            // Zones, households, warnings (CAP 1.2) and the communes' confirmations have shipped (/hazards = the dashboard).
            "4", false, true,
            [
                new("Vùng nguy cơ sạt lở, triều cường, sụt lún, lốc xoáy, bão (phía Tây và phía Đông)", "Zones at risk of erosion, high tides, subsidence, whirlwinds and storms (West and East)"),
                new("Sổ hộ dân trong vùng nguy cơ, tình trạng di dời", "Register of households in hazard zones and their relocation"),
                new("Bản tin cảnh báo CAP 1.2, xác nhận của xã", "CAP 1.2 warnings and commune acknowledgements"),
            ]),
        new("water", new("Tài nguyên nước", "Water"),
            new("Nguồn nước, giếng, giấy phép khai thác, vùng hạn chế khai thác nước dưới đất, cấp nước sinh hoạt nông thôn.",
                "Water sources, wells, extraction licences, groundwater restriction zones, rural domestic water supply."),
            "5", false, false,
            [
                new("Giấy phép và lưu lượng khai thác được giám sát", "Licences and monitored extraction"),
                new("Vùng hạn chế khai thác nước dưới đất", "Groundwater restriction zones"),
                new("Tỷ lệ hộ được cấp nước sạch", "Households with clean water supply"),
            ]),
        new("waste", new("Chất thải", "Waste"),
            new("Chủ nguồn thải, chứng từ chất thải nguy hại, chất thải y tế, thu gom, làng nghề, tiêu chí 17 nông thôn mới.",
                "Waste generators, hazardous-waste manifests, medical waste, collection, craft villages, new-rural criterion 17."),
            "6", false, false,
            [
                new("Chứng từ chất thải nguy hại", "Hazardous-waste manifests"),
                new("Độ bao phủ thu gom chất thải rắn", "Solid-waste collection coverage"),
                new("Tiêu chí môi trường nông thôn mới", "New-rural environmental criterion"),
            ]),
        new("programme", new("Chương trình, nhiệm vụ", "Programme"),
            new("Nhiệm vụ của từng cơ quan theo Công văn 3355-CV/TU, tiến độ, minh chứng, chỉ tiêu tính từ dữ liệu thực, báo cáo định kỳ.",
                "Tasks of each agency under letter 3355-CV/TU, progress, evidence, indicators computed from live data, periodic reports."),
            "1, 2, 3, 8", false, false,
            [
                new("Giao nhiệm vụ, hạn hoàn thành, minh chứng", "Task assignments, deadlines, evidence"),
                new("Chỉ tiêu tính tự động từ các phân hệ", "Indicators computed by the modules"),
                new("Báo cáo sơ kết, tổng kết theo mẫu", "Preliminary and final reports in the official format"),
            ]),
        new("public", new("Cổng công khai", "Public"),
            new("Chất lượng không khí, nước và cảnh báo thiên tai cho người dân; tiếp nhận phản ánh ô nhiễm, khai thác cát trái phép.",
                "Air and water quality and disaster warnings for the public; reports of pollution and illegal sand mining."),
            "1, 8", true, false,
            [
                new("Chỉ số chất lượng không khí (VN_AQI) và nước (VN_WQI)", "Air (VN_AQI) and water (VN_WQI) quality indices"),
                new("Cảnh báo thiên tai đang hiệu lực", "Active disaster warnings"),
                new("Phản ánh của người dân", "Citizen reports"),
            ]),
    ];

    public static ModuleDescriptor? Find(string key) => All.FirstOrDefault(m => m.Key == key);
}
