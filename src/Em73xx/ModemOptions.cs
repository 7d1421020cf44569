using Microsoft.Extensions.Logging;

namespace Drivers.Em73xx;

/// <summary>Optional knobs of a <see cref="Modem"/>, checked when the modem is opened.</summary>
public sealed class ModemOptions
{
    /// <summary>
    /// The SIM PIN to unlock with on open. It is sent at most once, only when the SIM asks for a PIN and still has
    /// all three attempts (<c>AT+XPINCNT</c>), so a wrong PIN in a command run every minute costs one attempt, never the SIM.
    /// Default: none.
    /// </summary>
    public string? Pin { get; init; }

    /// <summary>How long an ordinary command may take. Default: 10 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long sending a message may take (<c>AT+CMGS</c>). Default: 60 s.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the network may take to answer a USSD code or reply (<c>+CUSD</c> after <c>AT+CUSD=1</c>) before the
    /// dialogue is cancelled and <see cref="UssdException"/> (<see cref="UssdFailure.TimedOut"/>) is thrown. Default: 30 s.
    /// </summary>
    public TimeSpan UssdTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the SIM to become ready for SMS after an unlock or while it is busy. Default: 20 s.</summary>
    public TimeSpan SimReadyTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long <see cref="Modem.WatchPositionsAsync"/> waits for the next report of a location request that has reported
    /// before it takes the request for ended and asks again. Default: 10 s (ten missed reports).
    /// </summary>
    public TimeSpan PositionReportTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many unsolicited codes (<c>+CMTI</c>, GPS reports...) each stream such as <see cref="Modem.WatchMessagesAsync"/>
    /// holds for a consumer that is behind; when it is full the oldest is dropped, counted and logged. Default: 256.
    /// </summary>
    public int StreamCapacity { get; init; } = 256;

    /// <summary>
    /// A folder of the user's own (e.g. <c>$XDG_STATE_HOME/myapp</c>) where the modem remembers, per SIM (by its IMSI,
    /// <c>AT+CIMI</c>), the received messages the user has not seen yet. With it, a message stays unread for
    /// <see cref="Modem.CountUnreadAsync"/> until <see cref="Modem.ListMessagesAsync"/> or <see cref="Modem.ReadMessageAsync"/>
    /// has returned it, across processes and modem reboots, although the SIM marks a message read the first time it is
    /// listed (TS 27.005 3.4.2). The folder is created (mode 0700) if missing, and not used when it is a link or writable by
    /// anyone else. Default: none: unread is what the SIM says.
    /// </summary>
    public string? UnreadStateDirectory { get; init; }

    /// <summary>The clock for timeouts and back-off. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where to log the dialogue (commands, never a PIN). Default: none, nothing is logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property out of its range.</summary>
    internal void Validate()
    {
        Positive(CommandTimeout, nameof(CommandTimeout));
        Positive(SendTimeout, nameof(SendTimeout));
        Positive(SimReadyTimeout, nameof(SimReadyTimeout));
        Positive(UssdTimeout, nameof(UssdTimeout));
        Positive(PositionReportTimeout, nameof(PositionReportTimeout));
        if (StreamCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(StreamCapacity), StreamCapacity, $"{nameof(ModemOptions)}.{nameof(StreamCapacity)} must be at least 1.");
        }
        if (UnreadStateDirectory is not null && !Path.IsPathFullyQualified(UnreadStateDirectory))
        {
            throw new ArgumentException(
                $"{nameof(ModemOptions)}.{nameof(UnreadStateDirectory)} must be an absolute path, not '{UnreadStateDirectory}'.", nameof(UnreadStateDirectory));
        }
        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), $"{nameof(ModemOptions)}.{nameof(TimeProvider)} must not be null; use TimeProvider.System.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        // CancellationTokenSource takes at most uint.MaxValue - 1 milliseconds (about 49.7 days).
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > uint.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(ModemOptions)}.{name} must be more than zero and at most 49 days.");
        }
    }
}
