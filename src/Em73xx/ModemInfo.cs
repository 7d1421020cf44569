using Drivers.Em73xx.Sim;

namespace Drivers.Em73xx;

/// <summary>What the modem says about itself, its SIM and its network.</summary>
public sealed class ModemInfo
{
    /// <summary>The model (<c>AT+CGMM</c>), e.g. <c>Sierra Wireless EM7345 4G LTE</c>.</summary>
    public string? Model { get; init; }

    /// <summary>The firmware revision (<c>AT+CGMR</c>).</summary>
    public string? Firmware { get; init; }

    /// <summary>The IMEI (<c>AT+CGSN</c>).</summary>
    public string? Imei { get; init; }

    /// <summary>The operator the modem is registered with (<c>AT+COPS?</c>); null when not registered.</summary>
    public string? Operator { get; init; }

    /// <summary>Signal strength in dBm (<c>AT+CSQ</c>); null when the modem does not know.</summary>
    public int? SignalDbm { get; init; }

    /// <summary>What the SIM needs (<c>AT+CPIN?</c>).</summary>
    public SimState SimState { get; init; }

    /// <summary>PIN and PUK attempts left (<c>AT+XPINCNT</c>); null when the modem does not tell.</summary>
    public PinRetries? PinRetries { get; init; }
}
