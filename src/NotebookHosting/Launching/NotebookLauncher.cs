using System.Diagnostics;
using System.Globalization;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Passwords;

namespace Drivers.NotebookHosting.Launching;

/// <summary>
/// What IIS starts (through ANCM V2) in place of Jupyter: reads <c>ASPNETCORE_PORT</c> and
/// <c>ASPNETCORE_APPL_PATH</c>, which ANCM sets only in the child's environment and never expands in
/// web.config, and runs Jupyter on 127.0.0.1 at that port and base URL.
/// </summary>
/// <remarks>
/// Jupyter shares the launcher's standard output and error, so its log reaches ANCM's stdout log
/// unbuffered and complete. A cancelled <see cref="RunAsync"/> forwards the shutdown (SIGTERM on Unix;
/// on Windows ANCM's Ctrl-Break reaches the whole process group already) and kills the process tree
/// if Jupyter has not stopped within <see cref="NotebookLauncherOptions.ShutdownTimeout"/>.
/// </remarks>
public sealed class NotebookLauncher
{
    private readonly LauncherSettings _settings;
    private readonly NotebookLauncherOptions _options;

    /// <summary>Creates a launcher for the Jupyter that <paramref name="settings"/> describe.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public NotebookLauncher(LauncherSettings settings, NotebookLauncherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _options = options ?? new NotebookLauncherOptions();
        _options.Validate();
    }

    /// <summary>
    /// The command that starts Jupyter: <c>python -m notebook</c> with ip, port, base URL and no browser,
    /// then <paramref name="jupyterArguments"/>; <c>JUPYTER_CONFIG_DIR</c> and <c>PYTHONUNBUFFERED</c> set.
    /// </summary>
    /// <exception cref="LaunchRefusedException">
    /// <c>ASPNETCORE_PORT</c> is missing or not a port, the application path is not a URL path, or neither the
    /// config, <c>JUPYTER_TOKEN</c> nor the arguments give Jupyter a password or token.
    /// </exception>
    public ProcessStartInfo CreateStartInfo(IReadOnlyList<string> jupyterArguments)
    {
        ArgumentNullException.ThrowIfNull(jupyterArguments);
        var portText = _options.GetEnvironmentVariable("ASPNETCORE_PORT");
        if (string.IsNullOrWhiteSpace(portText))
        {
            throw new LaunchRefusedException("ASPNETCORE_PORT is not set; 'launch' is what IIS starts through the ASP.NET Core Module, which sets it.");
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new LaunchRefusedException($"ASPNETCORE_PORT '{portText}' is not a TCP port between 1 and 65535.");
        }
        string baseUrl;
        try
        {
            baseUrl = JupyterConfig.BaseUrlFromApplicationPath(_options.GetEnvironmentVariable("ASPNETCORE_APPL_PATH") ?? "/");
        }
        catch (ArgumentException e)
        {
            throw new LaunchRefusedException($"ASPNETCORE_APPL_PATH is not usable as Jupyter's base URL: {e.Message}", e);
        }
        if (!HasCredential(jupyterArguments))
        {
            throw new LaunchRefusedException(
                $"Jupyter has no password or token in {Path.Combine(_settings.ConfigDirectory, JupyterConfig.FileNameFor(_settings.Flavor))}, JUPYTER_TOKEN or its arguments, so it will not be started open to anyone; run 'notebook-host iis init' to set a password.");
        }

        var app = _settings.Flavor == JupyterFlavor.Notebook6 ? "NotebookApp" : "ServerApp";
        var start = new ProcessStartInfo(_settings.Python) { UseShellExecute = false };
        start.ArgumentList.Add("-m");
        start.ArgumentList.Add(_settings.Module);
        start.ArgumentList.Add($"--{app}.ip=127.0.0.1"); // ANCM checks for an IPv4 loopback listener
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--{app}.port={port}"));
        start.ArgumentList.Add($"--{app}.base_url={baseUrl}");
        start.ArgumentList.Add($"--{app}.open_browser=False");
        foreach (var argument in jupyterArguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["JUPYTER_CONFIG_DIR"] = _settings.ConfigDirectory;
        start.Environment["PYTHONUNBUFFERED"] = "1";
        return start;
    }

    /// <summary>
    /// Runs Jupyter until it exits and returns its exit code. Cancelling forwards the shutdown and waits
    /// for Jupyter to stop (killing it after the shutdown timeout); the exit code is still returned.
    /// </summary>
    /// <exception cref="LaunchRefusedException">As <see cref="CreateStartInfo"/>, or Python cannot be started.</exception>
    public async Task<int> RunAsync(IReadOnlyList<string> jupyterArguments, CancellationToken cancellationToken = default)
    {
        var start = CreateStartInfo(jupyterArguments);
        using var jupyter = new Process { StartInfo = start };
        try
        {
            jupyter.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LaunchRefusedException($"Python '{_settings.Python}' cannot be started ({e.Message}); check the path in {LauncherSettings.FileName}.", e);
        }

        try
        {
            await jupyter.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(jupyter).ConfigureAwait(false);
        }
        finally
        {
            if (!jupyter.HasExited)
            {
                jupyter.Kill(entireProcessTree: true);
            }
        }
        await jupyter.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return jupyter.ExitCode;
    }

    private async Task StopAsync(Process jupyter)
    {
        if (!OperatingSystem.IsWindows())
        {
            UnixSignals.Terminate(jupyter.Id);
        }
        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout, _options.TimeProvider);
        try
        {
            await jupyter.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            jupyter.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Whether Jupyter will ask for a login: the token and password it ends up with, taken as Jupyter does
    /// (JUPYTER_TOKEN as the default, the config over it, the command line over both, the last one winning).
    /// An empty or blank value is no credential.
    /// </summary>
    private bool HasCredential(IReadOnlyList<string> jupyterArguments)
    {
        string? token = null, password = null;
        var configFile = Path.Combine(_settings.ConfigDirectory, JupyterConfig.FileNameFor(_settings.Flavor));
        try
        {
            (token, password) = JupyterConfig.Credentials(File.ReadAllText(configFile));
            // A config password counts only as a hash Jupyter can check a login against.
            password = JupyterPassword.IsHash(password) ? password : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        token ??= _options.GetEnvironmentVariable("JUPYTER_TOKEN");
        foreach (var argument in jupyterArguments)
        {
            // --NotebookApp.token=..., --ServerApp.password=..., --PasswordIdentityProvider.hashed_password=...
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (!argument.StartsWith("--", StringComparison.Ordinal) || equals < 0)
            {
                continue;
            }
            var name = argument.AsSpan(0, equals);
            var value = argument[(equals + 1)..];
            if (name.EndsWith(".token", StringComparison.Ordinal))
            {
                token = value;
            }
            else if (name.EndsWith(".password", StringComparison.Ordinal) || name.EndsWith(".hashed_password", StringComparison.Ordinal))
            {
                password = value;
            }
        }
        return JupyterConfig.IsToken(token) || JupyterConfig.IsToken(password);
    }
}
