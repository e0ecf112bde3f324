using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Identity;

namespace Envigil.Host.Composition;

public sealed record DemoAccount(string Email, string Password, string Role, string DisplayName, string? CommuneCode);

/// <summary>
/// Accounts for trying Envigil, one per role, created only in demo mode and shown on the sign-in page there.
/// The commune officer works for the first ward of the province (by official code).
/// </summary>
public sealed class DemoAccounts(UserAdministration administration, UserManager<EnvigilUser> users, ProvinceGeography geography)
{
    public const string Password = "demo-envigil-2026";

    public static IReadOnlyList<DemoAccount> For(ProvinceSnapshot province)
    {
        var commune = province.Communes.Count > 0 ? province.Communes[0].Code : null;
        return
        [
            new("admin@demo.envigil.vn", Password, EnvigilRoles.Admin, "Quản trị viên (demo)", null),
            new("officer@demo.envigil.vn", Password, EnvigilRoles.Officer, "Cán bộ môi trường (demo)", null),
            new("inspector@demo.envigil.vn", Password, EnvigilRoles.Inspector, "Thanh tra viên (demo)", null),
            new("commune@demo.envigil.vn", Password, EnvigilRoles.CommuneOfficer, "Cán bộ xã (demo)", commune),
            new("leader@demo.envigil.vn", Password, EnvigilRoles.Leader, "Lãnh đạo (demo)", null),
            new("viewer@demo.envigil.vn", Password, EnvigilRoles.Viewer, "Người xem (demo)", null),
        ];
    }

    public async Task EnsureAsync()
    {
        foreach (var account in For(geography.Current))
        {
            if (await users.FindByEmailAsync(account.Email) is not null)
                continue;
            var result = await administration.CreateAsync(new NewUser(account.Email, account.DisplayName, account.Password, [account.Role],
                account.CommuneCode is null ? null : [account.CommuneCode]));
            if (!result.Succeeded)
                throw new InvalidOperationException($"Demo account {account.Email}: {string.Join(" ", result.Errors)}");
        }
    }
}
