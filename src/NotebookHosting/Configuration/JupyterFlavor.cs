namespace Drivers.NotebookHosting.Configuration;

/// <summary>Which Jupyter application reads the configuration: their trait names differ.</summary>
public enum JupyterFlavor
{
    /// <summary>
    /// The classic Notebook 5.x and 6.x: <c>c.NotebookApp.*</c> in <c>jupyter_notebook_config.py</c>,
    /// started with <c>python -m notebook</c>. (Argon2 hashes need 6.1 or later; use SHA-1 before.)
    /// </summary>
    Notebook6,

    /// <summary>
    /// Jupyter Server 2.x, under Notebook 7 and JupyterLab 4: <c>c.ServerApp.*</c> and
    /// <c>c.PasswordIdentityProvider.hashed_password</c> in <c>jupyter_server_config.py</c>.
    /// </summary>
    JupyterServer,
}
