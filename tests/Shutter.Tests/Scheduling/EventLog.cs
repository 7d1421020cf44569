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
        var events = intervalometer.WatchAsync(_stop.Token);
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events)
                {
                    _events.Enqueue(e);
                }
            }
            catch (OperationCanceledException)
            {
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
