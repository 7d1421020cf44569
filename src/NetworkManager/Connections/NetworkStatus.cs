using Drivers.NetworkManager.Devices;

namespace Drivers.NetworkManager.Connections;

/// <summary>
/// What a status bar shows: NetworkManager's state, its primary connection (the one holding the default route) and
/// the modem's state. Read by <see cref="NetworkManagerClient.GetStatusAsync"/>.
/// </summary>
public sealed class NetworkStatus
{
    /// <summary>NetworkManager's overall state (State).</summary>
    public required NetworkManagerState State { get; init; }

    /// <summary>The primary connection's name (PrimaryConnection's Id), or null when nothing is up.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The primary connection's interface, e.g. <c>wlan0</c>, or null when nothing is up.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>The type of the primary connection's device, or null when nothing is up.</summary>
    public DeviceType? DeviceType { get; init; }

    /// <summary>The Wi-Fi network's SSID as text (see <see cref="Wifi.AccessPoint.SsidText"/>), or null when the primary connection is not Wi-Fi.</summary>
    public string? Ssid { get; init; }

    /// <summary>The Wi-Fi signal strength in percent (Strength), or null when the primary connection is not Wi-Fi.</summary>
    public byte? StrengthPercent { get; init; }

    /// <summary>The state of the first modem, or null when there is no modem.</summary>
    public DeviceState? ModemState { get; init; }

    /// <summary>True when a connection is up (NetworkManager has a primary connection).</summary>
    public bool IsConnected => ConnectionId is not null;
}
