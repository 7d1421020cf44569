using Drivers.Em73xx.Sim;

namespace Drivers.Em73xx;

/// <summary>The SIM is locked (PIN or PUK needed, or a PIN was refused); the driver never retries a PIN on its own.</summary>
public sealed class SimLockedException : ModemException
{
    /// <summary>Creates the exception.</summary>
    public SimLockedException(string message, SimState state, int? attemptsLeft, bool pinRefused)
        : base(message)
    {
        State = state;
        AttemptsLeft = attemptsLeft;
        PinRefused = pinRefused;
    }

    /// <summary>The SIM state when this was raised.</summary>
    public SimState State { get; }

    /// <summary>PIN (or PUK, when the state asks for it) attempts left, when the modem told.</summary>
    public int? AttemptsLeft { get; }

    /// <summary>True when the SIM refused a PIN (<c>+CME ERROR: 16</c>).</summary>
    public bool PinRefused { get; }
}
