using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Envigil.Monitoring.Alerts;

/// <summary>What happened to an alert, for live pages and streams.</summary>
/// <param name="Kind">opened, escalated, acknowledged, commented, resolved or cleared (see <see cref="AlertChangeKinds"/>).</param>
public sealed record AlertChanged(
    long AlertId,
    string Kind,
    AlertState State,
    AlertSeverity Severity,
    string? FacilityId,
    string? StationCode,
    string TitleVi,
    string TitleEn,
    DateTime AtUtc);

public static class AlertChangeKinds
{
    public const string Opened = "opened";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Commented = "commented";
    public const string Resolved = "resolved";
    public const string Cleared = "cleared";
}

/// <summary>
/// In-process fan-out of <see cref="AlertChanged"/> to whoever listens now (the SSE stream). The alert engine
/// publishes after its commit. Nothing is stored: a client that connects later reads the alerts list. Each subscriber
/// has its own bounded queue; one that lags loses its oldest changes rather than holding up the others.
/// </summary>
public sealed class AlertBroadcaster
{
    /// <summary>Changes kept for a subscriber that does not read; far more than a province produces in a burst.</summary>
    public const int QueueLength = 256;

    private readonly Lock _gate = new();
    private Channel<AlertChanged>[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public void Publish(AlertChanged change)
    {
        // Drop-oldest channels never refuse a write, so publishing never waits for a subscriber.
        foreach (var subscriber in Volatile.Read(ref _subscribers))
            subscriber.Writer.TryWrite(change);
    }

    /// <summary>
    /// Subscribes at once (changes published after this call returns are delivered, even before enumeration starts)
    /// until <paramref name="cancellationToken"/> is cancelled or the enumeration is disposed.
    /// </summary>
    public IAsyncEnumerable<AlertChanged> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AlertChanged>(new BoundedChannelOptions(QueueLength)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
            _subscribers = [.. _subscribers, channel];
        var registration = cancellationToken.Register(() => Remove(channel));
        return ReadAsync(channel, registration, cancellationToken);
    }

    private async IAsyncEnumerable<AlertChanged> ReadAsync(Channel<AlertChanged> channel, CancellationTokenRegistration registration,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (channel.Reader.TryRead(out var change))
                    yield return change;
            }
        }
        finally
        {
            await registration.DisposeAsync();
            Remove(channel);
        }
    }

    private void Remove(Channel<AlertChanged> channel)
    {
        lock (_gate)
            _subscribers = _subscribers.Where(c => c != channel).ToArray();
        channel.Writer.TryComplete();
    }
}
