namespace Envigil.Monitoring.Alerts.Notifications;

/// <summary>
/// Wakes the <see cref="NotificationDispatcher"/> at once: whoever commits outbox rows (the alert engine, the webhook
/// test endpoint) pulses after the commit, so a notification does not wait for the next poll.
/// </summary>
public sealed class NotificationSignal
{
    private readonly SemaphoreSlim _pulses = new(0, 1);

    public void Pulse()
    {
        // At most one pending pulse: many commits during one dispatch pass need only one more pass.
        try
        {
            _pulses.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <returns>True when pulsed, false when <paramref name="timeout"/> passed first.</returns>
    internal async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pulsed = _pulses.WaitAsync(Timeout.InfiniteTimeSpan, timer.Token);
        var elapsed = Task.Delay(timeout, time, timer.Token);
        var first = await Task.WhenAny(pulsed, elapsed);
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        // The pulse may have been taken just as the timeout fired: then it counts.
        return first == pulsed || pulsed.IsCompletedSuccessfully;
    }
}
