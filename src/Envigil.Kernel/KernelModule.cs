using Envigil.Kernel.Audit;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Notifications;
using Envigil.Kernel.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel;

public static class KernelModule
{
    /// <summary>Maps the kernel's HTTP API: geography, identity and administration.</summary>
    public static IEndpointRouteBuilder MapKernel(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGeography().MapAdministration();

    /// <summary>Registers configuration, the database, migrations, identity stores, geography and audit.</summary>
    public static IServiceCollection AddEnvigilKernel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnvigilOptions>().Bind(configuration.GetSection(EnvigilOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EnvigilOptions>, EnvigilOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditActorAccessor>(new FixedAuditActorAccessor(AuditActor.System));

        services.AddSingleton(sp => EnvigilDatabase.FromOptions(sp.GetRequiredService<IOptions<EnvigilOptions>>().Value));
        services.AddSingleton<IModuleSchema>(new EmbeddedModuleSchema(KernelDb.Module, typeof(KernelDb).Assembly, "Envigil.Kernel.Migrations."));
        services.AddSingleton<SchemaMigrator>();
        services.AddScoped<AuditInterceptor>();
        services.AddDbContext<KernelDb>((sp, builder) =>
        {
            sp.GetRequiredService<EnvigilDatabase>().Configure(builder);
            builder.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
        });

        // Keys that protect sign-in cookies survive restarts in the data directory. Several hosts sharing one
        // PostgreSQL must share this folder (or a later key store in the database); see docs/operations.md.
        services.AddDataProtection().SetApplicationName("Envigil");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<EnvigilOptions>>((keys, envigil) =>
            keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(envigil.Value.ResolvedDataDirectory, "keys")), NullLoggerFactory.Instance));

        services.AddIdentityCore<EnvigilUser>(identity =>
            {
                identity.Password.RequiredLength = 10;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.User.RequireUniqueEmail = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<KernelDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddSingleton<IAuthorizationHandler, CommuneScopeHandler>();
        services.AddSingleton<IAuthorizationHandler, FacilityScopeHandler>();

        services.AddSingleton<ProvinceGeography>();
        services.AddScoped<AdminUnitSeeder>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<CommuneContacts>();
        services.AddScoped<MachineTokenAdministration>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<KernelStartup>();
        services.AddEnvigilNotifications(configuration);
        return services;
    }
}
