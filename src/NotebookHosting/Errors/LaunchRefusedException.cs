namespace Drivers.NotebookHosting;

/// <summary>
/// The launcher would not start Jupyter: the environment ANCM sets is missing or wrong, the launcher
/// settings cannot be read, or no password or token protects the server.
/// </summary>
public sealed class LaunchRefusedException : NotebookHostingException
{
    /// <summary>Creates the exception with one sentence saying what is missing and how to fix it.</summary>
    public LaunchRefusedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
