using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace StringBenchmarks.Benchmarks;

/// <summary>What <c>--benchmark</c> runs: both suites, in this process, results under BenchmarkDotNet.Artifacts.</summary>
internal static class BenchmarkSuite
{
    public static int Run()
    {
        // In-process: the benchmarks call the sample's own methods, so there is no project to generate and
        // build. A short run (3 warm-ups, 3 iterations) keeps the quadratic method's large N affordable.
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddExporter(MarkdownExporter.GitHub)
            // plot.py reads this one: fixed units, no unit strings in the cells.
            .AddExporter(new CsvExporter(CsvSeparator.Comma, new SummaryStyle(
                CultureInfo.InvariantCulture, printUnitsInHeader: true, sizeUnit: SizeUnit.B, timeUnit: TimeUnit.Microsecond, printUnitsInContent: false)))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(20))
            .HideColumns(Column.Error);
        var summaries = BenchmarkRunner.Run([typeof(ConcatBenchmarks), typeof(BoxingBenchmarks)], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? ExitCodes.Error : ExitCodes.Success;
    }
}
