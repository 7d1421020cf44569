using Drivers.NotebookHosting.Configuration;

namespace Drivers.NotebookHosting.Systemd;

/// <summary>The Jupyter service on a Linux server: who runs it, from where, and how it is reached.</summary>
public sealed class SystemdServiceOptions
{
    /// <summary>The unit name without <c>.service</c>; <c>jupyter</c> by default.</summary>
    public string ServiceName { get; init; } = "jupyter";

    /// <summary>The dedicated system user (and group) the service runs as; <c>jupyter</c> by default.</summary>
    public string User { get; init; } = "jupyter";

    /// <summary>The user's home, writable by the service: under /var/lib because the unit hides /home (ProtectHome).</summary>
    public string HomeDirectory { get; init; } = "/var/lib/jupyter";

    /// <summary>The virtual environment Jupyter is installed in; ExecStart is its <c>bin/jupyter</c>.</summary>
    public string VenvDirectory { get; init; } = "/opt/jupyter/venv";

    /// <summary>Where notebooks live and the service starts; inside the home by default.</summary>
    public string NotebookDirectory { get; init; } = "/var/lib/jupyter/notebooks";

    /// <summary>The folder the config file is installed to (<c>JUPYTER_CONFIG_DIR</c>).</summary>
    public string ConfigDirectory { get; init; } = "/etc/jupyter";

    /// <summary>The <c>jupyter</c> subcommand ExecStart runs: <c>notebook</c> (Notebook 6 or 7) or e.g. <c>lab</c>.</summary>
    public string JupyterCommand { get; init; } = "notebook";

    /// <summary>Which Jupyter reads the config.</summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>The address Jupyter listens on; loopback by default (put a proxy in front to publish it).</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 8888 by default.</summary>
    public int Port { get; init; } = 8888;

    /// <summary>The Jupyter password hash (from <c>JupyterPassword.Hash</c>); required to write the config.</summary>
    public string? PasswordHash { get; init; }
}
