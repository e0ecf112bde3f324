using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Identity;

/// <param name="ExpiresAt">An instant with its offset (e.g. 2027-01-01T00:00:00+07:00); null for no expiry.</param>
public sealed record NewMachineToken(string Name, string Kind, string Subject, DateTimeOffset? ExpiresAt = null);

/// <summary>The token value appears here once and is never stored or shown again.</summary>
public sealed record IssuedMachineToken(string Id, string Name, string Kind, string Subject, string Token, DateTime? ExpiresAtUtc);

public sealed record MachineTokenInfo(string Id, string Name, string Kind, string Subject, DateTime CreatedAtUtc, string CreatedBy, DateTime? ExpiresAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc);

public sealed class MachineTokenAdministration(KernelDb db, TimeProvider time, IAuditActorAccessor actors)
{
    public async Task<(IssuedMachineToken? Token, IReadOnlyList<string> Errors)> IssueAsync(NewMachineToken request)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            errors.Add("Name is required (at most 100 characters).");
        if (!MachineTokenKinds.All.Contains(request.Kind))
            errors.Add($"Kind must be one of {string.Join(", ", MachineTokenKinds.All)}.");
        if (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > 100)
            errors.Add("Subject (station code, facility id or integration name) is required (at most 100 characters).");
        var now = time.GetUtcNow().UtcDateTime;
        if (request.ExpiresAt is { } expires && expires.UtcDateTime <= now)
            errors.Add("Expiry must be in the future.");
        if (errors.Count > 0)
            return (null, errors);

        var token = MachineTokenFormat.NewToken();
        var record = new MachineToken
        {
            Id = Guid.CreateVersion7().ToString("n"),
            Name = request.Name.Trim(),
            Kind = request.Kind,
            Subject = request.Subject.Trim(),
            TokenHash = MachineTokenFormat.Hash(token),
            CreatedAtUtc = now,
            CreatedBy = actors.Current.Name,
            ExpiresAtUtc = request.ExpiresAt?.UtcDateTime,
        };
        db.MachineTokens.Add(record);
        await db.SaveChangesAsync();
        return (new IssuedMachineToken(record.Id, record.Name, record.Kind, record.Subject, token, record.ExpiresAtUtc), []);
    }

    public async Task<IReadOnlyList<MachineTokenInfo>> ListAsync() =>
        await db.MachineTokens.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new MachineTokenInfo(t.Id, t.Name, t.Kind, t.Subject, t.CreatedAtUtc, t.CreatedBy, t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc))
            .ToListAsync();

    public async Task<bool> RevokeAsync(string id)
    {
        var record = await db.MachineTokens.SingleOrDefaultAsync(t => t.Id == id);
        if (record is null)
            return false;
        record.RevokedAtUtc ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return true;
    }
}
