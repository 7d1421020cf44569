namespace Drivers.Em73xx.Simulation;

/// <summary>How a <see cref="SimulatedModem"/> starts: its SIM, network, identity and GPS.</summary>
public sealed class SimulatedModemOptions
{
    // A real EM7345 report (the py-em73xx test data, Brno, 2016-10-21).
    internal const string BrnoReport =
        "+XLCSLSR: 2, 49.195407 N, 16.606729 E, 231.177947, 60.431427, 25.304975,149, 81.534980,67,2016/10/21,21:33:31,0,1,320.07,0.72,-0.66,2.73,0.90,509628,509628.47,,,3.50,2.25,2.50,104.59,65.52,81.53,,,1,1919,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,6,81.04,285.14,32.00,1,,,,13 ,74.04,307.16,0.00,1,,,,10 ,65.03,85.04,32.00,1,,,,28 ,65.03,231.12,26.00,1,,,,8 ,39.02,318.16,24.00,1,,,,1 ,39.02,48.02,26.00,1,,,,9 ";

    /// <summary>
    /// Position reports in the modem's own format, the default GPS stream: a real EM7345's (Brno, 2016: north-east), then
    /// the same report moved to the south-west (Santiago de Chile, one second later).
    /// </summary>
    public static IReadOnlyList<string> SampleFixes { get; } =
    [
        BrnoReport,
        SimulatedModem.PositionReport(-33.447487, -70.673676, 570.5, new DateTimeOffset(2016, 10, 21, 21, 33, 32, TimeSpan.Zero)),
    ];

    /// <summary>The SIM's PIN at power-on; a PUK unlock (<c>AT+CPIN="puk","new pin"</c>) changes it. Default: <c>1234</c>.</summary>
    public string Pin { get; init; } = "1234";

    /// <summary>The SIM's PUK. Default: <c>12345678</c>.</summary>
    public string Puk { get; init; } = "12345678";

    /// <summary>Whether the SIM asks for its PIN after power-on. Default: false (ready).</summary>
    public bool PinLocked { get; init; }

    /// <summary>Whether a SIM is in the slot. Default: true.</summary>
    public bool SimInserted { get; init; } = true;

    /// <summary>The operator the modem is registered with. Default: <c>Simulated Mobile</c>.</summary>
    public string Operator { get; init; } = "Simulated Mobile";

    /// <summary>Signal strength in dBm, -113 to -51. Default: -71.</summary>
    public int SignalDbm { get; init; } = -71;

    /// <summary>The IMEI. Default: <c>013937006598898</c>.</summary>
    public string Imei { get; init; } = "013937006598898";

    /// <summary>The SIM's IMSI (<c>AT+CIMI</c>), which tells one SIM from another. Default: <c>230019876543210</c>.</summary>
    public string Imsi { get; init; } = "230019876543210";

    /// <summary>
    /// Where delivered messages are stored and announced (<c>+CMTI: "SM",n</c>): <c>SM</c>, the SIM, or <c>ME</c>, the
    /// modem's own memory (TS 27.005 3.2.2, mem3). <see cref="SimulatedModem.StoredMessages"/> shows the SIM's. Default: <c>SM</c>.
    /// </summary>
    public string IncomingStorage { get; init; } = "SM";

    /// <summary>The model name. Default: <c>Sierra Wireless EM7345 4G LTE</c>.</summary>
    public string Model { get; init; } = "Sierra Wireless EM7345 4G LTE";

    /// <summary>The firmware revision. Default: <c>FIH7160_V1.2_WW_01.1644.00</c>.</summary>
    public string Firmware { get; init; } = "FIH7160_V1.2_WW_01.1644.00";

    /// <summary>The zone of the time stamps of delivered messages, in whole quarter hours. Default: UTC+02:00.</summary>
    public TimeSpan ZoneOffset { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Position report lines sent after a location request, in turn, one every <see cref="FixInterval"/>; empty for no
    /// fix ever. Default: <see cref="SampleFixes"/>.
    /// </summary>
    public IReadOnlyList<string> Fixes { get; init; } = SampleFixes;

    /// <summary>Time between reports, and from a location request to its first report unless <see cref="TimeToFirstFix"/> is set. Default: 50 ms.</summary>
    public TimeSpan FixInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time from a location request to its first report (the modem's time to first fix). Default: <see cref="FixInterval"/>.</summary>
    public TimeSpan? TimeToFirstFix { get; init; }

    /// <summary>
    /// Whether each report is stamped with the time it is sent (<see cref="TimeProvider"/>, whole seconds, with the GPS
    /// week and time of week that go with it), as a real modem's carry the time of the fix, instead of the time in its
    /// line. gpsd, for one, takes a date older than its own release for a GPS week rollover. Default: false.
    /// </summary>
    public bool ReportCurrentTime { get; init; }

    /// <summary>How long a reboot (<c>AT+CFUN=16</c>) keeps the port away. Default: 200 ms.</summary>
    public TimeSpan RebootDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The clock for delays and time stamps. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
