using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

// NetworkManager's checks on profiles and what GetSettings leaves out (secrets).
public sealed partial class SimulatedNetworkManager
{
    /// <summary>NetworkManager's checks on a profile (nm-setting-wireless-security.c), with its error names and messages.</summary>
    private static (string Name, string Message)? Validate(ConnectionSettings settings)
    {
        const string Invalid = "org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty";
        const string Missing = "org.freedesktop.NetworkManager.Settings.Connection.MissingProperty";
        if (!settings.ContainsKey("connection") || settings.Type.Length == 0)
        {
            return ("org.freedesktop.NetworkManager.Settings.Connection.MissingSetting", "connection: setting is required");
        }
        if (settings.Type == NmNames.WirelessSetting)
        {
            if (!settings.TryGetValue(NmNames.WirelessSetting, out var wireless) || !wireless.TryGetValue("ssid", out var ssid))
            {
                return (Missing, "802-11-wireless.ssid: property is missing");
            }
            if (ssid.Type != VariantValueType.Array || ssid.ItemType != VariantValueType.Byte || ssid.Count is 0 or > 32)
            {
                return (Invalid, "802-11-wireless.ssid: property is invalid");
            }
            if (settings.TryGetValue(NmNames.WirelessSecuritySetting, out var security))
            {
                if (!security.TryGetValue("key-mgmt", out var keyManagement))
                {
                    return (Missing, "802-11-wireless-security.key-mgmt: property is missing");
                }
                if (keyManagement.Type == VariantValueType.String && keyManagement.GetString() == "wpa-eap" && !settings.ContainsKey("802-1x"))
                {
                    return ("org.freedesktop.NetworkManager.Settings.Connection.MissingSetting", "802-1x: setting is required");
                }
                if (security.TryGetValue("psk", out var psk) && (psk.Type != VariantValueType.String || !IsValidPsk(psk.GetString())))
                {
                    return (Invalid, "802-11-wireless-security.psk: property is invalid");
                }
            }
        }
        return null;
    }

    private static bool IsValidPsk(string psk) =>
        psk.Length is >= 8 and <= 63 || (psk.Length == 64 && psk.All(char.IsAsciiHexDigit));

    private static ConnectionSettings WithoutSecrets(ConnectionSettings settings)
    {
        var copy = new ConnectionSettings();
        foreach (var (name, properties) in settings)
        {
            copy[name] = properties.Where(p => !IsSecret(p.Key))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
        return copy;
    }

    private static bool IsSecret(string key) => key is "psk" or "wep-key0" or "password" or "pin";

    private const uint Update2ToDisk = 0x1;

    private const uint Update2InMemory = 0x2;
}
