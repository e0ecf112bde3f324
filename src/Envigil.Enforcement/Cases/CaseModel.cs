namespace Envigil.Enforcement.Cases;

/// <summary>Where a violation case stands. Detected → Verified → DecisionIssued → Closed; Detected or Verified → Dismissed.</summary>
public enum CaseStatus
{
    /// <summary>Opened from alerts or by hand; the facts are not yet checked.</summary>
    Detected,

    /// <summary>An inspector has checked the evidence and confirms a violation.</summary>
    Verified,

    /// <summary>A sanction decision has been issued (number, date, decree, fine, remediation deadline) and served on the facility.</summary>
    DecisionIssued,

    /// <summary>The decision has been carried out (fine paid, remediation done), or the case otherwise ended after the decision.</summary>
    Closed,

    /// <summary>No violation after all, with the reason.</summary>
    Dismissed,
}

public enum CaseEventKind
{
    Opened,
    Edited,
    StatusChanged,
    AlertAdded,
    DocumentAttached,
    Commented,
}

/// <summary>A violation case (hồ sơ vi phạm): one facility, a legal basis, evidence from alerts, and a sanction once decided.</summary>
public sealed class ViolationCase
{
    public long Id { get; set; }

    /// <summary>Vietnam calendar year the case was opened in; with <see cref="Sequence"/> it forms <see cref="Number"/>.</summary>
    public int Year { get; set; }
    public int Sequence { get; set; }

    /// <summary>VP-yyyy-nnnn, unique, numbered from 1 each year (VP: vi phạm).</summary>
    public required string Number { get; set; }
    public required string FacilityId { get; set; }
    public required string Title { get; set; }

    /// <summary>What the facility is accused of breaching, as the inspector writes it (permit, QCVN, article of a law).</summary>
    public string? LegalBasis { get; set; }

    /// <summary>An optional article reference for the breached rule, e.g. "Luật BVMT 2020, Điều 86".</summary>
    public string? LegalArticle { get; set; }
    public CaseStatus Status { get; set; }
    public required string OpenedBy { get; set; }
    public DateTime OpenedAtUtc { get; set; }
    public string? VerifiedBy { get; set; }
    public DateTime? VerifiedAtUtc { get; set; }
    public string? DecisionNumber { get; set; }
    public DateOnly? DecisionDate { get; set; }

    /// <summary>The sanction decree; by default Nghị định 45/2022/NĐ-CP (configuration, <see cref="EnforcementOptions.DefaultSanctionDecree"/>).</summary>
    public required string SanctionDecree { get; set; }

    /// <summary>
    /// The article/clause of the decree for this violation (e.g. "Điều 18, khoản 3"). Chosen by the inspector, never
    /// computed: which article applies depends on facts (discharge volume, exceedance ratio, repeat) Envigil does not judge.
    /// </summary>
    public string? SanctionArticle { get; set; }

    /// <summary>Fine in Vietnamese đồng.</summary>
    public long? FineVnd { get; set; }
    public DateOnly? RemediationDeadline { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAtUtc { get; set; }
    public string? ClosedBy { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public string? ClosingNote { get; set; }
    public string? DismissalReason { get; set; }

    /// <summary>Optimistic concurrency: raised by every change; a change made against an older version is refused.</summary>
    public int Version { get; set; } = 1;
    public DateTime UpdatedAtUtc { get; set; }
}

public sealed class CaseAlert
{
    public long CaseId { get; set; }
    public long AlertId { get; set; }
    public required string AddedBy { get; set; }
    public DateTime AddedAtUtc { get; set; }
}

/// <summary>The history of a case: every status change, edit, alert, document and comment, who and when.</summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public CaseEventKind Kind { get; set; }
    public required string Actor { get; set; }
    public DateTime AtUtc { get; set; }
    public CaseStatus? FromStatus { get; set; }
    public CaseStatus? ToStatus { get; set; }
    public string? Body { get; set; }
}

/// <summary>A document attached to a case (report, photo, decision). The bytes are kept under the data folder by SHA-256.</summary>
public sealed class CaseDocument
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public string? Description { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAtUtc { get; set; }
}
