using Envigil.Hazards.Delivery;
using Envigil.Hazards.Http;
using Envigil.Hazards.Persistence;
using Envigil.Hazards.Registers;
using Envigil.Hazards.Response;
using Envigil.Hazards.Risk;
using Envigil.Hazards.Warnings;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Identity;
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
        services.AddOptions<HazardsOptions>().Bind(configuration.GetSection(HazardsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Delivery.EmailRoleList.All(EnvigilRoles.IsKnown), $"{HazardsOptions.Section}:Delivery:EmailRoles: comma-separated, each one of {string.Join(", ", EnvigilRoles.All)}.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Delivery.PublicBaseUrl) || Uri.TryCreate(o.Delivery.PublicBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                $"{HazardsOptions.Section}:Delivery:PublicBaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
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
        // Pushing issued warnings: the hazards outbox, sent with the kernel's SMTP sender and webhook client.
        services.AddScoped<WarningDeliveries>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddScoped<ResponseService>();
        services.AddSingleton<DemoHazards>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoHazards>());
        return services;
    }

    public static IEndpointRouteBuilder MapHazards(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHazardsApi();
        endpoints.MapWarningDelivery();
        endpoints.MapHazardsResponseApi();
        return endpoints;
    }
}
