namespace Drivers.Em73xx.Sim;

/// <summary>What the SIM needs before it can be used (<c>AT+CPIN?</c>).</summary>
public enum SimState
{
    /// <summary>The state could not be read.</summary>
    Unknown,

    /// <summary>Unlocked and usable (<c>READY</c>).</summary>
    Ready,

    /// <summary>Waiting for its PIN (<c>SIM PIN</c>).</summary>
    PinRequired,

    /// <summary>Blocked after too many wrong PINs; needs the PUK (<c>SIM PUK</c>).</summary>
    PukRequired,

    /// <summary>Waiting for PIN2 (<c>SIM PIN2</c>).</summary>
    Pin2Required,

    /// <summary>Waiting for PUK2 (<c>SIM PUK2</c>).</summary>
    Puk2Required,

    /// <summary>Another lock, e.g. a network or phone-to-SIM lock (<c>PH-NET PIN</c>).</summary>
    OtherLock,

    /// <summary>No SIM in the slot (<c>+CME ERROR: 10</c>).</summary>
    Absent,

    /// <summary>The SIM is still starting up (<c>+CME ERROR: 14</c>, SIM busy).</summary>
    Busy,
}
