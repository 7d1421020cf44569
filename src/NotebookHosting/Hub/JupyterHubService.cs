using System.Security.Cryptography;
using Drivers.NotebookHosting.Files;
using Drivers.NotebookHosting.Systemd;

namespace Drivers.NotebookHosting.Hub;

/// <summary>
/// JupyterHub on one machine: <c>jupyterhub_config.py</c>, a hardened <c>jupyterhub.service</c>, the cookie secret and
/// proxy token in owner-only files, and the commands that install them; the multi-user step from <see cref="SystemdService"/>.
/// </summary>
public static class JupyterHubService
{
    /// <summary>The unit file name, e.g. <c>jupyterhub.service</c>.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static string UnitFileName(JupyterHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Validate().ServiceName + ".service";
    }

    /// <summary>Renders <c>jupyterhub_config.py</c>, which names the secret files in <see cref="JupyterHubOptions.StateDirectory"/> but holds no secret.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static string RenderConfig(JupyterHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return HubConfigFile.Render(options.Validate(), options.StateDirectory);
    }

    /// <summary>
    /// Renders the unit. It keeps the single-user unit's hardening except where the hub's work needs more, each such
    /// place commented in the unit: with PAM the hub runs as root (it reads the password database and starts each
    /// user's server as that user) and users' homes stay writable; with the password file it runs as its own user
    /// with no capability at all.
    /// </summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static string RenderUnit(JupyterHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var pam = options.Authenticator == HubAuthenticator.Pam;
        var account = pam
            ? """
              # PAM checks passwords against /etc/shadow and LocalProcessSpawner starts each server as its user: root.
              User=root
              """
            : $"""
              User={options.ServiceUser}
              Group={options.ServiceUser}
              """;
        var privileges = pam
            ? """
              # Switching to each user (setuid, setgroups) and stopping their servers (kill) need these three capabilities
              # and the @setuid system calls, so ~@privileged is spelled out without them.
              CapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_KILL
              AmbientCapabilities=
              """
            : """
              CapabilityBoundingSet=
              AmbientCapabilities=
              """;
        // ProtectSystem=strict leaves only ReadWritePaths writable: a notebook folder outside the homes joins them
        // ("-": a folder not made yet does not stop the hub, only the servers that need it).
        var notebooks = options.NotebookDirectory.StartsWith('/') ? " -" + JupyterHubOptions.FixedFolder(options.NotebookDirectory) : "";
        var homes = pam
            ? $"""
              # Users' servers keep their notebooks in their homes, so /home stays visible and writable.
              ProtectHome=no
              ReadWritePaths={options.StateDirectory} /home{notebooks}
              """
            : $"""
              ProtectHome=yes
              ReadWritePaths={options.StateDirectory}{notebooks}
              """;
        var calls = pam
            ? "SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @swap"
            : "SystemCallFilter=~@privileged";
        return $"""
            # JupyterHub for a team, written by NotebookHosting (notebook-host hub init).
            [Unit]
            Description=JupyterHub
            After=network-online.target
            Wants=network-online.target

            [Service]
            Type=simple
            {account}
            WorkingDirectory={options.StateDirectory}
            # Debian's configurable-http-proxy finds its modules there whichever node runs it.
            Environment=NODE_PATH=/usr/share/nodejs
            Environment=PYTHONUNBUFFERED=1
            ExecStart={options.JupyterHubPath} -f {options.ConfigDirectory}/{HubConfigFile.FileName}
            Restart=on-failure
            RestartSec=5
            # SIGTERM to the hub first (it stops the proxy and the users' servers), then to what is left.
            KillMode=mixed
            TimeoutStopSec=30
            UMask=0027

            # Hardening, inherited by the proxy and every user's server. Kernels need AF_INET (ZeroMQ on loopback) and
            # write+execute memory (JITs, ffi; node's V8 too), so MemoryDenyWriteExecute and PrivateNetwork stay off.
            NoNewPrivileges=yes
            {privileges}
            PrivateTmp=yes
            PrivateDevices=yes
            ProtectSystem=strict
            {homes}
            {SystemdHardening.Sandbox}
            {calls}
            SystemCallErrorNumber=EPERM

            [Install]
            WantedBy=multi-user.target

            """.ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Writes the unit, the config, a new cookie secret and proxy token (32 random bytes each, hex) and, with
    /// <see cref="HubAuthenticator.PasswordFile"/>, the password file into <paramref name="outputDirectory"/>, each
    /// readable by its owner only; returns their paths. A link already at any of the names is replaced, never followed.
    /// </summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    /// <exception cref="UnauthorizedAccessException"><paramref name="outputDirectory"/> can be written by other users.</exception>
    public static IReadOnlyList<string> Write(JupyterHubOptions options, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        var files = new List<(string Name, string Text)>
        {
            (UnitFileName(options), RenderUnit(options)),
            (HubConfigFile.FileName, RenderConfig(options)),
            (HubConfigFile.CookieSecretFile, Secret()),
            (HubConfigFile.ProxyTokenFile, Secret()),
        };
        if (options.Authenticator == HubAuthenticator.PasswordFile)
        {
            files.Add((HubConfigFile.PasswordFile, HubConfigFile.RenderPasswords(options)));
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(outputDirectory);
        }
        else
        {
            // A new folder is private whatever the umask; an existing one keeps its mode and is checked.
            Directory.CreateDirectory(outputDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        OwnerOnlyFile.EnsurePrivateFolder(outputDirectory);
        var written = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(outputDirectory, name);
            OwnerOnlyFile.Write(path, text);
            written.Add(path);
        }
        return written;
    }

    /// <summary>The shell commands (run as root) that install what <see cref="Write"/> wrote in <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public static IReadOnlyList<string> InstallSteps(JupyterHubOptions options, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options.Validate();
        var pam = options.Authenticator == HubAuthenticator.Pam;
        var owner = pam ? "root" : options.ServiceUser;
        var state = options.StateDirectory;
        var unit = UnitFileName(options);
        string From(string name) => SystemdService.ShellQuote(Path.Combine(outputDirectory, name));
        var steps = new List<string> { "apt-get install --no-install-recommends jupyterhub node-configurable-http-proxy" };
        if (pam)
        {
            steps.Add($"for u in {string.Join(' ', options.Users)}; do id -u \"$u\" >/dev/null 2>&1 || {{ useradd --create-home \"$u\" && passwd \"$u\"; }}; done");
            steps.Add($"install -d -o root -g root -m 0700 {state}");
            steps.Add($"install -d -o root -g root -m 0700 {options.ConfigDirectory}");
        }
        else
        {
            steps.Add($"useradd --system --user-group --home-dir {state} --create-home --shell /usr/sbin/nologin {owner}");
            steps.Add($"install -d -o {owner} -g {owner} -m 0700 {state}");
            steps.Add($"install -d -o root -g {owner} -m 0750 {options.ConfigDirectory}");
        }
        steps.Add($"install -o root -g {owner} -m 0640 {From(HubConfigFile.FileName)} {options.ConfigDirectory}/{HubConfigFile.FileName}");
        var secrets = pam ? [HubConfigFile.CookieSecretFile, HubConfigFile.ProxyTokenFile] : new[] { HubConfigFile.CookieSecretFile, HubConfigFile.ProxyTokenFile, HubConfigFile.PasswordFile };
        foreach (var secret in secrets)
        {
            steps.Add($"install -o {owner} -g {owner} -m 0600 {From(secret)} {state}/{secret}");
        }
        steps.Add($"install -o root -g root -m 0644 {From(unit)} /etc/systemd/system/{unit}");
        steps.Add("systemctl daemon-reload");
        steps.Add($"systemctl enable --now {unit}");
        steps.Add($"systemctl status {unit}");
        return steps;
    }

    // JupyterHub reads the cookie secret as 32 hex-encoded bytes (JupyterHub docs, "Security settings": openssl rand -hex 32).
    internal static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n";
}
