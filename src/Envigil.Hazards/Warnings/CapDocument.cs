using System.Globalization;
using System.Text;
using System.Xml;
using Envigil.Hazards.Risk;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Time;
using NetTopologySuite.Geometries;

namespace Envigil.Hazards.Warnings;

/// <summary>
/// A warning as a CAP 1.2 alert (OASIS Common Alerting Protocol, urn:oasis:names:tc:emergency:cap:1.2), with one
/// &lt;info&gt; in Vietnamese (vi-VN) and one in English (en-US). The mapping from Decision 18/2021 risk levels is
/// Envigil's choice, documented in docs/hazards.md:
/// severity 1 → Minor, 2 → Moderate, 3 → Severe, 4 and 5 → Extreme; urgency Immediate when the warning is already in
/// force when sent, Expected before; certainty Likely (levels are set from forecasts); category Geo for landslide,
/// erosion and subsidence, Met for every other hazard.
/// </summary>
public static class CapDocument
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";

    public sealed record Context(string Sender, string SenderName, string ProvinceCode, bool Exercise, string? WebBase, Decision18Rules Rules, ProvinceSnapshot Province);

    public static string Identifier(string provinceCode, long id) => $"urn:envigil:{provinceCode}:hazards:warning:{id}";

    /// <summary>CAP's dateTime: local offset written out, never "Z" (CAP 1.2 §3.3.2).</summary>
    public static string Time(DateTime utc) => VietnamTime.ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+07:00";

    public static string Severity(int level) => level switch { 1 => "Minor", 2 => "Moderate", 3 => "Severe", _ => "Extreme" };

    public static string Category(HazardType hazard) => hazard is HazardType.Landslide or HazardType.Erosion or HazardType.Subsidence ? "Geo" : "Met";

    public static string Urgency(HazardWarning w, DateTime sentUtc) => w.ValidFromUtc <= sentUtc ? "Immediate" : "Expected";

    public static byte[] Write(HazardWarning w, Context context)
    {
        var sent = w.Status == WarningStatus.Cancelled ? w.IssuedAtUtc ?? w.DraftedAtUtc : w.IssuedAtUtc ?? w.ApprovedAtUtc ?? w.DraftedAtUtc;
        using var buffer = new MemoryStream();
        using (var x = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            x.WriteStartDocument();
            x.WriteStartElement("alert", Namespace);
            Element(x, "identifier", Identifier(context.ProvinceCode, w.Id));
            Element(x, "sender", context.Sender);
            Element(x, "sent", Time(sent));
            Element(x, "status", context.Exercise ? "Exercise" : "Actual");
            Element(x, "msgType", w.Status == WarningStatus.Cancelled ? "Cancel" : "Alert");
            Element(x, "source", "Envigil");
            Element(x, "scope", "Public");
            if (context.Exercise)
                Element(x, "note", "Demo mode: not a real warning. / Chế độ trình diễn: không phải cảnh báo thật.");
            if (w.Status == WarningStatus.Cancelled)
                Element(x, "references", $"{context.Sender},{Identifier(context.ProvinceCode, w.Id)},{Time(sent)}");
            Info(x, w, context, sent, english: false);
            Info(x, w, context, sent, english: true);
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void Info(XmlWriter x, HazardWarning w, Context context, DateTime sent, bool english)
    {
        var (hazardVi, hazardEn) = HazardLabels.Of(w.Hazard);
        var colour = context.Rules.Level(w.Level);
        x.WriteStartElement("info", Namespace);
        Element(x, "language", english ? "en-US" : "vi-VN");
        Element(x, "category", Category(w.Hazard));
        Element(x, "event", english ? hazardEn : hazardVi);
        Element(x, "urgency", Urgency(w, sent));
        Element(x, "severity", Severity(w.Level));
        Element(x, "certainty", "Likely");
        x.WriteStartElement("eventCode", Namespace);
        Element(x, "valueName", "envigil:hazard");
        Element(x, "value", w.Hazard.ToString());
        x.WriteEndElement();
        Element(x, "effective", Time(w.ValidFromUtc));
        Element(x, "onset", Time(w.ValidFromUtc));
        Element(x, "expires", Time(w.ValidToUtc));
        Element(x, "senderName", context.SenderName);
        Element(x, "headline", english ? w.HeadlineEn ?? $"{hazardEn}: risk level {w.Level}" : w.HeadlineVi);
        Element(x, "description", english ? w.MessageEn ?? $"{hazardEn}, natural-disaster risk level {w.Level} ({colour.ColourEn}) under Decision 18/2021/QĐ-TTg. {w.AreaDescription}." : w.MessageVi);
        if (!english && !string.IsNullOrWhiteSpace(w.InstructionVi))
            Element(x, "instruction", w.InstructionVi);
        if (context.WebBase is not null)
            Element(x, "web", $"{context.WebBase.TrimEnd('/')}/hazards/warnings/{w.Id}");
        Parameter(x, "riskLevel", w.Level.ToString(CultureInfo.InvariantCulture));
        Parameter(x, "riskLevelColour", $"{(english ? colour.ColourEn : colour.ColourVi)} {colour.Hex}");
        Parameter(x, "riskLevelBasis", w.OverrideReason is null ? $"Quyết định 18/2021/QĐ-TTg {w.RuleId}" : $"override: {w.OverrideReason}");

        x.WriteStartElement("area", Namespace);
        Element(x, "areaDesc", w.AreaDescription);
        if (w.Area is { } area)
            foreach (var polygon in Polygons(area))
                Element(x, "polygon", Ring(polygon.ExteriorRing));
        foreach (var code in w.Communes)
        {
            x.WriteStartElement("geocode", Namespace);
            // Official administrative-unit code (Decision 19/2025/QĐ-TTg list of communes, as in the kernel's geography).
            Element(x, "valueName", "VN-commune");
            Element(x, "value", code);
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static IEnumerable<Polygon> Polygons(Geometry g) => g switch
    {
        Polygon p => [p],
        MultiPolygon m => m.Geometries.OfType<Polygon>(),
        _ => [],
    };

    /// <summary>CAP polygon: "lat,lon" pairs separated by spaces, first = last (a closed ring of at least four points).</summary>
    public static string Ring(LineString ring)
    {
        var builder = new StringBuilder();
        var coordinates = ring.Coordinates;
        foreach (var c in coordinates)
        {
            if (builder.Length > 0)
                builder.Append(' ');
            builder.Append(c.Y.ToString("0.######", CultureInfo.InvariantCulture)).Append(',').Append(c.X.ToString("0.######", CultureInfo.InvariantCulture));
        }
        if (!coordinates[0].Equals2D(coordinates[^1]))
            builder.Append(' ').Append(coordinates[0].Y.ToString("0.######", CultureInfo.InvariantCulture)).Append(',').Append(coordinates[0].X.ToString("0.######", CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    private static void Parameter(XmlWriter x, string name, string value)
    {
        x.WriteStartElement("parameter", Namespace);
        Element(x, "valueName", name);
        Element(x, "value", value);
        x.WriteEndElement();
    }

    private static void Element(XmlWriter x, string name, string value) => x.WriteElementString(name, Namespace, value);
}

/// <summary>An Atom 1.0 feed (RFC 4287) of the warnings in force, each entry linking to its CAP document.</summary>
public static class WarningAtomFeed
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static byte[] Write(IReadOnlyList<HazardWarning> warnings, string provinceCode, string provinceName, string baseUrl, DateTime nowUtc)
    {
        using var buffer = new MemoryStream();
        using (var x = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            x.WriteStartDocument();
            x.WriteStartElement("feed", Atom);
            x.WriteAttributeString("xml", "lang", null, "vi");
            x.WriteElementString("id", Atom, $"urn:envigil:{provinceCode}:hazards:warnings");
            x.WriteElementString("title", Atom, $"Cảnh báo thiên tai đang hiệu lực – {provinceName}");
            x.WriteElementString("updated", Atom, Rfc3339(warnings.Count == 0 ? nowUtc : warnings.Max(w => w.IssuedAtUtc ?? w.DraftedAtUtc)));
            Link(x, "self", "application/atom+xml", $"{baseUrl}/api/v1/hazards/warnings.atom");
            x.WriteStartElement("author", Atom);
            x.WriteElementString("name", Atom, "Envigil");
            x.WriteEndElement();
            foreach (var w in warnings)
            {
                x.WriteStartElement("entry", Atom);
                x.WriteElementString("id", Atom, CapDocument.Identifier(provinceCode, w.Id));
                x.WriteElementString("title", Atom, $"[Cấp {w.Level}] {w.HeadlineVi}");
                x.WriteElementString("updated", Atom, Rfc3339(w.IssuedAtUtc ?? w.DraftedAtUtc));
                x.WriteElementString("published", Atom, Rfc3339(w.IssuedAtUtc ?? w.DraftedAtUtc));
                x.WriteElementString("summary", Atom, $"{HazardLabels.Of(w.Hazard).Vi}, cấp độ rủi ro {w.Level}. {w.AreaDescription}. Hiệu lực {VietnamTime.FormatDateTime(w.ValidFromUtc)} – {VietnamTime.FormatDateTime(w.ValidToUtc)}.");
                Link(x, "alternate", "application/cap+xml", $"{baseUrl}/api/v1/hazards/warnings/{w.Id}.cap.xml");
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static string Rfc3339(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Link(XmlWriter x, string rel, string type, string href)
    {
        x.WriteStartElement("link", Atom);
        x.WriteAttributeString("rel", rel);
        x.WriteAttributeString("type", type);
        x.WriteAttributeString("href", href);
        x.WriteEndElement();
    }
}
