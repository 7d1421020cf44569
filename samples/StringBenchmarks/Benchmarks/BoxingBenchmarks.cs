using BenchmarkDotNet.Attributes;

namespace StringBenchmarks.Benchmarks;

/// <summary>Boxing each integer of a workload against looking it up in the pre-boxed cache (-100..1,000).</summary>
[MemoryDiagnoser]
public class BoxingBenchmarks
{
    private readonly int[] _values = BoxingExperiment.Workload(100_000);
    private readonly object[] _sink = new object[1024];

    [Benchmark(Baseline = true, Description = "box each integer")]
    public void Box() => BoxingExperiment.BoxAll(_values, _sink);

    [Benchmark(Description = "pre-boxed cache")]
    public void Cache() => BoxingExperiment.LookUpAll(_values, _sink);
}
