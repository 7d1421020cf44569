using System.Globalization;

namespace StringBenchmarks;

/// <summary>The tables of the default (text) output.</summary>
internal static class TextReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, ReportJson report)
    {
        var machine = report.Machine;
        output.WriteLine(string.Create(Invariant, $"String concatenation: N = {report.N:N0} ({report.OutputChars:N0} characters), median of {report.Repeat} runs"));
        var cpython = report.Python is { } p ? "; CPython " + p.Version.Split(' ')[0] : "";
        output.WriteLine(string.Create(Invariant, $"Machine: {machine.Os}, {machine.ProcessorCount} processors; {machine.Runtime}{cpython}"));
        if (!machine.Optimized)
        {
            output.WriteLine("This is a Debug build: the JIT does not optimize it, so the C# figures are too slow; build with -c Release.");
        }
        output.WriteLine("Every method built the reference string.");
        output.WriteLine();

        var python = report.Python?.Methods.ToDictionary(m => m.Experiment ?? 0);
        output.Write(string.Create(Invariant, $"{"#",-2} {"C# method",-26} {"ms",10} {"concat/s",14}"));
        output.WriteLine(python is null ? "" : string.Create(Invariant, $" | {"CPython method",-24} {"ms",10} {"concat/s",14} | {"C# speed-up",11}"));
        foreach (var row in report.Methods)
        {
            output.Write(string.Create(Invariant, $"{row.Experiment?.ToString(Invariant) ?? "",-2} {row.Method,-26} {row.MedianMs,10:F3} {Rate(row),14}"));
            if (python is not null && row.Experiment is { } experiment && python.TryGetValue(experiment, out var twin))
            {
                output.Write(string.Create(Invariant, $" | {twin.Method,-24} {twin.MedianMs,10:F3} {Rate(twin),14} | {Ratio(twin.MedianMs, row.MedianMs),11}"));
            }
            output.WriteLine();
        }
        if (report.Python is { } side)
        {
            output.WriteLine();
            output.WriteLine(string.Create(Invariant, $"Fastest: C# {side.FastestCSharp} against CPython {side.FastestPython}: {(side.FastestRatio is { } r ? r.ToString("F1", Invariant) + " times" : "too fast to compare")}."));
        }

        var boxing = report.Boxing;
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"Boxed-integer cache: {boxing.Values:N0} integers, all within {boxing.CacheLow}..{boxing.CacheHigh:N0}, median of {report.Repeat} runs"));
        output.WriteLine(string.Create(Invariant, $"{"method",-18} {"ms",10} {"ns/value",9} {"bytes/value",12}"));
        foreach (var row in new[] { boxing.Box, boxing.Cache })
        {
            output.WriteLine(string.Create(Invariant, $"{row.Method,-18} {row.MedianMs,10:F3} {row.NanosecondsPerValue,9:F2} {row.BytesPerValue,12:F1}"));
        }
        output.WriteLine(string.Create(Invariant, $"The cache takes {boxing.Cache.MedianMs / boxing.Box.MedianMs:P0} of boxing's time and allocates {boxing.Cache.BytesPerValue:F1} bytes per value instead of {boxing.Box.BytesPerValue:F1}."));
    }

    private static string Rate(ConcatRow row) => row.ConcatenationsPerSecond is { } rate ? rate.ToString("N0", Invariant) : "-";

    private static string Ratio(double slowerMs, double fasterMs) =>
        fasterMs > 0 ? (slowerMs / fasterMs).ToString(slowerMs >= fasterMs ? "F1" : "F3", Invariant) + "x" : "-";
}
