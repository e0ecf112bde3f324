using Envigil.Enforcement.Cases;
using Envigil.Enforcement.Http;
using Envigil.Enforcement.Persistence;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Enforcement;

/// <summary>
/// Violation cases (directive item 7). Reads monitoring only through its public contracts: alerts and their evidence
/// through <see cref="Monitoring.Alerts.IAlertEvidenceSource"/>, facility names through the registry snapshot.
/// </summary>
public static class EnforcementModule
{
    public static IServiceCollection AddEnforcement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnforcementOptions>().Bind(configuration.GetSection(EnforcementOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IModuleSchema>(new EmbeddedModuleSchema(EnforcementDb.Module, typeof(EnforcementDb).Assembly, "Envigil.Enforcement.Migrations."));
        services.AddDbContext<EnforcementDb>((sp, builder) =>
        {
            sp.GetRequiredService<EnvigilDatabase>().Configure(builder);
            builder.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
        });
        services.AddAuthorization(EnforcementPolicies.Register);
        services.AddSingleton<CaseDocumentStore>();
        services.AddScoped<CaseService>();
        services.AddScoped<CaseEvidenceExport>();
        services.AddScoped<Kernel.Modules.IFacilityCaseSource, FacilityCaseSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapEnforcement(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCases();
        endpoints.MapCaseForms();
        return endpoints;
    }
}
