using Envigil.Kernel.Notifications;

namespace Envigil.Monitoring.Alerts.Notifications;

/// <summary>Wakes the <see cref="NotificationDispatcher"/>: the alert engine and the webhook test endpoint pulse after they commit outbox rows.</summary>
public sealed class NotificationSignal : OutboxSignal;
