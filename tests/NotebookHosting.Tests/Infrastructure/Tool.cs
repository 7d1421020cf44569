using System.Diagnostics;

namespace Drivers.NotebookHosting.Tests.Infrastructure;

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a real command-line tool (systemd-analyze, xmllint...) and captures what it says.</summary>
internal static class Tool
{
    public static async Task<ToolResult> RunAsync(string path, params string[] arguments)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing; run ./test.sh to install what the tests need.");
        }
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return new ToolResult(process.ExitCode, await output, await error);
    }
}
