namespace Drivers.NotebookHosting;

/// <summary>The base of every error this package raises on purpose; the message says what to do next.</summary>
public abstract class NotebookHostingException : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do.</summary>
    protected NotebookHostingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
