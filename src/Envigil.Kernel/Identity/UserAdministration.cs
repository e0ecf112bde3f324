using System.Security.Claims;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Identity;

public sealed record NewUser(
    string Email,
    string DisplayName,
    string Password,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string>? Communes = null,
    IReadOnlyList<string>? Facilities = null);

/// <summary>Outcome of an account operation; expected failures carry reasons a person can act on.</summary>
public sealed record AccountResult(bool Succeeded, string? UserId, IReadOnlyList<string> Errors)
{
    public static AccountResult Fail(params string[] errors) => new(false, null, errors);
}

public sealed record UserSummary(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Communes, IReadOnlyList<string> Facilities, DateTime CreatedAtUtc, bool LockedOut);

/// <summary>Creating and listing people's accounts with their roles and scopes (used by the CLI, the API and demo mode).</summary>
public sealed class UserAdministration(UserManager<EnvigilUser> users, RoleManager<IdentityRole> roles, KernelDb db, TimeProvider time)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in EnvigilRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
    }

    public async Task<AccountResult> CreateAsync(NewUser request)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Email) || !request.Email.Contains('@') || request.Email.Length > 256)
            errors.Add("E-mail is required and must be a valid address (at most 256 characters).");
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 200)
            errors.Add("Display name is required (at most 200 characters).");
        if (request.Roles.Count == 0)
            errors.Add($"At least one role is required: {string.Join(", ", EnvigilRoles.All)}.");
        errors.AddRange(request.Roles.Where(r => !EnvigilRoles.IsKnown(r)).Select(r => $"Unknown role '{r}'; use one of {string.Join(", ", EnvigilRoles.All)}."));

        var communes = request.Communes ?? [];
        var facilities = request.Facilities ?? [];
        if (request.Roles.Contains(EnvigilRoles.CommuneOfficer) && communes.Count == 0)
            errors.Add("A CommuneOfficer needs at least one commune code (scope).");
        if (request.Roles.Contains(EnvigilRoles.FacilityOperator) && facilities.Count == 0)
            errors.Add("A FacilityOperator needs at least one facility id (scope).");
        if (communes.Count > 0)
        {
            var known = await db.AdminUnits.Where(u => communes.Contains(u.Code) && u.Level == AdminLevel.Commune).Select(u => u.Code).ToListAsync();
            errors.AddRange(communes.Except(known).Select(c => $"Commune code '{c}' is not an official commune code."));
        }
        if (errors.Count > 0)
            return new AccountResult(false, null, errors);

        var user = new EnvigilUser
        {
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = request.DisplayName.Trim(),
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
            return new AccountResult(false, null, created.Errors.Select(e => e.Description).ToList());
        await users.AddToRolesAsync(user, request.Roles.Distinct());
        var claims = communes.Distinct().Select(c => new Claim(EnvigilClaims.Commune, c))
            .Concat(facilities.Distinct().Select(f => new Claim(EnvigilClaims.Facility, f)))
            .Append(new Claim(EnvigilClaims.DisplayName, user.DisplayName));
        await users.AddClaimsAsync(user, claims);
        return new AccountResult(true, user.Id, []);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync();
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!);
        var userRoles = await db.UserRoles.AsNoTracking().ToListAsync();
        var claims = await db.UserClaims.AsNoTracking().ToListAsync();
        var now = time.GetUtcNow();
        return all.Select(u => new UserSummary(
            u.Id,
            u.Email ?? "",
            u.DisplayName,
            userRoles.Where(r => r.UserId == u.Id).Select(r => roleNames[r.RoleId]).Order().ToList(),
            claims.Where(c => c.UserId == u.Id && c.ClaimType == EnvigilClaims.Commune).Select(c => c.ClaimValue!).Order().ToList(),
            claims.Where(c => c.UserId == u.Id && c.ClaimType == EnvigilClaims.Facility).Select(c => c.ClaimValue!).Order().ToList(),
            u.CreatedAtUtc,
            u.LockoutEnd > now)).ToList();
    }
}
