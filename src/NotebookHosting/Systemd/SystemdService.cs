using System.Buffers;
using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Files;

namespace Drivers.NotebookHosting.Systemd;

/// <summary>
/// A hardened systemd unit that keeps Jupyter running under its own user, the Jupyter config beside it,
/// and the commands that install both. The unit scores "OK" in <c>systemd-analyze security</c>.
/// </summary>
public static partial class SystemdService
{
    // Paths go into the unit unquoted and into shell steps quoted; allowing only these characters keeps
    // systemd specifiers (%), quoting and word splitting out of the question.
    private static readonly SearchValues<char> PathCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+@");

    /// <summary>The unit file name, e.g. <c>jupyter.service</c>.</summary>
    public static string UnitFileName(SystemdServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Validate(options).ServiceName + ".service";
    }

    /// <summary>Renders the unit file.</summary>
    /// <exception cref="ArgumentException">A name or path is not one systemd and a shell take literally, or the port or address is not one (the message names the property).</exception>
    public static string RenderUnit(SystemdServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var writable = IsInside(options.NotebookDirectory, options.HomeDirectory)
            ? options.HomeDirectory
            : options.HomeDirectory + " " + options.NotebookDirectory;
        return $"""
            # Jupyter as an always-on service, written by NotebookHosting (notebook-host systemd init).
            [Unit]
            Description=Jupyter Notebook server
            After=network-online.target
            Wants=network-online.target

            [Service]
            Type=simple
            User={options.User}
            Group={options.User}
            WorkingDirectory={options.NotebookDirectory}
            Environment=HOME={options.HomeDirectory}
            Environment=JUPYTER_CONFIG_DIR={options.ConfigDirectory}
            Environment=PYTHONUNBUFFERED=1
            ExecStart={options.VenvDirectory}/bin/jupyter {options.JupyterCommand}
            Restart=on-failure
            RestartSec=5
            # SIGTERM to Jupyter first (it shuts its kernels down), then to what is left.
            KillMode=mixed
            TimeoutStopSec=30
            UMask=0027

            # Hardening. Kernels need AF_INET (ZeroMQ on loopback) and write+execute memory (JITs, ffi),
            # so MemoryDenyWriteExecute and PrivateNetwork stay off.
            NoNewPrivileges=yes
            CapabilityBoundingSet=
            AmbientCapabilities=
            PrivateTmp=yes
            PrivateDevices=yes
            ProtectSystem=strict
            ProtectHome=yes
            ReadWritePaths={writable}
            {SystemdHardening.Sandbox}
            SystemCallFilter=~@privileged
            SystemCallErrorNumber=EPERM

            [Install]
            WantedBy=multi-user.target

            """.ReplaceLineEndings("\n");
    }

    /// <summary>The Jupyter config for the service: its address, port, notebook folder and password hash.</summary>
    /// <exception cref="InvalidOperationException">No password hash is set.</exception>
    public static JupyterConfig Config(SystemdServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        return new JupyterConfig
        {
            Flavor = options.Flavor,
            Ip = options.Ip,
            Port = options.Port,
            NotebookDirectory = options.NotebookDirectory,
            PasswordHash = options.PasswordHash
                ?? throw new InvalidOperationException("The service needs a password hash; make one with JupyterPassword.Hash."),
        };
    }

    /// <summary>
    /// Writes the unit and the Jupyter config into <paramref name="outputDirectory"/>, readable by their
    /// owner only, and returns their paths. A link already at either name is replaced, never followed.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException"><paramref name="outputDirectory"/> can be written by other users.</exception>
    public static IReadOnlyList<string> Write(SystemdServiceOptions options, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        var unit = RenderUnit(options);
        var config = Config(options);
        var configText = config.Render();
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
        var unitPath = Path.Combine(outputDirectory, UnitFileName(options));
        var configPath = Path.Combine(outputDirectory, config.FileName);
        OwnerOnlyFile.Write(unitPath, unit);
        OwnerOnlyFile.Write(configPath, configText);
        return [unitPath, configPath];
    }

