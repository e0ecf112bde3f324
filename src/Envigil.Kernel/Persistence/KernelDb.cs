using Envigil.Kernel.Audit;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Persistence;

/// <summary>The kernel's tables: geography, identity, machine tokens and the audit log. Schema: migrations in Persistence/Migrations.</summary>
public sealed class KernelDb(DbContextOptions<KernelDb> options) : IdentityDbContext<EnvigilUser, IdentityRole, string>(options)
{
    public const string Module = "kernel";

    public DbSet<AdminUnit> AdminUnits => Set<AdminUnit>();
    public DbSet<AdminUnitSuccession> AdminUnitSuccessions => Set<AdminUnitSuccession>();
    public DbSet<ProvinceRegion> ProvinceRegions => Set<ProvinceRegion>();
    public DbSet<CommuneContact> CommuneContacts => Set<CommuneContact>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<MachineToken> MachineTokens => Set<MachineToken>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);

        model.Entity<EnvigilUser>().ToTable("users");
        model.Entity<IdentityRole>().ToTable("roles");
        model.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        model.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        model.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        model.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        model.Entity<IdentityUserToken<string>>().ToTable("user_tokens");

        model.Entity<AdminUnit>(unit =>
        {
            unit.ToTable("admin_units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Level).HasConversion<int>();
            unit.HasIndex(u => u.ParentCode);
            if (!Database.IsNpgsql())
                unit.Property(u => u.Boundary).HasConversion(ModuleModelConventions.GeometryAsWkb);
        });
        model.Entity<AdminUnitSuccession>(succession =>
        {
            succession.ToTable("admin_unit_successions");
            succession.HasKey(s => new { s.PredecessorCode, s.SuccessorCode });
        });
        model.Entity<ProvinceRegion>(region =>
        {
            region.ToTable("province_regions");
            region.HasKey(r => new { r.ProvinceCode, r.Code });
        });
        model.Entity<CommuneContact>(contact =>
        {
            contact.ToTable("commune_contacts");
            contact.HasKey(c => c.CommuneCode);
        });
        ModuleModelConventions.MapAuditLog(model);
        model.Entity<MachineToken>(token =>
        {
            token.ToTable("machine_tokens");
            token.HasKey(t => t.Id);
            token.HasIndex(t => t.TokenHash).IsUnique();
        });

        ModuleModelConventions.Apply(model, Module, Database.IsNpgsql());
    }
}
