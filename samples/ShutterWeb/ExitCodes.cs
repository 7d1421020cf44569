namespace ShutterWeb;

/// <summary>The documented exit codes of shutter-web (see README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Stopped normally (SIGTERM from a service manager included).</summary>
    public const int Success = 0;

    /// <summary>No usable GPIO, or the server could not listen.</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>Stopped with Ctrl-C (SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;
}
