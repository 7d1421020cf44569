namespace Drivers.Em73xx;

/// <summary>The port closed or vanished (unplugged, rebooted with <c>AT+CFUN=16</c>); open the modem again when it returns.</summary>
public sealed class ModemDisconnectedException : ModemException
{
    /// <summary>Creates the exception.</summary>
    public ModemDisconnectedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
