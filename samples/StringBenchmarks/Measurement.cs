using System.Diagnostics;

namespace StringBenchmarks;

/// <summary>The median and the mean of a set of timed runs, in milliseconds.</summary>
/// <remarks>The median shows a typical run; the mean also carries the rare slow run, such as one that paid for a full garbage collection.</remarks>
internal readonly record struct Timing(double MedianMs, double MeanMs);

/// <summary>Times a piece of work the way both sides of the comparison do: warm up, then the median of repeated runs.</summary>
internal static class Measurement
{
    // Enough calls for the tiered JIT to promote the hot code (it counts 30 calls), bounded in time so
    // that the quadratic method at large n does not warm up for minutes.
    private const int WarmUpCalls = 50;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromMilliseconds(300);

    /// <summary>The wall-clock time of <paramref name="repeat"/> runs of <paramref name="work"/>, after a warm-up.</summary>
    public static Timing Time(Action work, int repeat, CancellationToken cancellationToken)
    {
        var warmUp = Stopwatch.StartNew();
        for (var call = 0; call < WarmUpCalls && warmUp.Elapsed < WarmUpTime; call++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            work();
        }

        var times = new double[repeat];
        for (var run = 0; run < repeat; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            work();
            times[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return new Timing(Median(times), times.Average());
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>Operations per second for <paramref name="operations"/> done in <paramref name="milliseconds"/>; null when the time is too short to tell.</summary>
    public static double? PerSecond(long operations, double milliseconds) =>
        milliseconds > 0 ? operations / (milliseconds / 1000) : null;
}
