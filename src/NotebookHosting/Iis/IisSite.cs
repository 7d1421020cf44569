using System.Globalization;
using System.Text;
using System.Xml;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Files;
using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Launching;

namespace Drivers.NotebookHosting.Iis;

/// <summary>
/// The files and steps for Jupyter under IIS: a web.config for ANCM V2 out-of-process hosting that
/// starts the launcher, the launcher settings, the Jupyter config, the site commands and the hosts line;
/// with <see cref="IisSiteOptions.Hub"/>, a web.config that starts JupyterHub and the hub's config and secrets.
/// </summary>
/// <remarks>
/// ANCM V2 does not expand <c>%ASPNETCORE_PORT%</c> in <c>arguments</c> (aspnet/AspNetCoreModule#117), which
/// is why Jupyter is not started directly: the launcher reads the port from its own environment. The hub needs no
/// launcher: its config is Python and reads the port itself, and ANCM accepts a child of the process it started
/// (here the hub's proxy) as the one listening on the port (aspnetcore, AspNetCoreModuleV2 serverprocess.cpp).
/// </remarks>
public static class IisSite
{
    /// <summary>The environment variable through which web.config tells the launcher where its settings are.</summary>
    public const string SettingsVariable = "NOTEBOOK_HOST_SETTINGS";

