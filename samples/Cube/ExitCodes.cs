namespace Cube;

/// <summary>The documented exit codes of cube (see README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Stopped normally (SIGTERM from a service manager included).</summary>
    public const int Success = 0;

    /// <summary>The server could not listen, or the controller could not be opened or failed.</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>No DualShock 4 is attached (and neither --simulate nor --replay was given).</summary>
    public const int NotFound = 3;

    /// <summary>The --replay file is missing, unreadable or not a recording of DualShock 4 input reports.</summary>
    public const int BadRecording = 4;

    /// <summary>Stopped with Ctrl-C (SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;
}
