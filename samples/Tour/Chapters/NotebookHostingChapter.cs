using System.Diagnostics;
using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Iis;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Systemd;

namespace Tour.Chapters;

internal sealed partial class NotebookHostingChapter : Chapter
{
    public override string Package => "Drivers.NotebookHosting";

    public override string Wraps => "Jupyter as a service under IIS or systemd";

    public override async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var hash = JupyterPassword.Hash("tour-password");
        output.WriteLine($"  password hash   {hash[..42]}...");
        output.WriteLine($"  checks          right password: {JupyterPassword.Verify("tour-password", hash)}, wrong one: {JupyterPassword.Verify("tour-passw0rd", hash)}");

        // A fresh folder per run, so that two tours at once never share one; private (mode 0700 on Unix), because /tmp
        // is shared and another local user could otherwise plant files or links in a known name first.
        var folder = Directory.CreateTempSubdirectory("drivers-tour-");
        try
        {
            output.WriteLine($"  files           written in {folder.FullName} (removed at the end of the run)");
            await WriteAndCheckAsync(folder, hash, output, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task WriteAndCheckAsync(DirectoryInfo folder, string hash, TextWriter output, CancellationToken cancellationToken)
    {
        var site = new IisSiteOptions
        {
            SiteDirectory = Path.Combine(folder.FullName, "iis"),
            PythonPath = @"C:\jupyter\venv\Scripts\python.exe",
            LauncherPath = @"C:\tools\notebook-host.exe",
            PasswordHash = hash,
        };
        foreach (var file in IisSite.Write(site))
        {
            output.WriteLine($"  IIS             wrote {Path.GetRelativePath(folder.FullName, file)}");
        }
        output.WriteLine($"  hosts line      {IisSite.HostsLine(site).Replace('\t', ' ')}");

        // The unit's ExecStart must exist for systemd-analyze verify: a stand-in venv in the same folder.
        var venv = Path.Combine(folder.FullName, "venv");
        Directory.CreateDirectory(Path.Combine(venv, "bin"));
        var jupyter = Path.Combine(venv, "bin", "jupyter");
        await File.WriteAllTextAsync(jupyter, "#!/bin/sh\nexit 0\n", cancellationToken);
        var service = new SystemdServiceOptions { VenvDirectory = venv, PasswordHash = hash };
        var unitOutput = Path.Combine(folder.FullName, "systemd");
        foreach (var file in SystemdService.Write(service, unitOutput))
        {
            output.WriteLine($"  systemd         wrote {Path.GetRelativePath(folder.FullName, file)}");
        }
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/systemd-analyze"))
        {
            output.WriteLine("  verify          systemd-analyze is not installed here; skipped");
            return;
        }
        File.SetUnixFileMode(jupyter, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var unit = Path.Combine(unitOutput, SystemdService.UnitFileName(service));
        var verify = await RunAsync(["verify", "--man=no", unit], cancellationToken);
        output.WriteLine($"  verify          {(verify.ExitCode == 0 && verify.Error.Length == 0 ? "systemd-analyze verify: clean" : "systemd-analyze verify: " + verify.Error.Trim())}");
        var security = await RunAsync(["security", "--offline=true", "--no-pager", unit], cancellationToken);
        var overall = OverallExposure().Match(security.Output);
        output.WriteLine($"  security        exposure {(overall.Success ? overall.Groups[1].Value : "unknown")}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d \S+)")]
    private static partial Regex OverallExposure();
}
