using Drivers.NotebookHosting.Configuration;

namespace Drivers.NotebookHosting.Iis;

/// <summary>The IIS site that hosts Jupyter through the ASP.NET Core Module V2 (out of process).</summary>
public sealed class IisSiteOptions
{
    /// <summary>The site's physical folder: web.config, the launcher settings, <c>logs\</c>, <c>notebooks\</c> and <c>jupyter\</c> go here.</summary>
    public required string SiteDirectory { get; init; }

    /// <summary>The Python of the environment Jupyter is installed in (e.g. <c>C:\jupyter\venv\Scripts\python.exe</c>).</summary>
    public required string PythonPath { get; init; }

    /// <summary>ANCM's <c>processPath</c>: the launcher (<c>notebook-host.exe</c>, or <c>dotnet.exe</c> for a framework-dependent one).</summary>
    public required string LauncherPath { get; init; }

    /// <summary>ANCM's <c>arguments</c>: <c>launch</c>, or <c>"...\notebook-host.dll" launch</c> behind dotnet.exe.</summary>
    public string LauncherArguments { get; init; } = "launch";

    /// <summary>The host name of the site binding and the hosts-file line; <c>notebook.local</c> by default.</summary>
    public string HostName { get; init; } = "notebook.local";

    /// <summary>The IIS site and application pool name; <c>Jupyter</c> by default.</summary>
    public string SiteName { get; init; } = "Jupyter";

    /// <summary>Which Jupyter runs (trait names on its command line and the config file name).</summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>The Jupyter password hash written to the site's Jupyter config; required.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>ANCM <c>startupTimeLimit</c> in seconds: Jupyter's first start (Python imports) can be slow; 120 by default.</summary>
    public int StartupTimeLimitSeconds { get; init; } = 120;

    /// <summary>ANCM <c>shutdownTimeLimit</c> in seconds, above the launcher's own 20 s grace for Jupyter; 30 by default.</summary>
    public int ShutdownTimeLimitSeconds { get; init; } = 30;

    /// <summary>ANCM <c>requestTimeout</c>: long enough for big saves and uploads; 20 minutes by default.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(20);
}
