namespace Drivers.NetworkManager.Devices;

/// <summary>One network device as NetworkManager sees it (<c>nmcli device status</c>).</summary>
public sealed class NetworkDevice
{
    /// <summary>The device's D-Bus object path.</summary>
    public required string Path { get; init; }

    /// <summary>The kernel interface name, e.g. <c>wlan0</c> (Interface).</summary>
    public required string InterfaceName { get; init; }

    /// <summary>What kind of device it is (DeviceType).</summary>
    public required DeviceType Type { get; init; }

    /// <summary>
    /// The type as <c>nmcli device</c> names it: <c>ethernet</c> (also for a veth), <c>wifi</c>, <c>gsm</c>, <c>loopback</c>,
    /// <c>bridge</c>…; a number NetworkManager added after this package is <c>unknown (N)</c>.
    /// </summary>
    public string TypeText { get; init; } = "";

    /// <summary>Its state (State).</summary>
    public required DeviceState State { get; init; }

    /// <summary>Why it is in that state (StateReason).</summary>
    public required DeviceStateReason StateReason { get; init; }

    /// <summary>The driver's name, empty when unknown (Driver).</summary>
    public string Driver { get; init; } = "";

    /// <summary>The hardware (MAC) address, empty when unknown (HwAddress).</summary>
    public string HardwareAddress { get; init; } = "";

    /// <summary>The name of the connection active on it, or null (ActiveConnection's Id).</summary>
    public string? ActiveConnectionId { get; init; }
}
