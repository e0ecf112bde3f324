using Envigil.Kernel.Configuration;
using Envigil.Kernel.Persistence;
using Envigil.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Kernel.Tests.Persistence;

public abstract class MigrationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Database_at_the_previous_version_with_data_is_upgraded_without_loss()
    {
        await using var services = KernelServices.Create(_database);
        var db = services.GetRequiredService<EnvigilDatabase>();
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var latest = services.GetRequiredService<IModuleSchema>().Migrations(db.Provider).Max(m => m.Version);

        await migrator.MigrateAsync(new Dictionary<string, int> { [KernelDb.Module] = latest - 1 });
        Assert.Equal(latest - 1, await migrator.CurrentVersionAsync(KernelDb.Module));

        // Data written by version N-1, with plain SQL as an older Envigil would have written it.
        await using (var connection = await db.OpenConnectionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText =
                $"INSERT INTO {db.Table("kernel", "admin_units")} (code, level, name, name_en, full_name, full_name_en, unit_type, parent_code, region_code, area_km2) " +
                "VALUES ('32014', 2, 'Tân Thành', 'Tan Thanh', 'Phường Tân Thành', 'Tan Thanh Ward', 'Ward', '96', 'east', 12.5);" +
                $"INSERT INTO {db.Table("kernel", "audit_log")} (at_utc, actor, actor_kind, action, entity, entity_key, after) " +
                "VALUES ('2026-01-02 03:04:05+00', 'officer@example.vn', 'person', 'updated', 'admin_units', '32014', '{\"n\":1}');" +
                $"INSERT INTO {db.Table("kernel", "users")} (id, display_name, created_at_utc, user_name, normalized_user_name, email, normalized_email, email_confirmed, " +
                "phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count) " +
                "VALUES ('u1', 'Nguyễn Thị Hoa', '2026-01-01 00:00:00+00', 'hoa@example.vn', 'HOA@EXAMPLE.VN', 'hoa@example.vn', 'HOA@EXAMPLE.VN', " +
                (db.IsPostgres ? "true, false, false, true, 0);" : "1, 0, 0, 1, 0);");
            await insert.ExecuteNonQueryAsync();
        }

        var report = await migrator.MigrateAsync();

        Assert.Equal([latest], report.Applied.Select(m => m.Version));
        Assert.Equal(latest, await migrator.CurrentVersionAsync(KernelDb.Module));
        await using var scope = services.CreateAsyncScope();
        var kernel = scope.ServiceProvider.GetRequiredService<KernelDb>();
        var unit = await kernel.AdminUnits.SingleAsync(u => u.Code == "32014");
        Assert.Equal("Phường Tân Thành", unit.FullName);
        Assert.Equal(12.5, unit.AreaKm2);
        Assert.Equal(new DateOnly(2025, 7, 1), unit.ValidFrom); // units that existed before validity periods are the 2025 units
        Assert.Null(unit.ValidTo);
        var audit = await kernel.AuditLog.SingleAsync();
        Assert.Equal("officer@example.vn", audit.Actor);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), audit.AtUtc.ToUniversalTime());
        Assert.Equal("Nguyễn Thị Hoa", (await kernel.Users.SingleAsync()).DisplayName);
        Assert.Empty(await kernel.MachineTokens.ToListAsync()); // the new table exists and is queryable
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_changes_nothing()
    {
        await using var services = KernelServices.Create(_database);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
    }

    [Fact]
    public async Task Every_table_of_the_model_matches_the_migrated_schema()
    {
        await using var services = KernelServices.Create(_database);
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        await using var scope = services.CreateAsyncScope();
        var kernel = scope.ServiceProvider.GetRequiredService<KernelDb>();

        // Reading every entity set makes EF select every mapped column: a column missing from the SQL fails here.
        Assert.Empty(await kernel.AdminUnits.ToListAsync());
        Assert.Empty(await kernel.AdminUnitSuccessions.ToListAsync());
        Assert.Empty(await kernel.ProvinceRegions.ToListAsync());
        Assert.Empty(await kernel.CommuneContacts.ToListAsync());
        Assert.Empty(await kernel.AuditLog.ToListAsync());
        Assert.Empty(await kernel.MachineTokens.ToListAsync());
        Assert.Empty(await kernel.Users.ToListAsync());
        Assert.Empty(await kernel.Roles.ToListAsync());
        Assert.Empty(await kernel.UserClaims.ToListAsync());
        Assert.Empty(await kernel.UserRoles.ToListAsync());
        Assert.Empty(await kernel.UserLogins.ToListAsync());
        Assert.Empty(await kernel.UserTokens.ToListAsync());
        Assert.Empty(await kernel.RoleClaims.ToListAsync());
    }
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(DatabaseProvider.Sqlite);

public sealed class MigrationTestsOnPostgres() : MigrationTests(DatabaseProvider.Postgres);
