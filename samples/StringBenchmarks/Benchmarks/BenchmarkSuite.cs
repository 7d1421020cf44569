using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Validators;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace StringBenchmarks.Benchmarks;

/// <summary>What <c>--benchmark</c> runs: both suites, results under BenchmarkDotNet.Artifacts in the current folder.</summary>
internal static class BenchmarkSuite
{
    public static int Run()
    {
        // In-process: BenchmarkDotNet's own process-per-benchmark toolchain looks for a project named like
        // the assembly (string-benchmarks.csproj), which this sample is not. A short run (3 warm-ups,
        // 3 iterations) keeps the quadratic method's large N affordable.
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddValidator(JitOptimizationsValidator.FailOnError)
            .AddExporter(MarkdownExporter.GitHub)
            // plot.py reads this one: fixed units, no unit strings in the cells.
            .AddExporter(new CsvExporter(CsvSeparator.Comma, new SummaryStyle(
                CultureInfo.InvariantCulture, printUnitsInHeader: true, sizeUnit: SizeUnit.B, timeUnit: TimeUnit.Microsecond, printUnitsInContent: false)))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(20))
            .HideColumns(Column.Error);
        var summaries = BenchmarkRunner.Run([typeof(ConcatBenchmarks), typeof(BoxingBenchmarks), typeof(NaiveConcatBenchmarks)], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? ExitCodes.Error : ExitCodes.Success;
    }
}