    /// <summary>The shell commands (run as root) that install what <see cref="Write"/> wrote in <paramref name="outputDirectory"/>.</summary>
    public static IReadOnlyList<string> InstallSteps(SystemdServiceOptions options, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        Validate(options);
        var user = options.User;
        var unit = UnitFileName(options);
        var configFile = JupyterConfig.FileNameFor(options.Flavor);
        return
        [
            $"useradd --system --user-group --home-dir {options.HomeDirectory} --create-home --shell /usr/sbin/nologin {user}",
            $"python3 -m venv {options.VenvDirectory} && {options.VenvDirectory}/bin/pip install {(options.Flavor == JupyterFlavor.Notebook6 ? "'notebook<7'" : "notebook")}",
            $"install -d -o {user} -g {user} -m 0750 {options.NotebookDirectory}",
            $"install -d -o root -g {user} -m 0750 {options.ConfigDirectory}",
            $"install -o root -g {user} -m 0640 {ShellQuote(Path.Combine(outputDirectory, configFile))} {options.ConfigDirectory}/{configFile}",
            $"install -o root -g root -m 0644 {ShellQuote(Path.Combine(outputDirectory, unit))} /etc/systemd/system/{unit}",
            "systemctl daemon-reload",
            $"systemctl enable --now {unit}",
            $"systemctl status {unit}",
        ];
    }

    private static SystemdServiceOptions Validate(SystemdServiceOptions options)
    {
        OptionCheck.That<SystemdServiceOptions>(options.ServiceName is not null && UnitName().IsMatch(options.ServiceName), nameof(options.ServiceName), "must be a plain unit name (letters, digits, '-', '_', '.')", options.ServiceName);
        OptionCheck.That<SystemdServiceOptions>(options.User is not null && UserName().IsMatch(options.User), nameof(options.User), "must be a valid system user name (lower-case letters, digits, '-', '_')", options.User);
        OptionCheck.That<SystemdServiceOptions>(options.JupyterCommand is not null && UnitName().IsMatch(options.JupyterCommand), nameof(options.JupyterCommand), "must be a jupyter subcommand such as 'notebook' or 'lab'", options.JupyterCommand);
        foreach (var (name, path) in new[]
        {
            (nameof(options.HomeDirectory), options.HomeDirectory), (nameof(options.VenvDirectory), options.VenvDirectory),
            (nameof(options.NotebookDirectory), options.NotebookDirectory), (nameof(options.ConfigDirectory), options.ConfigDirectory),
        })
        {
            OptionCheck.That<SystemdServiceOptions>(IsLiteralPath(path), name, "must be an absolute path of letters, digits and / . _ - + @ only", path);
        }
        OptionCheck.That<SystemdServiceOptions>(options.Port is >= 1 and <= 65535, nameof(options.Port), "must be a TCP port from 1 to 65535", options.Port);
        OptionCheck.That<SystemdServiceOptions>(System.Net.IPAddress.TryParse(options.Ip ?? "", out _), nameof(options.Ip), "must be an IP address such as 127.0.0.1", options.Ip);
        return options;
    }

    internal static bool IsLiteralPath(string? path) =>
        path is { Length: >= 2 } && path[0] == '/' && !path.EndsWith('/') && !path.AsSpan().ContainsAnyExcept(PathCharacters)
        && !path.Contains("/../", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal);

    private static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    internal static string ShellQuote(string text) =>
        text.AsSpan().ContainsAnyExcept(PathCharacters) ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : text;

    // \A...\z: "$" would also match before a final "\n" (a unit named "jupyter\n" would pass).
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\z")]
    internal static partial Regex UnitName();

    [GeneratedRegex(@"\A[a-z_][a-z0-9_-]{0,31}\z")]
    internal static partial Regex UserName();
}
