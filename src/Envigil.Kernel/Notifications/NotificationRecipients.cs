using Envigil.Kernel.Identity;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Notifications;

/// <summary>Someone to e-mail, and why (a role, a commune scope or a commune's contact sheet).</summary>
public sealed record EmailRecipient(string Email, string Reason);

/// <summary>
/// Who to e-mail about something that concerns some communes, read from the people the kernel keeps: users holding a
/// province-wide role, commune officers whose scope includes one of the communes, and the communes' contact e-mails.
/// Locked-out accounts are left out. A module asks here instead of reading the identity tables itself.
/// </summary>
public sealed class NotificationRecipients(KernelDb db, TimeProvider time)
{
    /// <summary>Every address once (case-insensitive), ordered; the first reason found wins.</summary>
    public async Task<IReadOnlyList<EmailRecipient>> ForCommunesAsync(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> communes,
        bool communeOfficers, bool communeContacts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = new Dictionary<string, EmailRecipient>(StringComparer.OrdinalIgnoreCase);
        void Add(string? email, DateTimeOffset? lockoutEnd, string reason)
        {
            // Filtered here, not in SQL: SQLite cannot compare DateTimeOffset values.
            if (!string.IsNullOrWhiteSpace(email) && !(lockoutEnd > now))
                found.TryAdd(email.Trim(), new EmailRecipient(email.Trim(), reason));
        }

        var active = db.Users.AsNoTracking().Where(u => u.Email != null);
        if (roles.Count > 0)
        {
            var byRole = await active
                .Join(db.UserRoles, u => u.Id, ur => ur.UserId, (u, ur) => new { u.Email, u.LockoutEnd, ur.RoleId })
                .Join(db.Roles, x => x.RoleId, r => r.Id, (x, r) => new { x.Email, x.LockoutEnd, r.Name })
                .Where(x => roles.Contains(x.Name!))
                .OrderBy(x => x.Email).ToListAsync(cancellationToken);
            foreach (var x in byRole)
                Add(x.Email, x.LockoutEnd, x.Name!);
        }
        if (communeOfficers && communes.Count > 0)
        {
            var officers = await active
                .Join(db.UserClaims, u => u.Id, c => c.UserId, (u, c) => new { u.Email, u.LockoutEnd, c.ClaimType, c.ClaimValue })
                .Where(x => x.ClaimType == EnvigilClaims.Commune && communes.Contains(x.ClaimValue!))
                .OrderBy(x => x.Email).ToListAsync(cancellationToken);
            foreach (var x in officers)
                Add(x.Email, x.LockoutEnd, $"{EnvigilRoles.CommuneOfficer} {x.ClaimValue}");
        }
        if (communeContacts && communes.Count > 0)
        {
            var contacts = await db.CommuneContacts.AsNoTracking().Where(c => c.Email != null && communes.Contains(c.CommuneCode))
                .OrderBy(c => c.CommuneCode).ToListAsync(cancellationToken);
            foreach (var c in contacts)
                Add(c.Email, null, $"contact {c.CommuneCode}");
        }
        return [.. found.Values.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase)];
    }
}
