namespace Envigil.Kernel.Audit;

/// <summary>One change: who did it, when, to what, and the values before and after (JSON).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public required string ActorKind { get; set; }
    /// <summary>created, updated, deleted, or a domain verb such as signed-in or token-revoked.</summary>
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public required string EntityKey { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? TraceId { get; set; }
}
