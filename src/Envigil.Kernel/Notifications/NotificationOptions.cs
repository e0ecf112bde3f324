using System.ComponentModel.DataAnnotations;

namespace Envigil.Kernel.Notifications;

/// <summary>Configuration section Envigil:Notifications: how notifications leave Envigil (e-mail, webhooks), shared by every module's outbox.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Envigil:Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Attempts before a message is given up and marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; doubled after each further one, never more than <see cref="MaxBackoff"/>.</summary>
    [Range(1, 3600)]
    public int BackoffBaseSeconds { get; set; } = 30;

    [Range(1, 300)]
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>How often the outbox is looked at when nothing wakes the dispatcher (messages of other hosts, retries).</summary>
    [Range(1, 86400)]
    public int PollSeconds { get; set; } = 15;

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: base, 2×base, 4×base, … capped at one hour.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var seconds = BackoffBaseSeconds * Math.Pow(2, exponent);
        return seconds >= MaxBackoff.TotalSeconds ? MaxBackoff : TimeSpan.FromSeconds(seconds);
    }
}

public sealed class SmtpOptions
{
    /// <summary>Empty: e-mail is off, and e-mail messages wait in the outbox until a host is configured.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public string From { get; set; } = "Envigil <envigil@localhost>";

    public string? UserName { get; set; }

    /// <summary>From the environment or a secrets file (Envigil__Notifications__Smtp__Password), never from the repository.</summary>
    public string? Password { get; set; }

    public bool EnableSsl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
