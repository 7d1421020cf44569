namespace Drivers.NetworkManager.Radios;

/// <summary>A radio that can be switched on and off.</summary>
public enum Radio
{
    /// <summary>Wi-Fi (WirelessEnabled).</summary>
    Wifi,

    /// <summary>Mobile broadband: 3G, 4G, 5G (WwanEnabled).</summary>
    Wwan,
}
