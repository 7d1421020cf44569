namespace Drivers.NetworkManager.Wifi;

/// <summary>Optional knobs of <see cref="NetworkManagerClient.ConnectToWifiAsync"/>.</summary>
public sealed class WifiConnectOptions
{
    /// <summary>The Wi-Fi interface to use, e.g. <c>wlan0</c>; null for the first Wi-Fi device.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>True for a network that does not broadcast its SSID (<c>hidden yes</c>).</summary>
    public bool Hidden { get; init; }
}
