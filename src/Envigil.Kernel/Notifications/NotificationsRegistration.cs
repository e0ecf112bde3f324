using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel.Notifications;

/// <summary>The table-free half of notifications every module's outbox uses: options, the SMTP sender, the webhook client.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddEnvigilNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Smtp.Port is > 0 and <= 65535, $"{NotificationOptions.Section}:Smtp:Port must be between 1 and 65535.")
            .Validate(o => !o.Smtp.Enabled || MailAddress.TryCreate(o.Smtp.From, out _), $"{NotificationOptions.Section}:Smtp:From must be an e-mail address, e.g. \"Envigil <envigil@example.vn>\".")
            .ValidateOnStart();
        services.AddSingleton<SmtpSender>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<NotificationRecipients>();
        services.AddHttpClient(WebhookSender.HttpClientName, (sp, client) =>
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookTimeoutSeconds))
            // A redirect is the receiver's misconfiguration, and following one would send the signed body elsewhere.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The default request logging writes URLs, whose query strings can hold receivers' tokens.
            .RemoveAllLoggers();
        return services;
    }
}
