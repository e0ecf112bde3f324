using Microsoft.AspNetCore.Identity;

namespace Envigil.Kernel.Identity;

public sealed class EnvigilUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A credential for a machine (a station's datalogger, an integration), stored only as a SHA-256 hash.</summary>
public sealed class MachineToken
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>station, facility or integration.</summary>
    public required string Kind { get; set; }
    /// <summary>The station code, facility id or integration name the token may act for.</summary>
    public required string Subject { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
}
