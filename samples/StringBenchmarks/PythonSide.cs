using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StringBenchmarks;

/// <summary>What concat.py reports for one method.</summary>
internal sealed record PythonMethodJson(string Method, int Experiment, double MedianMs, double MeanMs, int OutputChars, string Sha256);

/// <summary>What concat.py prints.</summary>
internal sealed record PythonReportJson(string Version, IReadOnlyList<PythonMethodJson> Methods);

/// <summary>The CPython side could not run or disagreed; the message is one sentence for the user.</summary>
internal sealed class PythonSideException(string message) : Exception(message);

/// <summary>Runs the shipped concat.py with a CPython interpreter and checks its outputs against the reference.</summary>
internal static class PythonSide
{
    /// <summary>The script, copied beside the program when it is built.</summary>
    public static string Script { get; } = Path.Combine(AppContext.BaseDirectory, "concat.py");

    /// <summary>How long the CPython side may take before it counts as hung.</summary>
    public static TimeSpan TimeLimit { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Times the six methods in CPython; every output must hash like the reference string.</summary>
    public static async Task<(string Version, IReadOnlyList<ConcatRow> Rows)> RunAsync(
        string python, int n, int repeat, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Script, "--n", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--repeat", repeat.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            throw new PythonSideException($"'{python}' was not found, so the CPython side cannot run; install python3 or give its path with --python");
        }

        using (process)
        {
            string output;
            string errors;
            // A script that never ends must not hang the program: CPython needs well under a second per run here.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeLimit);
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
                var stderr = process.StandardError.ReadToEndAsync(limit.Token);
                await process.WaitForExitAsync(limit.Token);
                output = await stdout;
                errors = await stderr;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                throw new PythonSideException($"{python} {Path.GetFileName(Script)} did not finish within {TimeLimit.TotalMinutes:0} minutes");
            }
            if (process.ExitCode != 0)
            {
                var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
                throw new PythonSideException($"{python} {Path.GetFileName(Script)} failed with exit code {process.ExitCode}: {last}");
            }

            var report = Parse(output);
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(ConcatExperiment.Reference(n))));
            if (report.Methods.FirstOrDefault(m => m.Sha256 != expected) is { } wrong)
            {
                throw new PythonSideException($"the CPython method {wrong.Method} built a different string from the reference");
            }
            var rows = report.Methods
                .Select(m => new ConcatRow(m.Method, m.Experiment, m.MedianMs, m.MeanMs, Measurement.PerSecond(n, m.MedianMs), m.OutputChars))
                .ToList();
            return (report.Version, rows);
        }
    }

    /// <summary>The script's report, or one sentence when what it printed is not one.</summary>
    private static PythonReportJson Parse(string output)
    {
        PythonReportJson? report;
        try
        {
            report = JsonSerializer.Deserialize(output, ReportJsonContext.Default.PythonReportJson);
        }
        catch (JsonException)
        {
            report = null;
        }
        if (report?.Methods is not { Count: > 0 } || report.Version is null)
        {
            throw new PythonSideException($"{Path.GetFileName(Script)} printed something that is not its report; is --python a CPython interpreter?");
        }
        return report;
    }
}
