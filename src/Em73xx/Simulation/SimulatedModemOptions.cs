namespace Drivers.Em73xx.Simulation;

/// <summary>How a <see cref="SimulatedModem"/> starts: its SIM, network, identity and GPS.</summary>
public sealed class SimulatedModemOptions
{
    /// <summary>Position reports in the modem's own format (from a real EM7345, Brno, 2016), the default GPS stream.</summary>
    public static IReadOnlyList<string> SampleFixes { get; } =
    [
        "+XLCSLSR: 2, 49.195407 N, 16.606729 E, 231.177947, 60.431427, 25.304975,149, 81.534980,67,2016/10/21,21:33:31,0,1,320.07,0.72,-0.66,2.73,0.90,509628,509628.47,,,3.50,2.25,2.50,104.59,65.52,81.53,,,1,1919,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,6,81.04,285.14,32.00,1,,,,13 ,74.04,307.16,0.00,1,,,,10 ,65.03,85.04,32.00,1,,,,28 ,65.03,231.12,26.00,1,,,,8 ,39.02,318.16,24.00,1,,,,1 ,39.02,48.02,26.00,1,,,,9 ",
    ];

    /// <summary>The SIM's PIN (default <c>1234</c>).</summary>
    public string Pin { get; set; } = "1234";

    /// <summary>The SIM's PUK (default <c>12345678</c>).</summary>
    public string Puk { get; set; } = "12345678";

    /// <summary>Whether the SIM asks for its PIN after power-on (default false: ready).</summary>
    public bool PinLocked { get; set; }

    /// <summary>Whether a SIM is in the slot (default true).</summary>
    public bool SimInserted { get; set; } = true;

    /// <summary>The operator the modem is registered with.</summary>
    public string Operator { get; set; } = "Simulated Mobile";

    /// <summary>Signal strength, dBm (-113 to -51).</summary>
    public int SignalDbm { get; set; } = -71;

    /// <summary>The IMEI.</summary>
    public string Imei { get; set; } = "013937006598898";

    /// <summary>The model name.</summary>
    public string Model { get; set; } = "Sierra Wireless EM7345 4G LTE";

    /// <summary>The firmware revision.</summary>
    public string Firmware { get; set; } = "FIH7160_V1.2_WW_01.1644.00";

    /// <summary>The zone of the time stamps of delivered messages (whole quarter hours; default UTC+02:00).</summary>
    public TimeSpan ZoneOffset { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Position report lines sent after a location request, in turn, one every <see cref="FixInterval"/>; empty for no fix ever.</summary>
    public IReadOnlyList<string> Fixes { get; set; } = SampleFixes;

    /// <summary>Time from a location request to its first report, and between reports.</summary>
    public TimeSpan FixInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a reboot (<c>AT+CFUN=16</c>) keeps the port away.</summary>
    public TimeSpan RebootDuration { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The clock for delays and time stamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
