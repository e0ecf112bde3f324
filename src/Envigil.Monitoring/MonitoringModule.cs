using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Monitoring;

public static class MonitoringModule
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.Section));
        services.AddOptions<StationStateOptions>().Bind(configuration.GetSection($"{MonitoringOptions.Section}:StationState"));
        services.AddOptions<MonitoringObligationRules>().Bind(configuration.GetSection($"{MonitoringOptions.Section}:Obligation")).ValidateDataAnnotations().ValidateOnStart();
        // Compliance core (issue 4): rules and thresholds as configuration; the evaluators are pure and not yet wired to alerts.
        services.AddOptions<Compliance.ExceedanceRules>().Bind(configuration.GetSection(Compliance.ExceedanceRules.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Compliance.IntegrityThresholds>().Bind(configuration.GetSection(Compliance.IntegrityThresholds.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IModuleSchema>(new EmbeddedModuleSchema(MonitoringDb.Module, typeof(MonitoringDb).Assembly, "Envigil.Monitoring.Migrations."));
        services.AddDbContext<MonitoringDb>((sp, builder) =>
        {
            sp.GetRequiredService<EnvigilDatabase>().Configure(builder);
            builder.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
        });
        services.AddAuthorization(MonitoringPolicies.Register);
        services.AddSingleton<RegistryCache>();
        services.AddSingleton<FileArchive>();
        services.AddSingleton<ObservationStore>();
        services.AddScoped<MonitoringQueries>();
        services.AddScoped<RegistryService>();
        // The evidence contract other modules (enforcement) read alerts through.
        services.AddScoped<IAlertEvidenceSource, AlertEvidenceSource>();
        services.AddSingleton<ReceptionPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<ReceptionPipeline>());
        services.AddHostedService<DropFolderReception>();
        services.AddHostedService<MqttReception>();
        services.AddHostedService<Simulation.DemoStationFeed>();
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapIngestion().MapMonitoringReads().MapRegistry().MapReceipts();
}
