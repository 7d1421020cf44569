using System.Collections.Concurrent;

namespace Drivers.Shutter.Tests.Scheduling;

/// <summary>Reads an intervalometer's events in the background so a test can wait for them.</summary>
internal sealed class EventLog : IAsyncDisposable
{
    private readonly ConcurrentQueue<IntervalometerEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public EventLog(Intervalometer intervalometer)
    {
        // The first MoveNextAsync registers the reader before it returns, so no event after this constructor is missed.
        var events = intervalometer.WatchEventsAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        var first = events.MoveNextAsync();
        _reader = Task.Run(async () =>
        {
            await using (events)
            {
                try
                {
                    for (var next = first; await next; next = events.MoveNextAsync())
                    {
                        _events.Enqueue(events.Current);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public IntervalometerEvent[] All => [.. _events];

    public IntervalometerEvent[] Of(IntervalometerEventKind kind) => [.. _events.Where(e => e.Kind == kind)];

    public Task Until(IntervalometerEventKind kind, int count = 1) =>
        Rig.Until(() => _events.Count(e => e.Kind == kind) >= count, $"{count} {kind} event(s) arrive");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
    }
}
