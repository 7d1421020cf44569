using BenchmarkDotNet.Attributes;

namespace StringBenchmarks.Benchmarks;

/// <summary>Every method over growing N, to show how each grows: the naive one quadratically, the others linearly.</summary>
[MemoryDiagnoser]
public class ConcatBenchmarks
{
    [Params(1_000, 2_000, 4_000, 8_000, 16_000)]
    public int N { get; set; }

    [Benchmark(Description = "naive +=")]
    public string Naive() => ConcatMethods.Naive(N);

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
