using System.ComponentModel.DataAnnotations;

namespace Envigil.Enforcement;

/// <summary><c>Envigil:Enforcement</c>.</summary>
public sealed class EnforcementOptions
{
    public const string Section = "Envigil:Enforcement";

    /// <summary>
    /// The decree a decision cites unless the inspector writes another: Nghị định 45/2022/NĐ-CP (administrative sanctions
    /// for environmental protection violations). Only the decree is a default; the article and the fine for each
    /// violation are chosen by the inspector, not computed by Envigil.
    /// </summary>
    [Required, StringLength(200, MinimumLength = 1)]
    public string DefaultSanctionDecree { get; set; } = "Nghị định 45/2022/NĐ-CP";

    /// <summary>Largest document that may be attached to a case.</summary>
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 10L * 1024 * 1024;
}
