using System.Diagnostics;
using System.Text;

namespace Samples.Tests.Infrastructure;

/// <summary>The outcome of one run of a sample: its exit code and everything it printed.</summary>
internal sealed record SampleResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a built sample as a real process with <c>dotnet</c>, as a user would.</summary>
internal static class SampleProcess
{
    /// <summary>Runs <paramref name="dll"/> with <paramref name="arguments"/> and waits for it to end.</summary>
    /// <remarks>The process is killed (and the test fails) if it outlives <paramref name="timeout"/>, 60 s by default.</remarks>
    public static async Task<SampleResult> RunAsync(
        string dll,
        IEnumerable<string> arguments,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = Start(dll, arguments, environment) };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }
        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} did not end in time; its output so far:\n{Tail(stdout)}\n{Tail(stderr)}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        return new SampleResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            return output.Length <= 4000 ? output.ToString() : output.ToString(output.Length - 4000, 4000);
        }
    }

    /// <summary>The start info for a sample, for tests that talk to a long-running one themselves.</summary>
    public static ProcessStartInfo Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }
}
