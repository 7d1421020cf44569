namespace StringBenchmarks;

/// <summary>One side of the boxing experiment: median time and bytes allocated for the whole workload.</summary>
internal sealed record BoxingRow(string Method, double MedianMs, double NanosecondsPerValue, double BytesPerValue);

/// <summary>The result of the boxing experiment.</summary>
internal sealed record BoxingResult(int Values, int CacheLow, int CacheHigh, BoxingRow Box, BoxingRow Cache)
{
    /// <summary>How many times faster the cache is than boxing (below 1: boxing is faster).</summary>
    public double CacheSpeedup => Box.MedianMs / Cache.MedianMs;
}

/// <summary>
/// IronPython kept the integers -100..1,000 pre-boxed and handed out the cached object instead of boxing.
/// This measures both on today's runtime: a fresh box per integer against a lookup in such a cache.
/// </summary>
internal static class BoxingExperiment
{
    public const int CacheLow = -100;
    public const int CacheHigh = 1000;

    /// <summary>How many integers one run converts to objects.</summary>
    public const int WorkloadSize = 4_000_000;

    private static readonly object[] Cache = Enumerable.Range(CacheLow, CacheHigh - CacheLow + 1).Select(i => (object)i).ToArray();

    /// <summary>The cached object for a value in range, a fresh box otherwise.</summary>
    public static object Lookup(int value) =>
        (uint)(value - CacheLow) <= CacheHigh - CacheLow ? Cache[value - CacheLow] : value;

    /// <summary>The workload: the cache's best case, every value within -100..1,000, as loop counters and small sums are.</summary>
    public static int[] Workload(int size) => [.. Enumerable.Range(0, size).Select(i => (i % (CacheHigh - CacheLow + 1)) + CacheLow)];

    // The objects go to an array so that they escape: .NET 10 may otherwise allocate a box that does not
    // escape on the stack, and the experiment would measure nothing.
    public static void BoxAll(int[] values, object[] sink)
    {
        for (var i = 0; i < values.Length; i++)
        {
            sink[i & (sink.Length - 1)] = values[i];
        }
    }

    public static void LookUpAll(int[] values, object[] sink)
    {
        for (var i = 0; i < values.Length; i++)
        {
            sink[i & (sink.Length - 1)] = Lookup(values[i]);
        }
    }

    /// <summary>Times both ways over the workload and counts the bytes each allocates.</summary>
    public static BoxingResult Run(int repeat, CancellationToken cancellationToken)
    {
        var values = Workload(WorkloadSize);
        var sink = new object[1024];
        return new BoxingResult(
            values.Length, CacheLow, CacheHigh,
            Measure("box each integer", () => BoxAll(values, sink), values.Length, repeat, cancellationToken),
            Measure("pre-boxed cache", () => LookUpAll(values, sink), values.Length, repeat, cancellationToken));
    }

    private static BoxingRow Measure(string name, Action work, int count, int repeat, CancellationToken cancellationToken)
    {
        var ms = Measurement.Time(work, repeat, cancellationToken).MedianMs;
        var before = GC.GetAllocatedBytesForCurrentThread();
        work();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return new BoxingRow(name, ms, ms * 1e6 / count, (double)bytes / count);
    }
}
