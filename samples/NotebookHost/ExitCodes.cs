namespace NotebookHost;

/// <summary>
/// The documented exit codes of notebook-host (see README.md). <c>launch</c> relays Jupyter's own exit code
/// instead, once Jupyter has started; before that it uses these.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Files could not be written, or <c>launch</c> refused to start Jupyter (the settings or ANCM's environment are wrong).</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong, or no password could be read.</summary>
    public const int Usage = 2;

    /// <summary>Stopped with Ctrl-C (SIGINT) while asking for a password, as shells report it.</summary>
    public const int Interrupted = 130;
}
