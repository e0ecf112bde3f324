using System.Globalization;
using Envigil.Kernel.Configuration;
using Envigil.Monitoring.Alerts;
using Envigil.Kernel.Notifications;
using Envigil.Monitoring.Alerts.Notifications;
using Envigil.Monitoring.Persistence;
using Envigil.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Envigil.Host.Tests.Monitoring;

/// <summary>
/// The host with a clock the tests move (backoff), an SMTP sink and a webhook receiver on loopback. The dispatcher
/// polls once a day here, so it runs only when pulsed or when a test calls a pass itself.
/// </summary>
public abstract class NotificationApp(DatabaseProvider provider) : EnvigilAppFactory(provider), IAsyncLifetime
{
    public const int MaxAttempts = 3;
    public const int BackoffBaseSeconds = 30;

    // Whole seconds: PostgreSQL keeps microseconds, and times read back are compared with the clock exactly.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public SmtpSink Smtp { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = default!;

    protected override IEnumerable<(string Key, string Value)> ExtraSettings =>
    [
        ("Envigil:Notifications:Smtp:Host", Smtp.Host),
        ("Envigil:Notifications:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture)),
        ("Envigil:Notifications:Smtp:From", "Envigil Cà Mau <envigil@camau.example.vn>"),
        ("Envigil:Notifications:MaxAttempts", MaxAttempts.ToString(CultureInfo.InvariantCulture)),
        ("Envigil:Notifications:BackoffBaseSeconds", BackoffBaseSeconds.ToString(CultureInfo.InvariantCulture)),
        ("Envigil:Notifications:PollSeconds", "86400"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Receiver.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    internal NotificationDispatcher Dispatcher => Services.GetRequiredService<NotificationDispatcher>();

    public async Task<long> EnqueueAsync(OutboxMessage message)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDb>();
        db.Outbox.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    public async Task<OutboxMessage> OutboxAsync(long id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MonitoringDb>().Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public OutboxMessage Email(string to, string subject, string body)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return new OutboxMessage
        {
            Event = AlertChangeKinds.Opened, Channel = NotificationChannel.Email, Target = to, Subject = subject, Body = body,
            CreatedAtUtc = now, NextAttemptUtc = now,
        };
    }
}

public sealed class SqliteNotificationApp() : NotificationApp(DatabaseProvider.Sqlite);

public sealed class PostgresNotificationApp() : NotificationApp(DatabaseProvider.Postgres);
