using Drivers.NetworkManager.Wifi;

namespace Drivers.NetworkManager.Simulation;

/// <summary>An access point in the simulated air, with the password it accepts.</summary>
public sealed class SimulatedAccessPoint
{
    /// <summary>The network's name.</summary>
    public required string Ssid { get; init; }

    /// <summary>The BSSID, e.g. <c>00:11:22:33:44:55</c>.</summary>
    public required string Bssid { get; init; }

    /// <summary>The signal strength, 0 to 100.</summary>
    public byte StrengthPercent { get; init; } = 70;

    /// <summary>The frequency in MHz; 2412 (channel 1) by default.</summary>
    public uint FrequencyMhz { get; init; } = 2412;

    /// <summary>The highest bit rate in kbit/s; 270 Mbit/s by default.</summary>
    public uint MaxBitrateKbps { get; init; } = 270_000;

    /// <summary>
    /// The security it advertises. The flags are those of real access points: WPA2 personal is RsnFlags 0x188
    /// (CCMP pairwise and group, PSK), WPA3 0x488 (SAE), WPA2/WPA3 transition 0x588, enterprise 0x288, WPA1 WpaFlags 0x144.
    /// </summary>
    public WifiSecurity Security { get; init; } = WifiSecurity.Open;

    /// <summary>The password it accepts; null for open and OWE networks.</summary>
    public string? Password { get; init; }

    /// <summary>True when it does not broadcast its SSID: it is listed with an empty SSID and joins only as a hidden network.</summary>
    public bool Hidden { get; init; }

    /// <summary>True when it also advertises WPS push-button (Flags 0x2 | 0x4), as many home routers do.</summary>
    public bool Wps { get; init; }

    internal (uint Flags, uint WpaFlags, uint RsnFlags) ToFlags()
    {
        var privacy = Security is WifiSecurity.Open ? 0u : 0x1u;
        var wps = Wps ? 0x6u : 0u;
        uint wpa = Security.HasFlag(WifiSecurity.Wpa1) ? 0x144u : 0u; // TKIP pairwise and group, PSK
        uint rsn = 0;
        if (Security.HasFlag(WifiSecurity.Wpa2) || Security.HasFlag(WifiSecurity.Wpa3) || Security.HasFlag(WifiSecurity.Enterprise) || Security.HasFlag(WifiSecurity.Owe))
        {
            rsn = 0x88; // CCMP pairwise and group
            if (Security.HasFlag(WifiSecurity.Wpa2) && !Security.HasFlag(WifiSecurity.Enterprise))
            {
                rsn |= 0x100;
            }
            if (Security.HasFlag(WifiSecurity.Wpa3))
            {
                rsn |= 0x400;
            }
            if (Security.HasFlag(WifiSecurity.Enterprise))
            {
                rsn |= 0x200;
            }
            if (Security.HasFlag(WifiSecurity.Owe))
            {
                rsn |= 0x800;
            }
        }
        return (privacy | wps, wpa, rsn);
    }
}
