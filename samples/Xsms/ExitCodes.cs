namespace Xsms;

/// <summary>How xsms exits; the numbers are its contract with scripts and status bars (see README.md).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The modem failed, refused a command, did not answer, or its port is missing or vanished.</summary>
    public const int ModemError = 1;

    /// <summary>The command line is wrong: an unknown command or option, or a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>The SIM is locked, blocked or absent, or it refused the PIN.</summary>
    public const int SimLocked = 3;

    /// <summary><c>gps</c>: no fix arrived within the timeout.</summary>
    public const int NoFix = 4;

    /// <summary><c>ussd</c>: the network does not offer the code, or the modem refused it (no service, no USSD).</summary>
    public const int UssdRefused = 5;

    /// <summary><c>send --report</c>: a part was not delivered (the service center gave up or refused it).</summary>
    public const int NotDelivered = 5;

    /// <summary><c>ussd</c>: the network did not answer in time.</summary>
    public const int UssdTimedOut = 6;

    /// <summary><c>send --report</c>: sent, but no final delivery report came for every part within the timeout.</summary>
    public const int NoReport = 6;

    /// <summary><c>ussd</c>: the network ended the session (e.g. after a wrong choice), or another program answered it.</summary>
    public const int UssdEnded = 7;

    /// <summary><c>gps --follow --nmea-server</c>: the address or port cannot be served (in use, not this machine's, privileged).</summary>
    public const int ListenFailed = 8;

    /// <summary>Ctrl-C (SIGINT), as shells report it: 128 + 2.</summary>
    public const int Interrupted = 130;
}
