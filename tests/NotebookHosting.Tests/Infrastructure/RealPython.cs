using System.Diagnostics;

namespace Drivers.NotebookHosting.Tests.Infrastructure;

/// <summary>
/// Debian's /usr/bin/python3 with Jupyter's own modules (test.sh installs jupyter-notebook,
/// python3-jupyter-server and python3-argon2). Not the python3 on PATH: a pyenv one there lacks them.
/// </summary>
internal static class RealPython
{
    public const string Path = "/usr/bin/python3";

    public static async Task<string> RunAsync(string script, string standardInput = "", IReadOnlyList<string>? arguments = null)
    {
        if (!File.Exists(Path))
        {
            Assert.Fail($"{Path} is missing; run ./test.sh to install jupyter-notebook and python3-jupyter-server.");
        }
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
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
        var stderr = await error;
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{Path} failed (exit {process.ExitCode}); is Jupyter installed (./test.sh)? {stderr}");
        }
        return (await output).TrimEnd();
    }
}
