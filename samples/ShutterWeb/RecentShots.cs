using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>The last 20 shots, so that a page that (re)connects sees them at once.</summary>
internal sealed class RecentShots(Intervalometer meter) : BackgroundService
{
    private const int Kept = 20;
    private readonly Queue<ShotEvent> _shots = new();
    private readonly Lock _lock = new();

    public ShotEvent[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _shots];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in meter.WatchEventsAsync(stoppingToken))
            {
                if (ServerSentEvents.ToShot(e) is { } shot)
                {
                    lock (_lock)
                    {
                        _shots.Enqueue(shot);
                        while (_shots.Count > Kept)
                        {
                            _shots.Dequeue();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
