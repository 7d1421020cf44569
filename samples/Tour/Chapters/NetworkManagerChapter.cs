using Drivers.NetworkManager;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Simulation;

namespace Tour.Chapters;

internal sealed class NetworkManagerChapter : Chapter
{
    public override string Package => "Drivers.NetworkManager";

    public override string Wraps => "NetworkManager over D-Bus: Wi-Fi, 4G modem, radios";

    public override async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        // A private dbus-daemon and a simulated NetworkManager on it: the machine's own network is not touched.
        await using var bus = await PrivateBus.StartAsync(cancellationToken);
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: cancellationToken);
        simulator.AddSampleNetworks();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, cancellationToken: cancellationToken);
        output.WriteLine("  started a private dbus-daemon and a simulated NetworkManager on it");

        var devices = await client.GetDevicesAsync(cancellationToken);
        output.WriteLine($"  devices: {string.Join(", ", devices.Select(d => $"{d.InterfaceName} ({d.Type})"))}");
        output.WriteLine("  Wi-Fi networks in range:");
        foreach (var ap in await client.GetAccessPointsAsync(cancellationToken: cancellationToken))
        {
            var name = ap.SsidText.Length == 0 ? "(hidden)" : ap.SsidText;
            output.WriteLine($"    {name,-16} {ap.StrengthPercent,3}%  {ap.FrequencyMhz} MHz  {ap.SecurityText}");
        }

        try
        {
            await client.ConnectToWifiAsync("HomeWPA2", "wrong horse", cancellationToken: cancellationToken);
            output.WriteLine("  a wrong password was accepted (it should not have been)");
        }
        catch (WrongPasswordException e)
        {
            output.WriteLine($"  wrong password: {e.Message}");
        }
        var joined = await client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: cancellationToken);
        output.WriteLine($"  joined '{joined.Id}' (WPA2) with the right password");
        var status = await client.GetStatusAsync(cancellationToken);
        output.WriteLine($"  status bar: {status.Ssid} {status.StrengthPercent}% on {status.InterfaceName}");

        var modem = await client.ConnectModemAsync(cancellationToken: cancellationToken);
        var state = (await client.GetDevicesAsync(cancellationToken)).Single(d => d.Type == DeviceType.Modem).State;
        output.WriteLine($"  modem switched on with '{modem.Id}': {state.ToString().ToLowerInvariant()}");
    }
}
