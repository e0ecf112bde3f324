using System.Net.Mail;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Geography;

public sealed record CommuneContactResult(CommuneContactInfo? Contact, IReadOnlyList<string> Errors);

/// <summary>Keeps who to reach in each commune (used later to send warnings and tasks to commune officers).</summary>
public sealed class CommuneContacts(KernelDb db, TimeProvider time)
{
    public async Task<CommuneContactInfo?> FindAsync(string communeCode) =>
        await db.CommuneContacts.AsNoTracking().Where(c => c.CommuneCode == communeCode)
            .Select(c => new CommuneContactInfo(c.CommuneCode, c.OfficerName, c.Phone, c.Email, c.UpdatedAtUtc))
            .SingleOrDefaultAsync();

    public async Task<CommuneContactResult> UpdateAsync(string communeCode, CommuneContactUpdate update)
    {
        var errors = new List<string>();
        var name = Clean(update.OfficerName);
        var phone = Clean(update.Phone);
        var email = Clean(update.Email);
        if (name is { Length: > 200 })
            errors.Add("Officer name: at most 200 characters.");
        if (phone is not null && (phone.Length > 20 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '.' or '-')))
            errors.Add("Phone: digits, spaces, '+', '.', '-' only, at most 20 characters.");
        if (email is not null && (email.Length > 256 || !MailAddress.TryCreate(email, out _)))
            errors.Add("E-mail: not a valid address.");
        if (errors.Count > 0)
            return new CommuneContactResult(null, errors);

        var contact = await db.CommuneContacts.SingleOrDefaultAsync(c => c.CommuneCode == communeCode);
        if (contact is null)
        {
            contact = new CommuneContact { CommuneCode = communeCode };
            db.CommuneContacts.Add(contact);
        }
        contact.OfficerName = name;
        contact.Phone = phone;
        contact.Email = email;
        contact.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return new CommuneContactResult(new CommuneContactInfo(communeCode, name, phone, email, contact.UpdatedAtUtc), []);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
