namespace ShutterWeb;

/// <summary>
/// How many event streams (each one <see cref="Drivers.Shutter.Intervalometer.WatchEventsAsync"/> reader) were
/// opened and are open now. Served at <c>GET /api/diagnostics</c> only when the environment variable
/// <c>SHUTTER_WEB_DIAGNOSTICS=1</c> is set, so that tests can prove every disconnect releases its reader.
/// </summary>
internal sealed class StreamCount
{
    public const string Variable = "SHUTTER_WEB_DIAGNOSTICS";

    private readonly Lock _lock = new();
    private long _opened;
    private long _open;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Opened() => Change(opened: 1, open: 1);

    public void Closed() => Change(opened: 0, open: -1);

    /// <summary>The counts once <paramref name="condition"/> holds, or as they are when <paramref name="timeout"/> is over.</summary>
    public async Task<StreamCounts> WaitAsync(Func<StreamCounts, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            StreamCounts now;
            lock (_lock)
            {
                now = new StreamCounts(_opened, _open, 0);
                changed = _changed.Task;
            }
            if (condition(now))
            {
                return now;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return now;
            }
        }
    }

    private void Change(long opened, long open)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _opened += opened;
            _open += open;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}

/// <summary>The answer of <c>GET /api/diagnostics</c>; <c>ManagedBytes</c> is measured after a full collection.</summary>
internal sealed record StreamCounts(long Opened, long Open, long ManagedBytes);

