using BenchmarkDotNet.Attributes;

namespace StringBenchmarks.Benchmarks;

/// <summary>
/// The naive <c>+=</c> over the same N, in a class of its own so that it runs after the others: benchmarks
/// run in one process, and the gigabytes this one leaves on the large-object heap would slow them down.
/// </summary>
[MemoryDiagnoser]
public class NaiveConcatBenchmarks
{
    [ParamsSource(typeof(ConcatBenchmarks), nameof(ConcatBenchmarks.Sizes))]
    public int N { get; set; }

    [Benchmark(Description = "naive +=")]
    public string Naive() => ConcatMethods.Naive(N);
}
