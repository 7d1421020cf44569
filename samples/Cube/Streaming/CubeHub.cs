using Cube.Motion;

namespace Cube.Streaming;

/// <summary>
/// Hands every frame and status to the open pages' subscriptions, without ever waiting for one. Counts the
/// subscriptions opened and open now, so that <c>GET /api/diagnostics</c> can prove each dropped page released its own.
/// </summary>
internal sealed class CubeHub
{
    /// <summary>
    /// Pages served at once. Each costs a frame's serialization and send up to 250 times a second on the controller's
    /// read thread, so a client opening streams without end would otherwise take the server's CPU from the pages that
    /// are watched. Generous, because a closed page holds its place until the server notices (its next write), and a
    /// reload briefly needs two.
    /// </summary>
    public const int MaxSubscriptions = 64;

    private readonly Lock _lock = new();
    private Subscription[] _subscriptions = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _opened;
    private long _skippedByClosed;
    private PadStatus? _status;
    private Frame? _frame;

    /// <summary>The last status sent (null before the first).</summary>
    public PadStatus? Status => Volatile.Read(ref _status);

    /// <summary>A new subscription, primed with the current status and frame; null when <see cref="MaxSubscriptions"/> are open.</summary>
    public Subscription? TrySubscribe()
    {
        var subscription = new Subscription();
        if (Status is { } status)
        {
            subscription.Post(status);
        }
        if (Volatile.Read(ref _frame) is { } frame)
        {
            subscription.Post(frame);
        }
        var taken = false;
        Change(() =>
        {
            if (_subscriptions.Length < MaxSubscriptions)
            {
                _subscriptions = [.. _subscriptions, subscription];
                _opened++;
                taken = true;
            }
        });
        return taken ? subscription : null;
    }

    public void Unsubscribe(Subscription subscription) =>
        Change(() =>
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
            _skippedByClosed += subscription.Skipped;
        });

    public void Publish(Frame frame)
    {
        Volatile.Write(ref _frame, frame);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Post(frame);
        }
    }

    public void Publish(PadStatus status)
    {
        Volatile.Write(ref _status, status);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Post(status);
        }
    }

    /// <summary>The counts once <paramref name="condition"/> holds, or as they are when <paramref name="timeout"/> is over.</summary>
    public async Task<SubscriptionCounts> WaitAsync(Func<SubscriptionCounts, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            SubscriptionCounts now;
            lock (_lock)
            {
                now = new SubscriptionCounts(_opened, _subscriptions.Length, _skippedByClosed + _subscriptions.Sum(s => s.Skipped));
                changed = _changed.Task;
            }
            if (condition(now))
            {
                return now;
            }
            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return now;
            }
        }
    }

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            change();
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}

/// <summary>Subscriptions opened since start, open now, and frames skipped because a page read slower than the pad reported.</summary>
internal sealed record SubscriptionCounts(long Opened, long Open, long SkippedFrames);
