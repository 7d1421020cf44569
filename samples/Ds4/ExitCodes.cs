namespace Ds4;

/// <summary>The documented exit codes of ds4 (see README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>The controller failed, went away or may not be opened, or a report or recording is malformed.</summary>
    public const int DeviceError = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>No DualShock 4 is attached, or the one asked for is not there.</summary>
    public const int NotFound = 3;

    /// <summary>Ctrl-C (SIGINT), as shells report it; the motors were stopped on the way out.</summary>
    public const int Interrupted = 130;
}
