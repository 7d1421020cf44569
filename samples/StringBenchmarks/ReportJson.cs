using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Serialization;

namespace StringBenchmarks;

/// <summary>The machine and runtime the figures were taken on, and whether the JIT optimized this program (a Debug build does not).</summary>
internal sealed record MachineJson(string Os, string Kernel, int ProcessorCount, string Runtime, bool Optimized)
{
    public static MachineJson Current { get; } = new(
        OsName(),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        typeof(MachineJson).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true);

    // os-release(5) names the distribution; the kernel string alone does not.
    private static string OsName()
    {
        const string Key = "PRETTY_NAME=";
        var line = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal))
            : null;
        return line is null ? System.Runtime.InteropServices.RuntimeInformation.OSDescription : line[Key.Length..].Trim('"');
    }
}

/// <summary>
/// The CPython side of <c>--compare-python</c>: its version, its rows, and <c>FastestRatio</c>, how many times
/// as many concatenations per second the fastest C# method makes as the fastest CPython one.
/// </summary>
internal sealed record PythonJson(string Version, IReadOnlyList<ConcatRow> Methods, string FastestCSharp, string FastestPython, double? FastestRatio);

/// <summary>What <c>--json</c> prints: one document, camelCase.</summary>
internal sealed record ReportJson(
    MachineJson Machine, int N, int Repeat, int OutputChars, IReadOnlyList<ConcatRow> Methods, PythonJson? Python, BoxingResult Boxing);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ReportJson))]
[JsonSerializable(typeof(PythonReportJson))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
