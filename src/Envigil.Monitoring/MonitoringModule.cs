using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
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
        // Compliance: rules and thresholds as configuration; limits, episodes, signals and alerts in the database.
        services.AddOptions<Compliance.ComplianceEngineOptions>().Bind(configuration.GetSection(Compliance.ComplianceEngineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
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
        services.AddSingleton<ReceptionPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<ReceptionPipeline>());
        services.AddHostedService<DropFolderReception>();
        services.AddHostedService<MqttReception>();
        services.AddHostedService<Simulation.DemoStationFeed>();
        services.AddSingleton<Compliance.ComplianceCatalogue>();
        services.AddScoped<Compliance.LimitService>();
        services.AddSingleton<Alerts.AlertEngine>();
        services.AddScoped<Alerts.AlertService>();
        services.AddSingleton<Compliance.ComplianceEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<Compliance.ComplianceEngine>());
        // Singleton, not scoped: a scope disposes what a scoped factory returns, and disposing the engine (a BackgroundService)
        // cancels it, which stopped the host after the first delivery.
        services.AddSingleton<IObservationsStoredListener>(sp => sp.GetRequiredService<Compliance.ComplianceEngine>());
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapIngestion().MapMonitoringReads().MapRegistry().MapReceipts().MapCompliance();
}
