namespace Drivers.NetworkManager.Wifi;

/// <summary>The security an access point advertises, derived from its flags the way nmcli does; <see cref="Open"/> when none.</summary>
[Flags]
public enum WifiSecurity
{
    /// <summary>No security: anyone can join.</summary>
    Open = 0,

    /// <summary>WEP (privacy flag without any WPA information element).</summary>
    Wep = 1,

    /// <summary>WPA1 (a WPA information element).</summary>
    Wpa1 = 2,

    /// <summary>WPA2: an RSN element with pre-shared key or 802.1X key management.</summary>
    Wpa2 = 4,

    /// <summary>WPA3 personal (SAE key management).</summary>
    Wpa3 = 8,

    /// <summary>Opportunistic wireless encryption (OWE).</summary>
    Owe = 16,

    /// <summary>OWE transition mode (an open network paired with an OWE one).</summary>
    OweTransition = 32,

    /// <summary>Enterprise (802.1X key management): needs a user name, not only a password.</summary>
    Enterprise = 64,

    /// <summary>WPA3 enterprise with the 192-bit suite B.</summary>
    SuiteB192 = 128,
}
