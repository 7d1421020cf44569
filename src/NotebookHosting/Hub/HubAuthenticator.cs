namespace Drivers.NotebookHosting.Hub;

/// <summary>How the hub checks who logs in, and so whose account each user's server runs under.</summary>
public enum HubAuthenticator
{
    /// <summary>
    /// The machine's own accounts through PAM (JupyterHub's default <c>PAMAuthenticator</c>); each user's server
    /// runs as that user (<c>LocalProcessSpawner</c>), so the hub runs as root.
    /// </summary>
    Pam,

    /// <summary>
    /// Jupyter password hashes in a file only the hub reads (<c>name:hash</c> lines), for machines without an
    /// account per person. Every server runs as the hub's own service user (<c>SimpleLocalProcessSpawner</c>):
    /// users are kept apart by the hub's login, not by the operating system (a user's code can read the hub's secrets
    /// and so act as anyone), so only for people who trust each other.
    /// </summary>
    PasswordFile,
}
