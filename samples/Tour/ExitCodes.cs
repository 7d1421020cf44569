namespace Tour;

/// <summary>The tour's exit codes (see README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Every chapter ran.</summary>
    public const int Success = 0;

    /// <summary>A chapter failed; stderr says which and why.</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
