using Drivers.NotebookHosting.Configuration;

namespace Drivers.NotebookHosting.Systemd;

/// <summary>The Jupyter service on a Linux server: who runs it, from where, and how it is reached; checked by every <see cref="SystemdService"/> method.</summary>
public sealed class SystemdServiceOptions
{
    /// <summary>The unit name without <c>.service</c> (letters, digits, '-', '_', '.'). Default: <c>jupyter</c>.</summary>
    public string ServiceName { get; init; } = "jupyter";

    /// <summary>The dedicated system user (and group) the service runs as (lower-case letters, digits, '-', '_'). Default: <c>jupyter</c>.</summary>
    public string User { get; init; } = "jupyter";

    /// <summary>The user's home, writable by the service: under /var/lib because the unit hides /home (ProtectHome). Default: <c>/var/lib/jupyter</c>.</summary>
    public string HomeDirectory { get; init; } = "/var/lib/jupyter";

    /// <summary>The virtual environment Jupyter is installed in; ExecStart is its <c>bin/jupyter</c>. Default: <c>/opt/jupyter/venv</c>.</summary>
    public string VenvDirectory { get; init; } = "/opt/jupyter/venv";

    /// <summary>Where notebooks live and the service starts. Default: <c>/var/lib/jupyter/notebooks</c>, inside the home.</summary>
    public string NotebookDirectory { get; init; } = "/var/lib/jupyter/notebooks";

    /// <summary>The folder the config file is installed to (<c>JUPYTER_CONFIG_DIR</c>). Default: <c>/etc/jupyter</c>.</summary>
    public string ConfigDirectory { get; init; } = "/etc/jupyter";

    /// <summary>The <c>jupyter</c> subcommand ExecStart runs: <c>notebook</c> (Notebook 6 or 7) or e.g. <c>lab</c>. Default: <c>notebook</c>.</summary>
    public string JupyterCommand { get; init; } = "notebook";

    /// <summary>Which Jupyter reads the config. Default: <see cref="JupyterFlavor.Notebook6"/>.</summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>The IP address Jupyter listens on (put a proxy in front to publish it). Default: <c>127.0.0.1</c>.</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The TCP port, 1 to 65535. Default: 8888.</summary>
    public int Port { get; init; } = 8888;

    /// <summary>The Jupyter password hash (from <c>JupyterPassword.Hash</c>); required to write the config. Default: null.</summary>
    public string? PasswordHash { get; init; }
}
