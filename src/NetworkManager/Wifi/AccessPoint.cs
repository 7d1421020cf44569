namespace Drivers.NetworkManager.Wifi;

/// <summary>One Wi-Fi access point seen by a device (<c>nmcli device wifi list</c>).</summary>
public sealed class AccessPoint
{
    /// <summary>The access point's D-Bus object path.</summary>
    public required string Path { get; init; }

    /// <summary>The interface of the device that sees it, e.g. <c>wlan0</c>.</summary>
    public required string InterfaceName { get; init; }

    /// <summary>The SSID as the raw bytes sent over the air (up to 32, any encoding, empty for a hidden network).</summary>
    public required ReadOnlyMemory<byte> Ssid { get; init; }

    /// <summary>The SSID to show: UTF-8 when it is, escaped bytes otherwise; empty for a hidden network.</summary>
    public required string SsidText { get; init; }

    /// <summary>The BSSID (the access point's MAC address), e.g. <c>00:11:22:33:44:55</c>.</summary>
    public required string Bssid { get; init; }

    /// <summary>The signal strength, 0 to 100.</summary>
    public required byte StrengthPercent { get; init; }

    /// <summary>The radio frequency in MHz (2412 is channel 1).</summary>
    public required uint FrequencyMhz { get; init; }

    /// <summary>The highest bit rate in kbit/s.</summary>
    public required uint MaxBitrateKbps { get; init; }

    /// <summary>The security it advertises, derived from its flags as nmcli does.</summary>
    public required WifiSecurity Security { get; init; }

    /// <summary>The security in nmcli's words: <c>open</c>, <c>WEP</c>, <c>WPA2</c>, <c>WPA2 WPA3</c>, <c>WPA2 802.1X</c>…</summary>
    public required string SecurityText { get; init; }

    /// <summary>True when a saved profile has this SSID.</summary>
    public required bool IsSaved { get; init; }

    /// <summary>True when its device is connected through it.</summary>
    public required bool IsActive { get; init; }

    /// <summary>True when joining needs a password.</summary>
    public bool NeedsPassword => Protocol.SecurityClassifier.NeedsSecret(Security);
}
