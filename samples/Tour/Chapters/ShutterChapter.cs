using System.Globalization;
using Drivers.Shutter;
using Drivers.Shutter.Simulation;

namespace Tour.Chapters;

internal sealed class ShutterChapter : Chapter
{
    public override string Package => "Drivers.Shutter";

    public override string Wraps => "Camera shutter release on a GPIO pin, intervalometer";

    public override async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        // A 10-frame time-lapse at 200 ms on the virtual GPIO, with the real clock.
        var gpio = new VirtualGpioDriver();
        await using var shutter = ShutterRelease.Open(gpio, new ShutterOptions { ShutterPin = 18, PulseDuration = TimeSpan.FromMilliseconds(50) });
        await using var intervalometer = new Intervalometer(shutter, new IntervalometerOptions { StreamCapacity = 64 });
        await using var events = intervalometer.WatchEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        // The first MoveNextAsync registers this reader before it returns: started before the run, it misses no frame.
        var next = events.MoveNextAsync();
        output.WriteLine("  10 frames, one every 200 ms, 50 ms pulses on virtual GPIO line 18:");

        intervalometer.Start(new IntervalometerPlan { Interval = TimeSpan.FromMilliseconds(200), Count = 10 });
        try
        {
            for (; await next; next = events.MoveNextAsync())
            {
                var e = events.Current;
                if (e.Kind == IntervalometerEventKind.Shot)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    frame {e.FrameNumber,2}  planned {e.PlannedAt:HH:mm:ss.fff}  shot {e.ActualAt:HH:mm:ss.fff}  {e.Lateness!.Value.TotalMilliseconds,6:F3} ms late"));
                }
                else if (e.Kind == IntervalometerEventKind.Skipped)
                {
                    output.WriteLine($"    frame {e.FrameNumber,2}  skipped");
                }
                else if (e.Kind is IntervalometerEventKind.Completed or IntervalometerEventKind.Failed)
                {
                    break;
                }
            }
        }
        finally
        {
            await intervalometer.StopAsync(CancellationToken.None);
        }

        var edges = gpio.EdgesOf(18);
        output.WriteLine($"  {edges.Count} edges recorded; the line ended {(gpio.LevelOf(18) == System.Device.Gpio.PinValue.Low ? "open (released)" : "CLOSED")}.");
    }
}
