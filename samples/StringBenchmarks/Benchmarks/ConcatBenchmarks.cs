using BenchmarkDotNet.Attributes;

namespace StringBenchmarks.Benchmarks;

/// <summary>The linear methods over growing N (the naive one is <see cref="NaiveConcatBenchmarks"/>).</summary>
[MemoryDiagnoser]
public class ConcatBenchmarks
{
    /// <summary>The N of every concatenation benchmark; from about 9,600 on the result is past the 85,000-byte large-object threshold.</summary>
    public static IEnumerable<int> Sizes => [1_000, 2_000, 4_000, 8_000, 16_000, 32_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [Benchmark(Description = "StringBuilder")]
    public string Builder() => ConcatMethods.Builder(N);

    [Benchmark(Description = "StringBuilder presized")]
    public string PresizedBuilder() => ConcatMethods.PresizedBuilder(N);

    [Benchmark(Description = "List<char>")]
    public string CharList() => ConcatMethods.CharList(N);

    [Benchmark(Description = "List<string> + Join")]
    public string ListJoin() => ConcatMethods.ListJoin(N);

    [Benchmark(Description = "StringWriter")]
    public string Writer() => ConcatMethods.Writer(N);

    [Benchmark(Description = "LINQ + Concat")]
    public string LinqConcat() => ConcatMethods.LinqConcat(N);

    [Benchmark(Description = "string.Create + TryFormat")]
    public string SpanFormat() => ConcatMethods.SpanFormat(N);
}
