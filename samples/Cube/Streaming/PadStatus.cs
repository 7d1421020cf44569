namespace Cube.Streaming;

/// <summary>The status panel, sent as a server-sent <c>status</c> event when it changes and once a second.</summary>
/// <param name="Connection"><c>connected</c>, or <c>unplugged</c> while the server waits for the controller to come back.</param>
/// <param name="Source"><c>controller</c>, <c>simulated</c> (the bundled recording) or <c>replay</c> (--replay FILE).</param>
/// <param name="Device">The hidraw node (<c>simulated</c> for a simulation).</param>
/// <param name="Bus"><c>usb</c> or <c>bluetooth</c>.</param>
/// <param name="BatteryPercent">The charge as the Linux driver computes it; null before the first report.</param>
/// <param name="Cable">True while the cable is plugged in.</param>
/// <param name="ReportRate">Reports per second over the last second.</param>
/// <param name="Reports">Reports since the server started.</param>
internal sealed record PadStatus(string Connection, string Source, string? Device, string? Bus, int? BatteryPercent, bool? Cable, double ReportRate, long Reports);
