using Microsoft.Extensions.Logging;

namespace Drivers.Em73xx;

/// <summary>Optional knobs of a <see cref="Modem"/>.</summary>
public sealed class ModemOptions
{
    /// <summary>
    /// The SIM PIN to unlock with on open. It is sent at most once, only when the SIM asks for a PIN and still has
    /// all three attempts (<c>AT+XPINCNT</c>), so a wrong PIN in a command run every minute costs one attempt, never the SIM.
    /// </summary>
    public string? Pin { get; set; }

    /// <summary>How long an ordinary command may take (default 10 s).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long sending a message may take (<c>AT+CMGS</c>, default 60 s).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the SIM to become ready for SMS after an unlock or while it is busy (default 20 s).</summary>
    public TimeSpan SimReadyTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock for timeouts and back-off (default the system clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where to log the dialogue (commands, never a PIN); default none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
