namespace Xsms;

/// <summary>A failure xsms explains itself, in one sentence, with the exit code to leave with.</summary>
internal sealed class XsmsException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
