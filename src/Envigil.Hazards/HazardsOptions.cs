using System.ComponentModel.DataAnnotations;

namespace Envigil.Hazards;

/// <summary><c>Envigil:Hazards</c>.</summary>
public sealed class HazardsOptions
{
    public const string Section = "Envigil:Hazards";

    /// <summary>
    /// A reviewed copy of the Decision 18/2021 rules file to use instead of the shipped one (same format as
    /// Risk/Data/decision-18-2021.json). A province sets this after checking the rows against the official gazette.
    /// </summary>
    public string? RulesFile { get; set; }

    /// <summary>
    /// Apply rule rows marked unverified (from memory or partly seen). Off by default: a forecast such a row would grade
    /// is "unknown" and the officer sets the level with a reason.
    /// </summary>
    public bool ApplyUnverifiedRules { get; set; }

    /// <summary>CAP &lt;sender&gt;: an identifier of the issuing office, no spaces, commas, '&lt;' or '&amp;'.</summary>
    [Required, RegularExpression(@"^[^\s,<&]+$")]
    public string CapSender { get; set; } = "canhbao@envigil.invalid";

    /// <summary>CAP &lt;senderName&gt;: the office people see.</summary>
    [Required, StringLength(200, MinimumLength = 1)]
    public string CapSenderName { get; set; } = "Ban Chỉ huy Phòng thủ dân sự tỉnh (Envigil)";

    /// <summary>
    /// From this warning level up, every person in the warning's area counts as planned for evacuation on the response
    /// dashboard; below it, only the people of households whose relocation is planned or in progress. Envigil's reading,
    /// not a verified rule: Decision 18/2021/QĐ-TTg attaches response measures to levels, but the notes do not give a
    /// level from which evacuation is required (see docs/hazards.md, "During the event").
    /// </summary>
    [Range(1, 6)]
    public int EvacuateEveryoneFromLevel { get; set; } = 4;

    /// <summary>Largest import file (GeoJSON, .xlsx, CSV).</summary>
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxImportBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// In demo mode, fill an empty hazards register with illustrative zones, households, shelters and a review round
    /// (<see cref="Registers.DemoHazards"/>). Ignored outside demo mode.
    /// </summary>
    public bool DemoData { get; set; } = true;

    /// <summary>Who is e-mailed when a warning is issued or cancelled (<c>Envigil:Hazards:Delivery</c>).</summary>
    public WarningDeliveryOptions Delivery { get; set; } = new();
}

/// <summary>
/// <c>Envigil:Hazards:Delivery</c>: e-mail recipients of issued warnings, read from the kernel's users and commune
/// contacts. SMTP itself, retries and backoff are <c>Envigil:Notifications</c>, shared with monitoring's alerts.
/// </summary>
public sealed class WarningDeliveryOptions
{
    /// <summary>
    /// Users holding one of these roles get every warning (the province's steering staff), comma-separated; empty for
    /// none. A string, not a list: the configuration binder appends a configured list to a default one.
    /// </summary>
    public string EmailRoles { get; set; } = "Leader,Officer";

    public IReadOnlyList<string> EmailRoleList => EmailRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Commune officers get the warnings that affect one of their communes.</summary>
    public bool EmailCommuneOfficers { get; set; } = true;

    /// <summary>The e-mail on each affected commune's contact sheet (Administration → communes) gets the warning.</summary>
    public bool EmailCommuneContacts { get; set; } = true;

    /// <summary>
    /// Where people open Envigil, for the links in e-mails and CAP &lt;web&gt; (e.g. https://envigil.camau.gov.vn).
    /// Empty: the address of the request that issued the warning.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
