namespace Xsms;

/// <summary>A request the user can fix, with the exit code to leave with.</summary>
internal sealed class UsageException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
