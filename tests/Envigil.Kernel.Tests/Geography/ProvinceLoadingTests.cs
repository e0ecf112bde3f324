using Envigil.Kernel.Audit;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Kernel.Tests.Geography;

/// <summary>Start-up against a real database: official units, regions, roles, the in-memory province, and auditing.</summary>
public abstract class ProvinceLoadingTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private async Task<ProvinceSnapshot> StartAsync()
    {
        await Services.GetRequiredService<KernelStartup>().InitializeAsync();
        return Services.GetRequiredService<ProvinceGeography>().Current;
    }

    [Fact]
    public async Task Official_units_are_loaded_once_with_the_demo_province_boundaries()
    {
        var province = await StartAsync();
        await Services.GetRequiredService<KernelStartup>().InitializeAsync(); // a restart loads nothing twice

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KernelDb>();
        Assert.Equal(34, await db.AdminUnits.CountAsync(u => u.Level == AdminLevel.Province));
        Assert.Equal(3321, await db.AdminUnits.CountAsync(u => u.Level == AdminLevel.Commune));
        Assert.Equal(64, await db.AdminUnits.CountAsync(u => u.ParentCode == "96" && u.Boundary != null));

        Assert.Equal("Tỉnh Cà Mau", province.Province.FullName);
        Assert.Equal(64, province.Communes.Count);
        Assert.All(province.Communes, c => Assert.Matches("^[0-9]{5}$", c.Code));
        Assert.Equal(64, province.Locator.Count);
        // One summary entry for the official list, not 3,355 entries of boundaries nobody will read.
        var loaded = Assert.Single(await db.AuditLog.Where(e => e.Action == "loaded").ToListAsync());
        Assert.Contains("\"units\":3355", loaded.After);
        Assert.Equal(0, await db.AuditLog.CountAsync(e => e.Entity.EndsWith("admin_units") && e.Action == "created"));
        Assert.Equal("Phường Tân Thành", province.Commune("32025")?.FullName);
    }

    [Fact]
    public async Task Every_commune_of_the_demo_province_gets_a_provisional_region()
    {
        var province = await StartAsync();

        Assert.Equal(["east", "west"], province.Regions.Select(r => r.Code));
        Assert.All(province.Regions, r => Assert.True(r.IsProvisional));
        Assert.All(province.Communes, c => Assert.Contains(c.RegionCode, new[] { "west", "east" }));
        // Sông Đốc lies on the Gulf of Thailand coast; Bạc Liêu ward on the East Sea coast.
        Assert.Equal("west", province.Communes.Single(c => c.Name == "Sông Đốc").RegionCode);
        Assert.Equal("east", province.Communes.Single(c => c.Name == "Bạc Liêu").RegionCode);
    }

    [Fact]
    public async Task All_seven_roles_exist_after_start()
    {
        await StartAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KernelDb>();
        Assert.Equal(EnvigilRoles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    [Fact]
    public async Task A_change_is_audited_with_who_when_and_before_after_values_but_no_secrets()
    {
        var province = await StartAsync();
        var commune = province.Communes[0].Code;
        await using var scope = Services.CreateAsyncScope();
        var contacts = scope.ServiceProvider.GetRequiredService<CommuneContacts>();
        await contacts.UpdateAsync(commune, new CommuneContactUpdate("Lê Văn Tám", "0290 3831 234", null));
        await contacts.UpdateAsync(commune, new CommuneContactUpdate("Lê Văn Tám", "0290 3831 999", "tam@camau.gov.vn"));
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Assert.True((await users.CreateAsync(new NewUser("hoa@example.vn", "Nguyễn Thị Hoa", "a-long-password-1", [EnvigilRoles.Officer]))).Succeeded);

        var db = scope.ServiceProvider.GetRequiredService<KernelDb>();
        var changes = await db.AuditLog.Where(e => e.Entity.EndsWith("commune_contacts")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["created", "updated"], changes.Select(c => c.Action));
        Assert.All(changes, c => Assert.Equal(AuditActor.System.Name, c.Actor));
        Assert.Contains("0290 3831 234", changes[1].Before);
        Assert.DoesNotContain("Lê Văn Tám", changes[1].Before); // an update shows only what changed
        Assert.Contains("0290 3831 999", changes[1].After);
        Assert.Contains("tam@camau.gov.vn", changes[1].After);

        var userAudit = await db.AuditLog.Where(e => e.Entity.EndsWith("users")).ToListAsync();
        Assert.NotEmpty(userAudit);
        var hash = (await db.Users.SingleAsync(u => u.Email == "hoa@example.vn")).PasswordHash!;
        Assert.All(await db.AuditLog.ToListAsync(), e => Assert.DoesNotContain(hash, (e.Before ?? "") + (e.After ?? "")));
    }

    [Fact]
    public async Task Invalid_contact_details_are_refused_with_reasons_and_nothing_is_stored()
    {
        var province = await StartAsync();
        await using var scope = Services.CreateAsyncScope();
        var contacts = scope.ServiceProvider.GetRequiredService<CommuneContacts>();
        var result = await contacts.UpdateAsync(province.Communes[0].Code, new CommuneContactUpdate(new string('x', 201), "call me", "not-an-address"));

        Assert.Equal(3, result.Errors.Count);
        Assert.Null(await contacts.FindAsync(province.Communes[0].Code));
    }

    [Fact]
    public async Task Accounts_need_known_roles_and_real_scopes()
    {
        await StartAsync();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var unknownRole = await users.CreateAsync(new NewUser("a@example.vn", "A", "a-long-password-1", ["Superuser"]));
        var noCommune = await users.CreateAsync(new NewUser("b@example.vn", "B", "a-long-password-1", [EnvigilRoles.CommuneOfficer]));
        var fakeCommune = await users.CreateAsync(new NewUser("c@example.vn", "C", "a-long-password-1", [EnvigilRoles.CommuneOfficer], ["99999"]));
        var shortPassword = await users.CreateAsync(new NewUser("d@example.vn", "D", "short1", [EnvigilRoles.Viewer]));
        var good = await users.CreateAsync(new NewUser("e@example.vn", "E", "a-long-password-1", [EnvigilRoles.CommuneOfficer], ["32025"]));

        Assert.Contains(unknownRole.Errors, e => e.Contains("Superuser"));
        Assert.Contains(noCommune.Errors, e => e.Contains("commune"));
        Assert.Contains(fakeCommune.Errors, e => e.Contains("99999"));
        Assert.False(shortPassword.Succeeded);
        Assert.True(good.Succeeded, string.Join(" ", good.Errors));
        var listed = Assert.Single(await users.ListAsync());
        Assert.Equal(["32025"], listed.Communes);
        Assert.Equal([EnvigilRoles.CommuneOfficer], listed.Roles);
    }

    [Fact]
    public async Task Machine_tokens_are_stored_only_as_hashes_and_can_be_revoked()
    {
        await StartAsync();
        await using var scope = Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<MachineTokenAdministration>();
        var (issued, errors) = await tokens.IssueAsync(new NewMachineToken("Trạm nước thải KCN Hòa Trung", MachineTokenKinds.Station, "CM_HT_NT01"));
        Assert.Empty(errors);
        Assert.StartsWith("evg_", issued!.Token);

        var db = scope.ServiceProvider.GetRequiredService<KernelDb>();
        var stored = await db.MachineTokens.AsNoTracking().SingleAsync();
        Assert.Equal(MachineTokenFormat.Hash(issued.Token), stored.TokenHash);
        Assert.DoesNotContain(issued.Token, stored.TokenHash);
        Assert.DoesNotContain(await db.AuditLog.ToListAsync(), e => (e.After ?? "").Contains(issued.Token));

        Assert.True(await tokens.RevokeAsync(issued.Id));
        Assert.NotNull((await db.MachineTokens.AsNoTracking().SingleAsync()).RevokedAtUtc);
        var (_, badErrors) = await tokens.IssueAsync(new NewMachineToken("", "printer", ""));
        Assert.Equal(3, badErrors.Count);
    }
}

public sealed class ProvinceLoadingTestsOnSqlite() : ProvinceLoadingTests(DatabaseProvider.Sqlite);

public sealed class ProvinceLoadingTestsOnPostgres() : ProvinceLoadingTests(DatabaseProvider.Postgres);
