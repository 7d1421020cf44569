namespace Drivers.Em73xx;

/// <summary>The modem did not finish a command in time.</summary>
public sealed class ModemTimeoutException : ModemException
{
    /// <summary>Creates the exception for <paramref name="command"/> after <paramref name="timeout"/>.</summary>
    public ModemTimeoutException(string command, TimeSpan timeout)
        : base($"The modem did not answer {command} within {timeout.TotalSeconds:0.#} s; check that nothing else (ModemManager) uses the port.")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command that timed out (never with a PIN in it).</summary>
    public string Command { get; }

    /// <summary>How long the driver waited.</summary>
    public TimeSpan Timeout { get; }
}
