using Envigil.Kernel.Audit;
using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Alerts;
using Envigil.Monitoring.Alerts.Notifications;
using Envigil.Monitoring.Http;
using Envigil.Monitoring.Observations;
using Envigil.Monitoring.Persistence;
using Envigil.Monitoring.Reception;
using Envigil.Monitoring.Registry;
using Envigil.Monitoring.Reports;
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
        // The read contract through which the map learns which stations exceed a limit now (compliance's episodes).
        services.AddScoped<IOngoingExceedances, Compliance.OngoingExceedances>();
        services.AddScoped<Reports.MonitoringReports>();
        services.AddScoped<RegistryService>();
        // The evidence contract other modules (enforcement) read alerts through.
        services.AddScoped<IAlertEvidenceSource, AlertEvidenceSource>();
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
        // A wrapper, not the engine itself: a scope disposes what its factories return, and disposing a BackgroundService stops it.
        services.AddScoped<IObservationsStoredListener, Compliance.ComplianceListener>();
        AddNotifications(services);
        return services;
    }

    /// <summary>
    /// Alert notifications: monitoring's outbox and its dispatcher, and the live alert stream. Options, the SMTP sender
    /// and the webhook client are the kernel's (<see cref="Kernel.Notifications.NotificationsRegistration"/>).
    /// </summary>
    private static void AddNotifications(IServiceCollection services)
    {
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<AlertBroadcaster>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapIngestion().MapMonitoringReads().MapRegistry().MapReceipts().MapCompliance().MapNotifications().MapMonitoringReports();
}
