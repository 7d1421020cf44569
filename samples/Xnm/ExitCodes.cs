namespace Xnm;

/// <summary>The documented exit codes of xnm (see README.md).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>NetworkManager (or the bus) refused or failed, or it is not running.</summary>
    public const int NetworkManagerError = 1;

    /// <summary>The command line was wrong, or the menu was asked for without a terminal.</summary>
    public const int Usage = 2;

    /// <summary>The Wi-Fi network refused the password, or needs one and none was given.</summary>
    public const int WrongPassword = 3;

    /// <summary>No such SSID, device or saved profile.</summary>
    public const int NotFound = 4;

    /// <summary>The terminal was closed (SIGHUP), as shells report it (128 + 1); the simulator was stopped on the way out.</summary>
    public const int HungUp = 129;

    /// <summary>Ctrl-C (SIGINT) or SIGTERM ended the command, as shells report SIGINT (128 + 2).</summary>
    public const int Interrupted = 130;
}
