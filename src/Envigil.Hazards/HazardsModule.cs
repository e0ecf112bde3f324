using Envigil.Hazards.Http;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Registers;
using Envigil.Hazards.Response;
using Envigil.Hazards.Risk;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Envigil.Hazards;

/// <summary>
/// Natural-disaster forecasting and response (directive item 4): hazard zones, households and vulnerable people,
/// shelters, reviews, risk levels under Decision 18/2021/QĐ-TTg, two-person warnings published as CAP 1.2 and Atom,
/// and the communes' confirmations. Depends on the kernel only.
/// </summary>
public static class HazardsModule
{
    public static IServiceCollection AddHazards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HazardsOptions>().Bind(configuration.GetSection(HazardsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IModuleSchema>(new EmbeddedModuleSchema(HazardsDb.Module, typeof(HazardsDb).Assembly, "Envigil.Hazards.Migrations."));
        services.AddDbContext<HazardsDb>((sp, builder) =>
        {
            sp.GetRequiredService<EnvigilDatabase>().Configure(builder);
            builder.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
        });
        services.AddAuthorization(HazardsPolicies.Register);
        // The shipped rules, or a province's reviewed copy; a broken file stops the host at start, not during a warning.
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<HazardsOptions>>().Value.RulesFile;
            if (string.IsNullOrWhiteSpace(file))
                return Decision18Rules.Shipped;
            using var stream = File.OpenRead(file);
            return Decision18Rules.Parse(stream);
        });
        services.AddScoped<AffectedArea>();
        services.AddScoped<RegisterService>();
        services.AddScoped<WarningService>();
        services.AddScoped<ResponseService>();
        return services;
    }

    public static IEndpointRouteBuilder MapHazards(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHazardsApi();
        endpoints.MapHazardsResponseApi();
        return endpoints;
    }
}
