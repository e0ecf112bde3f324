namespace Envigil.Kernel.Notifications;

/// <summary>
/// Wakes an <see cref="OutboxDispatcher"/> at once: whoever commits outbox rows pulses after the commit, so a message
/// does not wait for the next poll. Each module has its own (a subclass registered as a singleton), so a pulse wakes
/// only the dispatcher of the outbox that was written.
/// </summary>
public abstract class OutboxSignal
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
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
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

/// <summary>How an outbox row leaves Envigil; stored by name in the row's channel column.</summary>
public enum OutboxChannel
{
    Email,
    Webhook,
}