    /// <summary>Renders web.config.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static string RenderWebConfig(IisSiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var settingsPath = Path.Combine(options.SiteDirectory, LauncherSettings.FileName);
        var hub = options.Hub is not null;
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, NewLineChars = "\r\n" }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("configuration");
            xml.WriteComment(hub
                ? " JupyterHub through the ASP.NET Core Module V2, written by NotebookHosting (notebook-host iis init, for a hub). "
                : " Jupyter through the ASP.NET Core Module V2, written by NotebookHosting (notebook-host iis init). ");
            xml.WriteStartElement("system.webServer");

            xml.WriteComment(
                " Kernels talk over WebSockets: IIS forwards the upgrade only with the WebSocket Protocol feature"
                + " installed and system.webServer/webSocket enabled for the site; otherwise kernels stay 'connecting'. ");
            xml.WriteStartElement("handlers");
            xml.WriteStartElement("remove");
            xml.WriteAttributeString("name", "WebDAV"); // WebDAV would answer Jupyter's PUT and DELETE itself
            xml.WriteEndElement();
            xml.WriteStartElement("add");
            xml.WriteAttributeString("name", "aspNetCore");
            xml.WriteAttributeString("path", "*");
            xml.WriteAttributeString("verb", "*");
            xml.WriteAttributeString("modules", "AspNetCoreModuleV2");
            xml.WriteAttributeString("resourceType", "Unspecified");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("modules");
            xml.WriteStartElement("remove");
            xml.WriteAttributeString("name", "WebDAVModule");
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteStartElement("aspNetCore");
            xml.WriteAttributeString("processPath", hub ? options.PythonPath : options.LauncherPath);
            xml.WriteAttributeString("arguments", hub ? $"-m jupyterhub -f \"{HubConfigPath(options)}\"" : options.LauncherArguments);
            xml.WriteAttributeString("hostingModel", "outofprocess");
            xml.WriteAttributeString("stdoutLogEnabled", "true");
            xml.WriteAttributeString("stdoutLogFile", hub ? @".\logs\jupyterhub" : @".\logs\jupyter");
            xml.WriteAttributeString("startupTimeLimit", ((long)options.StartupTimeLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("shutdownTimeLimit", ((long)options.ShutdownTimeLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("requestTimeout", options.RequestTimeout.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("rapidFailsPerMinute", "5");
            // Jupyter keeps its kernels in one process, the hub its users' servers; a second one would split the state.
            xml.WriteAttributeString("processesPerApplication", "1");
            xml.WriteAttributeString("forwardWindowsAuthToken", "false");
            xml.WriteStartElement("environmentVariables");
            if (!hub)
            {
                Variable(xml, SettingsVariable, settingsPath);
            }
            Variable(xml, "PYTHONUNBUFFERED", "1");
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\r\n";
    }

    /// <summary>The line for <c>C:\Windows\System32\drivers\etc\hosts</c> that points the host name at this machine.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static string HostsLine(IisSiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return $"127.0.0.1\t{options.HostName}";
    }

    /// <summary>The commands (an elevated prompt) that create the always-running site and application pool.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static IReadOnlyList<string> SetupSteps(IisSiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        const string Appcmd = @"%windir%\system32\inetsrv\appcmd.exe";
        var site = options.SiteName;
        IEnumerable<string> software = options.Hub is null ? [] :
        [
            // JupyterHub pinned to the major version the config is tested with (3); psutil: JupyterHub needs it on
            // Windows to check and stop its proxy (jupyterhub/proxy.py).
            $"\"{options.PythonPath}\" -m pip install \"jupyterhub>=3,<4\" {(options.Hub.Flavor == JupyterFlavor.Notebook6 ? "\"notebook<7\"" : "notebook")} psutil",
            $"npm install --prefix \"{Path.Combine(options.SiteDirectory, IisHubConfigFile.Folder, IisHubConfigFile.ProxyFolder)}\" configurable-http-proxy",
        ];
        return
        [
            .. software,
            // No managed code: ANCM is native. AlwaysRunning, no idle timeout and no periodic recycle keep kernels alive.
            $"{Appcmd} add apppool /name:\"{site}\" /managedRuntimeVersion:\"\" /startMode:AlwaysRunning /processModel.idleTimeout:00:00:00 /recycling.periodicRestart.time:00:00:00",
            $"{Appcmd} add site /name:\"{site}\" /physicalPath:\"{options.SiteDirectory}\" /bindings:http/*:80:{options.HostName}",
            $"{Appcmd} set app \"{site}/\" /applicationPool:\"{site}\" /preloadEnabled:true",
            $"{Appcmd} set config \"{site}\" -section:system.webServer/webSocket /enabled:true /commit:apphost",
            // The pool identity runs Jupyter (and with Hub every user's server): it writes notebooks, logs and the hub's database.
            $"icacls \"{options.SiteDirectory}\" /grant \"IIS AppPool\\{site}:(OI)(CI)M\"",
            $"{Appcmd} start site /site.name:\"{site}\"",
        ];
    }

    /// <summary>What the machine needs and how to check it; IIS reports neither clearly when it is missing.</summary>
    public static IReadOnlyList<string> Prerequisites { get; } =
    [
        @"ASP.NET Core Hosting Bundle (ANCM V2): %windir%\system32\inetsrv\aspnetcorev2.dll exists and 'appcmd list modules AspNetCoreModuleV2' lists it; without it IIS answers 500.19.",
        "WebSocket Protocol: Get-WindowsOptionalFeature -Online -FeatureName IIS-WebSockets (Windows 10/11) or Get-WindowsFeature Web-WebSockets (Server) is Enabled; without it kernels never connect.",
        "Application Initialization (for preloadEnabled, so Jupyter starts with IIS): IIS-ApplicationInit / Web-AppInit is Enabled.",
        "The hosts line is in C:\\Windows\\System32\\drivers\\etc\\hosts and port 80 is not taken by another site binding.",
        "With a hub (IisSiteOptions.Hub): Python 3.8 to 3.12 (JupyterHub 3 imports the pipes module, which 3.13 removed) and Node.js (nodejs.org installer, which puts node.exe on the machine's PATH) are installed for all users; after installing Node, 'iisreset' so that the app pool sees the new PATH.",
    ];

    /// <summary>
    /// Writes web.config, the launcher settings, the Jupyter config (with the password hash) and the
    /// <c>logs</c>, <c>notebooks</c> and <c>jupyter</c> folders into the site folder; returns the files written. With
    /// <see cref="IisSiteOptions.Hub"/>: web.config, and in <c>hub</c> the hub's config, a new cookie secret and proxy
    /// token (32 random bytes each, hex) and the password file. Files are readable by their owner only on Unix; on
    /// Windows grant the pool identity with icacls (see <see cref="SetupSteps"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    /// <exception cref="InvalidOperationException">No password hash is set (without a hub).</exception>
    /// <exception cref="UnauthorizedAccessException">On Unix, the site folder can be written by other users.</exception>
    public static IReadOnlyList<string> Write(IisSiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Hub is not null)
        {
            return WriteHub(options);
        }
        var site = options.SiteDirectory;
        var configDirectory = Path.Combine(site, "jupyter");
        var notebooks = Path.Combine(site, "notebooks");
        var config = new JupyterConfig
        {
            Flavor = options.Flavor,
            NotebookDirectory = notebooks,
            PasswordHash = options.PasswordHash
                ?? throw new InvalidOperationException("The site needs a password hash; make one with JupyterPassword.Hash."),
        };
        var configText = config.Render();
        var settings = new LauncherSettings
        {
            Python = options.PythonPath,
            Flavor = options.Flavor,
            ConfigDirectory = "jupyter", // relative to the settings file, so the site folder can move
        };

        Directory.CreateDirectory(site);
        OwnerOnlyFile.EnsurePrivateFolder(site); // before anything is made inside it
        Directory.CreateDirectory(configDirectory);
        Directory.CreateDirectory(notebooks);
        Directory.CreateDirectory(Path.Combine(site, "logs"));
        var written = new[]
        {
            Path.Combine(site, "web.config"),
            Path.Combine(site, LauncherSettings.FileName),
            Path.Combine(configDirectory, config.FileName),
        };
        OwnerOnlyFile.Write(written[0], RenderWebConfig(options));
        OwnerOnlyFile.Write(written[1], settings.ToJson());
        OwnerOnlyFile.Write(written[2], configText);
        return written;
    }

    // The hub's folder holds the secrets: private like the site, each file owner-only, links replaced and never followed.
    private static List<string> WriteHub(IisSiteOptions options)
    {
        var site = options.SiteDirectory;
        var folder = Path.Combine(site, IisHubConfigFile.Folder);
        var files = new (string Path, string Text)[]
        {
            (Path.Combine(site, "web.config"), RenderWebConfig(options)),
            (HubConfigPath(options), IisHubConfigFile.Render(options)),
            (Path.Combine(folder, HubConfigFile.CookieSecretFile), JupyterHubService.Secret()),
            (Path.Combine(folder, HubConfigFile.ProxyTokenFile), JupyterHubService.Secret()),
            (Path.Combine(folder, HubConfigFile.PasswordFile), IisHubConfigFile.RenderPasswords(options)),
        };
        Directory.CreateDirectory(site);
        OwnerOnlyFile.EnsurePrivateFolder(site); // before anything is made inside it
        Directory.CreateDirectory(Path.Combine(site, "notebooks"));
        Directory.CreateDirectory(Path.Combine(site, "logs"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        OwnerOnlyFile.EnsurePrivateFolder(folder);
        foreach (var (path, text) in files)
        {
            OwnerOnlyFile.Write(path, text);
        }
        return files.Select(f => f.Path).ToList();
    }

    private static string HubConfigPath(IisSiteOptions options) => Path.Combine(options.SiteDirectory, IisHubConfigFile.Folder, HubConfigFile.FileName);

    private static void Variable(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("environmentVariable");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }
}
