using Drivers.NetworkManager.Wifi;

namespace Drivers.NetworkManager.Protocol;

/// <summary>
/// Derives an access point's security from its Flags, WpaFlags and RsnFlags, following nmcli's SECURITY
/// column (NetworkManager src/nmcli/devices.c, fill_output_access_point). Pure.
/// </summary>
internal static class SecurityClassifier
{
    // NM80211ApFlags and NM80211ApSecurityFlags (nm-dbus-interface.h).
    public const uint Privacy = 0x1;
    public const uint KeyMgmtPsk = 0x100;
    public const uint KeyMgmt8021X = 0x200;
    public const uint KeyMgmtSae = 0x400;
    public const uint KeyMgmtOwe = 0x800;
    public const uint KeyMgmtOweTm = 0x1000;
    public const uint KeyMgmtEapSuiteB192 = 0x2000;

    public static WifiSecurity Classify(uint flags, uint wpaFlags, uint rsnFlags)
    {
        // Privacy is a bit among WPS bits, never compare flags with 1.
        if ((flags & Privacy) != 0 && wpaFlags == 0 && rsnFlags == 0)
        {
            return WifiSecurity.Wep;
        }
        var security = WifiSecurity.Open;
        if (wpaFlags != 0)
        {
            security |= WifiSecurity.Wpa1;
        }
        if ((rsnFlags & (KeyMgmtPsk | KeyMgmt8021X)) != 0)
        {
            security |= WifiSecurity.Wpa2;
        }
        if ((rsnFlags & KeyMgmtSae) != 0)
        {
            security |= WifiSecurity.Wpa3;
        }
        if ((rsnFlags & KeyMgmtOwe) != 0)
        {
            security |= WifiSecurity.Owe;
        }
        if ((rsnFlags & KeyMgmtOweTm) != 0)
        {
            security |= WifiSecurity.OweTransition;
        }
        if (((wpaFlags | rsnFlags) & KeyMgmt8021X) != 0)
        {
            security |= WifiSecurity.Enterprise;
        }
        if ((rsnFlags & KeyMgmtEapSuiteB192) != 0)
        {
            security |= WifiSecurity.SuiteB192;
        }
        return security;
    }

    /// <summary>nmcli's words: "WPA2 WPA3", "WPA1 WPA2 802.1X", "open" when none.</summary>
    public static string Describe(WifiSecurity security)
    {
        if (security == WifiSecurity.Open)
        {
            return "open";
        }
        var words = new List<string>(4);
        if (security.HasFlag(WifiSecurity.Wep))
        {
            words.Add("WEP");
        }
        if (security.HasFlag(WifiSecurity.Wpa1))
        {
            words.Add("WPA1");
        }
        if (security.HasFlag(WifiSecurity.Wpa2))
        {
            words.Add("WPA2");
        }
        if (security.HasFlag(WifiSecurity.Wpa3))
        {
            words.Add("WPA3");
        }
        if (security.HasFlag(WifiSecurity.Owe))
        {
            words.Add("OWE");
        }
        if (security.HasFlag(WifiSecurity.OweTransition))
        {
            words.Add("OWE-TM");
        }
        if (security.HasFlag(WifiSecurity.Enterprise))
        {
            words.Add("802.1X");
        }
        if (security.HasFlag(WifiSecurity.SuiteB192))
        {
            words.Add("WPA-EAP-SUITE-B-192");
        }
        return string.Join(' ', words);
    }

    /// <summary>True when joining needs a password (or more): anything but open and OWE.</summary>
    public static bool NeedsSecret(WifiSecurity security) =>
        (security & ~(WifiSecurity.Owe | WifiSecurity.OweTransition)) != WifiSecurity.Open;

    /// <summary>The key-mgmt NetworkManager wants: SAE for WPA3-only, wpa-eap for enterprise, none for WEP, else wpa-psk.</summary>
    public static string KeyManagement(WifiSecurity security) =>
        security.HasFlag(WifiSecurity.Enterprise) ? "wpa-eap"
        : security.HasFlag(WifiSecurity.Wep) ? "none"
        : security.HasFlag(WifiSecurity.Wpa3) && !security.HasFlag(WifiSecurity.Wpa2) && !security.HasFlag(WifiSecurity.Wpa1) ? "sae"
        : "wpa-psk";
}
