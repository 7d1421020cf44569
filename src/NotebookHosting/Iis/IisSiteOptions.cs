using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Hub;

namespace Drivers.NotebookHosting.Iis;

/// <summary>The IIS site that hosts Jupyter through the ASP.NET Core Module V2 (out of process); checked by every <see cref="IisSite"/> method.</summary>
public sealed class IisSiteOptions
{
    /// <summary>The site's physical folder: web.config, the launcher settings, <c>logs\</c>, <c>notebooks\</c> and <c>jupyter\</c> go here.</summary>
    public required string SiteDirectory { get; init; }

    /// <summary>The Python of the environment Jupyter is installed in (e.g. <c>C:\jupyter\venv\Scripts\python.exe</c>).</summary>
    public required string PythonPath { get; init; }

    /// <summary>ANCM's <c>processPath</c>: the launcher (<c>notebook-host.exe</c>, or <c>dotnet.exe</c> for a framework-dependent one); not used with <see cref="Hub"/>.</summary>
    public required string LauncherPath { get; init; }

    /// <summary>ANCM's <c>arguments</c>: <c>launch</c>, or <c>"...\notebook-host.dll" launch</c> behind dotnet.exe. Default: <c>launch</c>.</summary>
    public string LauncherArguments { get; init; } = "launch";

    /// <summary>The host name of the site binding and the hosts-file line, a DNS name or IPv4 address. Default: <c>notebook.local</c>.</summary>
    public string HostName { get; init; } = "notebook.local";

    /// <summary>The IIS site and application pool name, without double quotes. Default: <c>Jupyter</c>.</summary>
    public string SiteName { get; init; } = "Jupyter";

    /// <summary>Which Jupyter runs (trait names on its command line and the config file name). Default: <see cref="JupyterFlavor.Notebook6"/>.</summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>The Jupyter password hash written to the site's Jupyter config; required by <see cref="IisSite.Write"/> without <see cref="Hub"/>. Default: null.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>
    /// JupyterHub for several people instead of a single notebook (<c>iis init --hub</c>): web.config starts
    /// <c>python -m jupyterhub</c>, which logs users in against <see cref="JupyterHubOptions.PasswordHashes"/> and starts
    /// each user's server, as the app pool identity, in <c>notebooks\NAME</c>. Its <see cref="JupyterHubOptions.Authenticator"/>
    /// must be <see cref="HubAuthenticator.PasswordFile"/> (Windows has no PAM); of its other properties IIS uses
    /// <c>AdminUsers</c>, <c>AllowedUsers</c>, <c>PasswordHashes</c>, <c>HubPort</c>, <c>ProxyApiPort</c>, <c>IdleTimeout</c>
    /// and <c>Flavor</c> (ANCM picks the public port and the base URL, the site folder holds the rest). Default: null (a single notebook).
    /// </summary>
    public JupyterHubOptions? Hub { get; init; }

    /// <summary>
    /// ANCM <c>startupTimeLimit</c>: Jupyter's first start (Python imports) can be slow. Whole seconds, 1 s to
    /// 1 hour (the module's schema allows 0 to 3600). Default: 120 s.
    /// </summary>
    public TimeSpan StartupTimeLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// ANCM <c>shutdownTimeLimit</c>, above the launcher's own 20 s grace for Jupyter. Whole seconds, 0 to
    /// 10 minutes (the schema's 0 to 600). Default: 30 s.
    /// </summary>
    public TimeSpan ShutdownTimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>ANCM <c>requestTimeout</c>: long enough for big saves and uploads. Whole seconds, more than zero and under 24 hours. Default: 20 minutes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of range.</summary>
    internal IisSiteOptions Validate()
    {
        // Windows forbids control characters and '"' in paths (Naming Files, Paths, and Namespaces), the steps quote
        // paths with '"', and XML 1.0 (Char production) and UTF-8 JSON cannot carry a control character or an
        // unpaired surrogate: such a value is refused here, by name, rather than failing deep in a writer.
        OptionCheck.That<IisSiteOptions>(IsPath(SiteDirectory), nameof(SiteDirectory), PathRule("a folder"), SiteDirectory);
        OptionCheck.That<IisSiteOptions>(IsPath(PythonPath), nameof(PythonPath), PathRule("the path of a Python interpreter"), PythonPath);
        OptionCheck.That<IisSiteOptions>(IsPath(LauncherPath), nameof(LauncherPath), PathRule("the path of the launcher"), LauncherPath);
        OptionCheck.That<IisSiteOptions>(LauncherArguments is not null, nameof(LauncherArguments), "must not be null", null);
        OptionCheck.That<IisSiteOptions>(IsText(LauncherArguments), nameof(LauncherArguments), "must be one line of text without control characters or unpaired surrogates", LauncherArguments);
        OptionCheck.That<IisSiteOptions>(Uri.CheckHostName(HostName) is UriHostNameType.Dns or UriHostNameType.IPv4, nameof(HostName), "must be a DNS name or an IPv4 address", HostName);
        OptionCheck.That<IisSiteOptions>(!string.IsNullOrWhiteSpace(SiteName) && !SiteName.Any(c => c == '"' || char.IsControl(c)), nameof(SiteName), "must be a name without double quotes or control characters", SiteName);
        OptionCheck.That<IisSiteOptions>(IsWholeSeconds(StartupTimeLimit, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)), nameof(StartupTimeLimit), "must be whole seconds from 1 s to 1 hour", StartupTimeLimit);
        OptionCheck.That<IisSiteOptions>(IsWholeSeconds(ShutdownTimeLimit, TimeSpan.Zero, TimeSpan.FromMinutes(10)), nameof(ShutdownTimeLimit), "must be whole seconds from 0 to 10 minutes", ShutdownTimeLimit);
        if (Hub is not null)
        {
            Hub.Validate();
            OptionCheck.That<IisSiteOptions>(Hub.Authenticator == HubAuthenticator.PasswordFile, nameof(Hub), "must use HubAuthenticator.PasswordFile: Windows has no PAM", Hub.Authenticator);
            OptionCheck.That<IisSiteOptions>(PasswordHash is null, nameof(PasswordHash), "must be null with Hub (each user's hash is in Hub.PasswordHashes)", "set");
            // The spawner fills {username} into the site's path with str.format, which takes any other brace as a field.
            OptionCheck.That<IisSiteOptions>(!SiteDirectory.Contains('{', StringComparison.Ordinal) && !SiteDirectory.Contains('}', StringComparison.Ordinal), nameof(SiteDirectory), "must not hold braces with Hub", SiteDirectory);
        }
        OptionCheck.That<IisSiteOptions>(IsWholeSeconds(RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1)), nameof(RequestTimeout), "must be whole seconds, more than zero and under 24 hours", RequestTimeout);
        return this;
    }

    private static bool IsPath(string? path) => !string.IsNullOrWhiteSpace(path) && IsText(path) && !path.Contains('"', StringComparison.Ordinal);

    private static string PathRule(string what) => $"must be {what}, without control characters, double quotes or unpaired surrogates";

    private static bool IsText(string? text)
    {
        if (text is null)
        {
            return true;
        }
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return false;
            }
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWholeSeconds(TimeSpan value, TimeSpan least, TimeSpan most) =>
        value >= least && value <= most && value.Ticks % TimeSpan.TicksPerSecond == 0;
}
