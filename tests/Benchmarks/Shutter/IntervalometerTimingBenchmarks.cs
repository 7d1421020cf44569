using System.Device.Gpio;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Drivers.Shutter;
using Drivers.Shutter.Simulation;

namespace Benchmarks.Shutter;

/// <summary>
/// The intervalometer against the real clock on the virtual GPIO, beside the naive loop the user's old
/// script used (shoot, then sleep one interval). Each invocation is a whole time-lapse: the figures that
/// matter (cumulative drift at the last frame, lateness p50/p99) are printed as "// shutter-timing" lines,
/// measured from the virtual GPIO's edge timestamps (monotonic clock).
/// </summary>
/// <remarks>
/// Real measurement (1,000 frames at 100 ms: about 100 s per method):
/// <c>SHUTTER_FRAMES=1000 dotnet run -c Release --project tests/Benchmarks -- --filter '*IntervalometerTiming*' --job dry</c>.
/// Without SHUTTER_FRAMES a run has 10 frames, which keeps test.sh's smoke run short.
/// </remarks>
public class IntervalometerTimingBenchmarks
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Pulse = TimeSpan.FromMilliseconds(20);

    public static IEnumerable<int> FrameCounts =>
        [int.TryParse(Environment.GetEnvironmentVariable("SHUTTER_FRAMES"), NumberStyles.None, CultureInfo.InvariantCulture, out var frames) && frames > 1 ? frames : 10];

    [ParamsSource(nameof(FrameCounts))]
    public int Frames { get; set; }

    [Benchmark]
    public async Task<double> Intervalometer()
    {
        var gpio = new VirtualGpioDriver();
        await using var shutter = ShutterRelease.Open(gpio, new ShutterOptions { PulseDuration = Pulse });
        await using var intervalometer = new Intervalometer(shutter);
        await using var events = intervalometer.WatchEventsAsync().GetAsyncEnumerator();
        var next = events.MoveNextAsync(); // registers the reader before the run starts, so no frame is missed
        var lateness = new List<double>();
        var skipped = 0;
        intervalometer.Start(new IntervalometerPlan { Interval = Interval, Count = Frames });
        for (; await next; next = events.MoveNextAsync())
        {
            var e = events.Current;
            if (e.Kind == IntervalometerEventKind.Shot)
            {
                lateness.Add(e.Lateness!.Value.TotalMilliseconds);
            }
            else if (e.Kind == IntervalometerEventKind.Skipped)
            {
                skipped++;
            }
            else if (e.Kind is IntervalometerEventKind.Completed or IntervalometerEventKind.Failed)
            {
                break;
            }
        }
        // Lateness as the events report it: each shot's start against its own frame's moment.
        return Report(nameof(Intervalometer), [.. lateness], skipped);
    }

    /// <summary>
    /// A bulb ramp from 10 to 60 ms over the run at the same interval: lateness as above, and how far each exposure the
    /// line actually held (from its edges) is from the ramp's planned exposure.
    /// </summary>
    [Benchmark]
    public async Task<double> Ramp()
    {
        var gpio = new VirtualGpioDriver();
        await using var shutter = ShutterRelease.Open(gpio, new ShutterOptions { PulseDuration = Pulse });
        await using var intervalometer = new Intervalometer(shutter);
        await using var events = intervalometer.WatchEventsAsync().GetAsyncEnumerator();
        var next = events.MoveNextAsync();
        var ramp = new ExposureRamp { Start = TimeSpan.FromMilliseconds(10), End = TimeSpan.FromMilliseconds(60), Frames = Frames };
        var lateness = new List<double>();
        var skipped = 0;
        intervalometer.Start(new IntervalometerPlan { Interval = Interval, Count = Frames, BulbRamp = ramp });
        for (; await next; next = events.MoveNextAsync())
        {
            var e = events.Current;
            if (e.Kind == IntervalometerEventKind.Shot)
            {
                lateness.Add(e.Lateness!.Value.TotalMilliseconds);
            }
            else if (e.Kind == IntervalometerEventKind.Skipped)
            {
                skipped++;
            }
            else if (e.Kind is IntervalometerEventKind.Completed or IntervalometerEventKind.Failed)
            {
                break;
            }
        }
        var edges = gpio.EdgesOf(shutter.ShutterPin).ToArray();
        var widthError = edges.Where(e => e.Value == PinValue.High)
            .Zip(edges.Where(e => e.Value == PinValue.Low), (up, down) => TimeProvider.System.GetElapsedTime(up.Timestamp, down.Timestamp))
            .Select((held, frame) => Math.Abs((held - ramp.ExposureOf(frame + 1)).TotalMilliseconds))
            .Order()
            .ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// shutter-timing Ramp exposure error: p50 {widthError[widthError.Length / 2]:F3} ms, p99 {widthError[Math.Min(widthError.Length - 1, (int)Math.Ceiling(0.99 * widthError.Length) - 1)]:F3} ms, max {widthError[^1]:F3} ms"));
        return Report(nameof(Ramp), [.. lateness], skipped);
    }

    [Benchmark(Baseline = true)]
    public async Task<double> SleepLoop()
    {
        var gpio = new VirtualGpioDriver();
        using var controller = new GpioController(gpio);
        controller.OpenPin(18, PinMode.Output, PinValue.Low);
        var start = TimeProvider.System.GetTimestamp();
        for (var frame = 0; frame < Frames; frame++)
        {
            // The old script: close, hold, release, then sleep a whole interval.
            controller.Write(18, PinValue.High);
            await Task.Delay(Pulse);
            controller.Write(18, PinValue.Low);
            await Task.Delay(Interval);
        }
        // The loop has no plan: frame n's moment is start + n intervals, measured on the edges it made.
        var lateness = gpio.Edges
            .Where(e => e.Value == PinValue.High)
            .Select((edge, frame) => (TimeProvider.System.GetElapsedTime(start, edge.Timestamp) - (frame * Interval)).TotalMilliseconds)
            .ToArray();
        return Report(nameof(SleepLoop), lateness, 0);
    }

    private double Report(string method, double[] lateness, int skipped)
    {
        var sorted = lateness.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var drift = lateness[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// shutter-timing {method}: frames shot {lateness.Length}, skipped {skipped}, interval {Interval.TotalMilliseconds} ms, cumulative drift at the last frame {drift:F3} ms, lateness p50 {Percentile(0.50):F3} ms, p99 {Percentile(0.99):F3} ms, max {sorted[^1]:F3} ms"));
        return drift;
    }
}
