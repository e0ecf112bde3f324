namespace Envigil.Hazards.Risk;

/// <summary>The hazards of the directive's item 4 and of Decision 18/2021/QĐ-TTg (Art. 3) that a province registers zones for and warns about.</summary>
public enum HazardType
{
    Storm,
    StormSurge,
    Whirlwind,
    Thunderstorm,
    HeavyRain,
    Flood,
    FlashFlood,
    Landslide,
    Erosion,
    Subsidence,
    SaltwaterIntrusion,
    Drought,
    Heat,
}

/// <summary>Susceptibility class of a hazard-zoning map (Decision 18/2021, Art. 46 input).</summary>
public enum Susceptibility
{
    Low,
    Medium,
    High,
    VeryHigh,
}

public static class HazardLabels
{
    public static (string Vi, string En) Of(HazardType hazard) => hazard switch
    {
        HazardType.Storm => ("Bão, áp thấp nhiệt đới", "Storm, tropical depression"),
        HazardType.StormSurge => ("Nước dâng, triều cường", "Storm surge, high tide"),
        HazardType.Whirlwind => ("Lốc", "Whirlwind"),
        HazardType.Thunderstorm => ("Dông, sét", "Thunderstorm, lightning"),
        HazardType.HeavyRain => ("Mưa lớn", "Heavy rain"),
        HazardType.Flood => ("Lũ, ngập lụt", "Flood, inundation"),
        HazardType.FlashFlood => ("Lũ quét", "Flash flood"),
        HazardType.Landslide => ("Sạt lở đất", "Landslide"),
        HazardType.Erosion => ("Sạt lở bờ sông, bờ biển", "Riverbank, coastal erosion"),
        HazardType.Subsidence => ("Sụt lún đất", "Land subsidence"),
        HazardType.SaltwaterIntrusion => ("Xâm nhập mặn", "Saltwater intrusion"),
        HazardType.Drought => ("Hạn hán", "Drought"),
        HazardType.Heat => ("Nắng nóng", "Heat"),
        _ => (hazard.ToString(), hazard.ToString()),
    };

    public static (string Vi, string En) Of(Susceptibility s) => s switch
    {
        Susceptibility.Low => ("Thấp", "Low"),
        Susceptibility.Medium => ("Trung bình", "Medium"),
        Susceptibility.High => ("Cao", "High"),
        Susceptibility.VeryHigh => ("Rất cao", "Very high"),
        _ => (s.ToString(), s.ToString()),
    };

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value);
}
