using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Transport;

/// <summary>A connection profile's settings (a{sa{sv}}): setting name to property name to value.</summary>
internal sealed class ConnectionSettings : Dictionary<string, Dictionary<string, VariantValue>>
{
    public ConnectionSettings()
        : base(StringComparer.Ordinal)
    {
    }

    public Dictionary<string, VariantValue> Section(string name)
    {
        if (!TryGetValue(name, out var section))
        {
            section = new Dictionary<string, VariantValue>(StringComparer.Ordinal);
            this[name] = section;
        }
        return section;
    }

    public string Id => TryGetValue("connection", out var c) ? c.String("id") : "";

    public string Uuid => TryGetValue("connection", out var c) ? c.String("uuid") : "";

    public string Type => TryGetValue("connection", out var c) ? c.String("type") : "";

    public byte[] Ssid => TryGetValue(Protocol.NmNames.WirelessSetting, out var w) ? w.Bytes("ssid") : [];

    public static ConnectionSettings Read(ref Reader reader)
    {
        var settings = new ConnectionSettings();
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var name = reader.ReadString();
            settings[name] = reader.ReadDictionaryOfStringToVariantValue();
        }
        return settings;
    }

    public void Write(ref MessageWriter writer)
    {
        var start = writer.WriteDictionaryStart();
        foreach (var (name, properties) in this)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            writer.WriteDictionary(properties);
        }
        writer.WriteDictionaryEnd(start);
    }

    /// <summary>The settings for joining a Wi-Fi network (nm-settings(5): 802-11-wireless, 802-11-wireless-security); no security section for an open one.</summary>
    public static ConnectionSettings ForWifi(byte[] ssid, string id, string? keyManagement, string? password, bool hidden)
    {
        var settings = new ConnectionSettings();
        var connection = settings.Section("connection");
        connection["id"] = id;
        connection["type"] = Protocol.NmNames.WirelessSetting;
        connection["uuid"] = Guid.NewGuid().ToString();
        var wireless = settings.Section(Protocol.NmNames.WirelessSetting);
        wireless["ssid"] = VariantValue.Array(ssid);
        wireless["mode"] = "infrastructure";
        if (hidden)
        {
            wireless["hidden"] = true;
        }
        if (keyManagement is not null)
        {
            // Older NetworkManager wanted this pointer to the security section; newer ones ignore it.
            wireless["security"] = Protocol.NmNames.WirelessSecuritySetting;
            var security = settings.Section(Protocol.NmNames.WirelessSecuritySetting);
            security["key-mgmt"] = keyManagement;
            if (password is not null)
            {
                if (keyManagement == "none")
                {
                    security["wep-key0"] = password;
                }
                else
                {
                    security["psk"] = password;
                }
            }
        }
        return settings;
    }
}
